// LiveRecording: what `record` and the viewer's R key write: the received samples as a take whose readers
// accept it.

import TakeFormats
import Takes

public enum LiveRecording {
    /// The recorded samples as a take: arrival-timed samples start at 0 (the first sample's arrival); in a recording
    /// with source-timed samples, one without timing is placed on the source clock by its arrival.
    ///
    /// Source-timed samples (OpenTrackIO) keep their own clock, in arrival order: a timecode that falls back past
    /// midnight moves the rest a day on, as a file's reader does (a take crossing midnight was written with its
    /// 00:00 samples first, and read back as a day's jump). A sample whose time is more than a minute
    /// (`TakeTimes.outOfLineFloor`) from the median of its six nearest source-timed neighbours in arrival order is
    /// dropped and counted in `outOfLine`: one stray timestamp made the whole recording a take its readers refuse.
    /// Neighbours, not the whole recording, so a take played back faster than real time keeps every sample.
    public static func take(from samples: [LiveSample]) -> (take: Take, outOfLine: Int) {
        // Strays found on the unwrapped clock (a stray far back also looks like midnight to the unwrapping, so the
        // kept samples are unwrapped again without it).
        let unwrapped = TakeClock.unwrappingMidnight(samples.map(\.sample))
        let sourced = samples.indices.filter { samples[$0].sourceTimed }
        var out = Set<Int>()
        if sourced.count >= 3 {
            for (k, i) in sourced.enumerated() {
                let window = Swift.max(0, k - 3)..<Swift.min(sourced.count, k + 4)
                let near = window.filter { $0 != k }.map { unwrapped[sourced[$0]].time }.sorted()
                if abs(unwrapped[i].time - near[near.count / 2]) > TakeTimes.outOfLineFloor { out.insert(i) }
            }
        }
        let kept = samples.indices.filter { !out.contains($0) }.map { samples[$0] }
        var timed = TakeClock.unwrappingMidnight(kept.map(\.sample))
        if let firstSourced = kept.firstIndex(where: \.sourceTimed) {
            // A sample without timing among source-timed ones (a sender that left `timing` out of one) goes on the
            // source clock by its arrival: the source-timed sample before it (else the first one) plus the time
            // between their arrivals. Timed by arrival from 0, it was a 10-hour jump no reader accepts.
            var reference = firstSourced
            for i in kept.indices {
                if kept[i].sourceTimed { reference = i; continue }
                timed[i].time = timed[reference].time + (kept[i].arrival - kept[reference].arrival)
            }
        } else if let t0 = kept.first?.sample.time {
            for i in timed.indices { timed[i].time -= t0 }  // arrival times, from the first sample's
        }
        return (Take(samples: timed), out.count)
    }
}
