// ShotTimeline+Analysis: a take's shot analysis, frame by frame, as `analyze` reports it and the viewer shows it.

import SceneModel
import ShotAnalysis

extension ShotTimeline {
    /// Every frame of the timeline (at its image size) measured by the scene's analyzer, with problem ranges.
    public func analysis(of scene: Scene, threads: Int) -> TakeAnalysis {
        let analysed = frames.map { AnalysisFrame(frame: $0.frame, timecode: $0.timecode.description, camera: $0.camera) }
        return TakeAnalysis.run(analysed, analyzer: ShotAnalyzer(scene: scene), threads: threads)
    }
}
