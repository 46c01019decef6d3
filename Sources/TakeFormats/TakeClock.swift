// TakeClock: timecoded samples across midnight keep their order (OpenTrackIO and CSV takes).

import Takes

public enum TakeClock {
    /// Timecoded samples in file order whose clock falls back by more than half a day crossed midnight: they
    /// and the rest of the file move one day (of their rate's labels) on, so the take keeps the file's order.
    public static func unwrappingMidnight(_ samples: [TrackingSample]) -> [TrackingSample] {
        var out = samples
        var previous: Double?
        var offset = 0.0
        for i in out.indices {
            guard let tc = out[i].timecode else { continue }
            let t = out[i].time
            if let p = previous, t < p - 43_200 {
                offset += tc.rate.seconds(ofFrame: Timecode.framesPerDay(tc.rate))
            }
            previous = t
            out[i].time += offset
        }
        return out
    }
}
