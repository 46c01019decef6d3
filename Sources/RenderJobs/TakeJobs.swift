// TakeJobs: `xrstudio take info|convert` — read a take file by extension, summarise it, convert it.

import Geometry
import FoundationEssentials
import FrameOutput
import TakeFormats
import Takes
import SceneModel
import Shot

#if canImport(Glibc)
    import Glibc
#endif

/// A summary of a take file, as `take info` prints it (JSON keys in `CodingKeys`). Positions are in scene
/// coordinates (right-handed, Y up, metres).
public struct TakeInfo: Codable, Sendable, Equatable {
    public var file: String
    public var format: String
    public var samples: Int
    public var rejected: Int
    /// One line per skipped packet or row: "offset 58: bad checksum …", "line 7: …" (the first 100).
    public var rejects: [String]
    /// The source's sample rate estimated from the median interval, in Hz.
    public var rateHz: Double?
    public var durationS: Double
    public var timecodeRate: String?
    public var timecodeIn: String?
    public var timecodeOut: String?
    public var bboxMin: [Double]?
    public var bboxMax: [Double]?
    public var focalMMMin: Double?
    public var focalMMMax: Double?
    /// Steps between samples longer than four median intervals (what resampling reports as gaps by default).
    public var gaps: Int
    /// The lens data the samples carry, each with its range: "focal_mm 32-40", "distortion U-D",
    /// "zoom_raw 0-65535"… (raw counts need a scene's lens file to mean optics).
    public var lensData: [String] = []

    enum CodingKeys: String, CodingKey {
        case file, format, samples, rejected, rejects, gaps
        case lensData = "lens_data"
        case rateHz = "rate_hz", durationS = "duration_s", timecodeRate = "timecode_rate"
        case timecodeIn = "timecode_in", timecodeOut = "timecode_out"
        case bboxMin = "bbox_min", bboxMax = "bbox_max", focalMMMin = "focal_mm_min", focalMMMax = "focal_mm_max"
    }

    /// Every key is always present (null when unknown), so scripts can rely on the key set.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(format, forKey: .format)
        try c.encode(samples, forKey: .samples)
        try c.encode(rejected, forKey: .rejected)
        try c.encode(rejects, forKey: .rejects)
        try c.encode(gaps, forKey: .gaps)
        try c.encode(rateHz, forKey: .rateHz)
        try c.encode(durationS, forKey: .durationS)
        try c.encode(timecodeRate, forKey: .timecodeRate)
        try c.encode(timecodeIn, forKey: .timecodeIn)
        try c.encode(timecodeOut, forKey: .timecodeOut)
        try c.encode(bboxMin, forKey: .bboxMin)
        try c.encode(bboxMax, forKey: .bboxMax)
        try c.encode(focalMMMin, forKey: .focalMMMin)
        try c.encode(focalMMMax, forKey: .focalMMMax)
        try c.encode(lensData, forKey: .lensData)
    }

    /// Human-readable lines.
    public var text: String {
        func v(_ a: [Double]?) -> String { a.map { $0.map { formatFixed($0, 4) }.joined(separator: ", ") } ?? "-" }
        func n(_ x: Double?, _ d: Int) -> String { x.map { formatFixed($0, d) } ?? "-" }
        var lines = ["\(file): \(format)",
                     "  samples    \(samples)",
                     "  rejected   \(rejected)",
                     "  rate       \(rateHz.map { formatFixed($0, 3) + " Hz" } ?? "-")",
                     "  duration   \(formatFixed(durationS, 3)) s",
                     "  timecode   \(timecodeIn ?? "-") to \(timecodeOut ?? "-")\(timecodeRate.map { " @ \($0)" } ?? "")",
                     "  bbox min   \(v(bboxMin)) m",
                     "  bbox max   \(v(bboxMax)) m",
                     "  focal      \(focalMMMin == nil ? "-" : "\(n(focalMMMin, 2)) to \(n(focalMMMax, 2)) mm")",
                     "  lens data  \(lensData.isEmpty ? "-" : lensData.joined(separator: ", "))",
                     "  gaps       \(gaps)"]
        for r in rejects { lines.append("  rejected: \(r)") }
        if rejected > rejects.count { lines.append("  … \(rejected - rejects.count) more rejected") }
        return lines.joined(separator: "\n")
    }
}

/// What `take convert` did.
public struct TakeConvertReport: Codable, Sendable, Equatable {
    public var input: String
    public var output: String
    public var format: String
    public var samples: Int
    public var rejected: Int
    /// What the target format could not keep (e.g. a CSV's time_s beside a timecode it disagrees with).
    public var warnings: [String] = []
    public var text: String {
        "\(input) -> \(output) (\(format)): \(samples) samples" + (rejected > 0 ? ", \(rejected) rejected on reading" : "")
    }
}

public enum TakeJobs {
    /// How many reject lines `info` lists (all are counted).
    public static let maxListedRejects = 100

    /// Reads a take file by its extension (or `format`); see `TakeFile.read`.
    public static func read(path: String, format: TakeFileFormat? = nil, freed: FreeDReadOptions = FreeDReadOptions(),
                            allowGaps: Bool = false) throws -> (TakeReadResult, TakeFileFormat) {
        try ShotTakes.read(path: path, format: format, freed: freed, allowGaps: allowGaps)
    }

    /// The summary of a take file; a take whose clock jumps is refused (naming the lines) unless `allowGaps`.
    public static func info(path: String, freed: FreeDReadOptions = FreeDReadOptions(), allowGaps: Bool = false) throws -> TakeInfo {
        let (result, fmt) = try read(path: path, freed: freed, allowGaps: allowGaps)
        return summarise(result, file: path, format: fmt)
    }

    public static func summarise(_ result: TakeReadResult, file: String, format: TakeFileFormat) -> TakeInfo {
        let take = result.take
        let b = take.bounds
        // The first and last timecodes, found from each end (a take of millions of samples is not copied).
        let timed = [take.samples.first(where: { $0.timecode != nil })?.timecode,
                     take.samples.last(where: { $0.timecode != nil })?.timecode].compactMap { $0 }
        let interval = take.medianInterval
        var lens: [String] = []
        func range(_ name: String, _ values: [Double], _ digits: Int) {
            guard let lo = values.min(), let hi = values.max() else { return }
            lens.append(lo == hi ? "\(name) \(formatFixed(lo, digits))" : "\(name) \(formatFixed(lo, digits))-\(formatFixed(hi, digits))")
        }
        let samples = take.samples
        range("focal_mm", samples.compactMap(\.lens.focalLength), 2)
        range("focus_m", samples.compactMap(\.lens.focusDistance), 3)
        range("k1", samples.compactMap(\.lens.k1), 4)
        if let d = samples.lazy.compactMap(\.lens.distortionModel).first { lens.append("distortion \(d.rawValue)") }
        range("pupil_m", samples.compactMap(\.lens.entrancePupilOffset), 3)
        range("zoom_raw", samples.compactMap { $0.raw.zoom.map(Double.init) }, 0)
        range("focus_raw", samples.compactMap { $0.raw.focus.map(Double.init) }, 0)
        var info = TakeInfo(file: file, format: format.rawValue, samples: take.count, rejected: result.rejected,
                        rejects: result.rejects.prefix(maxListedRejects).map(\.description),
                        rateHz: take.sourceRate.map { ($0 * 1000).rounded() / 1000 }, durationS: take.duration,
                        timecodeRate: take.timecodeRate.map(\.description),
                        timecodeIn: timed.first?.description, timecodeOut: timed.last?.description,
                        bboxMin: b.map { [$0.min.x, $0.min.y, $0.min.z] }, bboxMax: b.map { [$0.max.x, $0.max.y, $0.max.z] },
                        focalMMMin: take.focalLengthRange?.min, focalMMMax: take.focalLengthRange?.max,
                        gaps: interval.map { take.gaps(longerThan: 4 * $0).count } ?? 0)
        info.lensData = lens
        return info
    }

    /// `take`'s bytes in `format`; FreeD's zoom and focus in `freedLens`. Throws `TakeFormatError` when the samples
    /// cannot be said in it (FreeD raw lens counts from a take in millimetres).
    public static func encode(_ take: Take, as format: TakeFileFormat, freedLens: FreeDCapture.LensEncoding) throws -> [UInt8] {
        switch format {
        case .csv: return TakeCSV.write(take)
        case .freed: return try FreeDCapture.write(take, lens: freedLens)
        case .jsonl: return try OpenTrackIO.write(take)
        case .json: return try OpenTrackIO.write(take, array: true)
        }
    }

    /// Reads `input`, writes it as `to` (or the format `output`'s extension names), atomically. Refuses an
    /// existing output unless `overwrite`.
    public static func convert(input: String, output: String, to: String? = nil, overwrite: Bool = false,
                               freed: FreeDReadOptions = FreeDReadOptions(), allowGaps: Bool = false) throws -> TakeConvertReport {
        let target: TakeFileFormat
        let toStandardOutput = output == "-"  // a pipe's end: the Unix convention
        if toStandardOutput && to == nil {
            throw JobError.usage("-: standard output has no extension to tell the format by; give --to csv, freed, jsonl or json")
        }
        if let to {
            guard let f = TakeFileFormat(name: to) else {
                throw JobError.usage("--to \(to): unknown take format (csv, freed, jsonl, json)")
            }
            target = f
        } else {
            guard let f = TakeFileFormat(path: output) else {
                throw JobError.usage("\(output): cannot tell the format from the extension (.csv, .freed, .d1, .jsonl, .json); use --to")
            }
            target = f
        }
        if toStandardOutput && target == .freed && isatty(1) == 1 {
            throw JobError.usage("-: FreeD is binary, and standard output is a terminal: redirect it to a file or a pipe")
        }
        if !toStandardOutput && !overwrite && FileManager.default.fileExists(atPath: output) {
            throw JobError.input("\(output): already exists (use --overwrite to replace it)")
        }
        let (result, _) = try read(path: input, freed: freed, allowGaps: allowGaps)
        let bytes: [UInt8]
        do {
            bytes = try encode(result.take, as: target, freedLens: freed.lens)
        } catch let e as TakeFormatError {
            throw JobError.input("\(input): \(e.message)")
        }
        if toStandardOutput {
            // A failed write (a full disk, a pipe closed early: EPIPE, with SIGPIPE caught rather than killing) is
            // recorded with its reason and ends the run with exit 1 (main.swift's `finishStandardOutput`).
            StopSignal.install()
            defer { StopSignal.uninstall() }
            let n = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, stdout) }
            if n < bytes.count { StandardOutput.record(errno) }
            StandardOutput.flush()
        } else {
            do {
                try AtomicFile.write(bytes, to: output, overwrite: overwrite)
            } catch {
                throw JobError.input("\(error)")
            }
        }
        var report = TakeConvertReport(input: input, output: output, format: target.rawValue,
                                       samples: result.take.count, rejected: result.rejected)
        // OpenTrackIO keeps a timecoded sample's timecode, not its time: a CSV whose time_s disagrees with its
        // timecode (time_s 0 at 10:00:00:00) comes back timed by the timecode, so frames number differently.
        if target == .jsonl || target == .json,
           let s = result.take.samples.first(where: { s in
               guard let tc = s.timecode, let d = s.timeBeyondTimecode else { return false }
               return abs(d) > 0.5 * tc.rate.seconds(ofFrame: 1)
           }), let tc = s.timecode {
            report.warnings.append("\(input): times and timecodes disagree (time \(formatFixed(s.time, 3)) s at \(tc)): "
                + "\(target.rawValue) keeps the timecode, so the written take is timed from it "
                + "(\(formatFixed(tc.secondsSinceMidnight, 3)) s) and its frames number from there")
        }
        return report
    }
}
