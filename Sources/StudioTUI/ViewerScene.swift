// ViewerScene: what the TUI shows: a scene file (its XR views, marks and takes) or a bare model in the clay look,
// and the camera it starts from.

import Geometry
import RasterCore
import SceneFormat
import SceneImaging
import SceneModel
import Shot
import TakeFormats

/// A source ready for the viewer. Its cameras are `ShotCamera`s framing the scene's render size: a take's frames
/// (`timeline`), a mark, the scene camera, or a flown camera made from one of them.
public struct ViewerScene: Sendable {
    /// Shown in the status line.
    public var name: String
    /// The camera the viewer starts from (a take's first frame, else the first mark, else the scene camera).
    public var camera: ShotCamera
    /// A take to play back (`tui SCENE --take T`): the camera at every frame, as `render` and `analyze` use it.
    /// With a take set, its first camera's timeline (`takeSet` holds every camera's).
    public var timeline: ShotTimeline?
    /// A take set to play back (`tui SCENE --take SET`): every camera on the shared frames.
    public var takeSet: ViewerTakeSet?
    /// A live tracker driving the camera (`tui --live freed://HOST:PORT`).
    public var live: (any LiveCameraSource)?
    /// The scene file behind the picture; nil for a bare model.
    public var stage: StageSource?
    /// A bare model in the clay look (nil for scene files).
    var clay: ClayModel?
    /// Metres per fly step, and how far ahead orbiting pivots.
    public var flyStep: Double
    public var orbitDistance: Double

    /// The scene camera the picture is shot with: the take's (its `camera:`), else the scene's first.
    public var cameraName: String? { cameraName(viewing: 0) }

    /// The timeline of camera `k` of a take set (the take's own timeline without a set).
    public func timeline(viewing k: Int) -> ShotTimeline? { takeSet?.timelines[k] ?? timeline }

    /// Camera `k`'s name (a take set's `k`th camera; else the take's camera or the scene's first).
    public func cameraName(viewing k: Int) -> String? {
        if let set = takeSet { return set.names[k] }
        return timeline?.camera?.name ?? stage?.scene.cameras.first?.name
    }

    /// The scene camera whose body and lens camera `k` uses (the take's, else the scene's first).
    func sceneCamera(viewing k: Int) -> SceneModel.Camera? { timeline(viewing: k)?.camera ?? stage?.scene.cameras.first }

    /// `camera` with the distortion its lens (camera `k`'s) has at its focal length and focus (the lens file's
    /// there, else the lens's own): a zoom or focus pull in the viewer changes distortion as the real lens would.
    func relensed(_ camera: ShotCamera, viewing k: Int = 0) -> ShotCamera {
        guard stage != nil else { return camera }
        var c = camera
        c.distortion = SceneCameras.distortion(of: sceneCamera(viewing: k), focalMM: c.focalLengthMM, focusM: c.focusDistanceM)
        return c
    }

    /// Every tracked camera on the wall at playhead index `i`, camera `k` viewed through `camera` (the take's camera
    /// there, or one flown from it): a take set's cameras, or a take's camera keyed as its scene camera says, as
    /// `render --take` puts them on the wall. Nil without a take (a mark or the scene camera alone, keyed as its
    /// scene camera is, as `render --mark` shows it).
    func wall(at i: Int, viewing k: Int, camera: ShotCamera) -> WallCameras? {
        var wall: WallCameras
        if let set = takeSet {
            wall = set.wall(at: i, viewing: k)
        } else if let t = timeline, t.frames.indices.contains(i) {
            wall = t.wall(t.frames[i])
        } else {
            return nil
        }
        wall.cameras[wall.viewing] = camera
        return wall
    }

    /// The image size every camera frames: the scene's render size (its aspect is what the viewport shows).
    public var imageSize: (width: Int, height: Int) { (camera.imageWidth, camera.imageHeight) }

    /// A scene file, with one of its takes (a take name, or a take file) or take sets (a set's name: every camera,
    /// the first viewed) ready to play when `take` is given. The scene file is read once, and its mesh files once.
    public static func sceneFile(path: String, take: String? = nil, freed: FreeDReadOptions = FreeDReadOptions(),
                                 allowGaps: Bool = false) throws -> ViewerScene {
        let scene = try SceneFile.load(path: path)
        let (w, h) = (scene.render.width, scene.render.height)
        var camera = try SceneCameras.shot(mark: scene.marks.first?.name, in: scene, file: path, width: w, height: h)
        var timeline: ShotTimeline?
        var takeSet: ViewerTakeSet?
        if let take, scene.takeSets.contains(where: { $0.name == take }) {
            let set = ViewerTakeSet(try ShotTakeSet(scene: scene, sceneFile: path, name: take, freed: freed, allowGaps: allowGaps))
            guard !set.timelines[0].frames.isEmpty else {
                throw JobError.input("take set '\(take)': no frame that every take holds")
            }
            takeSet = set
            timeline = set.timelines[0]
            camera = set.timelines[0].frames[0].camera
        } else if let take {
            let t = try ShotTimeline(scene: scene, sceneFile: path, take: take, freed: freed, allowGaps: allowGaps)
            camera = t.frames[0].camera
            timeline = t
        }
        return ViewerScene(name: scene.name, camera: camera, timeline: timeline, takeSet: takeSet, live: nil,
                           stage: StageSource(scene: scene, file: path, draws: try SceneDraws(scene: scene, sceneFile: path)),
                           clay: nil, flyStep: 0.25, orbitDistance: 5)
    }

    /// A model (OBJ, glTF, GLB) in the clay look, framed the way `xrstudio render` frames it (`ModelCamera`'s
    /// default), seen through a 36 mm wide sensor at 1920x1080.
    public static func clayModel(path: String) throws -> ViewerScene {
        let model = try ModelFile.load(path: path)
        guard model.triangleCount > 0 else {
            throw JobError.input("\(path): nothing to draw: the model has no triangles (only lines or points, or no geometry)")
        }
        let bounds = model.bounds ?? ([-1, -1, -1], [1, 1, 1])
        let framing = ModelCamera()
        let view = try framing.viewSetup(width: 16, height: 9, bounds: bounds)
        let list = try ClayPreview.drawList(for: model, view: view, shading: .clay, cull: .none)
        // The eye is where the inverse view matrix takes the origin.
        let inverse = view.view.inverse ?? .identity
        let eye = SIMD3<Double>(Double(inverse.c3.x), Double(inverse.c3.y), Double(inverse.c3.z))
        let mid: SIMD3<Float> = (bounds.min + bounds.max) / 2, half: SIMD3<Float> = (bounds.max - bounds.min) / 2
        let centre = SIMD3<Double>(mid)
        let radius = max(Double(half.length), 1e-3)
        let d = centre - eye
        let pan = atan2D(d.x, -d.z) * 180 / Double.pi
        let tilt = atan2D(d.y, (d.x * d.x + d.z * d.z).squareRoot()) * 180 / Double.pi
        // The framing's vertical angle on a 16:9 image across a 36 mm sensor.
        let tanY = tanHalf(degrees: Double(framing.fovYDegrees))
        let focal = 36 / (2 * tanY * 16 / 9)
        let camera = ShotCamera(pose: ScenePose(position: eye, panDegrees: pan, tiltDegrees: tilt, fovYDegrees: 0),
                                camera: nil, focalMM: focal, imageWidth: 1920, imageHeight: 1080)
        let distance: Double = d.length
        let clay = ClayModel(drawList: list, near: Float(max(radius * 1e-3, distance * 1e-3)),
                             far: Float((distance + radius) * 50))
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return ViewerScene(name: name, camera: camera, timeline: nil, takeSet: nil, live: nil, stage: nil, clay: clay,
                           flyStep: radius * 0.05, orbitDistance: distance)
    }

    static func tanHalf(degrees: Double) -> Double {
        let a = degrees * Double.pi / 360
        return sinD(a) / cosD(a)
    }
}

/// A bare model's draw list in the clay look; its key light follows the camera, as in `xrstudio render`.
struct ClayModel: Sendable {
    var drawList: DrawList
    var near: Float
    var far: Float

    /// The draw list for one view: the clay key light re-aimed from the camera.
    func drawList(for view: ViewSetup) -> DrawList {
        guard let dir = ClayPreview.keyDirectionView.normalizedOrNil else { return drawList }
        var list = drawList
        let keyWorld = view.view.transposed.transformDirection(dir)
        list.lighting = Lighting(ambient: SIMD3(repeating: ClayPreview.ambient),
                                 directional: [DirectionalLight(direction: keyWorld,
                                                                color: SIMD3(repeating: ClayPreview.keyIntensity))])
        return list
    }
}

/// A scene file as the XR views need it: the model, its path (meshes and takes are relative to it), and its world
/// and prop draw lists, built once (mesh files read once) for every renderer of the session.
public struct StageSource: Sendable {
    public var scene: Scene
    public var file: String
    public var draws: SceneDraws

    public init(scene: Scene, file: String, draws: SceneDraws) {
        self.scene = scene
        self.file = file
        self.draws = draws
    }

    public var frameRate: Double { scene.render.frameRate }
}
