// CameraArguments: the camera and frame options shared by `render` and `bench`.

import ArgumentParser
import RasterCore
import RenderJobs
import SceneModel
import SceneImaging

struct CameraArguments: ParsableArguments {
    @Option(name: .customLong("camera"), help: ArgumentHelp("Camera position X,Y,Z in metres (gluLookAt's eye). Default: frames the model.", valueName: "X,Y,Z"))
    var camera: String?

    @Option(name: .customLong("look-at"), help: ArgumentHelp("Point the camera looks at, X,Y,Z (gluLookAt's center). Default: the model's centre.", valueName: "X,Y,Z"))
    var lookAt: String?

    @Option(help: ArgumentHelp("Up direction X,Y,Z.", valueName: "X,Y,Z"))
    var up: String = "0,1,0"

    @Option(name: .customLong("fov-y"), help: ArgumentHelp("Vertical field of view in degrees, between 0 and 180 (gluPerspective's fovy). Default: 45 for a model; for a scene the lens's, and --fov-y sets the lens to the focal length that frames it.", valueName: "DEG"))
    var fovY: Float?

    @Option(help: ArgumentHelp("Near clipping plane distance in metres (default 0.1): models, and a scene's virtual view placed with --camera/--look-at.", valueName: "M"))
    var near: Float?

    @Option(help: ArgumentHelp("Far clipping plane distance in metres (default 1000): models, and a scene's virtual view placed with --camera/--look-at.", valueName: "M"))
    var far: Float?

    @Option(help: ArgumentHelp("Frame size in pixels, each side 1...16384 (default 1920x1080, or a scene's own).",
                               valueName: "WxH"))
    var size: String?

    @Option(help: ArgumentHelp("Worker threads (default: all cores). The image is bit-identical for any count.", valueName: "N"))
    var threads: Int?

    @Option(name: .customLong("tile-size"), help: ArgumentHelp("Tile side in pixels: a power of two, 8...256.", valueName: "PX"))
    var tileSize: Int = RasterLimits.defaultTileSize

    @Option(help: ArgumentHelp("Drop faces by winding: none, back or front (counter-clockwise is front).", valueName: "MODE"))
    var cull: String = "none"

    func modelCamera() throws -> ModelCamera {
        ModelCamera(eye: try camera.map { try parseVector3($0, option: "--camera") },
                    lookAt: try lookAt.map { try parseVector3($0, option: "--look-at") },
                    up: try parseVector3(up, option: "--up"), fovYDegrees: fovY ?? 45, near: near ?? 0.1, far: far ?? 1000)
    }

    /// `--fov-y` for a scene: the lens's vertical angle instead of the mark's or camera's (nil when not given).
    func sceneFovY() throws -> Double? {
        guard let fovY else { return nil }
        guard fovY.isFinite, fovY > 0, fovY < 180 else {
            throw JobError.usage("--fov-y must be between 0 and 180 degrees (exclusive), got \(fovY)")
        }
        return Double(fovY)
    }

    /// Whether `--camera` or `--look-at` places a camera (a scene's virtual or witness view, instead of the mark's).
    var placesCamera: Bool { camera != nil || lookAt != nil }

    /// The options that place or frame a gluLookAt camera, as given (for the usage errors where none applies).
    var lookAtOptions: [String] {
        [camera.map { _ in "--camera" }, lookAt.map { _ in "--look-at" }, fovY.map { _ in "--fov-y" },
         near.map { _ in "--near" }, far.map { _ in "--far" }].compactMap { $0 }
    }

    /// `--size`, or 1920x1080 when it was not given.
    func frameSize() throws -> (width: Int, height: Int) { try parseSize(size ?? "1920x1080") }

    func cullMode() throws -> CullMode {
        guard let m = CullMode(rawValue: cull) else { throw JobError.usage("--cull must be none, back or front, got '\(cull)'") }
        return m
    }

    func threadCount() throws -> Int {
        let n = threads ?? ModelRenderRequest.defaultThreads
        guard (1...Rasterizer.maxThreads).contains(n) else {
            throw JobError.usage("--threads must be 1...\(Rasterizer.maxThreads), got \(n)")
        }
        return n
    }
}
