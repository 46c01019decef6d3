// TakeFile: reads a take file from disk by its format (CSV, FreeD, OpenTrackIO JSON or JSONL).

import FoundationEssentials
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
        if !allowGaps, let jump = result.timeFaults.first(where: { !$0.isSpan }) {
            throw .input("\(path): \(jump.message) (--allow-gaps keeps it)")
        }
        if let span = result.timeFaults.first(where: \.isSpan) { throw .input("\(path): \(span.message)") }
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
        let data = try mapped(path)
        switch fmt {
        case .csv:  // streamed: never the whole file in memory
            do {
                return (try readCSV(data), fmt)
            } catch {
                throw .input("\(path): \(error.message)")
            }
        case .freed:
            return (FreeDCapture.read([UInt8](data), rate: freed.rate, lens: freed.lens), fmt)
        case .jsonl, .json:  // read in place
            let result = data.withUnsafeBytes { raw in
                Result { () throws(TakeFormatError) in try OpenTrackIO.readStrict(raw.bindMemory(to: UInt8.self)) }
            }
            do { return (try result.get(), fmt) } catch { throw .input("\(path): \(error.message)") }
        }
    }

    /// The take file mapped into memory: its pages are the kernel's to drop, and readers that can work in place
    /// never copy it whole.
    static func mapped(_ path: String) throws(TakeFileError) -> Data {
        guard FileManager.default.fileExists(atPath: path) else { throw .input("\(path): no such file") }
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw .input("\(path): cannot be read")
        }
        return data
    }

    /// How much of a CSV take is read at a time.
    static let readChunk = 16 << 20

    /// A CSV take read through `TakeCSV.Reader` in one pass, `readChunk` bytes at a time from the mapped file.
    static func readCSV(_ data: Data) throws(TakeFormatError) -> TakeReadResult {
        var reader = TakeCSV.Reader()
        var start = data.startIndex
        while start < data.endIndex {
            let end = Swift.min(start + readChunk, data.endIndex)
            reader.feed([UInt8](data[start..<end])[...])
            start = end
        }
        return try reader.finish()
    }
}
