// FarmProgress: how far a farm run is, from the output folder (frames on disk) and the joblog (which host
// finished which chunk): frames done, rate, ETA, per-host rates, failures. Pure: the caller reads the files.

/// A snapshot of a farm run.
public struct FarmProgress: Sendable, Equatable {
    /// One host's share so far (from the joblog: only finished jobs count).
    public struct Host: Sendable, Equatable, Codable {
        public var label: String
        public var jobsDone: Int
        public var jobsFailed: Int
        /// Frames of the jobs that finished on this host.
        public var frames: Int
        /// Seconds this host spent in finished jobs (successful or not).
        public var busySeconds: Double
        /// frames / busySeconds: how fast one job slot of this host renders, 0 before its first finished job.
        public var framesPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case label, frames
            case jobsDone = "jobs_done", jobsFailed = "jobs_failed", busySeconds = "busy_s", framesPerSecond = "fps"
        }
    }

    public var totalFrames: Int
    /// Frame files on disk now.
    public var framesDone: Int
    /// Frame files that were already there when the run started (a resumed or repeated run).
    public var framesAtStart: Int
    public var jobsTotal: Int
    /// Jobs whose latest attempt succeeded.
    public var jobsDone: Int
    /// Jobs whose latest attempt failed.
    public var jobsFailed: Int
    /// Failed attempts in the joblog, including ones a retry or a resume later fixed.
    public var failedAttempts: Int
    public var elapsed: Double
    public var hosts: [Host]

    /// Frames per second over the whole run (frames made since the start, over the elapsed time).
    public var framesPerSecond: Double {
        elapsed > 0 ? Double(max(0, framesDone - framesAtStart)) / elapsed : 0
    }

    /// Seconds left at the current rate; nil before the first new frame.
    public var etaSeconds: Double? {
        let fps = framesPerSecond
        guard fps > 0 else { return nil }
        return Double(max(0, totalFrames - framesDone)) / fps
    }

    /// Combines what the files say. `entries` are the joblog's lines, `jobs` the plan's (entry seq = index + 1),
    /// `labels` maps a joblog host to a short name.
    public static func make(jobs: [FarmJob], entries: [JobLogEntry], framesDone: Int, framesAtStart: Int,
                            elapsed: Double, labels: [String: String] = [:]) -> FarmProgress {
        let latest = JobLog.latest(entries)
        var hosts: [String: Host] = [:]
        var order: [String] = []
        for e in entries {
            let label = labels[e.host] ?? e.host
            if hosts[label] == nil {
                hosts[label] = Host(label: label, jobsDone: 0, jobsFailed: 0, frames: 0, busySeconds: 0, framesPerSecond: 0)
                order.append(label)
            }
            hosts[label]!.busySeconds += e.runtime
            if e.succeeded {
                hosts[label]!.jobsDone += 1
                if e.seq >= 1 && e.seq <= jobs.count { hosts[label]!.frames += jobs[e.seq - 1].files.count }
            } else {
                hosts[label]!.jobsFailed += 1
            }
        }
        for k in order where hosts[k]!.busySeconds > 0 {
            hosts[k]!.framesPerSecond = Double(hosts[k]!.frames) / hosts[k]!.busySeconds
        }
        let known = latest.values.filter { $0.seq >= 1 && $0.seq <= jobs.count }
        return FarmProgress(totalFrames: jobs.reduce(0) { $0 + $1.files.count }, framesDone: framesDone,
                            framesAtStart: framesAtStart, jobsTotal: jobs.count,
                            jobsDone: known.filter(\.succeeded).count, jobsFailed: known.filter { !$0.succeeded }.count,
                            failedAttempts: entries.filter { !$0.succeeded }.count, elapsed: elapsed,
                            hosts: order.map { hosts[$0]! })
    }

    /// `mm:ss`, or `h:mm:ss` from an hour; `--:--` when unknown.
    public static func clock(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return "--:--" }
        let s = Int(seconds.rounded())
        let two = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(two(s / 60)):\(two(s % 60))"
    }

    /// The plain-text line: `120/350 frames, 4.1 frames/s, ETA 00:56; jobs 6/18 done, 1 failed; a 2.0/s (3), b 2.1/s (3)`.
    public var line: String {
        var s = "\(framesDone)/\(totalFrames) frames, \(decimal(framesPerSecond, 1)) frames/s, ETA \(FarmProgress.clock(etaSeconds))"
        s += "; jobs \(jobsDone)/\(jobsTotal) done"
        if jobsFailed > 0 || failedAttempts > 0 { s += ", \(jobsFailed) failed" }
        if failedAttempts > jobsFailed { s += " (\(failedAttempts) failed attempt\(failedAttempts == 1 ? "" : "s"))" }
        if !hosts.isEmpty {
            s += "; " + hosts.map { "\($0.label) \(decimal($0.framesPerSecond, 1)) frames/s (\($0.jobsDone) job\($0.jobsDone == 1 ? "" : "s")\($0.jobsFailed > 0 ? ", \($0.jobsFailed) failed" : ""))" }
                .joined(separator: ", ")
        }
        return s
    }

    /// The terminal bar: `[########------] 120/350 frames  4.1 fps  ETA 00:56  jobs 6/18  1 failed`.
    public func bar(width: Int = 30) -> String {
        let filled = totalFrames > 0 ? min(width, framesDone * width / totalFrames) : width
        var s = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
        s += "\(framesDone)/\(totalFrames) frames  \(decimal(framesPerSecond, 1)) fps  ETA \(FarmProgress.clock(etaSeconds))"
        s += "  jobs \(jobsDone)/\(jobsTotal)"
        if jobsFailed > 0 { s += "  \(jobsFailed) failed" }
        return s
    }
}

extension FarmProgress: Encodable {
    enum CodingKeys: String, CodingKey {
        case hosts, elapsed
        case totalFrames = "total_frames", framesDone = "frames_done", framesAtStart = "frames_at_start"
        case jobsTotal = "jobs_total", jobsDone = "jobs_done", jobsFailed = "jobs_failed"
        case failedAttempts = "failed_attempts", framesPerSecond = "fps", etaSeconds = "eta_s"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(totalFrames, forKey: .totalFrames); try c.encode(framesDone, forKey: .framesDone)
        try c.encode(framesAtStart, forKey: .framesAtStart); try c.encode(jobsTotal, forKey: .jobsTotal)
        try c.encode(jobsDone, forKey: .jobsDone); try c.encode(jobsFailed, forKey: .jobsFailed)
        try c.encode(failedAttempts, forKey: .failedAttempts); try c.encode(elapsed, forKey: .elapsed)
        try c.encode(framesPerSecond, forKey: .framesPerSecond); try c.encode(etaSeconds, forKey: .etaSeconds)
        try c.encode(hosts, forKey: .hosts)
    }
}
