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

extension ShotTakeSet {
    /// Every shared frame measured with all cameras on the wall: each camera's figures with the other frusta it
    /// sees, the frusta's overlap, and problem ranges (the set's accepted rules marked).
    public func analysis(of scene: Scene, threads: Int) -> TakeSetAnalysis {
        let first = timelines[0]
        let analysed = frames.compactMap { n -> WallAnalysisFrame? in
            guard let w = wall(frame: n, viewing: 0), let i = first.index(ofFrame: n) else { return nil }
            return WallAnalysisFrame(frame: n, timecode: first.frames[i].timecode.description, cameras: w.cameras)
        }
        return TakeSetAnalysis.run(analysed, names: cameraNames, overlap: set.overlap, analyzer: ShotAnalyzer(scene: scene),
                                   accepted: set.accepted, threads: threads)
    }
}
