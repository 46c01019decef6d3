// ProblemLoader: the take's shot analysis, run once on a background queue so the viewer opens at once; the UI
// picks up the problem ranges when they are ready.

import Dispatch
import RenderJobs
import Synchronization

/// One problem range of the take, in playback frames.
struct ProblemSpan: Sendable, Equatable {
    var rule: String
    var frames: ClosedRange<Int>
    var detail: String
}

/// Runs `AnalyzeJob.problemSpans` for a scene's take on one background thread (the renderer keeps the others).
final class ProblemLoader: Sendable {
    private let result = Mutex<[ProblemSpan]?>(nil)
    private let delivered = Atomic<Bool>(false)

    init(stage: StageSource, take: String) {
        DispatchQueue.global(qos: .utility).async { [weak self] in
            let spans = (try? AnalyzeJob.problemSpans(scenePath: stage.file, take: take, threads: 1)) ?? []
            self?.result.withLock { $0 = spans.map { ProblemSpan(rule: $0.rule, frames: $0.frames, detail: $0.detail) } }
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
