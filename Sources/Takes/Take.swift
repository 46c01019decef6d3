// Take: a recorded tracking stream — samples in time order, with the source rate and summary figures.

/// A take: tracking samples sorted by time (stable, so equal times keep file order), plus what can be said
/// about the whole: the source's sample rate, duration, bounds, focal-length range.
public struct Take: Sendable {
    public private(set) var samples: [TrackingSample]
    /// The timecode rate the samples were labelled with, when they carried timecode.
    public var timecodeRate: FrameRate?

    public init(samples: [TrackingSample], timecodeRate: FrameRate? = nil) {
        self.samples = samples.enumerated().sorted {
            $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset
        }.map(\.element)
        self.timecodeRate = timecodeRate ?? samples.lazy.compactMap(\.timecode?.rate).first
    }

    public var isEmpty: Bool { samples.isEmpty }
    public var count: Int { samples.count }

    /// Seconds from the first sample to the last (0 for fewer than two).
    public var duration: Double {
        guard let a = samples.first, let b = samples.last else { return 0 }
        return b.time - a.time
    }

    /// The typical interval between samples: the median of the positive steps (robust to jitter and gaps).
    public var medianInterval: Double? {
        var steps: [Double] = []
        steps.reserveCapacity(samples.count)
        for i in samples.indices.dropFirst() {
            let d = samples[i].time - samples[i - 1].time
            if d > 0 { steps.append(d) }
        }
        guard !steps.isEmpty else { return nil }
        steps.sort()
        let m = steps.count / 2
        return steps.count % 2 == 1 ? steps[m] : (steps[m - 1] + steps[m]) / 2
    }

    /// The source's sample rate in Hz, estimated from the median interval (50, 59.94 …); nil for fewer
    /// than two distinct times.
    public var sourceRate: Double? { medianInterval.map { 1 / $0 } }

    /// The position bounding box in scene metres (nil when empty).
    public var bounds: (min: SIMD3<Double>, max: SIMD3<Double>)? {
        guard let f = samples.first else { return nil }
        var lo = f.position, hi = f.position
        for s in samples {
            lo = SIMD3(Swift.min(lo.x, s.position.x), Swift.min(lo.y, s.position.y), Swift.min(lo.z, s.position.z))
            hi = SIMD3(Swift.max(hi.x, s.position.x), Swift.max(hi.y, s.position.y), Swift.max(hi.z, s.position.z))
        }
        return (lo, hi)
    }

    /// The smallest and largest focal length in millimetres among samples that carry one.
    public var focalLengthRange: (min: Double, max: Double)? {
        let f = samples.compactMap(\.lens.focalLength)
        guard let lo = f.min(), let hi = f.max() else { return nil }
        return (lo, hi)
    }

    /// Steps between consecutive samples longer than `limit` seconds, as (index of the sample before, length).
    public func gaps(longerThan limit: Double) -> [(after: Int, length: Double)] {
        var out: [(Int, Double)] = []
        for i in samples.indices.dropFirst() where samples[i].time - samples[i - 1].time > limit {
            out.append((i - 1, samples[i].time - samples[i - 1].time))
        }
        return out
    }
}
