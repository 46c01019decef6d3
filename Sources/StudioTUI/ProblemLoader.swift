// ProblemLoader: the take's shot analysis, run once on a background queue so the viewer opens at once; the UI
// picks up the problem ranges and every frame's status figures when they are ready.

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
    /// The take's analysis as the viewer uses it: problem ranges, and each frame's status figures (index = playhead).
    struct Result: Sendable {
        var spans: [ProblemSpan]
        var figures: [ShotFigures]
    }

    private let result = Mutex<Result?>(nil)
    private let delivered = Atomic<Bool>(false)

    init(stage: StageSource, timeline: ShotTimeline) {
        DispatchQueue.global(qos: .utility).async { [weak self] in
            let r = ProblemLoader.analyse(stage: stage, timeline: timeline)
            self?.result.withLock { $0 = r }
        }
    }

    /// The take's problem ranges as playback indices (index 0: the timeline's first frame) and each frame's figures.
    static func analyse(stage: StageSource, timeline: ShotTimeline) -> Result {
        let scene = stage.scene
        guard !scene.stage.ledSurfaces.isEmpty else { return Result(spans: [], figures: []) }
        let t = timeline.sized(width: scene.render.width, height: scene.render.height)
        let analysis = t.analysis(of: scene, threads: 1)
        let spans = analysis.problems.compactMap { p -> ProblemSpan? in
            guard let a = t.index(ofFrame: p.firstFrame), let b = t.index(ofFrame: p.lastFrame) else { return nil }
            return ProblemSpan(rule: p.rule.rawValue, frames: a...b, detail: p.detail)
        }
        return Result(spans: spans, figures: analysis.metrics.map(ShotFigures.init))
    }

    /// The analysis, once, when it has finished.
    func take() -> Result? {
        guard !delivered.load(ordering: .relaxed) else { return nil }
        guard let r = result.withLock({ $0 }) else { return nil }
        delivered.store(true, ordering: .relaxed)
        return r
    }
}
