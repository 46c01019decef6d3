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
    /// Only these frame numbers (`--frames`).
    public var frames: ClosedRange<Int>?

    public init(scenePath: String, take: String, size: (width: Int, height: Int)? = nil, threads: Int = 2, smoothing: Int = 0) {
        self.scenePath = scenePath
        self.take = take
        self.size = size
        self.threads = threads
        self.smoothing = smoothing
    }
}

/// A finished analysis with what the reports need: one take's, or a take set's (every camera at once).
public struct AnalyzeReport: Sendable {
    public var sceneName: String
    public var scenePath: String
    /// The take's name, or the take set's.
    public var takeName: String
    public var frameRate: String
    public var camera: String?
    public var settings: AnalysisSettings
    /// A single take's analysis, or the first camera's of a take set.
    public var analysis: TakeAnalysis
    /// A take set's analysis: every camera, the frusta they see and their overlap.
    public var takeSet: TakeSetAnalysis? = nil
    /// A take set's takes, one per camera in priority order, and how its overlaps resolve.
    public var setTakes: [String] = []
    public var setOverlap: FrustumOverlap = .priority

    /// Whether `--strict` fails: a problem range the scene does not accept.
    public var failed: Bool { takeSet.map { !$0.unaccepted.isEmpty } ?? !analysis.problems.isEmpty }
}

public enum AnalyzeJob {
    public static func run(_ r: AnalyzeRequest) throws -> AnalyzeReport {
        let scene = try SceneFile.load(path: r.scenePath)
        guard !scene.stage.ledSurfaces.isEmpty else {
            throw JobError.input("\(r.scenePath): the scene has no LED walls or ceilings to analyse")
        }
        if scene.takeSets.contains(where: { $0.name == r.take }) {
            var set = try ShotTakeSet(scene: scene, sceneFile: r.scenePath, name: r.take, width: r.size?.width,
                                      height: r.size?.height, smoothing: r.smoothing, freed: r.freed, allowGaps: r.allowGaps)
            if let range = r.frames {
                let span = "\(set.frames.first!)-\(set.frames.last!)"
                set.frames = set.frames.filter(range.contains)
                guard !set.frames.isEmpty else {
                    throw JobError.usage("--frames \(range.lowerBound)-\(range.upperBound): no frames of take set '\(r.take)' "
                                         + "in that range (it has \(span))")
                }
            }
            let analysis = set.analysis(of: scene, threads: r.threads)
            return AnalyzeReport(sceneName: scene.name, scenePath: r.scenePath, takeName: r.take, frameRate: set.timelines[0].rate.description,
                                 camera: set.cameraNames[0], settings: scene.analysis, analysis: analysis.camera(0), takeSet: analysis,
                                 setTakes: set.timelines.map(\.takeName), setOverlap: set.set.overlap)
        }
        var p = try ShotTimeline(scene: scene, sceneFile: r.scenePath, take: r.take, width: r.size?.width,
                                 height: r.size?.height, smoothing: r.smoothing, freed: r.freed,
                                 allowGaps: r.allowGaps)
        if let range = r.frames { p.frames = try p.selecting(range) }
        let analysis = p.analysis(of: scene, threads: r.threads)
        return AnalyzeReport(sceneName: scene.name, scenePath: r.scenePath, takeName: p.takeName, frameRate: p.rate.description,
                             camera: p.camera?.name, settings: scene.analysis, analysis: analysis)
    }
}

