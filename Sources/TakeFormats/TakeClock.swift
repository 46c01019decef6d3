// TakeClock: timecoded samples across midnight keep their order (OpenTrackIO and CSV takes).

import Takes

public enum TakeClock {
    /// Timecoded samples in file order whose clock falls back by more than half a day crossed midnight: they
    /// and the rest of the file move one day (of their rate's labels) on, so the take keeps the file's order. A
    /// clock that then jumps on by more than half a day is a late sample from before midnight: it moves back. (A
    /// take that starts at 00:00 with a late 23:59 after it still reads as a day's jump, and a real gap of over
    /// half a day after midnight as a step back: both are faults either way, only worded differently.)
    public static func unwrappingMidnight(_ samples: [TrackingSample]) -> [TrackingSample] {
        var out = samples
        var clock = Unwrapper()
        for i in out.indices { clock.unwrap(&out[i]) }
        return out
    }

    /// The same, one sample at a time in file order (readers that never hold the samples as an array).
    public struct Unwrapper: Sendable {
        /// The last timecoded sample's time as read, and the days added since.
        var previous: Double?
        var offset = 0.0
        public init() {}

        public mutating func unwrap(_ s: inout TrackingSample) {
            guard let tc = s.timecode else { return }
            if let p = previous, s.time < p - 43_200 {
                offset += tc.rate.seconds(ofFrame: Timecode.framesPerDay(tc.rate))
            } else if let p = previous, s.time > p + 43_200, offset > 0 {
                // A sample from before midnight that came after one from after it (23:59:59:24 just after
                // 00:00:00:00): back a day, as far as it went on; the next one after midnight goes on again.
                offset -= tc.rate.seconds(ofFrame: Timecode.framesPerDay(tc.rate))
            }
            previous = s.time
            s.time += offset
        }
    }
}
