// LiveRecording: what `record` and the viewer's R key write: the received samples as a take whose readers
// accept it.

import TakeFormats
import Takes

public enum LiveRecording {
    /// The most samples on their own clock, out of line with the rest, that are taken for strays (`take(from:)`).
    public static let strayGroup = 8

    /// The recorded samples as a take: arrival-timed samples start at 0 (the first sample's arrival); in a recording
    /// with source-timed samples, one without timing is placed on the source clock by its arrival.
    ///
    /// Source-timed samples (OpenTrackIO) keep their own clock, in arrival order: a timecode that falls back past
    /// midnight moves the rest a day on, as a file's reader does (a take crossing midnight was written with its
    /// 00:00 samples first, and read back as a day's jump). Strays (`strays`) are dropped and counted in
    /// `outOfLine`: one stray timestamp made the whole recording a take its readers refuse.
    public static func take(from samples: [LiveSample]) -> (take: Take, outOfLine: Int) {
        // Strays found on the unwrapped clock (a stray far back also looks like midnight to the unwrapping, so the
        // kept samples are unwrapped again without it).
        let unwrapped = TakeClock.unwrappingMidnight(samples.map(\.sample))
        let out = strays(times: unwrapped.map(\.time), sourced: samples.indices.filter { samples[$0].sourceTimed })
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

    /// The indices (into `times`, the samples' unwrapped times) of the source-timed samples `sourced` (in arrival
    /// order) that are strays. The samples fall into groups on the clock, split where it steps out of line as
    /// `TakeTimes` judges a step (a jump no reader takes without --allow-gaps). A group of at most `strayGroup`
    /// samples smaller than the largest is a stray clock (a sender's stale buffer flushed as the recording starts:
    /// its samples agree among themselves); larger groups, and groups as large as the largest (which clock is stale
    /// cannot be told), are kept, a real gap the readers name. Within a group, a sample out of line with the median
    /// of its six nearest neighbours in arrival order, by the group's own pace, is a stray inside the take's span:
    /// neighbours, not the whole recording, so a take played back faster than real time keeps every sample. Never
    /// every sample.
    static func strays(times all: [Double], sourced: [Int]) -> Set<Int> {
        let times = sourced.map { all[$0] }
        let starts = Set(TakeTimes.check(times, limit: Int.max).compactMap { p -> Int? in
            if case .outOfLine(_, let after, _, _) = p { return after }
            return nil
        })
        var group = [Int](repeating: 0, count: sourced.count), members: [[Int]] = []
        for k in times.indices.sorted(by: { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }) {
            if members.isEmpty || starts.contains(k) { members.append([]) }
            group[k] = members.count - 1
            members[members.count - 1].append(k)
        }
        // A group's own pace (more than 1000 typical steps and more than a minute, as `TakeTimes` judges a step): a
        // sparse sender (a sample every 2 minutes) had every sample dropped against the minute alone, and its
        // journal with them.
        let limit = members.map { g -> Double in
            var steps: [Double] = []
            for (a, b) in zip(g, g.dropFirst()) where times[b] > times[a] { steps.append(times[b] - times[a]) }
            steps.sort()
            let typical = steps.isEmpty ? 0 : steps[steps.count / 2]
            return Swift.max(TakeTimes.outOfLineFloor, TakeTimes.outOfLineRatio * typical)
        }
        var place = [Int](repeating: 0, count: sourced.count)  // a sample's place among its group's, in arrival order
        for g in members.indices {
            members[g].sort()
            for (j, k) in members[g].enumerated() { place[k] = j }
        }
        let largest = members.map(\.count).max() ?? 0
        var out = Set<Int>()
        for (k, i) in sourced.enumerated() {
            let mates = members[group[k]]
            if mates.count < largest && mates.count <= strayGroup {
                out.insert(i)
                continue
            }
            // Within its group (across a real gap's two groups the neighbours' median came from the other group, and
            // the samples at the junction were dropped).
            guard mates.count >= 3 else { continue }
            let j = place[k]
            let window = Swift.max(0, j - 3)..<Swift.min(mates.count, j + 4)
            let near = window.filter { $0 != j }.map { times[mates[$0]] }.sorted()
            if abs(times[k] - near[near.count / 2]) > limit[group[k]] { out.insert(i) }
        }
        // Never every sample: what arrived is written, and its readers say what is wrong with its clock.
        return out.count == sourced.count ? [] : out
    }
}
