// FarmRunReport: what `farm run` did: the hosts' pre-flight, each job's last attempt, the final progress and the
// frame check; `--json` prints it whole.

/// The outcome of a farm run; `failure` nil means every job finished and every frame checks out.
public struct FarmRunReport: Sendable {
    /// One job's final state.
    public struct Job: Sendable, Equatable, Codable {
        public var index: Int
        public var view: String?
        public var first: Int
        public var last: Int
        public var frames: Int
        /// done, failed (its latest joblog line), or unfinished (never started, or stopped: no joblog line).
        public var state: String
        public var host: String?
        public var exit: Int?
        public var signal: Int?
        public var runtime: Double?

        enum CodingKeys: String, CodingKey { case index, view, first, last, frames, state, host, exit, signal, runtime }

        /// Every key always present (null when unknown).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index); try c.encode(view, forKey: .view)
            try c.encode(first, forKey: .first); try c.encode(last, forKey: .last)
            try c.encode(frames, forKey: .frames); try c.encode(state, forKey: .state)
            try c.encode(host, forKey: .host); try c.encode(exit, forKey: .exit)
            try c.encode(signal, forKey: .signal); try c.encode(runtime, forKey: .runtime)
        }
    }

    public var plan: FarmPlan
    public var hosts: [HostCheck]
    public var jobs: [Job]
    public var progress: FarmProgress?
    public var verify: FarmVerifyReport?
    public var seconds: Double
    /// Of `seconds`: the pre-flight of all hosts, and the frame check at the end.
    public var preflightSeconds: Double = 0
    public var verifySeconds: Double = 0
    /// GNU parallel's exit status (the number of failed jobs, up to 101), nil when it did not run.
    public var parallelStatus: Int32?
    public var joblog: String
    /// The jobs' stdout and stderr.
    public var log: String
    /// Stopped by SIGINT/SIGTERM.
    public var interrupted: Bool
    public var failure: String?

    public var ok: Bool { failure == nil }

    /// The closing text: the jobs, the rates and the frame check (host problems when the pre-flight failed).
    public var summaryLines: [String] {
        guard let p = progress else { return hosts.filter { !$0.ok }.map { "farm: host \($0.line)" } }
        var lines = ["farm: \(p.jobsDone) of \(p.jobsTotal) jobs done in \(decimal(seconds, 1)) s; " + p.line]
        if let v = verify { lines.append(v.summary) }
        return lines
    }
}

extension FarmRunReport: Encodable {
    enum CodingKeys: String, CodingKey {
        case ok, failure, interrupted, seconds, scene, take, out, hosts, jobs, progress, verify, joblog, log
        case parallelStatus = "parallel_status", preflightSeconds = "preflight_s", verifySeconds = "verify_s"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ok, forKey: .ok)
        try c.encode(failure, forKey: .failure)
        try c.encode(interrupted, forKey: .interrupted)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(preflightSeconds, forKey: .preflightSeconds)
        try c.encode(verifySeconds, forKey: .verifySeconds)
        try c.encode(plan.request.scenePath, forKey: .scene)
        try c.encode(plan.request.take, forKey: .take)
        try c.encode(plan.outDirectory(for: nil), forKey: .out)
        try c.encode(hosts, forKey: .hosts)
        try c.encode(jobs, forKey: .jobs)
        try c.encode(progress, forKey: .progress)
        try c.encode(verify, forKey: .verify)
        try c.encode(parallelStatus, forKey: .parallelStatus)
        try c.encode(joblog, forKey: .joblog)
        try c.encode(log, forKey: .log)
    }
}
