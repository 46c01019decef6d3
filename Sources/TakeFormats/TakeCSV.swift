// TakeCSV: the documented CSV take format — one header line, one row per sample, scene axes and units.

import Geometry
import Takes

/// CSV takes (Docs/takes.md). The first line that is not a `#` comment is the header; columns are found by
/// name, in any order, and unknown columns are ignored. Values are in scene conventions: metres, right-handed,
/// Y up; degrees. An empty cell is an absent value.
///
/// Required: `x_m y_m z_m pan_deg tilt_deg roll_deg`, and a time: `time_s`, or `timecode` with `tc_rate`
/// (time is then the timecode's seconds since midnight). Optional: `focal_mm focus_m f_stop k1 k2 k3 p1 p2
/// distortion pupil_m zoom_raw focus_raw iris_raw user_raw camera_id` (`distortion` names the direction the
/// Brown-Conrady coefficients map, `U-D` as OpenCV or `D-U`; empty is U-D).
public enum TakeCSV {
    /// The header the writer emits (every column), which is also the documented order.
    public static let columns = ["time_s", "timecode", "tc_rate", "x_m", "y_m", "z_m", "pan_deg", "tilt_deg", "roll_deg",
                                 "focal_mm", "focus_m", "f_stop", "k1", "k2", "k3", "p1", "p2", "distortion", "pupil_m",
                                 "zoom_raw", "focus_raw", "iris_raw", "user_raw", "camera_id"]
    static let required = ["x_m", "y_m", "z_m", "pan_deg", "tilt_deg", "roll_deg"]

    /// Parses CSV text. Throws only when the header is missing or lacks a required column; a bad row is
    /// reported by line number and skipped.
    public static func read(_ bytes: [UInt8]) throws -> TakeReadResult {
        var reader = Reader()
        reader.feed(bytes[...])
        return try reader.finish()
    }

    /// Reads a CSV take in one pass, fed in pieces of any size (`TakeFile` feeds the file in 16 MiB reads): each
    /// line is parsed as it completes and its sample appended to compact columns (`TakeSamples`), so memory
    /// grows by about 80 bytes a row, whatever the file's size.
    public struct Reader {
        var columns: Columns?
        var headerError: TakeFormatError?
        var samples = TakeSamples()
        var rejects = TakeRejectLog()
        var notes = TakeRejectLog()
        /// More than `maxSamples` rows: the rest is not read, and `finish` throws.
        var tooMany = false
        var maxSamples = TakeReadResult.maxSamples
        /// The line in progress passed `maxLineBytes`: its bytes are dropped up to its end, then it is a reject.
        var overlong = false
        /// The line each sample came from, in file order.
        var lines: [Int32] = []
        /// Timecoded rows across midnight keep the file's order.
        var clock = TakeClock.Unwrapper()
        var lineNumber = 0
        /// The start of a line cut by the end of a piece.
        var pending: [UInt8] = []
        /// The current row's cells (kept between rows for their storage).
        var cells: [Range<Int>] = []

        public init() {}

        /// Parses every line completed by `bytes`; the rest waits for the next piece (or `finish`).
        public mutating func feed(_ bytes: ArraySlice<UInt8>) {
            bytes.withUnsafeBufferPointer { feed($0) }
        }

        /// The longest line read as a row: a longer one is a reject, and no more than this of it is held while it
        /// is read, so one endless line (a file of NULs) cannot fill memory. The same whatever the pieces' sizes.
        static let maxLineBytes = 1 << 20

        /// `feed` from memory the caller owns and reuses (nothing of it is kept).
        public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
            var start = 0
            if !pending.isEmpty || overlong {
                guard let nl = bytes.firstIndex(of: 0x0A) else { hold(UnsafeBufferPointer(rebasing: bytes[...])); return }
                hold(UnsafeBufferPointer(rebasing: bytes[0..<nl]))
                endPending()
                start = nl + 1
            }
            var lineStart = start
            for i in start..<bytes.count where bytes[i] == 0x0A {
                line(UnsafeBufferPointer(rebasing: bytes[lineStart..<i]))
                lineStart = i + 1
            }
            hold(UnsafeBufferPointer(rebasing: bytes[lineStart...]))
        }

        /// Keeps the start of a line cut by the end of a piece, up to `maxLineBytes`.
        mutating func hold(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard !overlong else { return }
            if pending.count + bytes.count > Self.maxLineBytes {
                overlong = true
                pending = []
            } else {
                pending += bytes
            }
        }

        /// Whether the rest of the file cannot change the outcome (no header, or too many samples): stop reading.
        public var isSettled: Bool { headerError != nil || tooMany }

        /// The file was cut short while it was read: the line in progress (no line end) is a reject, not a row
        /// read from part of its text (a focal length of 35 cut to 3).
        mutating func rejectCutLine() {
            guard !pending.isEmpty || overlong else { return }
            pending = []
            overlong = false
            lineNumber += 1
            reject("cut short: the file was shortened while it was read")
        }

        /// The held line is complete: read it (or reject it as too long).
        mutating func endPending() {
            if overlong {
                overlong = false
                lineNumber += 1
                reject(Self.overlongReason)
            } else {
                let whole = pending
                pending = []
                line(whole[...])
            }
        }

        static let overlongReason = "longer than \(maxLineBytes >> 20) MiB: not a row of a take"

        /// Line `lineNumber` is a reject, unless the read is already settled (no header, too many samples).
        mutating func reject(_ reason: String) {
            guard !isSettled else { return }
            rejects.add(TakeReject(.line(lineNumber), reason))
        }

        /// The take and its rejects, after the last line. Throws for a missing or unusable header.
        public mutating func finish() throws(TakeFormatError) -> TakeReadResult {
            endPending()  // the text after the last newline (possibly empty, as the split-based reader saw it)
            if let headerError { throw headerError }
            if tooMany { throw TakeReadResult.tooManySamples(maxSamples) }
            guard columns != nil else { throw TakeFormatError("CSV take has no header line") }
            let lines = self.lines
            let faults = TakeTimeFault.find(times: samples.times) { .line(Int(lines[$0])) }
            return TakeReadResult(take: Take(samples: samples), rejects: rejects.list, rejected: rejects.count,
                                  timeFaults: faults, notes: notes.list, noted: notes.count)
        }

        mutating func line(_ raw: ArraySlice<UInt8>) {
            raw.withUnsafeBufferPointer { line($0) }
        }

        /// One line without its newline ("\r\n" counts as one).
        mutating func line(_ buf: UnsafeBufferPointer<UInt8>) {
            lineNumber += 1
            guard !isSettled else { return }
            guard buf.count <= Self.maxLineBytes else { reject(Self.overlongReason); return }
            var lo = 0, hi = buf.count
            if hi > 0, buf[hi - 1] == 0x0D { hi -= 1 }
            // A UTF-8 byte-order mark (spreadsheet exports) is not part of the first line: it hid a leading comment.
            if lineNumber == 1, hi >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { lo = 3 }
            var first = lo
            while first < hi, buf[first] == 0x20 || buf[first] == 0x09 { first += 1 }
            if first == hi || buf[first] == UInt8(ascii: "#") { return }
            let text = UnsafeBufferPointer(rebasing: buf[lo..<hi])
            guard let columns else {
                header(String(decoding: text, as: UTF8.self))
                return
            }
            // The cells, each without the spaces and tabs around it.
            cells.removeAll(keepingCapacity: true)
            var cellStart = 0
            while true {
                var end = cellStart
                while end < text.count, text[end] != UInt8(ascii: ",") { end += 1 }
                var a = cellStart, b = end
                while a < b, text[a] == 0x20 || text[a] == 0x09 { a += 1 }
                while b > a, text[b - 1] == 0x20 || text[b - 1] == 0x09 { b -= 1 }
                cells.append(a..<b)
                if end == text.count { break }
                cellStart = end + 1
            }
            do {
                var s = try TakeCSV.row(Cells(text: text, ranges: cells), columns)
                if let why = s.lens.distortionImplausibility {
                    s.lens.distortion = nil
                    notes.add(TakeReject(.line(lineNumber), "\(why): the sample's lens distortion is ignored"))
                }
                guard samples.count < maxSamples else { tooMany = true; return }
                clock.unwrap(&s)
                samples.append(s)
                lines.append(Int32(truncatingIfNeeded: lineNumber))
            } catch {
                rejects.add(TakeReject(.line(lineNumber), error.message))
            }
        }

        /// The header line: columns by name (lower case; the first of a repeated name counts).
        mutating func header(_ line: String) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingSpaces) }
            var m: [String: Int] = [:]
            for (i, c) in cells.enumerated() where m[c.lowercased()] == nil { m[c.lowercased()] = i }
            let missing = required.filter { m[$0] == nil }
            guard missing.isEmpty else {
                headerError = TakeFormatError("line \(lineNumber): CSV header lacks \(missing.joined(separator: ", ")) (Docs/takes.md lists the columns)")
                return
            }
            guard m["time_s"] != nil || (m["timecode"] != nil && m["tc_rate"] != nil) else {
                headerError = TakeFormatError("line \(lineNumber): CSV header needs time_s, or timecode with tc_rate")
                return
            }
            columns = Columns(m)
        }
    }

    /// The take as CSV: a comment line, the header, one row per sample. Numbers are written as the shortest
    /// decimal that reads back to the same Double, so CSV round trips are exact.
    public static func write(_ take: Take) -> [UInt8] {
        var out = "# xrstudio take: scene axes (right-handed, Y up, metres), angles in degrees; see Docs/takes.md\n"
        out += columns.joined(separator: ",") + "\n"
        func d(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
        func i(_ v: Int?) -> String { v.map { "\($0)" } ?? "" }
        for s in take.samples {
            let cells = [d(s.time), s.timecode?.description ?? "", s.timecode.map { "\($0.rate)" } ?? "",
                         d(s.position.x), d(s.position.y), d(s.position.z), d(s.pan), d(s.tilt), d(s.roll),
                         d(s.lens.focalLength), d(s.lens.focusDistance), d(s.lens.fStop), d(s.lens.k1), d(s.lens.k2),
                         d(s.lens.k3), d(s.lens.p1), d(s.lens.p2), s.lens.distortionModel?.rawValue ?? "",
                         d(s.lens.entrancePupilOffset), i(s.raw.zoom), i(s.raw.focus), i(s.raw.iris), i(s.raw.user),
                         i(s.cameraID)]
            out += cells.joined(separator: ",") + "\n"
        }
        return Array(out.utf8)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
