// TakeReject: a piece of a take file a reader skipped, where it was and why; and what a reader returns.

import Takes

/// One skipped packet, row or sample: located by byte offset (FreeD) or line (CSV, OpenTrackIO).
public struct TakeReject: Hashable, Sendable, CustomStringConvertible {
    public enum Location: Hashable, Sendable {
        case byteOffset(Int)
        case line(Int)
    }
    public var location: Location
    public var reason: String

    public init(_ location: Location, _ reason: String) { self.location = location; self.reason = reason }

    /// "offset 58: bad checksum …" or "line 7: …".
    public var description: String {
        switch location {
        case .byteOffset(let o): return "offset \(o): \(reason)"
        case .line(let l): return "line \(l): \(reason)"
        }
    }
}

/// What a take reader returns: the take built from the good parts, the parts it skipped (the first
/// `TakeRejectLog.kept` of them, and how many), and what is wrong with its clock (a step far out of line, a span
/// beyond a day: `TakeTimeFault`).
public struct TakeReadResult: Sendable {
    public var take: Take
    /// The first `TakeRejectLog.kept` skipped parts, in file order.
    public var rejects: [TakeReject]
    /// How many parts were skipped in all (`rejects` holds the first of them).
    public var rejected: Int
    /// Parts of kept samples the reader dropped, by line (an impossible lens distortion: the pose is kept); the
    /// first `TakeRejectLog.kept`.
    public var notes: [TakeReject] = []
    /// How many notes there were in all (`notes` holds the first of them).
    public var noted: Int
    public var timeFaults: [TakeTimeFault]
    public init(take: Take, rejects: [TakeReject], rejected: Int? = nil, timeFaults: [TakeTimeFault] = [],
                notes: [TakeReject] = [], noted: Int? = nil) {
        self.take = take; self.rejects = rejects; self.rejected = rejected ?? rejects.count
        self.timeFaults = timeFaults; self.notes = notes; self.noted = noted ?? notes.count
    }

    /// The most samples one take may hold: 100 million (a day at 1,157 Hz, more than any tracker records in one
    /// take: a day at 120 Hz is 10.4 million), and no more than a quarter of the memory this process may use
    /// (`HostMemory`) holds at 80 bytes a sample. A file with more is refused as it is read, before it fills memory.
    public static let maxSamples = Swift.min(100_000_000, TakeFileBytes.maxWholeBytes / 80)

    /// The error for a file with more than `limit` samples.
    static func tooManySamples(_ limit: Int) -> TakeFormatError {
        TakeFormatError("more than \(limit) samples, more than a take may hold on this machine "
            + "(a quarter of the memory it may use, at most 100 million: a day at 120 Hz is 10.4 million): split it")
    }
}

/// The rejects (or notes) of one read: the first `kept` in full and every one counted, so a file of a billion bad
/// lines costs a counter rather than gigabytes of messages (a 40 MB file of bad rows took 2.4 GB as a list).
struct TakeRejectLog {
    /// How many are kept in full: more than `take info` lists or any reader of a list needs.
    static let kept = 10_000
    private(set) var list: [TakeReject] = []
    private(set) var count = 0

    /// Counts a reject, and keeps it (its message made only then) while fewer than `kept` are.
    mutating func add(_ reject: @autoclosure () -> TakeReject) {
        count += 1
        if list.count < Self.kept { list.append(reject()) }
    }

    mutating func insertFirst(_ reject: TakeReject) {
        count += 1
        list.insert(reject, at: 0)
        if list.count > Self.kept { list.removeLast() }
    }
}

/// A file a reader cannot use at all (as opposed to a part it skips), or a take a writer cannot encode.
public struct TakeFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
