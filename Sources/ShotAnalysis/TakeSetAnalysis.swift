// TakeSetAnalysis: several cameras shot together (a take set), measured frame by frame: each camera's figures
// with the other inner frusta it sees, the frusta's overlap on the wall, and the problem ranges of all of them.

import Geometry
import SceneModel

/// One frame of a take set: its number, timecode label and every camera, in priority order.
public struct WallAnalysisFrame: Sendable {
    public var frame: Int
    public var timecode: String
    public var cameras: [ShotCamera]

    public init(frame: Int, timecode: String, cameras: [ShotCamera]) {
        self.frame = frame
        self.timecode = timecode
        self.cameras = cameras
    }
}

/// A take set's analysis.
public struct TakeSetAnalysis: Sendable {
    /// Camera names, priority order.
    public var cameraNames: [String]
    public var frames: [WallAnalysisFrame]
    public var metrics: [WallMetrics]
    /// Per camera (rules judged per image) and for the wall (`frustumOverlap`, camera nil), by first frame.
    public var problems: [ProblemRange]

    /// Camera `k`'s frames and metrics as a single-camera analysis (its problem ranges included).
    public func camera(_ k: Int) -> TakeAnalysis {
        let frames = self.frames.map { AnalysisFrame(frame: $0.frame, timecode: $0.timecode, camera: $0.cameras[k]) }
        return TakeAnalysis(frames: frames, metrics: metrics.map { $0.cameras[k] },
                            problems: problems.filter { $0.camera == cameraNames[k] })
    }

    /// Problems the scene does not accept (what `--strict` fails on).
    public var unaccepted: [ProblemRange] { problems.filter { !$0.accepted } }

    /// Measures every frame (on all cores; the figures do not depend on the thread count) and groups problems.
    /// `accepted` rules are listed but marked accepted.
    public static func run(_ frames: [WallAnalysisFrame], names: [String], overlap: FrustumOverlap, analyzer: ShotAnalyzer,
                           accepted: [AnalysisSettings.Rule] = [], threads: Int = 2) -> TakeSetAnalysis {
        let metrics = parallelMap(frames.count, threads: threads) {
            analyzer.measure(wall: frames[$0].cameras, names: names, overlap: overlap)
        }
        var problems: [ProblemRange] = []
        for k in names.indices {
            let single = frames.map { AnalysisFrame(frame: $0.frame, timecode: $0.timecode, camera: $0.cameras[k]) }
            for var r in TakeAnalysis.problemRanges(single, metrics.map { $0.cameras[k] }) {
                r.camera = names[k]
                problems.append(r)
            }
        }
        problems += wallRanges(frames, metrics)
        for i in problems.indices where accepted.contains(problems[i].rule) { problems[i].accepted = true }
        let order = Dictionary(uniqueKeysWithValues: AnalysisSettings.Rule.allCases.enumerated().map { ($1, $0) })
        let cam = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        problems.sort {
            ($0.firstFrame, order[$0.rule]!, cam[$0.camera ?? ""] ?? -1) < ($1.firstFrame, order[$1.rule]!, cam[$1.camera ?? ""] ?? -1)
        }
        return TakeSetAnalysis(cameraNames: names, frames: frames, metrics: metrics, problems: problems)
    }

    /// Consecutive frames whose frusta overlap beyond the limit, as ranges; worst = the largest overlap.
    static func wallRanges(_ frames: [WallAnalysisFrame], _ metrics: [WallMetrics]) -> [ProblemRange] {
        var ranges: [ProblemRange] = []
        var open: ProblemRange?
        for (f, m) in zip(frames, metrics) {
            guard m.failures.contains(.frustumOverlap) else {
                if let r = open { ranges.append(r); open = nil }
                continue
            }
            let o = m.overlap
            let detail = "inner frusta overlap \(formatFixed(o.areaM2, 2)) m² (\(o.cabinets) cabinet\(o.cabinets == 1 ? "" : "s") on "
                + o.bySurface.map(\.surface).joined(separator: ", ") + ")"
            if var r = open {
                r.lastFrame = f.frame; r.lastTimecode = f.timecode; r.frames += 1
                if o.areaM2 > r.worst { r.worst = o.areaM2; r.detail = detail }
                open = r
            } else {
                open = ProblemRange(rule: .frustumOverlap, firstFrame: f.frame, lastFrame: f.frame, firstTimecode: f.timecode,
                                    lastTimecode: f.timecode, frames: 1, worst: o.areaM2, detail: detail)
            }
        }
        if let r = open { ranges.append(r) }
        return ranges
    }
}
