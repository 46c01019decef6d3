// PlanContent: what a printed stage plan shows, gathered from the scene and its take before any drawing: the
// stage, the marks, each camera's path with timecodes, the frames whose frustum footprints are drawn, and the shot
// analysis's problem ranges.

import SceneModel
import StagePasses
import Takes

/// One frame of a camera's path.
public struct PlanSample: Sendable {
    public var frame: Int
    public var timecode: Timecode
    public var camera: ShotCamera
    public var position: SIMD3<Double> { camera.pose.position }
}

/// One tracked camera of the take (or of each take of a take set), in its palette colours.
public struct PlanCamera: Sendable {
    /// The scene camera's name ("A").
    public var name: String
    /// The take it follows.
    public var take: String
    public var colours: CameraColours
    /// Every frame of the take, in order.
    public var path: [PlanSample]
    /// The frames whose inner-frustum footprint is drawn (indices into `path`).
    public var footprints: [Int]
}

/// A shot-analysis problem range, numbered for the legend and the path.
public struct PlanProblem: Sendable, Equatable {
    public var number: Int
    public var rule: String
    /// The camera it concerns (a take set's camera; the take's camera otherwise); nil for the wall's own problems
    /// (frusta overlapping on it), which the legend lists as the wall's and no camera's path shows.
    public var camera: String?
    public var firstFrame: Int
    public var lastFrame: Int
    public var firstTimecode: String
    public var lastTimecode: String
    /// Reported but accepted by the take set (`accept:`).
    public var accepted: Bool
}

/// Everything on one plan.
public struct PlanContent: Sendable {
    public var sceneName: String
    public var stage: Stage
    /// The marks, each with the focal length it is shot at (`PlanJob.marksWithFocalLengths`: its own, else its
    /// camera's lens's), which its label prints.
    public var marks: [Mark]
    /// The take's or take set's name; nil: the stage and marks only.
    public var takeName: String?
    public var rate: FrameRate?
    public var cameras: [PlanCamera]
    public var problems: [PlanProblem]
    /// Whether the shot analysis ran (false: `--no-analysis`, the legend says so).
    public var analysed = true
    /// The inner frustum's widening (the scene's `xr.overscan`), as the footprints are drawn.
    public var overscan: Double
    /// The shoot day for the title block and the PDF's dates (`YYYY-MM-DD`); nil: none printed, a fixed date in
    /// the file.
    public var date: String?

    public init(sceneName: String, stage: Stage, marks: [Mark], takeName: String? = nil, rate: FrameRate? = nil,
                cameras: [PlanCamera] = [], problems: [PlanProblem] = [], overscan: Double = 0, date: String? = nil) {
        self.sceneName = sceneName
        self.stage = stage
        self.marks = marks
        self.takeName = takeName
        self.rate = rate
        self.cameras = cameras
        self.problems = problems
        self.overscan = overscan
        self.date = date
    }

    /// The first and last timecode of the take (the first camera's), for the title block.
    public var timecodeRange: (first: Timecode, last: Timecode)? {
        guard let p = cameras.first?.path, let a = p.first, let b = p.last else { return nil }
        return (a.timecode, b.timecode)
    }

    /// The studio points (x, z) the drawing must hold: LED surfaces, marks, primitive props, every camera position
    /// and the footprints drawn; the floor when there is nothing else.
    public var extent: (lo: SIMD2<Double>, hi: SIMD2<Double>) {
        var pts: [SIMD2<Double>] = []
        let surfaces = stage.ledSurfaces
        for s in surfaces {
            for seg in PlanGeometry.outline(s).segments { pts += [seg.0, seg.1] }
        }
        pts += marks.map { PlanGeometry.flat($0.position) }
        for prop in stage.props { pts += PlanDrawing.footprint(prop) ?? [] }
        for c in cameras {
            pts += c.path.map { PlanGeometry.flat($0.position) }
            for i in c.footprints {
                let cam = c.path[i].camera
                for seg in PlanGeometry.footprint(cam, overscan: overscan, surfaces: surfaces) { pts += [seg.0, seg.1] }
                pts += PlanGeometry.floorFootprints(cam, overscan: overscan, surfaces: surfaces).joined()
            }
        }
        if pts.isEmpty {
            let f = stage.floor
            pts = [f.centre - f.size / 2, f.centre + f.size / 2]
        }
        var lo = pts[0], hi = pts[0]
        for p in pts { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
        return (lo, hi)
    }
}
