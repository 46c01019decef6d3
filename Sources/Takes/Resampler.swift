// Resampler: a take at the tracker's rate (jitter, gaps) to camera states at the render's frame rate.

/// Turns samples at the tracker's rate into one `CameraState` per render frame.
///
/// Rules (Docs/takes.md): frame n is at n × denominator / numerator seconds on the take's clock; frames from
/// the first at or after the first sample to the last at or before the last sample are produced. Each frame
/// is interpolated between the samples around it by time: position linearly or by uniform Catmull-Rom (an
/// outer neighbour beyond the ends or across a gap is replaced by the inner sample), orientation by
/// quaternion slerp on the shorter arc, lens fields linearly. Steps up to `maxGap` are bridged that way; inside a
/// longer step the last sample is held and the gap is reported.
public struct Resampler: Sendable {
    public enum PositionInterpolation: String, Sendable, CaseIterable { case linear, catmullRom = "catmull-rom" }

    public var frameRate: FrameRate
    public var position: PositionInterpolation
    /// The longest step between samples bridged by interpolation, in seconds.
    public var maxGap: Double

    /// `maxGap` nil means four source intervals (estimated from the take), at least one render frame.
    public init(frameRate: FrameRate, position: PositionInterpolation = .linear, maxGap: Double? = nil) {
        self.frameRate = frameRate
        self.position = position
        self.maxGap = maxGap ?? -1
    }

    /// A gap longer than the limit: times in seconds and the frames that fell in it (held).
    public struct Gap: Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var frames: ClosedRange<Int>?
        public var length: Double { end - start }
    }

    public struct Result: Sendable {
        public var states: [CameraState]
        /// Gaps longer than the limit (frames inside them hold the last sample).
        public var gaps: [Gap]
        /// Steps longer than 1.5 source intervals but within the limit: bridged by interpolation.
        public var bridged: Int
        /// The gap limit actually used, in seconds.
        public var maxGap: Double
    }

    public func resample(_ take: Take) -> Result {
        let s = take.samples
        let interval = take.medianInterval ?? frameRate.seconds(ofFrame: 1)
        let limit = maxGap >= 0 ? maxGap : Swift.max(4 * interval, frameRate.seconds(ofFrame: 1))
        guard let first = s.first, let last = s.last else { return Result(states: [], gaps: [], bridged: 0, maxGap: limit) }

        var gaps: [Gap] = []
        var bridged = 0
        for (i, length) in take.gaps(longerThan: 1.5 * interval) {
            if length > limit { gaps.append(Gap(start: s[i].time, end: s[i + 1].time, frames: nil)) } else { bridged += 1 }
        }

        var firstFrame = frameRate.frame(at: first.time)
        if frameRate.seconds(ofFrame: firstFrame) < first.time - 1e-9 { firstFrame += 1 }
        // A take never spans more than a day (TakeTimes.maxSpan; readers refuse longer ones): beyond it this
        // resamples the first day only, rather than asking for terabytes of frames.
        let lastFrame = Swift.min(frameRate.frame(at: last.time),
                                  firstFrame + Int(TakeTimes.maxSpan * frameRate.framesPerSecond) + 1)
        var states: [CameraState] = []
        if lastFrame >= firstFrame { states.reserveCapacity(lastFrame - firstFrame + 1) }
        var j = 0  // s[j].time <= t < s[j+1].time
        var gapIndex = 0
        var n = firstFrame
        while n <= lastFrame {
            let t = frameRate.seconds(ofFrame: n)
            while j + 1 < s.count, s[j + 1].time <= t + 1e-9 { j += 1 }
            let state: CameraState
            let tc = Timecode(frame: n, rate: frameRate)
            if j + 1 >= s.count || abs(s[j].time - t) <= 1e-9 {
                state = CameraState(frame: n, timecode: tc, time: t, position: s[j].position,
                                    orientation: s[j].orientation, lens: s[j].lens, source: .interpolated)
            } else if s[j + 1].time - s[j].time > limit {
                state = CameraState(frame: n, timecode: tc, time: t, position: s[j].position,
                                    orientation: s[j].orientation, lens: s[j].lens, source: .heldInGap)
                while gapIndex < gaps.count, gaps[gapIndex].end <= t { gapIndex += 1 }
                if gapIndex < gaps.count {
                    let r = gaps[gapIndex].frames
                    gaps[gapIndex].frames = r.map { $0.lowerBound...n } ?? n...n
                }
            } else {
                let a = s[j], b = s[j + 1]
                let u = (t - a.time) / (b.time - a.time)
                let p: SIMD3<Double>
                switch position {
                case .linear:
                    p = a.position + (b.position - a.position) * u
                case .catmullRom:
                    let p0 = j > 0 && a.time - s[j - 1].time <= limit ? s[j - 1].position : a.position
                    let p3 = j + 2 < s.count && s[j + 2].time - b.time <= limit ? s[j + 2].position : b.position
                    p = Resampler.catmullRom(p0, a.position, b.position, p3, u)
                }
                state = CameraState(frame: n, timecode: tc, time: t, position: p,
                                    orientation: a.orientation.slerp(to: b.orientation, u),
                                    lens: a.lens.interpolated(to: b.lens, u), source: .interpolated)
            }
            states.append(state)
            n += 1
        }
        return Result(states: states, gaps: gaps, bridged: bridged, maxGap: limit)
    }

    /// Uniform Catmull-Rom between p1 and p2: 0.5·(2p1 + (−p0 + p2)u + (2p0 − 5p1 + 4p2 − p3)u² + (−p0 + 3p1 − 3p2 + p3)u³).
    static func catmullRom(_ p0: SIMD3<Double>, _ p1: SIMD3<Double>, _ p2: SIMD3<Double>, _ p3: SIMD3<Double>,
                           _ u: Double) -> SIMD3<Double> {
        let u2 = u * u, u3 = u2 * u
        let a = 2 * p1
        let b = (p2 - p0) * u
        let c = (2 * p0 - 5 * p1 + 4 * p2 - p3) * u2
        let d = (3 * p1 - p0 - 3 * p2 + p3) * u3
        return 0.5 * (a + b + c + d)
    }
}
