// TakeTimes: checks a take's sample times before anything is sized by them (one glitched time must not ask
// for a render of millions of held frames).

/// What a take's clock may do. A take is resampled into one camera per render frame from its first sample to its
/// last, so one wrong time (a `time_s` of 1e9 among samples 0.02 s apart; a zero PTP timestamp among samples
/// stamped in 2026) would stretch it over years of held frames. Such a step is reported here, with the indices of
/// the samples around it, so a reader can name their lines.
public enum TakeTimes {
    /// The longest take, in seconds: one timecode day. No flag lifts it (at 60 fps it is 5.2 million frames).
    public static let maxSpan = 86_400.0
    /// A step between consecutive samples (in time order) is out of line when it is more than this many typical
    /// intervals long …
    public static let outOfLineRatio = 1000.0
    /// … and longer than this many seconds (a tracker that drops out for a few seconds is a gap the resampler
    /// bridges or holds and reports, not a broken clock).
    public static let outOfLineFloor = 60.0

    /// One problem with a take's times; indices are positions in the array given to `check` (file order).
    public enum Problem: Equatable, Sendable {
        /// The step from sample `before` to sample `after` (next in time order) is `step` seconds, where the
        /// typical interval is `typical`.
        case outOfLine(before: Int, after: Int, step: Double, typical: Double)
        /// The take runs `span` seconds from sample `first` to sample `last`, beyond `maxSpan`.
        case tooLong(first: Int, last: Int, span: Double)
    }

    /// The out-of-line steps (longest first, at most `limit`) and a span beyond `maxSpan`, for sample times in
    /// file order. Equal times keep file order, as `Take` sorts them.
    public static func check(_ times: [Double], limit: Int = 3) -> [Problem] {
        guard times.count >= 2 else { return [] }
        let order = times.indices.sorted { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }
        var steps: [Double] = []
        steps.reserveCapacity(times.count - 1)
        for k in order.indices.dropFirst() {
            let d = times[order[k]] - times[order[k - 1]]
            if d > 0 { steps.append(d) }
        }
        var problems: [Problem] = []
        if !steps.isEmpty {
            var sorted = steps
            sorted.sort()
            let m = sorted.count / 2
            let typical = sorted.count % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
            let threshold = Swift.max(outOfLineRatio * typical, outOfLineFloor)
            var found: [Problem] = []
            for k in order.indices.dropFirst() {
                let d = times[order[k]] - times[order[k - 1]]
                if d > threshold { found.append(.outOfLine(before: order[k - 1], after: order[k], step: d, typical: typical)) }
            }
            func step(_ p: Problem) -> Double { if case .outOfLine(_, _, let s, _) = p { return s }; return 0 }
            problems = Array(found.sorted { step($0) > step($1) }.prefix(limit))
        }
        let span = times[order.last!] - times[order.first!]
        if span > maxSpan { problems.append(.tooLong(first: order.first!, last: order.last!, span: span)) }
        return problems
    }
}
