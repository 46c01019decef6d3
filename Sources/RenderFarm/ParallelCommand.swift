// ParallelCommand: the GNU parallel command lines of a farm run (the pre-flight and the run itself).

import FoundationEssentials

/// How `farm run` drives GNU parallel.
public struct ParallelOptions: Sendable, Equatable {
    /// The program: `parallel` on PATH unless given.
    public var program = "parallel"
    /// An sshloginfile (one host per line).
    public var hostsFile: String
    /// Jobs at once on each host (`--jobs`): 1 by default, since each render already uses every core.
    public var jobsPerHost = 1
    /// Attempts per job (`--retries`): a failed chunk is tried again on another host, up to this many times in all.
    public var retries = 3
    public var joblog: String
    /// Run only the jobs the joblog does not show as done (`--resume-failed`: failed and never-run jobs).
    public var resume = false
    /// The ssh command for hosts whose sshlogin names none (`--ssh`).
    public var ssh: String?

    public init(hostsFile: String, joblog: String) {
        self.hostsFile = hostsFile; self.joblog = joblog
    }
}

public enum ParallelCommand {
    /// `parallel --sshloginfile H --jobs N --retries R --joblog L [--resume-failed] [--ssh S] :::: JOBS`: each
    /// line of the jobs file is one shell command, run on whichever host has a free slot.
    public static func run(_ o: ParallelOptions, jobsFile: String) -> [String] {
        var a = [o.program, "--sshloginfile", o.hostsFile, "--jobs", "\(o.jobsPerHost)", "--retries", "\(o.retries)",
                 "--joblog", o.joblog]
        if o.resume { a.append("--resume-failed") }
        if let ssh = o.ssh { a += ["--ssh", ssh] }
        return a + ["::::", jobsFile]
    }

    /// How long a host's pre-flight may take (GNU parallel's `--timeout`): ssh, `xrstudio --version`, loading the
    /// scene and planning the take; a host that has not answered by then is "not reached".
    /// `XRSTUDIO_FARM_PROBE_SECONDS` sets it (tests of a hanging host).
    public static let probeSeconds = ProcessInfo.processInfo.environment["XRSTUDIO_FARM_PROBE_SECONDS"]
        .flatMap { Int($0) }.map { min(max($0, 1), 3600) } ?? 120

    /// `parallel --sshloginfile H --nonall --tag --timeout T [--ssh S] SCRIPT`: the script once on every host, each
    /// output line prefixed with the host's sshlogin and a tab, a host's run ended after `probeSeconds`.
    public static func probe(_ o: ParallelOptions, script: String) -> [String] {
        var a = [o.program, "--sshloginfile", o.hostsFile, "--nonall", "--tag", "--timeout", String(probeSeconds)]
        if let ssh = o.ssh { a += ["--ssh", ssh] }
        return a + [script]
    }
}
