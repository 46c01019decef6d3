// Take: a recorded tracking stream — samples in time order, with the source rate and summary figures.

/// A take: tracking samples sorted by time (stable, so equal times keep file order), plus what can be said
/// about the whole: the source's sample rate, duration, bounds, focal-length range. The samples are held in
/// compact columns (`TakeSamples`, about 72 bytes each), so takes of millions of rows fit.
public struct Take: Sendable {
    public private(set) var samples: TakeSamples
    /// The timecode rate the samples were labelled with, when they carried timecode.
    public var timecodeRate: FrameRate?

    public init(samples: [TrackingSample], timecodeRate: FrameRate? = nil) {
        self.init(samples: TakeSamples(samples), timecodeRate: timecodeRate)
    }

    /// A take of samples already gathered in columns (a reader appends as it goes), sorted here by time. (Spare
    /// capacity from growing is kept: copying the columns to trim it would raise the peak it saves.)
    public init(samples: TakeSamples, timecodeRate: FrameRate? = nil) {
        self.samples = samples.sortedByTime()
        self.timecodeRate = timecodeRate
            ?? samples.timecode.first(where: { $0 >= 0 }).map { samples.rates[Int($0 & 0xFF)] }
    }

    public var isEmpty: Bool { samples.isEmpty }
    public var count: Int { samples.count }

    /// Seconds from the first sample to the last (0 for fewer than two).
    public var duration: Double {
        guard let a = samples.time.first, let b = samples.time.last else { return 0 }
        return b - a
    }

    /// The typical interval between samples: the median of the positive steps (robust to jitter and gaps).
    public var medianInterval: Double? {
        var steps: [Double] = []
        steps.reserveCapacity(samples.count)
        let t = samples.time
        for i in t.indices.dropFirst() {
            let d = t[i] - t[i - 1]
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
        guard !samples.isEmpty else { return nil }
        let pose = samples.pose
        var lo = SIMD3(pose[0], pose[1], pose[2]), hi = lo
        for p in stride(from: 0, to: pose.count, by: 6) {
            let v = SIMD3(pose[p], pose[p + 1], pose[p + 2])
            lo = pointwiseMin(lo, v)
            hi = pointwiseMax(hi, v)
        }
        return (lo, hi)
    }

    /// The smallest and largest focal length in millimetres among samples that carry one.
    public var focalLengthRange: (min: Double, max: Double)? {
        let f = samples.lenses.compactMap(\.focalLength)  // every distinct lens value the samples use
        guard let lo = f.min(), let hi = f.max() else { return nil }
        return (lo, hi)
    }

    /// Steps between consecutive samples longer than `limit` seconds, as (index of the sample before, length).
    public func gaps(longerThan limit: Double) -> [(after: Int, length: Double)] {
        var out: [(Int, Double)] = []
        let t = samples.time
        for i in t.indices.dropFirst() where t[i] - t[i - 1] > limit {
            out.append((i - 1, t[i] - t[i - 1]))
        }
        return out
    }
}
