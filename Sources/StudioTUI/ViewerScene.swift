// ViewerScene: what the TUI shows: a draw list, where the camera starts, and how lighting follows the camera.

import Geometry
import RasterCore
import RenderJobs
import SceneModel

/// A scene ready for the viewer: a draw list built once, its start camera and background.
///
/// Two sources exist today: the built-in `SampleStage`, and a bare OBJ model in the clay look whose key light
/// stays fixed to the camera (as in `xrstudio render`). Scene files replace the sample stage in a later issue.
public struct ViewerScene: Sendable {
    /// Shown in the status line.
    public var name: String
    public var drawList: DrawList
    public var camera: FlyCamera
    /// Linear-light background.
    public var clearColor: SIMD4<Float>
    /// Re-aim the clay key light from the camera every frame (`ClayPreview`'s view-space direction).
    public var keyLightFollowsCamera: Bool
    /// A take to play back (`tui SCENE --take T`).
    public var track: CameraTrack?
    /// A live tracker driving the camera (`tui --live freed://HOST:PORT`).
    public var live: (any LiveCameraSource)?
    /// The scene file behind the picture, when there is one: its XR views (camera, wall, plan, witness) and the
    /// shot figures in the status line come from it.
    public var stage: StageSource?

    public init(name: String, drawList: DrawList, camera: FlyCamera, clearColor: SIMD4<Float>,
                keyLightFollowsCamera: Bool = false) {
        self.name = name
        self.drawList = drawList
        self.camera = camera
        self.clearColor = clearColor
        self.keyLightFollowsCamera = keyLightFollowsCamera
    }

    /// The procedural XR stage (`SampleStage`) from its default camera.
    public static func sampleStage() throws -> ViewerScene {
        let c = SampleStage.defaultCamera
        let camera = FlyCamera(eye: c.eye ?? [0, 1.7, 7.5], lookAt: c.lookAt ?? [0, 2, 0], fovYDegrees: c.fovYDegrees,
                               near: c.near, far: c.far, step: 0.25)
        return ViewerScene(name: "sample stage", drawList: try SampleStage.drawList(), camera: camera,
                           clearColor: SampleStage.clearColor)
    }

    /// A scene file's virtual world with one of its takes (a take name, or a take file) ready to play.
    public static func sceneFile(path: String, take: String) throws -> ViewerScene {
        var viewer = try sceneFile(path: path)
        let track = try SequenceRender.cameraTrack(scenePath: path, take: take)
        viewer.track = CameraTrack(name: track.name, frameRate: track.frameRate, cameras: track.poses.map { pose in
            let eye = SIMD3<Float>(Float(pose.position.x), Float(pose.position.y), Float(pose.position.z))
            let f = pose.forward
            return FlyCamera(eye: eye, lookAt: eye + SIMD3<Float>(Float(f.x), Float(f.y), Float(f.z)) * 5,
                             fovYDegrees: Float(pose.fovYDegrees), near: 0.05, far: 2000, step: 0.25)
        }, labels: track.labels)
        if let first = viewer.track?.cameras.first { viewer.camera = first }
        return viewer
    }

    /// A scene file's virtual world (`SceneRender`), seen from its first mark (else its first camera).
    public static func sceneFile(path: String) throws -> ViewerScene {
        let scene: Scene = try SceneInspector.load(path: path)
        let list = try SceneRender.drawList(for: scene, sceneFile: path)
        let pose = try scene.marks.first.map { try SceneRender.pose(mark: $0.name, in: scene, file: path) }
            ?? SceneRender.defaultPose(of: scene)
        let eye = SIMD3<Float>(Float(pose.position.x), Float(pose.position.y), Float(pose.position.z))
        let f = pose.forward
        let camera = FlyCamera(eye: eye, lookAt: eye + SIMD3<Float>(Float(f.x), Float(f.y), Float(f.z)) * 5,
                               fovYDegrees: Float(pose.fovYDegrees), near: 0.05, far: 2000, step: 0.25)
        var viewer = ViewerScene(name: scene.name, drawList: list, camera: camera, clearColor: SceneRender.clearColor(of: scene))
        viewer.stage = StageSource(scene: scene, file: path)
        return viewer
    }

    /// A Wavefront OBJ in the clay look, framed the way `xrstudio render` frames it (`ModelCamera`'s default).
    public static func clayModel(path: String) throws -> ViewerScene {
        let model = try ModelFile.load(path: path)
        let bounds = model.bounds ?? ([-1, -1, -1], [1, 1, 1])
        let framing = ModelCamera()
        let view = try framing.viewSetup(width: 16, height: 9, bounds: bounds)
        let list = try ClayPreview.drawList(for: model, view: view, shading: .clay, cull: .none)
        // The eye is where the inverse view matrix takes the origin.
        let inverse = view.view.inverse ?? .identity
        let eye = SIMD3(inverse.c3.x, inverse.c3.y, inverse.c3.z)
        let centre = (bounds.min + bounds.max) / 2
        let radius = max(((bounds.max - bounds.min) / 2).length, 1e-3)
        let distance = (eye - centre).length
        let camera = FlyCamera(eye: eye, lookAt: centre, fovYDegrees: framing.fovYDegrees,
                               near: max(radius * 1e-3, distance * 1e-3), far: (distance + radius) * 50,
                               step: radius * 0.05)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return ViewerScene(name: name, drawList: list, camera: camera, clearColor: ClayPreview.background,
                           keyLightFollowsCamera: true)
    }

    /// The draw list for one view: the clay key light re-aimed at the camera when `keyLightFollowsCamera`.
    func drawList(for view: ViewSetup) -> DrawList {
        guard keyLightFollowsCamera, let dir = ClayPreview.keyDirectionView.normalizedOrNil else { return drawList }
        var list = drawList
        let keyWorld = view.view.transposed.transformDirection(dir)
        list.lighting = Lighting(ambient: SIMD3(repeating: ClayPreview.ambient),
                                 directional: [DirectionalLight(direction: keyWorld,
                                                                color: SIMD3(repeating: ClayPreview.keyIntensity))])
        return list
    }
}

/// A scene file as the XR views need it: the model, its path (meshes and takes are relative to it) and the camera
/// whose sensor frames the views.
public struct StageSource: Sendable {
    public var scene: Scene
    public var file: String

    public init(scene: Scene, file: String) {
        self.scene = scene
        self.file = file
    }

    /// The scene camera's name, lens stop and focus distance (metres), for the status line and the focus keys.
    public var cameraName: String? { scene.cameras.first?.name }
    public var fStop: Double { scene.cameras.first?.lens.fStop ?? 2.8 }
    public var focusM: Double { scene.cameras.first?.lens.focusDistanceM ?? 3 }
    public var frameRate: Double { scene.render.frameRate }

    /// The scene camera's sensor width, millimetres (36 without cameras).
    public var sensorWidthMM: Double { scene.cameras.first?.body.sensorWidthMM ?? 36 }

    /// The shot camera for a fly camera and an image of `width` x `height` shown at `aspect` (width / height on
    /// screen): the fly camera's position and heading, its vertical field of view, the scene camera's sensor,
    /// lens stop and focus.
    public func shotCamera(_ c: FlyCamera, width: Int, height: Int, aspect: Double, focusM: Double? = nil) -> ShotCamera {
        let f = c.forward
        let horizontal = (Double(f.x) * Double(f.x) + Double(f.z) * Double(f.z)).squareRoot()
        let pan = atan2D(Double(f.x), -Double(f.z)) * 180 / Double.pi
        let tilt = atan2D(Double(f.y), horizontal) * 180 / Double.pi
        let tanY = Double(sinD(Double(c.fovYDegrees) * Double.pi / 360) / cosD(Double(c.fovYDegrees) * Double.pi / 360))
        let body = scene.cameras.first
        let sensorW = body?.body.sensorWidthMM ?? 36
        let focal = sensorW / (2 * tanY * aspect)
        let pose = ScenePose(position: SIMD3<Double>(Double(c.eye.x), Double(c.eye.y), Double(c.eye.z)),
                             panDegrees: pan, tiltDegrees: tilt, fovYDegrees: Double(c.fovYDegrees))
        // The image's pixel grid may not be square on screen (ascii cells): the shot's aspect is what is shown.
        var shot = ShotCamera(pose: pose, camera: body, focalMM: focal, focusM: focusM, imageWidth: width, imageHeight: height)
        shot.focalLengthMM = focal
        shot.imageWidth = max(1, Int((Double(height) * aspect).rounded()))
        shot.imageHeight = height
        return shot
    }
}
