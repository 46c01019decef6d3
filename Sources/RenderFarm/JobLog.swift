// JobLog: GNU parallel's --joblog (one tab-separated line per finished job), read while the run goes on.

/// One finished attempt of a job, as `parallel --joblog` records it.
public struct JobLogEntry: Sendable, Equatable, Codable {
    /// 1-based position of the job in the input (the plan's job index + 1).
    public var seq: Int
    /// The sshlogin the job ran on (`:` locally), without host groups or CPU count.
    public var host: String
    /// Seconds since the Unix epoch.
    public var start: Double
    /// Seconds.
    public var runtime: Double
    public var exitValue: Int
    /// The signal that killed the job (0: none).
    public var signal: Int
    public var command: String

    public init(seq: Int, host: String, start: Double, runtime: Double, exitValue: Int, signal: Int, command: String) {
        self.seq = seq; self.host = host; self.start = start; self.runtime = runtime
        self.exitValue = exitValue; self.signal = signal; self.command = command
    }

    /// Exit 0 and no signal.
    public var succeeded: Bool { exitValue == 0 && signal == 0 }

    enum CodingKeys: String, CodingKey {
        case seq, host, start, runtime, signal, command
        case exitValue = "exit"
    }
}

/// Reads GNU parallel's joblog: a header line `Seq Host Starttime JobRuntime Send Receive Exitval Signal Command`
/// and one line per finished attempt. A resumed run appends lines; the last line of a sequence number is its state.
public enum JobLog {
    static let header = ["Seq", "Host", "Starttime", "JobRuntime", "Send", "Receive", "Exitval", "Signal", "Command"]

    /// Parses the whole text. A last line without its newline is being written: it is left for the next read.
    /// Throws naming the line for anything else that is not a joblog line.
    public static func parse(_ text: String, name: String = "joblog") throws -> [JobLogEntry] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let last = lines.last, !text.hasSuffix("\n") || last.isEmpty { lines.removeLast() }
        var entries: [JobLogEntry] = []
        for (i, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let fields = line.split(separator: "\t", maxSplits: 8, omittingEmptySubsequences: false).map(String.init)
            if i == 0 {
                guard fields.map({ $0.trimmingSpaces() }) == header else {
                    throw FarmError.input("\(name):1: not a GNU parallel joblog (expected the header \(header.joined(separator: " ")))")
                }
                continue
            }
            guard fields.count == 9 else {
                throw FarmError.input("\(name):\(i + 1): expected 9 tab-separated fields, found \(fields.count)")
            }
            func number<T: LosslessStringConvertible>(_ k: Int, _ what: String, as: T.Type) throws -> T {
                guard let v = T(fields[k].trimmingSpaces()) else {
                    throw FarmError.input("\(name):\(i + 1): \(what) '\(fields[k])' is not a number")
                }
                return v
            }
            entries.append(JobLogEntry(
                seq: try number(0, "Seq", as: Int.self), host: fields[1],
                start: try number(2, "Starttime", as: Double.self), runtime: try number(3, "JobRuntime", as: Double.self),
                exitValue: try number(6, "Exitval", as: Int.self), signal: try number(7, "Signal", as: Int.self),
                command: fields[8]))
        }
        return entries
    }

    /// The latest attempt of each job, by sequence number.
    public static func latest(_ entries: [JobLogEntry]) -> [Int: JobLogEntry] {
        var out: [Int: JobLogEntry] = [:]
        for e in entries { out[e.seq] = e }
        return out
    }
}
