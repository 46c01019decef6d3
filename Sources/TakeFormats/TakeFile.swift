// TakeFile: reads a take file from disk by its format (CSV, FreeD, OpenTrackIO JSON or JSONL).

import FoundationEssentials
import Geometry
#if canImport(Glibc)
import Glibc
#endif
import Takes

/// The take file formats, named by extension or by `--to`.
public enum TakeFileFormat: String, Sendable, CaseIterable {
    case csv
    /// Raw FreeD D1 capture (.freed, .d1).
    case freed
    /// OpenTrackIO, one JSON object per line (.jsonl).
    case jsonl
    /// OpenTrackIO, one JSON array of samples (.json; a single sample object reads too).
    case json

    /// The format a path's extension names, or nil.
    public init?(path: String) {
        let lower = path.lowercased()
        guard let dot = lower.lastIndex(of: "."), !lower[dot...].contains("/") else { return nil }
        switch lower[lower.index(after: dot)...] {
        case "csv": self = .csv
        case "freed", "d1": self = .freed
        case "jsonl": self = .jsonl
        case "json": self = .json
        default: return nil
        }
    }

    /// A `--to` value: the case names, plus "d1" and "opentrackio" (= jsonl).
    public init?(name: String) {
        switch name.lowercased() {
        case "d1": self = .freed
        case "opentrackio": self = .jsonl
        default: self.init(rawValue: name.lowercased())
        }
    }
}

/// How FreeD captures are read (they carry no time and only raw lens counts).
public struct FreeDReadOptions: Sendable {
    /// Packets per second of the capture (packet k is at k / rate seconds).
    public var rate: FrameRate
    public var lens: FreeDCapture.LensEncoding
    public init(rate: FrameRate = FreeDCapture.defaultRate, lens: FreeDCapture.LensEncoding = .raw) {
        self.rate = rate; self.lens = lens
    }
}

/// A take file that cannot be read at all (bad rows and packets are rejects, not errors).
public struct TakeFileError: Error, Sendable, CustomStringConvertible {
    /// Usage: the path names no known format; otherwise the file is missing, unreadable or unusable.
    public var isUsage: Bool
    public var message: String
    public var description: String { message }
    static func usage(_ m: String) -> TakeFileError { TakeFileError(isUsage: true, message: m) }
    static func input(_ m: String) -> TakeFileError { TakeFileError(isUsage: false, message: m) }
}

public enum TakeFile {
    /// Reads a take file by its extension (or `format`). An unknown extension is a usage error; a missing or
    /// unreadable file and an unusable CSV header are input errors; bad packets and rows come back as rejects.
    /// A take whose clock jumps far out of line with its other samples (`TakeTimes`) is an input error naming
    /// the lines, unless `allowGaps` (`--allow-gaps`) keeps it; a take longer than a day is always one.
    public static func read(path: String, format: TakeFileFormat? = nil, freed: FreeDReadOptions = FreeDReadOptions(),
                            allowGaps: Bool = false) throws(TakeFileError) -> (TakeReadResult, TakeFileFormat) {
        let (result, fmt) = try readUnchecked(path: path, format: format, freed: freed)
        let jump = result.timeFaults.first { !$0.isSpan }
        // Longer than a day first: --allow-gaps cannot keep it, so its hint would send the user round in a circle.
        if let span = result.timeFaults.first(where: \.isSpan) {
            throw .input("\(path): \(span.message), always refused" + (jump.map { ": \($0.message)" } ?? ""))
        }
        if !allowGaps, let jump { throw .input("\(path): \(jump.message) (--allow-gaps keeps it)") }
        return (result, fmt)
    }

    static func readUnchecked(path: String, format: TakeFileFormat?, freed: FreeDReadOptions)
        throws(TakeFileError) -> (TakeReadResult, TakeFileFormat) {
        var isFolder = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder {
            throw .input("\(path): is a folder, not a take file")
        }
        guard let fmt = format ?? TakeFileFormat(path: path) else {
            throw .usage("\(path): unknown take format (extensions: .csv, .freed, .d1, .jsonl, .json)")
        }
        let file = try TakeFileBytes(path)
        switch fmt {
        case .csv:  // streamed: never the whole file in memory
            return (try readCSV(file), fmt)
        case .freed:
            return (FreeDCapture.read(try file.readAll(), rate: freed.rate, lens: freed.lens), fmt)
        case .jsonl, .json:  // parsed in the one buffer the file is read into
            let bytes = try file.readAll()
            let result = bytes.withUnsafeBufferPointer { buffer in
                Result { () throws(TakeFormatError) in try OpenTrackIO.readStrict(buffer) }
            }
            do { return (try result.get(), fmt) } catch { throw .input("\(path): \(error.message)") }
        }
    }

    /// How much of a CSV take is read at a time.
    static let readChunk = 16 << 20
    /// The most samples a CSV take's columns are reserved for up front (about 2.4 GB of address space, paged in
    /// only as rows arrive): 77 hours at 120 Hz.
    static let reserveLimit = 1 << 25

    /// A CSV take read through `TakeCSV.Reader` in one pass, `readChunk` bytes at a time into one reused buffer.
    static func readCSV(_ file: TakeFileBytes) throws(TakeFileError) -> TakeReadResult {
        var reader = TakeCSV.Reader()
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Swift.max(1, Swift.min(readChunk, file.remaining)))
        defer { chunk.deallocate() }
        var first = true
        while !reader.isSettled, case let got = try file.read(into: chunk), got > 0 {
            reader.feed(UnsafeBufferPointer(rebasing: chunk[..<got]))
            if first, file.remaining > 0 {
                // Room for the whole take at the first piece's samples per byte, plus a tenth: the columns are not
                // copied again and again as they grow (a third of a 10-million-row take's page faults). At most
                // `reserveLimit` samples, so a hostile file's first piece cannot ask for more than a big take needs.
                let estimate = Double(reader.samples.count) * Double(got + file.remaining) / Double(got) * 1.1
                let rows = Int(Swift.min(estimate, Double(reserveLimit)))
                reader.samples.reserveCapacity(rows)
                reader.lines.reserveCapacity(rows)
            }
            first = false
        }
        if file.wasShortened { reader.rejectCutLine() }
        do { return try reader.finish() } catch { throw .input("\(file.path): \(error.message)") }
    }
}

/// A take file opened for reading with read(2), up to the size it had when opened. It is not mapped: a file another
/// process shortens while it is read (a recorder starting the take again) then reads short and its last row or
/// record is a reject, where a mapping's missing pages would kill the process with SIGBUS. Only regular files: a
/// pipe or a device (a `take.csv` linked to /dev/zero) has no size to stop at.
package final class TakeFileBytes {
    package let path: String
    private let descriptor: Int32
    /// What is left to read of the size the file had when it was opened: reads stop there even if it grows.
    private(set) var remaining: Int
    /// The file ended before the size it had when opened: another process shortened it.
    private(set) var wasShortened = false

    package init(_ path: String) throws(TakeFileError) {
        self.path = path
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)  // a FIFO does not wait for a writer
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : "cannot be read (\(String(cString: strerror(errno))))"
            throw .input("\(path): \(reason)")
        }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            let kind: String
            switch st.st_mode & S_IFMT {
            case S_IFDIR: kind = "a folder"
            case S_IFIFO: kind = "a pipe"
            case S_IFSOCK: kind = "a socket"
            default: kind = "a device"
            }
            Glibc.close(fd)
            throw .input("\(path): not a regular file (\(kind)); takes are read from files")
        }
        descriptor = fd
        remaining = Int(st.st_size)
    }

    deinit { Glibc.close(descriptor) }

    /// Reads up to `buffer.count` bytes into the start of `buffer` (fewer only at the end); 0 at the end.
    package func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(TakeFileError) -> Int {
        var filled = 0
        let wanted = Swift.min(buffer.count, remaining)
        while filled < wanted {
            let got = Glibc.read(descriptor, buffer.baseAddress! + filled, wanted - filled)
            if got < 0 {
                if errno == EINTR { continue }
                throw .input("\(path): cannot be read (\(String(cString: strerror(errno))))")
            }
            if got == 0 { remaining = filled; wasShortened = true; break }  // shortened since it was opened
            filled += got
        }
        remaining -= filled
        return filled
    }

    /// The biggest file read whole (OpenTrackIO and FreeD takes): a quarter of the memory this process may use
    /// (`HostMemory`: the machine's, or its container's or job's limit), at least 256 MB. A million OpenTrackIO
    /// samples are 303 MB; a sparse 100 GB file asked for 100 GB and died.
    static var maxWholeBytes: Int { Swift.max(256 << 20, HostMemory.bytes / 4) }

    /// The rest of the file in one array, read straight into it (not zeroed first). Its whole pages are advised
    /// as huge pages where the kernel allows it: 300 MB in 4 KB pages is 73,000 faults. A file bigger than
    /// `maxWholeBytes` is an input error naming its size.
    package func readAll() throws(TakeFileError) -> [UInt8] {
        guard remaining <= Self.maxWholeBytes else {
            throw .input("\(path): \(formatBytes(remaining)) is more than a take file read whole may be on this machine "
                + "(\(formatBytes(Self.maxWholeBytes)), a quarter of the memory it may use); split the take")
        }
        var failure: TakeFileError?
        let bytes = [UInt8](unsafeUninitializedCapacity: Swift.max(1, remaining)) { buffer, count in
            let page = Int(sysconf(Int32(_SC_PAGESIZE))), base = Int(bitPattern: buffer.baseAddress)
            let start = (base + page - 1) & ~(page - 1), end = (base + buffer.count) & ~(page - 1)
            if end - start >= 2 << 20 { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
            do throws(TakeFileError) { count = try read(into: buffer) } catch { failure = error }
        }
        if let failure { throw failure }
        return bytes
    }
}
