// ProblemLoader: the take's (or take set's) shot analysis, run once on a background queue so the viewer opens at
// once; the UI picks up the problem ranges and every frame's status figures when they are ready.

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
    /// A take set's camera the problem is in (nil: a single take, or the wall's, as `frustum_overlap`).
    var camera: String? = nil
    /// The take set accepts this rule (its `accept:` list in the scene): listed, drawn apart, not a failure.
    var accepted = false

    /// The problem as the hint line names it: `B frustum_in_shot: detail`, `frustum_overlap (accepted): detail`.
    var label: String {
        (camera.map { "\($0) " } ?? "") + rule + (accepted ? " (accepted)" : "") + ": " + detail
    }
}

/// Runs the shot analysis as `analyze` does (the timeline's cameras at the scene's render size, the scene's
/// analysis settings): a take's `TakeAnalysis`, or a take set's `TakeSetAnalysis` with every camera on the wall,
/// on one background thread (the renderer keeps the others).
final class ProblemLoader: Sendable {
    /// The analysis as the viewer uses it: problem ranges, and each camera's figures at each frame
    /// (`figures[k][i]`: camera k of a take set, or the take's one camera, at playhead index i).
    struct Result: Sendable {
        var spans: [ProblemSpan]
        var figures: [[ShotFigures]]
    }

    private let result = Mutex<Result?>(nil)
    private let delivered = Atomic<Bool>(false)

    convenience init(stage: StageSource, timeline: ShotTimeline) {
        self.init { ProblemLoader.analyse(stage: stage, timeline: timeline) }
    }

    convenience init(stage: StageSource, takeSet: ViewerTakeSet) {
        self.init { ProblemLoader.analyse(stage: stage, takeSet: takeSet) }
    }

    private init(work: @escaping @Sendable () -> Result) {
        DispatchQueue.global(qos: .utility).async { [weak self] in
            let r = work()
            self?.result.withLock { $0 = r }
        }
    }

    /// The take's problem ranges as playback indices (index 0: the timeline's first frame) and each frame's figures.
    static func analyse(stage: StageSource, timeline: ShotTimeline) -> Result {
        let scene = stage.scene
        guard !scene.stage.ledSurfaces.isEmpty else { return Result(spans: [], figures: []) }
        let t = timeline.sized(width: scene.render.width, height: scene.render.height)
        let analysis = t.analysis(of: scene, threads: 1)
        return Result(spans: spans(analysis.problems, on: t), figures: [analysis.metrics.map(ShotFigures.init)])
    }

    /// The take set's problem ranges (each camera's, and the wall's overlap; accepted ones marked) as playback
    /// indices of the shared frames, and each camera's figures there, as `analyze --take SET` measures them.
    static func analyse(stage: StageSource, takeSet: ViewerTakeSet) -> Result {
        let scene = stage.scene
        guard !scene.stage.ledSurfaces.isEmpty else { return Result(spans: [], figures: []) }
        let analysis = takeSet.set.analysis(of: scene, threads: 1)
        let t = takeSet.timelines[0]
        let spans = spans(analysis.problems, on: t)
        // The analysis measures exactly the shared frames the timelines hold; anything else would misalign figures.
        guard analysis.frames.map(\.frame) == t.frames.map(\.frame) else { return Result(spans: spans, figures: []) }
        let figures = analysis.cameraNames.indices.map { k in analysis.metrics.map { ShotFigures($0.cameras[k]) } }
        return Result(spans: spans, figures: figures)
    }

    /// Problem ranges (frame numbers) as spans of `t`'s playback indices, with their camera and accepted mark; a
    /// range whose ends `t` does not hold is left out.
    static func spans(_ problems: [ProblemRange], on t: ShotTimeline) -> [ProblemSpan] {
        problems.compactMap { p -> ProblemSpan? in
            guard let a = t.index(ofFrame: p.firstFrame), let b = t.index(ofFrame: p.lastFrame) else { return nil }
            return ProblemSpan(rule: p.rule.rawValue, frames: a...b, detail: p.detail, camera: p.camera, accepted: p.accepted)
        }
    }

    /// The analysis, once, when it has finished.
    func take() -> Result? {
        guard !delivered.load(ordering: .relaxed) else { return nil }
        guard let r = result.withLock({ $0 }) else { return nil }
        delivered.store(true, ordering: .relaxed)
        return r
    }
}
