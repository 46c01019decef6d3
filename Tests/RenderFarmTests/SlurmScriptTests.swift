// SlurmScriptTests: the job-array script against Slurm's rules: #SBATCH lines before the first command, the
// array range 0-K for K+1 jobs, each SLURM_ARRAY_TASK_ID running its chunk (run for real with bash), and
// values Slurm would reject refused with the option named.

import Foundation
import RenderFarm
import XCTest

final class SlurmScriptTests: XCTestCase {
    func plan(views: [FarmView] = [], chunk: Int = 20, frames: [Int] = Array(0..<70)) throws -> FarmPlan {
        var r = FarmTest.request(out: "/shared/shot", chunk: chunk)
        r.scenePath = "/shared/binhai.yaml"
        r.views = views
        return try FarmTest.plan(r, frames: frames)
    }

    /// The `#SBATCH` options in order, checking sbatch's rule that they come before any command.
    func directives(_ script: String) -> [(String, String)] {
        var out: [(String, String)] = []
        var commandsStarted = false
        for line in script.split(separator: "\n").dropFirst() {
            if line.hasPrefix("#SBATCH ") {
                XCTAssertFalse(commandsStarted, "#SBATCH after a command: \(line)")
                let option = line.dropFirst("#SBATCH ".count)
                let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
                out.append((parts[0], parts.count > 1 ? parts[1] : ""))
            } else if !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
                commandsStarted = true
            }
        }
        return out
    }

    func testDirectivesAndArrayRange() throws {
        var o = SlurmOptions(workingDirectory: "/shared/work")
        o.partition = "render,gpu"
        o.time = "1-12:00:00"
        o.memory = "8G"
        o.cpusPerTask = 4
        o.maxRunning = 3
        o.account = "vp_2026"
        o.logDirectory = "/shared/logs/"
        let script = try SlurmScript.make(try plan(views: [.wall, .camera]), options: o, version: "0.1.0")
        XCTAssertTrue(script.hasPrefix("#!/bin/bash\n"))
        let d = Dictionary(directives(script), uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(directives(script).count, d.count, "no option twice")
        XCTAssertEqual(d["--array"], "0-7%3", "4 chunks x 2 views = 8 array tasks")
        XCTAssertEqual(d["--job-name"], "xrstudio-dolly_push-in")
        XCTAssertEqual(d["--ntasks"], "1")
        XCTAssertEqual(d["--cpus-per-task"], "4")
        XCTAssertEqual(d["--mem"], "8G")
        XCTAssertEqual(d["--time"], "1-12:00:00")
        XCTAssertEqual(d["--partition"], "render,gpu")
        XCTAssertEqual(d["--account"], "vp_2026")
        XCTAssertEqual(d["--chdir"], "/shared/work")
        XCTAssertEqual(d["--output"], "/shared/logs/%x-%A_%a.out")
        XCTAssertTrue(script.contains("--threads 4 "), "cpus-per-task becomes the renders' threads")
    }

    func testOnlyTheArrayAndBasicsByDefault() throws {
        let script = try SlurmScript.make(try plan(), options: SlurmOptions(workingDirectory: "/w"), version: "0.1.0")
        XCTAssertEqual(directives(script).map(\.0), ["--job-name", "--array", "--ntasks", "--chdir"])
        XCTAssertEqual(directives(script)[1].1, "0-3")
    }

    /// Each array task, run by bash with a stand-in xrstudio, executes exactly its job's command; other task
    /// numbers and a missing SLURM_ARRAY_TASK_ID fail with a message.
    func testEachArrayTaskRunsItsChunk() throws {
        let dir = try FarmTest.temporaryFolder(self)
        let fake = dir + "/xrstudio"
        try FarmTest.script(fake, "#!/bin/sh\nfor a in \"$0\" \"$@\"; do printf '%s\\n' \"$a\"; done\n")
        var r = FarmTest.request(out: dir + "/out dir", chunk: 25)
        r.executable = fake
        r.views = [.plan, .witness]
        let p = try FarmTest.plan(r, frames: Array(0..<70))
        let path = dir + "/job.sbatch"
        try SlurmScript.make(p, options: SlurmOptions(workingDirectory: dir), version: "0.1.0")
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(p.jobs.count, 6)
        for job in p.jobs {
            let run = try FarmTest.run(["/bin/bash", path], environment: ["SLURM_ARRAY_TASK_ID": "\(job.index)", "PATH": "/usr/bin:/bin"])
            XCTAssertEqual(run.status, 0, run.err)
            XCTAssertEqual(run.out.split(separator: "\n").map(String.init), job.argv, "task \(job.index)")
        }
        let beyond = try FarmTest.run(["/bin/bash", path], environment: ["SLURM_ARRAY_TASK_ID": "6", "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(beyond.status, 2)
        XCTAssertEqual(beyond.err, "xrstudio farm: no chunk for array task 6 (this script has 0-5)\n")
        let outside = try FarmTest.run(["/bin/bash", path], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertNotEqual(outside.status, 0)
        XCTAssertTrue(outside.err.contains("submit this script with sbatch"), outside.err)
    }

    func testValuesSlurmWouldRejectAreRefused() throws {
        let p = try plan()
        let rows: [(String, (inout SlurmOptions) -> Void)] = [
            ("--time '1h'", { $0.time = "1h" }),
            ("--time '1-'", { $0.time = "1-" }),
            ("--mem '8GB'", { $0.memory = "8GB" }),
            ("--partition 'render farm'", { $0.partition = "render farm" }),
            ("--job-name 'my job'", { $0.jobName = "my job" }),
            ("--cpus-per-task 0", { $0.cpusPerTask = 0 }),
            // The renders' --threads: 128 wrote a script whose every task failed (render allows 1-64).
            ("--cpus-per-task 128: expected 1-64", { $0.cpusPerTask = 128 }),
            ("--max-running 0", { $0.maxRunning = 0 }),
            ("--log-dir '/logs/%j'", { $0.logDirectory = "/logs/%j" }),
        ]
        for (expected, change) in rows {
            var o = SlurmOptions(workingDirectory: "/w")
            change(&o)
            let message = FarmTest.jobError(.usage) { _ = try SlurmScript.make(p, options: o, version: "0.1.0") }
            XCTAssertTrue(message.hasPrefix(expected), "'\(message)' should start with '\(expected)'")
        }
        for good in ["90", "30:00", "12:00:00", "2-0", "2-6:30", "2-06:30:00"] {
            var o = SlurmOptions(workingDirectory: "/w")
            o.time = good
            XCTAssertNoThrow(try SlurmScript.make(p, options: o, version: "0.1.0"), good)
        }
        let many = try plan(chunk: 1, frames: Array(0..<1002))
        let message = FarmTest.jobError(.usage) { _ = try SlurmScript.make(many, options: SlurmOptions(workingDirectory: "/w"), version: "0") }
        XCTAssertTrue(message.hasPrefix("--chunk 1: 1002 jobs exceed Slurm's default MaxArraySize (1001)"), message)
    }
}
