// ChildProcess: runs GNU parallel from `farm run`: to completion with its output captured (pre-flight), or in
// the background with its output in a log file while the run is watched.

import Foundation

/// A started program. Foundation's `Process` underneath; paths are resolved on PATH here so a missing program
/// is one clear error rather than a launch failure.
final class ChildProcess {
    private let process = Process()

    /// The path of `program` (as given when it contains a slash, else the first match on PATH), or nil.
    static func locate(_ program: String) -> String? {
        let fm = FileManager.default
        if program.contains("/") { return fm.isExecutableFile(atPath: program) ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = dir + "/" + program
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `argv` to the end; stdout and stderr together, in order of arrival.
    static func capture(_ argv: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { throw FarmError.input("\(argv[0]): cannot start: \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Starts `argv` with stdout and stderr appended to `logPath` and stdin from /dev/null.
    init(_ argv: [String], logPath: String) throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: logPath) { _ = fm.createFile(atPath: logPath, contents: nil) }
        guard let log = FileHandle(forWritingAtPath: logPath) else {
            throw FarmError.input("\(logPath): cannot open the log for writing")
        }
        log.seekToEndOfFile()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw FarmError.input("\(argv[0]): cannot start: \(error)") }
    }

    var isRunning: Bool { process.isRunning }

    /// SIGTERM: GNU parallel then starts no new jobs (a second one ends the running ones).
    func terminate() { if process.isRunning { process.terminate() } }

    /// Ends the program and every process below it: SIGTERM to all of them (the deepest first), SIGKILL to any
    /// still there after `grace` seconds. GNU parallel exits at a SIGTERM during `--nonall` and leaves its ssh
    /// (and a hung connection's helpers) running, so the pre-flight ends the whole tree.
    func terminateTree(grace: Double = 1) {
        func descendants(_ pid: Int32) -> [Int32] {
            var out: [Int32] = []
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            for t in tasks {
                guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(t)/children", encoding: .utf8) else { continue }
                for c in text.split(separator: " ").compactMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
                    out += descendants(c) + [c]
                }
            }
            return out
        }
        let root = process.processIdentifier
        guard process.isRunning else { return }
        let tree = descendants(root) + [root]
        for pid in tree { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline, tree.contains(where: { kill($0, 0) == 0 && !Self.isZombie($0) }) { usleep(20_000) }
        for pid in tree where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
    }

    /// Whether `pid` has exited and waits to be reaped (state Z in /proc/PID/stat).
    static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    /// Waits for the end; the exit status (128 + signal when killed).
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}
