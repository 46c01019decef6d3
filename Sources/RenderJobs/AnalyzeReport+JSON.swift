// AnalyzeReport+JSON: `analyze --json`: summary, problems and every frame's figures, for scripts. A take set's
// frames carry every camera (`cameras: {NAME: {..., visible_frusta: {OTHER: share}}}`) and the frusta's overlap.

import FoundationEssentials
import SceneModel
import ShotAnalysis

extension AnalyzeReport {
    struct JSONReport: Encodable {
        struct Summary: Encodable { var camera: String?; var figure: String; var min: Double; var mean: Double; var max: Double }
        struct Problem: Encodable {
            var rule: String
            var camera: String?
            var accepted: Bool?
            var firstFrame: Int, lastFrame: Int, frames: Int
            var firstTimecode: String, lastTimecode: String
            var worst: Double
            var detail: String
            enum CodingKeys: String, CodingKey {
                case rule, camera, accepted, frames, worst, detail
                case firstFrame = "first_frame", lastFrame = "last_frame", firstTimecode = "first_timecode", lastTimecode = "last_timecode"
            }

            /// In a take set (`accepted` given) `camera` is always there, null for the wall's own ranges, so a script
            /// can read `p["camera"]`; a single take's ranges have no camera key, as before.
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(rule, forKey: .rule)
                if accepted != nil { try c.encode(camera, forKey: .camera) }
                try c.encodeIfPresent(accepted, forKey: .accepted)
                try c.encode(firstFrame, forKey: .firstFrame)
                try c.encode(lastFrame, forKey: .lastFrame)
                try c.encode(frames, forKey: .frames)
                try c.encode(firstTimecode, forKey: .firstTimecode)
                try c.encode(lastTimecode, forKey: .lastTimecode)
                try c.encode(worst, forKey: .worst)
                try c.encode(detail, forKey: .detail)
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
        /// One camera at one frame (frame and timecode left out inside a take set's frame).
        struct Frame: Encodable {
            var frame: Int?
            var timecode: String?
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
            /// Take sets: the share of this image showing each other camera's inner frustum, and all of them.
            var visibleFrusta: [String: Double]?
            var frustumInShot: Double?
            var failures: [String]
            enum CodingKeys: String, CodingKey {
                case frame, timecode, coverage, overshoot, floor, moire, footprints, failures
                case focalMM = "focal_mm", focusM = "focus_m"
                case coverageBySurface = "coverage_by_surface", overshootByEdge = "overshoot_by_edge"
                case nearestWallM = "nearest_wall_m", farthestWallM = "farthest_wall_m", dofNearM = "dof_near_m", dofFarM = "dof_far_m"
                case inFocus = "in_focus", pitchRatio = "pitch_ratio", blurRatio = "blur_ratio", maxOffAxisDeg = "max_off_axis_deg"
                case ledPixelsPerImagePixel = "led_px_per_image_px", visibleFrusta = "visible_frusta", frustumInShot = "frustum_in_shot"
            }
        }
        /// A take set's frame: every camera, and the frusta's overlap on the wall.
        struct WallFrame: Encodable {
            var frame: Int
            var timecode: String
            var cameras: [String: Frame]
            var overlapM2: Double
            var overlapBySurface: [String: Double]
            var overlapCabinets: Int
            var overlapLEDPixels: Int
            var failures: [String]
            enum CodingKeys: String, CodingKey {
                case frame, timecode, cameras, failures
                case overlapM2 = "overlap_m2", overlapBySurface = "overlap_by_surface", overlapCabinets = "overlap_cabinets"
                case overlapLEDPixels = "overlap_led_px"
            }
        }
        var scene: String
        var sceneFile: String
        var take: String?
        var takeSet: String?
        var takes: [String: String]?
        var overlap: String?
        var frameRate: String
        var camera: String?
        var cameras: [String]?
        var frames: Int
        var rules: [String]
        var passed: Bool
        var summary: [Summary]
        var problems: [Problem]
        var perFrame: [Frame]?
        var perWallFrame: [WallFrame]?
        enum CodingKeys: String, CodingKey {
            case scene, take, takes, overlap, camera, cameras, frames, rules, passed, summary, problems
            case sceneFile = "scene_file", takeSet = "take_set", frameRate = "frame_rate", perFrame = "per_frame"
            case perWallFrame = "per_frame_cameras"
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(scene, forKey: .scene)
            try c.encode(sceneFile, forKey: .sceneFile)
            try c.encodeIfPresent(take, forKey: .take)
            try c.encodeIfPresent(takeSet, forKey: .takeSet)
            try c.encodeIfPresent(takes, forKey: .takes)
            try c.encodeIfPresent(overlap, forKey: .overlap)
            try c.encode(frameRate, forKey: .frameRate)
            try c.encodeIfPresent(camera, forKey: .camera)
            try c.encodeIfPresent(cameras, forKey: .cameras)
            try c.encode(frames, forKey: .frames)
            try c.encode(rules, forKey: .rules)
            try c.encode(passed, forKey: .passed)
            try c.encode(summary, forKey: .summary)
            try c.encode(problems, forKey: .problems)
            // Either kind of frame list goes under "per_frame".
            if let perWallFrame { try c.encode(perWallFrame, forKey: .perFrame) } else { try c.encode(perFrame ?? [], forKey: .perFrame) }
        }
    }

    static func finite(_ v: Double?) -> Double? { v.flatMap { $0.isFinite ? $0 : nil } }

    static func frameJSON(_ f: AnalysisFrame?, _ camera: ShotCamera, _ m: ShotMetrics, several: Bool,
                          extraFailures: [AnalysisSettings.Rule] = []) -> JSONReport.Frame {
        JSONReport.Frame(
            frame: f?.frame, timecode: f?.timecode, focalMM: camera.focalLengthMM, focusM: camera.focusDistanceM,
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
            visibleFrusta: several ? Dictionary(m.visibleFrusta.map { ($0.camera, $0.share) }, uniquingKeysWith: { a, _ in a }) : nil,
            frustumInShot: several ? m.frustumInShot : nil,
            failures: (m.failures + extraFailures).map(\.rawValue))
    }

    /// The whole analysis for scripts: summary, problems and every frame's figures (every camera's in a take set).
    public func json() throws -> String {
        let problems = (takeSet?.problems ?? analysis.problems).map {
            JSONReport.Problem(rule: $0.rule.rawValue, camera: $0.camera, accepted: takeSet == nil ? nil : $0.accepted,
                               firstFrame: $0.firstFrame, lastFrame: $0.lastFrame, frames: $0.frames,
                               firstTimecode: $0.firstTimecode, lastTimecode: $0.lastTimecode, worst: $0.worst, detail: $0.detail)
        }
        func summary(_ a: TakeAnalysis, camera: String?) -> [JSONReport.Summary] {
            Self.rows(a.metrics, several: camera != nil).compactMap { name, values, _, scale in
                Self.stats(values).map { JSONReport.Summary(camera: camera, figure: name, min: $0.min * scale, mean: $0.mean * scale, max: $0.max * scale) }
            }
        }
        var report = JSONReport(
            scene: sceneName, sceneFile: scenePath, frameRate: frameRate, camera: camera, frames: analysis.frames.count,
            rules: rulesApplied.map(\.rawValue), passed: !failed, summary: [], problems: problems)
        if let set = takeSet {
            report.takeSet = takeName
            report.camera = nil
            report.cameras = set.cameraNames
            report.takes = Dictionary(zip(set.cameraNames, setTakes), uniquingKeysWith: { a, _ in a })
            switch setOverlap {
            case .priority: report.overlap = "priority"
            case .key: report.overlap = "key"
            }
            report.summary = set.cameraNames.indices.flatMap { summary(set.camera($0), camera: set.cameraNames[$0]) }
            report.perWallFrame = zip(set.frames, set.metrics).map { f, w in
                JSONReport.WallFrame(
                    frame: f.frame, timecode: f.timecode,
                    cameras: Dictionary(set.cameraNames.indices.map { k in
                        (set.cameraNames[k], Self.frameJSON(nil, f.cameras[k], w.cameras[k], several: true))
                    }, uniquingKeysWith: { a, _ in a }),
                    overlapM2: w.overlap.areaM2,
                    overlapBySurface: Dictionary(w.overlap.bySurface.map { ($0.surface, $0.areaM2) }, uniquingKeysWith: { a, _ in a }),
                    overlapCabinets: w.overlap.cabinets, overlapLEDPixels: w.overlap.ledPixels,
                    failures: (w.cameras.flatMap(\.failures) + w.failures).map(\.rawValue).uniqued())
            }
        } else {
            report.take = takeName
            report.summary = summary(analysis, camera: nil)
            report.perFrame = zip(analysis.frames, analysis.metrics).map { f, m in Self.frameJSON(f, f.camera, m, several: false) }
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try enc.encode(report), as: UTF8.self) + "\n"
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
