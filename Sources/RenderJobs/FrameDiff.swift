// FrameDiff: `xrstudio diff A B` — compares two images or two folders of frames (matched by name).

import Geometry
import FoundationEssentials
import FrameOutput
import ImageCodecs
import Imaging
import SceneModel

/// What to compare and how strictly.
public struct FrameDiffRequest: Sendable {
    public var a: String
    public var b: String
    /// Largest channel difference that still counts as equal (0: bit exact).
    public var tolerance: Int
    /// A frame passes when at most this many pixels differ beyond the tolerance.
    public var maxDifferingPixels: Int
    /// Where to write a heat map per differing frame (created when missing).
    public var diffOut: String?
    /// Whether a heat map may replace an existing file of its name (it replaced any, silently).
    public var overwrite: Bool

    public init(a: String, b: String, tolerance: Int = 0, maxDifferingPixels: Int = 0, diffOut: String? = nil,
                overwrite: Bool = false) {
        self.a = a
        self.b = b
        self.tolerance = tolerance
        self.maxDifferingPixels = maxDifferingPixels
        self.diffOut = diffOut
        self.overwrite = overwrite
    }
}

/// One compared frame.
public struct FrameComparison: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case match, differ, error }
    public var name: String
    public var status: Status
    public var width: Int?
    public var height: Int?
    /// nil for identical frames (infinite PSNR) and on errors.
    public var psnr: Double?
    public var maxChannelDifference: Int?
    public var differingPixels: Int?
    public var heatMap: String?
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case name, status, width, height, psnr, error
        case maxChannelDifference = "max_channel_difference"
        case differingPixels = "differing_pixels"
        case heatMap = "heat_map"
    }
}

/// The whole comparison: per frame, and the verdict.
public struct FrameDiffReport: Codable, Sendable {
    public var tolerance: Int
    public var maxDifferingPixels: Int
    public var frames: [FrameComparison]
    public var compared: Int { frames.count }
    public var matching: Int { frames.filter { $0.status == .match }.count }
    public var differing: Int { frames.filter { $0.status == .differ }.count }
    public var errors: Int { frames.filter { $0.status == .error }.count }

    /// Compared frames whose heat map could not be written.
    public var heatMapFailures: [FrameComparison] { frames.filter { $0.status != .error && $0.error != nil } }

    /// 0 when every frame matches, 2 when any frame could not be compared or a heat map not written, else 1.
    public var exitCode: Int32 { errors > 0 || !heatMapFailures.isEmpty ? 2 : (differing > 0 ? 1 : 0) }

    public var summary: String {
        "diff: \(compared) compared, \(matching) match, \(differing) differ, \(errors) error\(errors == 1 ? "" : "s")"
            + " (tolerance \(tolerance), max differing pixels \(maxDifferingPixels))"
    }

    /// One line per frame.
    public func line(_ f: FrameComparison) -> String {
        switch f.status {
        case .match:
            if f.differingPixels == 0 && f.maxChannelDifference == 0 { return "\(f.name): match (bit exact)" }
            return "\(f.name): match (\(f.differingPixels ?? 0) pixels beyond tolerance, max channel difference \(f.maxChannelDifference ?? 0))"
        case .differ:
            let psnr = f.psnr.map { formatFixed($0, 2) + " dB" } ?? "inf"
            return "\(f.name): DIFFERS: \(f.differingPixels ?? 0) pixels, max channel difference \(f.maxChannelDifference ?? 0), PSNR \(psnr)"
                + (f.heatMap.map { ", heat map \($0)" } ?? "")
        case .error:
            return "\(f.name): error: \(f.error ?? "cannot compare")"
        }
    }

    enum CodingKeys: String, CodingKey {
        case tolerance, frames
        case maxDifferingPixels = "max_differing_pixels"
        case compared, matching = "match", differing = "differ", errors
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tolerance, forKey: .tolerance)
        try c.encode(maxDifferingPixels, forKey: .maxDifferingPixels)
        try c.encode(compared, forKey: .compared)
        try c.encode(matching, forKey: .matching)
        try c.encode(differing, forKey: .differing)
        try c.encode(errors, forKey: .errors)
        try c.encode(frames, forKey: .frames)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tolerance = try c.decode(Int.self, forKey: .tolerance)
        maxDifferingPixels = try c.decode(Int.self, forKey: .maxDifferingPixels)
        frames = try c.decode([FrameComparison].self, forKey: .frames)
    }

    init(tolerance: Int, maxDifferingPixels: Int, frames: [FrameComparison]) {
        self.tolerance = tolerance
        self.maxDifferingPixels = maxDifferingPixels
        self.frames = frames
    }
}

public enum FrameDiff {
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// Compares two files, or two folders frame by frame. Throws only for usage problems (a path that does
    /// not exist, a file against a folder); frames that cannot be compared are reported as errors.
    public static func run(_ r: FrameDiffRequest) throws -> FrameDiffReport {
        guard r.tolerance >= 0, r.tolerance <= 255 else { throw JobError.usage("--tolerance must be 0...255, got \(r.tolerance)") }
        guard r.maxDifferingPixels >= 0 else { throw JobError.usage("--max-differing-pixels must not be negative") }
        let fm = FileManager.default
        var aDir: Bool = false, bDir: Bool = false
        guard fm.fileExists(atPath: r.a, isDirectory: &aDir) else { throw JobError.usage("\(r.a): no such file or folder") }
        guard fm.fileExists(atPath: r.b, isDirectory: &bDir) else { throw JobError.usage("\(r.b): no such file or folder") }
        guard aDir == bDir else { throw JobError.usage("compare two files or two folders, not a file with a folder") }
        if let out = r.diffOut {
            do { try fm.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
                throw JobError.input(FileErrorMessage.message(for: error) ?? "\(out): cannot create the heat-map folder: \(error)")
            }
        }
        var frames: [FrameComparison] = []
        if aDir {
            // Names pair as Swift compares strings (canonically: `café` in NFC, as Linux tools write it, is `café` in
            // NFD, as macOS writes it); each file is opened by its own folder's spelling.
            let (left, twiceA) = try images(in: r.a), (right, twiceB) = try images(in: r.b)
            for name in Set(left.keys).union(right.keys).sorted() {
                // Two files of one name in two Unicode forms (NFC and NFD) in one folder: which to compare is unknown.
                if let dir = twiceA.contains(name) ? r.a : twiceB.contains(name) ? r.b : nil {
                    frames.append(.init(name: name, status: .error,
                                        error: "\(dir) holds two files named \(name), in different Unicode forms"))
                    continue
                }
                guard let a = left[name] else { frames.append(.init(name: name, status: .error, error: "missing in \(r.a)")); continue }
                guard let b = right[name] else { frames.append(.init(name: name, status: .error, error: "missing in \(r.b)")); continue }
                frames.append(compare(joinPath(r.a, a), joinPath(r.b, b), name: a, r))
            }
        } else {
            frames.append(compare(r.a, r.b, name: lastComponent(r.b), r))
        }
        return FrameDiffReport(tolerance: r.tolerance, maxDifferingPixels: r.maxDifferingPixels, frames: frames)
    }

    static func compare(_ pa: String, _ pb: String, name: String, _ r: FrameDiffRequest) -> FrameComparison {
        let a: RGBA8Image, b: RGBA8Image
        do {
            a = try ImageFile.read(path: pa)
            b = try ImageFile.read(path: pb)
        } catch {
            return FrameComparison(name: name, status: .error, error: "\(error)")
        }
        guard let d = ImageDiff(a, b, tolerance: r.tolerance) else {
            return FrameComparison(name: name, status: .error, width: a.width, height: a.height,
                                   error: "size mismatch: \(a.width)x\(a.height) in \(pa), \(b.width)x\(b.height) in \(pb)")
        }
        var c = FrameComparison(name: name, status: d.differingPixels <= r.maxDifferingPixels ? .match : .differ,
                                width: d.width, height: d.height, psnr: d.psnr.isFinite ? d.psnr : nil,
                                maxChannelDifference: d.maxChannelDifference, differingPixels: d.differingPixels)
        if c.status == .differ, let out = r.diffOut, let heat = ImageDiff.heatMap(a, b, tolerance: r.tolerance) {
            let stem = name.split(separator: ".").dropLast().joined(separator: ".")
            let path = joinPath(out, (stem.isEmpty ? name : stem) + ".diff.png")
            do {
                try AtomicFile.writePNG(heat, to: path, overwrite: r.overwrite, compression: .fast)
                c.heatMap = path
            } catch let e as AtomicFileError where e.refusedExisting {
                c.error = "heat map not written: \(path) already exists (use --overwrite to replace it)"
            } catch {
                c.error = "heat map not written: \(error)"
            }
        }
        return c
    }

    /// The image files of `dir`, keyed by name as Swift compares names, each with its spelling on disk, and the
    /// names spelt twice (in two Unicode forms).
    static func images(in dir: String) throws -> (files: [String: String], twice: Set<String>) {
        do {
            let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { n in
                !n.hasPrefix(".") && imageExtensions.contains(n.split(separator: ".").last.map { $0.lowercased() } ?? "")
            }
            var byName: [String: String] = [:], twice = Set<String>()
            for n in names {
                if byName[n] != nil { twice.insert(n) } else { byName[n] = n }
            }
            return (byName, twice)
        } catch {
            throw JobError.input("\(dir): cannot list the folder: \(error)")
        }
    }
    static func lastComponent(_ p: String) -> String { p.split(separator: "/").last.map(String.init) ?? p }
}
