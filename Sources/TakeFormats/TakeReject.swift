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

/// What a take reader returns: the take built from the good parts, every part it skipped, and what is wrong
/// with its clock (a step far out of line, a span beyond a day: `TakeTimeFault`).
public struct TakeReadResult: Sendable {
    public var take: Take
    public var rejects: [TakeReject]
    /// Parts of kept samples the reader dropped, by line (an impossible lens distortion: the pose is kept).
    public var notes: [TakeReject] = []
    public var timeFaults: [TakeTimeFault]
    public init(take: Take, rejects: [TakeReject], timeFaults: [TakeTimeFault] = [], notes: [TakeReject] = []) {
        self.take = take; self.rejects = rejects; self.timeFaults = timeFaults; self.notes = notes
    }
}

/// A file a reader cannot use at all (as opposed to a part it skips), or a take a writer cannot encode.
public struct TakeFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
