// FarmRun: `xrstudio farm run`: the plan's chunk commands over SSH with GNU parallel: a pre-flight of every
// host, the run watched through the joblog and the output folder, then every frame checked.

import FoundationEssentials
import FrameOutput
import RenderJobs
import SceneModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The options of `farm run`.
public struct FarmRunRequest: Sendable {
    public var plan: FarmPlanRequest
    /// An sshloginfile; exactly one of `hostsFile` and `sshLogins`.
    public var hostsFile: String?
    /// `--sshlogin` entries, comma-separated.
    public var sshLogins: String?
    public var jobsPerHost = 1
    public var retries = 3
    /// Default OUT/.farm/joblog.tsv.
    public var joblog: String?
    public var resume = false
    public var ssh: String?
    public var parallelProgram = "parallel"
    /// The version every host must report (`xrstudio --version`).
    public var version: String
    public var progress: FarmProgressDisplay.Mode
    /// Seconds between looks at the joblog and the folder.
    public var pollInterval = 0.5

    public init(plan: FarmPlanRequest, version: String, progress: FarmProgressDisplay.Mode) {
        self.plan = plan; self.version = version; self.progress = progress
    }
}

public enum FarmRun {
    /// The folder inside OUT that holds the run's files: jobs.txt (one command per line), joblog.tsv, hosts
    /// (for --sshlogin), parallel.log (the jobs' output). Its dot keeps it out of `diff` and frame listings.
    public static let stateFolder = ".farm"

    /// Runs the farm. Throws `JobError` for bad options or a machine without GNU parallel; a host that fails its
    /// pre-flight, a failed job or a missing frame come back in the report's `failure` (the command exits 1).
    public static func run(_ r: FarmRunRequest) throws -> FarmRunReport {
        let clock = ContinuousClock()
        let started = clock.now
        let display = FarmProgressDisplay(mode: r.progress)

        // Hosts log in with their own working folder: every path in a command must be absolute.
        let cwd = FileManager.default.currentDirectoryPath
        let plan = try FarmPlan.loadAbsolute(r.plan, cwd: cwd)

        let logins: [SSHLogin]
        switch (r.hostsFile, r.sshLogins) {
        case (let file?, nil):
            guard let data = FileManager.default.contents(atPath: file) else {
                throw FarmError.input("--hosts \(file): cannot read the file")
            }
            logins = try SSHLogin.parseFile(String(decoding: data, as: UTF8.self), name: file)
        case (nil, let list?):
            logins = try SSHLogin.parseList(list)
        default:
            throw FarmError.usage("give the hosts with --hosts FILE or --sshlogin LIST (one of them)")
        }
        guard (1...64).contains(r.jobsPerHost) else { throw FarmError.usage("--jobs \(r.jobsPerHost): expected 1-64 per host") }
        guard (1...100).contains(r.retries) else { throw FarmError.usage("--retries \(r.retries): expected 1-100 attempts") }
        let parallel = try gnuParallel(r.parallelProgram)

        // The state folder, the jobs file and the hosts file.
        let state = plan.outDirectory(for: nil) + "/" + stateFolder
        do { try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true) } catch {
            throw FarmError.input("\(state): cannot create the farm's folder: \(error)")
        }
        let jobsFile = state + "/jobs.txt"
        let joblog = FarmPlan.absolute(r.joblog ?? state + "/joblog.tsv", cwd)
        let logPath = state + "/parallel.log"
        let jobsText = plan.commands.joined(separator: "\n") + "\n"
        if r.resume {
            guard FileManager.default.fileExists(atPath: joblog) else {
                throw FarmError.usage("--resume: no joblog at \(joblog) to resume from (run without --resume)")
            }
            if let old = FileManager.default.contents(atPath: jobsFile), String(decoding: old, as: UTF8.self) != jobsText {
                throw FarmError.usage("--resume: the chunk commands differ from the run recorded in \(jobsFile) (changed options?); run without --resume")
            }
        }
        try write(jobsText, to: jobsFile)
        var options = ParallelOptions(hostsFile: "", joblog: joblog)
        if let file = r.hostsFile {
            options.hostsFile = FarmPlan.absolute(file, cwd)
        } else {
            options.hostsFile = state + "/hosts"
            try write(logins.map(\.fileLine).joined(separator: "\n") + "\n", to: options.hostsFile)
        }
        options.program = parallel
        options.jobsPerHost = r.jobsPerHost
        options.retries = r.retries
        options.resume = r.resume
        options.ssh = r.ssh

        var report = FarmRunReport(plan: plan, hosts: [], jobs: [], progress: nil, verify: nil, seconds: 0,
                                   parallelStatus: nil, joblog: joblog, log: logPath, interrupted: false, failure: nil)
        display.message("farm: \(plan.summary) → \(plan.outDirectory(for: nil))")

        // Pre-flight: every host, at once, within `ParallelCommand.probeSeconds` (parallel's --timeout: a host whose
        // ssh hangs waited forever), and ended by a signal as the run is (SIGTERM left parallel and ssh running).
        let preflightStart = clock.now
        // A second Ctrl-C must not kill this process: GNU parallel runs in its own process group, is told once and
        // waited for, and would go on rendering unsupervised.
        StopSignal.install(secondSignalKills: false)
        defer { StopSignal.uninstall() }
        let probeLog = state + "/preflight.log"
        unlink(probeLog)
        let probeChild = try ChildProcess(ParallelCommand.probe(options, script: HostProbe.script(plan: plan)), logPath: probeLog)
        var stopped = false
        while probeChild.isRunning {
            if StopSignal.received != nil && !stopped {
                probeChild.terminateTree()
                stopped = true
            }
            sleep(seconds: 0.02)
        }
        _ = probeChild.wait()
        if stopped {
            report.interrupted = true
            report.failure = "interrupted during the pre-flight"
            report.seconds = seconds(clock.now - started)
            return report
        }
        let probeOutput = FileManager.default.contents(atPath: probeLog).map { String(decoding: $0, as: UTF8.self) } ?? ""
        report.hosts = HostProbe.parse(probeOutput, logins: logins, expectedVersion: r.version)
        report.preflightSeconds = seconds(clock.now - preflightStart)
        for h in report.hosts { display.message("farm: host \(h.line)") }
        let unfit = report.hosts.filter { !$0.ok }
        guard unfit.isEmpty else {
            report.failure = "pre-flight: " + unfit.map(\.line).joined(separator: "; ")
            report.seconds = seconds(clock.now - started)
            return report
        }

        // The run, watched.
        let files = plan.jobs.flatMap(\.files)
        let atStart = FarmVerify.countPresent(files)
        let labels = Dictionary(logins.map { ($0.login, $0.label) }, uniquingKeysWith: { a, _ in a })
        // A fresh run starts a fresh joblog (parallel would truncate it, but only once it opens it: an old
        // joblog read before then would report old failures). A resumed run reports only new lines.
        if !r.resume { unlink(joblog) }
        var reported = r.resume ? ((try? readJoblog(joblog))?.count ?? 0) : 0
        let runStart = clock.now
        let child = try ChildProcess(ParallelCommand.run(options, jobsFile: jobsFile), logPath: logPath)
        var forwarded = false
        func snapshot() -> FarmProgress {
            let entries = (try? readJoblog(joblog)) ?? []
            for e in entries.dropFirst(reported) where !e.succeeded {
                display.message("farm: " + describeFailure(e, plan: plan, labels: labels))
            }
            reported = max(reported, entries.count)
            return FarmProgress.make(jobs: plan.jobs, entries: entries, framesDone: FarmVerify.countPresent(files),
                                     framesAtStart: atStart, elapsed: seconds(clock.now - runStart), labels: labels)
        }
        // Look at the files every pollInterval; notice the end (and signals) within 20 ms.
        var lastLook = clock.now
        display.update(snapshot())
        while child.isRunning {
            if StopSignal.received != nil && !forwarded {
                child.terminate()
                forwarded = true
                report.interrupted = true
            }
            if seconds(clock.now - lastLook) >= r.pollInterval {
                display.update(snapshot())
                lastLook = clock.now
            }
            sleep(seconds: 0.02)
        }
        report.parallelStatus = child.wait()
        let final = snapshot()
        display.end(final)
        report.progress = final

        // Where every job stands, and every frame.
        let entries: [JobLogEntry]
        do { entries = try readJoblog(joblog) } catch let e as JobError {
            report.failure = e.message
            report.seconds = seconds(clock.now - started)
            return report
        }
        let latest = JobLog.latest(entries)
        report.jobs = plan.jobs.map { job in
            let e = latest[job.index + 1]
            return FarmRunReport.Job(index: job.index, view: job.view?.rawValue, first: job.chunk.first,
                                     last: job.chunk.last, frames: job.files.count,
                                     state: e.map { $0.succeeded ? "done" : "failed" } ?? "unfinished",
                                     host: e.map { labels[$0.host] ?? $0.host }, exit: e?.exitValue,
                                     signal: e?.signal, runtime: e?.runtime)
        }
        let verifyStart = clock.now
        let verify = FarmVerify.run(plan)
        report.verify = verify
        report.verifySeconds = seconds(clock.now - verifyStart)
        display.message("farm: " + verify.summary)
        report.seconds = seconds(clock.now - started)
        report.failure = failureLine(report)
        return report
    }

    /// `job 2 (frames 20-39, view wall) failed on 127.0.0.1:2201: exit 137`.
    static func describeFailure(_ e: JobLogEntry, plan: FarmPlan, labels: [String: String]) -> String {
        let host = labels[e.host] ?? e.host
        let how = e.signal != 0 ? "signal \(e.signal)" : "exit \(e.exitValue)"
        guard e.seq >= 1 && e.seq <= plan.jobs.count else { return "job \(e.seq) failed on \(host): \(how)" }
        let job = plan.jobs[e.seq - 1]
        return "job \(job.index) (frames \(job.chunk.rangeText)\(job.view.map { ", view \($0.rawValue)" } ?? "")) failed on \(host): \(how)"
    }

    /// nil when every job is done and every frame checks out; else one line saying what is wrong and what to do.
    static func failureLine(_ report: FarmRunReport) -> String? {
        var parts: [String] = []
        let failed = report.jobs.filter { $0.state == "failed" }
        let notRun = report.jobs.filter { $0.state == "unfinished" }
        if let f = failed.first {
            let how = (f.signal ?? 0) != 0 ? "signal \(f.signal!)" : "exit \(f.exit ?? -1)"
            parts.append("\(failed.count) of \(report.jobs.count) jobs failed (first: frames \(f.first)-\(f.last)\(f.view.map { " view \($0)" } ?? "") on \(f.host ?? "?"): \(how))")
        }
        if !notRun.isEmpty { parts.append("\(notRun.count) of \(report.jobs.count) jobs did not finish") }
        if parts.isEmpty, let status = report.parallelStatus, status != 0 {
            parts.append("GNU parallel exited with status \(status)")
        }
        if let v = report.verify, !v.ok { parts.append(v.summary) }
        guard !parts.isEmpty else { return nil }
        let lead = report.interrupted ? "interrupted: " : ""
        return lead + parts.joined(separator: "; ") + "; job output in \(report.log); rerun with --resume"
    }

    /// The GNU parallel to run: found on PATH and saying it is GNU parallel (moreutils ships another `parallel`).
    static func gnuParallel(_ program: String) throws -> String {
        guard let path = ChildProcess.locate(program) else {
            throw FarmError.input("\(program): GNU parallel is not installed (Debian: apt-get install parallel)")
        }
        let v = try ChildProcess.capture([path, "--version"])
        guard v.output.hasPrefix("GNU parallel") else {
            throw FarmError.input("\(path) is not GNU parallel (moreutils' parallel?): install the 'parallel' package")
        }
        return path
    }

    static func readJoblog(_ path: String) throws -> [JobLogEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return try JobLog.parse(String(decoding: data, as: UTF8.self), name: path)
    }

    static func write(_ text: String, to path: String) throws {
        do { try AtomicFile.write(Array(text.utf8), to: path, overwrite: true) } catch {
            throw FarmError.input("\(error)")
        }
    }

    static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }

    static func sleep(seconds s: Double) {
        usleep(useconds_t(max(0, s) * 1_000_000))
    }
}
