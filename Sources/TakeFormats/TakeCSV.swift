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
        var index: [String: Int]?
        var headerError: TakeFormatError?
        var samples = TakeSamples()
        var rejects: [TakeReject] = []
        var notes: [TakeReject] = []
        /// The line each sample came from, in file order.
        var lines: [Int32] = []
        /// Midnight: the last timecoded sample's time and the days added since (see `TakeClock`).
        var previousTimecoded: Double?
        var dayOffset = 0.0
        var lineNumber = 0
        /// The start of a line cut by the end of a piece.
        var pending: [UInt8] = []

        public init() {}

        /// Parses every line completed by `bytes`; the rest waits for the next piece (or `finish`).
        public mutating func feed(_ bytes: ArraySlice<UInt8>) {
            var start = bytes.startIndex
            while let nl = bytes[start...].firstIndex(of: 0x0A) {
                if pending.isEmpty {
                    line(bytes[start..<nl])
                } else {
                    pending += bytes[start..<nl]
                    let whole = pending
                    pending = []
                    line(whole[...])
                }
                start = nl + 1
            }
            pending += bytes[start...]
        }

        /// The take and its rejects, after the last line. Throws for a missing or unusable header.
        public mutating func finish() throws -> TakeReadResult {
            let rest = pending
            pending = []
            line(rest[...])  // the text after the last newline (possibly empty, as the split-based reader saw it)
            if let headerError { throw headerError }
            guard index != nil else { throw TakeFormatError("CSV take has no header line") }
            let lines = self.lines
            let faults = TakeTimeFault.find(times: samples.times) { .line(Int(lines[$0])) }
            return TakeReadResult(take: Take(samples: samples), rejects: rejects, timeFaults: faults, notes: notes)
        }

        /// One line without its newline ("\r\n" counts as one).
        mutating func line(_ raw: ArraySlice<UInt8>) {
            lineNumber += 1
            guard headerError == nil else { return }
            var bytes = raw.last == 0x0D ? raw.dropLast() : raw
            // A UTF-8 byte-order mark (spreadsheet exports) is not part of the first line: it hid a leading comment.
            if lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
            let line = Substring(String(decoding: bytes, as: UTF8.self))
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingSpaces) }
            guard let idx = index else {
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
                index = m
                return
            }
            do {
                var s = try row(cells, idx)
                if let why = s.lens.distortionImplausibility {
                    s.lens.distortion = nil
                    notes.append(TakeReject(.line(lineNumber), "\(why): the sample's lens distortion is ignored"))
                }
                // Timecoded rows across midnight keep the file's order (as `TakeClock.unwrappingMidnight`).
                if let tc = s.timecode {
                    if let p = previousTimecoded, s.time < p - 43_200 {
                        dayOffset += tc.rate.seconds(ofFrame: Timecode.framesPerDay(tc.rate))
                    }
                    previousTimecoded = s.time
                    s.time += dayOffset
                }
                samples.append(s)
                lines.append(Int32(truncatingIfNeeded: lineNumber))
            } catch let e as TakeFormatError {
                rejects.append(TakeReject(.line(lineNumber), e.message))
            } catch {
                rejects.append(TakeReject(.line(lineNumber), "\(error)"))
            }
        }
    }

    static func row(_ cells: [String], _ idx: [String: Int]) throws -> TrackingSample {
        func cell(_ name: String) -> String? {
            guard let i = idx[name], i < cells.count, !cells[i].isEmpty else { return nil }
            return cells[i]
        }
        func number(_ name: String) throws -> Double? {
            guard let c = cell(name) else { return nil }
            guard let v = Double(c) else { throw TakeFormatError("\(name) '\(c)' is not a number") }
            guard v.isFinite else { throw TakeFormatError("\(name) is not a finite number") }
            return v
        }
        func need(_ name: String) throws -> Double {
            guard let v = try number(name) else { throw TakeFormatError("\(name) is empty") }
            return v
        }
        func integer(_ name: String) throws -> Int? {
            guard let c = cell(name) else { return nil }
            guard let v = Int(c) else { throw TakeFormatError("\(name) '\(c)' is not an integer") }
            return v
        }
        var timecode: Timecode?
        if let tcText = cell("timecode") {
            guard let rateText = cell("tc_rate") else { throw TakeFormatError("timecode without tc_rate") }
            guard let rate = FrameRate(parsing: rateText) else { throw TakeFormatError("tc_rate '\(rateText)' is not a frame rate") }
            guard let tc = Timecode(parsing: tcText, rate: rate) else {
                throw TakeFormatError("timecode '\(tcText)' is not a valid label at \(rate)")
            }
            timecode = tc
        }
        let time: Double
        if let t = try number("time_s") { time = t } else if let tc = timecode { time = tc.secondsSinceMidnight } else {
            throw TakeFormatError("no time: time_s and timecode are empty")
        }
        let s = TrackingSample(
            time: time, timecode: timecode,
            position: SIMD3(try need("x_m"), try need("y_m"), try need("z_m")),
            pan: try need("pan_deg"), tilt: try need("tilt_deg"), roll: try need("roll_deg"),
            lens: LensSample(focalLength: try number("focal_mm"), focusDistance: try number("focus_m"),
                             fStop: try number("f_stop"), k1: try number("k1"), k2: try number("k2"),
                             k3: try number("k3"), p1: try number("p1"), p2: try number("p2"),
                             distortionModel: try cell("distortion").map { name in
                                 guard let m = LensDistortion.Model(name: name) else {
                                     throw TakeFormatError("distortion '\(name)' is not U-D or D-U")
                                 }
                                 return m
                             },
                             entrancePupilOffset: try number("pupil_m")),
            raw: RawEncoders(zoom: try integer("zoom_raw"), focus: try integer("focus_raw"),
                             iris: try integer("iris_raw"), user: try integer("user_raw")),
            cameraID: try integer("camera_id"))
        if let why = s.implausibility { throw TakeFormatError("absurd value: \(why)") }
        return s
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
