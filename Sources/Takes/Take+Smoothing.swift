// Take+Smoothing: optional smoothing of a take's jitter before resampling (a centred moving average).

extension Take {
    /// The take with each sample replaced by the average of the `radius` samples on either side (fewer at the
    /// ends): positions and lens values arithmetically, orientations as the normalised sum of quaternions
    /// turned to one hemisphere (a good mean for the small angles between neighbouring samples). Times,
    /// timecodes and raw encoders are kept. `radius` 0 returns the take unchanged.
    public func smoothed(radius: Int) -> Take {
        guard radius > 0, samples.count > 2 else { return self }
        let s = samples
        var out = Array(s)
        for i in s.indices {
            let lo = Swift.max(0, i - radius), hi = Swift.min(s.count - 1, i + radius)
            var p = SIMD3<Double>(), n = 0.0
            var q = Quaternion(w: 0, x: 0, y: 0, z: 0)
            let ref = s[i].orientation
            var focal = 0.0, focalN = 0.0, focus = 0.0, focusN = 0.0
            for j in lo...hi {
                p += s[j].position
                n += 1
                var o = s[j].orientation
                if o.dot(ref) < 0 { o = Quaternion(w: -o.w, x: -o.x, y: -o.y, z: -o.z) }
                q = Quaternion(w: q.w + o.w, x: q.x + o.x, y: q.y + o.y, z: q.z + o.z)
                if let f = s[j].lens.focalLength { focal += f; focalN += 1 }
                if let d = s[j].lens.focusDistance { focus += d; focusN += 1 }
            }
            out[i].position = p / n
            let (pan, tilt, roll) = q.normalized.panTiltRoll
            out[i].pan = pan; out[i].tilt = tilt; out[i].roll = roll
            if s[i].lens.focalLength != nil, focalN > 0 { out[i].lens.focalLength = focal / focalN }
            if s[i].lens.focusDistance != nil, focusN > 0 { out[i].lens.focusDistance = focus / focusN }
        }
        return Take(samples: out, timecodeRate: timecodeRate)
    }
}
