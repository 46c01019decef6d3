// AnalyzeJob: `xrstudio analyze SCENE --take T`: every frame of a take measured against the stage, a summary and the
// problem frame ranges with their timecodes, as text, JSON or CSV.

import FoundationEssentials
import Geometry
import SceneModel
import Shot
import ShotAnalysis
import SceneFormat
import TakeFormats

/// What to analyse.
public struct AnalyzeRequest: Sendable {
    public var scenePath: String
    public var take: String
    /// The image the camera records (nil: the scene's render size).
    public var size: (width: Int, height: Int)?
    public var threads: Int
    public var smoothing: Int
    /// How a FreeD take file is read (`--freed-rate`, `--freed-lens`).
    public var freed = FreeDReadOptions()
    /// Keep a take whose clock jumps far out of line (`--allow-gaps`).
    public var allowGaps = false

    public init(scenePath: String, take: String, size: (width: Int, height: Int)? = nil, threads: Int = 2, smoothing: Int = 0) {
        self.scenePath = scenePath
        self.take = take
        self.size = size
        self.threads = threads
        self.smoothing = smoothing
    }
}

/// A finished analysis with what the reports need.
public struct AnalyzeReport: Sendable {
    public var sceneName: String
    public var scenePath: String
    public var takeName: String
    public var frameRate: String
    public var camera: String?
    public var settings: AnalysisSettings
    public var analysis: TakeAnalysis

    public var failed: Bool { !analysis.problems.isEmpty }
}

public enum AnalyzeJob {
    public static func run(_ r: AnalyzeRequest) throws -> AnalyzeReport {
        let scene = try SceneFile.load(path: r.scenePath)
        guard !scene.stage.ledSurfaces.isEmpty else {
            throw JobError.input("\(r.scenePath): the scene has no LED walls or ceilings to analyse")
        }
        let p = try ShotTimeline(scene: scene, sceneFile: r.scenePath, take: r.take, width: r.size?.width,
                                 height: r.size?.height, smoothing: r.smoothing, freed: r.freed,
                                 allowGaps: r.allowGaps)
        let analysis = p.analysis(of: scene, threads: r.threads)
        return AnalyzeReport(sceneName: scene.name, scenePath: r.scenePath, takeName: p.takeName, frameRate: p.rate.description,
                             camera: p.camera?.name, settings: scene.analysis, analysis: analysis)
    }
}

extension AnalyzeReport {
    /// min, mean and max of a per-frame figure over the frames that have it.
    static func stats(_ values: [Double?]) -> (min: Double, mean: Double, max: Double)? {
        let v = values.compactMap { $0 }.filter(\.isFinite)
        guard let lo = v.min(), let hi = v.max() else { return nil }
        return (lo, v.reduce(0, +) / Double(v.count), hi)
    }

    var rows: [(String, [Double?], Int, Double)] {
        let m = analysis.metrics
        return [
            ("LED coverage %", m.map { $0.coverage }, 1, 100),
            ("overshoot %", m.map { $0.overshoot }, 2, 100),
            ("floor %", m.map { $0.floor }, 1, 100),
            ("nearest wall m", m.map { $0.nearestWallM }, 2, 1),
            ("in focus %", m.map { $0.inFocusShare }, 1, 100),
            ("moire risk %", m.map { $0.moireShare }, 1, 100),
            ("LED pitch / photosite", m.map { $0.pitchRatio }, 2, 1),
            ("blur / LED pitch", m.map { $0.blurRatio }, 2, 1),
            ("max off-axis deg", m.map { $0.maxOffAxisDegrees }, 1, 1),
            ("LED px per image px", m.map { $0.ledPixelsPerImagePixel?.max }, 2, 1),
            ("footprint cabinets", m.map { Double($0.footprints.reduce(0) { $0 + $1.cabinets }) }, 0, 1),
        ]
    }

    /// The human summary: the take, a min/mean/max table, the largest footprint and the problem ranges.
    public var text: String {
        let frames = analysis.frames
        var out = "\(sceneName) · take '\(takeName)' · \(frames.count) frames at \(frameRate) fps"
        if let f = frames.first, let l = frames.last { out += " (\(f.timecode)–\(l.timecode))" }
        if let camera { out += " · camera \(camera)" }
        out += "\n\n"
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        out += pad("", 24) + lpad("min", 10) + lpad("mean", 10) + lpad("max", 10) + "\n"
        for (name, values, digits, scale) in rows {
            guard let s = Self.stats(values) else { out += pad(name, 24) + lpad("-", 10) + "\n"; continue }
            out += pad(name, 24) + lpad(formatFixed(s.min * scale, digits), 10) + lpad(formatFixed(s.mean * scale, digits), 10)
                + lpad(formatFixed(s.max * scale, digits), 10) + "\n"
        }
        if let i = analysis.metrics.indices.max(by: {
            analysis.metrics[$0].footprints.reduce(0) { $0 + $1.cabinets } < analysis.metrics[$1].footprints.reduce(0) { $0 + $1.cabinets }
        }) {
            for fp in analysis.metrics[i].footprints {
                out += "\nlargest inner frustum (\(frames[i].timecode)): \(fp.surface) columns \(fp.columns.lowerBound)-\(fp.columns.upperBound), "
                    + "rows \(fp.rows.lowerBound)-\(fp.rows.upperBound), \(fp.cabinets) cabinets, "
                    + "\(formatFixed(fp.widthM, 2)) x \(formatFixed(fp.heightM, 2)) m, "
                    + "\(fp.pixelColumns.count) x \(fp.pixelRows.count) LED px"
            }
            out += "\n"
        }
        if let m = analysis.metrics.first {
            out += "depth of field at the first frame: \(formatFixed(m.depthOfField.near, 2))-\(m.depthOfField.far.isFinite ? formatFixed(m.depthOfField.far, 2) : "inf") m "
                + "(circle of confusion \(formatFixed(m.cocMM * 1000, 1)) µm); off-axis limit \(formatFixed(m.offAxisLimitDegrees, 1))°\n"
        }
        out += "\n"
        if analysis.problems.isEmpty {
            out += "no problems: every frame passes \(settings.rules.map(\.rawValue).joined(separator: ", "))\n"
        } else {
            out += "\(analysis.problems.count) problem range\(analysis.problems.count == 1 ? "" : "s"):\n"
            for p in analysis.problems {
                out += "  \(pad(p.rule.rawValue, 14)) \(p.firstTimecode)-\(p.lastTimecode)  frames \(p.firstFrame)-\(p.lastFrame) (\(p.frames))  worst: \(p.detail)\n"
            }
        }
        return out
    }

    /// One row per frame; a header first.
    public var csv: String {
        var out = "frame,timecode,coverage,overshoot,overshoot_top,overshoot_bottom,overshoot_left,overshoot_right,overshoot_other,"
            + "floor,nearest_wall_m,farthest_wall_m,dof_near_m,dof_far_m,in_focus,moire,pitch_ratio,blur_ratio,max_off_axis_deg,"
            + "led_px_per_image_px_min,led_px_per_image_px_max,footprint_cabinets,failures\n"
        func n(_ v: Double?, _ d: Int = 4) -> String { v.map { $0.isFinite ? formatFixed($0, d) : "inf" } ?? "" }
        for (f, m) in zip(analysis.frames, analysis.metrics) {
            let e = m.overshootByEdge
            let fields: [String] = [
                String(f.frame), f.timecode, n(m.coverage), n(m.overshoot), n(e[.top]), n(e[.bottom]), n(e[.left]), n(e[.right]),
                n(e[.other]), n(m.floor), n(m.nearestWallM, 3), n(m.farthestWallM, 3), n(m.depthOfField.near, 3),
                n(m.depthOfField.far, 3), n(m.inFocusShare), n(m.moireShare), n(m.pitchRatio, 3), n(m.blurRatio, 3),
                n(m.maxOffAxisDegrees, 2), n(m.ledPixelsPerImagePixel?.min, 3), n(m.ledPixelsPerImagePixel?.max, 3),
                String(m.footprints.reduce(0) { $0 + $1.cabinets }), m.failures.map(\.rawValue).joined(separator: " "),
            ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    struct JSONReport: Encodable {
        struct Summary: Encodable { var figure: String; var min: Double; var mean: Double; var max: Double }
        struct Problem: Encodable {
            var rule: String
            var firstFrame: Int, lastFrame: Int, frames: Int
            var firstTimecode: String, lastTimecode: String
            var worst: Double
            var detail: String
            enum CodingKeys: String, CodingKey {
                case rule, frames, worst, detail
                case firstFrame = "first_frame", lastFrame = "last_frame", firstTimecode = "first_timecode", lastTimecode = "last_timecode"
            }
        }
        struct FootprintJSON: Encodable {
            var surface: String
            var columns: [Int], rows: [Int], pixelColumns: [Int], pixelRows: [Int]
            var cabinets: Int
            var widthM: Double, heightM: Double
            enum CodingKeys: String, CodingKey {
                case surface, columns, rows, cabinets
                case pixelColumns = "pixel_columns", pixelRows = "pixel_rows", widthM = "width_m", heightM = "height_m"
            }
        }
        struct Frame: Encodable {
            var frame: Int
            var timecode: String
            /// The camera's optics at this frame (the take's lens data, else the scene camera's lens).
            var focalMM: Double
            var focusM: Double
            var coverage: Double
            var coverageBySurface: [String: Double]
            var overshoot: Double
            var overshootByEdge: [String: Double]
            var floor: Double
            var nearestWallM: Double?, farthestWallM: Double?
            var dofNearM: Double, dofFarM: Double?
            var inFocus: Double, moire: Double
            var pitchRatio: Double?, blurRatio: Double?
            var maxOffAxisDeg: Double?
            var ledPixelsPerImagePixel: [Double]?
            var footprints: [FootprintJSON]
            var failures: [String]
            enum CodingKeys: String, CodingKey {
                case frame, timecode, coverage, overshoot, floor, moire, footprints, failures
                case focalMM = "focal_mm", focusM = "focus_m"
                case coverageBySurface = "coverage_by_surface", overshootByEdge = "overshoot_by_edge"
                case nearestWallM = "nearest_wall_m", farthestWallM = "farthest_wall_m", dofNearM = "dof_near_m", dofFarM = "dof_far_m"
                case inFocus = "in_focus", pitchRatio = "pitch_ratio", blurRatio = "blur_ratio", maxOffAxisDeg = "max_off_axis_deg"
                case ledPixelsPerImagePixel = "led_px_per_image_px"
            }
        }
        var scene: String
        var sceneFile: String
        var take: String
        var frameRate: String
        var camera: String?
        var frames: Int
        var rules: [String]
        var passed: Bool
        var summary: [Summary]
        var problems: [Problem]
        var perFrame: [Frame]
        enum CodingKeys: String, CodingKey {
            case scene, take, camera, frames, rules, passed, summary, problems
            case sceneFile = "scene_file", frameRate = "frame_rate", perFrame = "per_frame"
        }
    }

    /// The whole analysis for scripts: summary, problems and every frame's figures.
    public func json() throws -> String {
        func finite(_ v: Double?) -> Double? { v.flatMap { $0.isFinite ? $0 : nil } }
        let report = JSONReport(
            scene: sceneName, sceneFile: scenePath, take: takeName, frameRate: frameRate, camera: camera,
            frames: analysis.frames.count, rules: settings.rules.map(\.rawValue), passed: !failed,
            summary: rows.compactMap { name, values, _, scale in
                Self.stats(values).map { JSONReport.Summary(figure: name, min: $0.min * scale, mean: $0.mean * scale, max: $0.max * scale) }
            },
            problems: analysis.problems.map {
                JSONReport.Problem(rule: $0.rule.rawValue, firstFrame: $0.firstFrame, lastFrame: $0.lastFrame, frames: $0.frames,
                                   firstTimecode: $0.firstTimecode, lastTimecode: $0.lastTimecode, worst: $0.worst, detail: $0.detail)
            },
            perFrame: zip(analysis.frames, analysis.metrics).map { f, m in
                JSONReport.Frame(
                    frame: f.frame, timecode: f.timecode, focalMM: f.camera.focalLengthMM, focusM: f.camera.focusDistanceM,
                    coverage: m.coverage,
                    coverageBySurface: Dictionary(m.coverageBySurface.map { ($0.surface, $0.share) }, uniquingKeysWith: { a, _ in a }),
                    overshoot: m.overshoot,
                    overshootByEdge: Dictionary(uniqueKeysWithValues: m.overshootByEdge.map { ($0.key.rawValue, $0.value) }),
                    floor: m.floor, nearestWallM: m.nearestWallM, farthestWallM: m.farthestWallM,
                    dofNearM: m.depthOfField.near, dofFarM: finite(m.depthOfField.far), inFocus: m.inFocusShare, moire: m.moireShare,
                    pitchRatio: finite(m.pitchRatio), blurRatio: finite(m.blurRatio), maxOffAxisDeg: m.maxOffAxisDegrees,
                    ledPixelsPerImagePixel: m.ledPixelsPerImagePixel.map { [$0.min, $0.max] },
                    footprints: m.footprints.map {
                        JSONReport.FootprintJSON(surface: $0.surface, columns: [$0.columns.lowerBound, $0.columns.upperBound],
                                                 rows: [$0.rows.lowerBound, $0.rows.upperBound],
                                                 pixelColumns: [$0.pixelColumns.lowerBound, $0.pixelColumns.upperBound],
                                                 pixelRows: [$0.pixelRows.lowerBound, $0.pixelRows.upperBound],
                                                 cabinets: $0.cabinets, widthM: $0.widthM, heightM: $0.heightM)
                    },
                    failures: m.failures.map(\.rawValue))
            })
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try enc.encode(report), as: UTF8.self) + "\n"
    }
}
