// ProblemLoader: the take's shot analysis, run once on a background queue so the viewer opens at once; the UI
// picks up the problem ranges when they are ready.

import Dispatch
import SceneModel
import Shot
import ShotAnalysis
import Synchronization

/// One problem range of the take, in playback frames.
struct ProblemSpan: Sendable, Equatable {
    var rule: String
    var frames: ClosedRange<Int>
    var detail: String
}

/// Runs the take's shot analysis (`TakeAnalysis`, as `analyze` does: the timeline's cameras at the scene's render
/// size, the scene's analysis settings) on one background thread (the renderer keeps the others).
final class ProblemLoader: Sendable {
    private let result = Mutex<[ProblemSpan]?>(nil)
    private let delivered = Atomic<Bool>(false)

    init(stage: StageSource, timeline: ShotTimeline) {
        DispatchQueue.global(qos: .utility).async { [weak self] in
            let spans = ProblemLoader.spans(stage: stage, timeline: timeline)
            self?.result.withLock { $0 = spans }
        }
    }

    /// The take's problem ranges as playback indices (index 0: the timeline's first frame).
    static func spans(stage: StageSource, timeline: ShotTimeline) -> [ProblemSpan] {
        let scene = stage.scene
        guard !scene.stage.ledSurfaces.isEmpty else { return [] }
        let t = timeline.sized(width: scene.render.width, height: scene.render.height)
        let frames = t.frames.map { AnalysisFrame(frame: $0.frame, timecode: $0.timecode.description, camera: $0.camera) }
        let analyzer = ShotAnalyzer(stage: scene.stage, settings: scene.analysis, overscan: scene.xr.overscan)
        let analysis = TakeAnalysis.run(frames, analyzer: analyzer, threads: 1)
        return analysis.problems.compactMap { p in
            guard let a = t.index(ofFrame: p.firstFrame), let b = t.index(ofFrame: p.lastFrame) else { return nil }
            return ProblemSpan(rule: p.rule.rawValue, frames: a...b, detail: p.detail)
        }
    }

    /// The ranges, once, when the analysis has finished.
    func take() -> [ProblemSpan]? {
        guard !delivered.load(ordering: .relaxed) else { return nil }
        guard let r = result.withLock({ $0 }) else { return nil }
        delivered.store(true, ordering: .relaxed)
        return r
    }
}
