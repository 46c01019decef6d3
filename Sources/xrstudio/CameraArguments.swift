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

    @Option(name: .customLong("fov-y"), help: ArgumentHelp("Vertical field of view in degrees (gluPerspective's fovy).", valueName: "DEG"))
    var fovY: Float = 45

    @Option(help: "Near clipping plane distance in metres.")
    var near: Float = 0.1

    @Option(help: "Far clipping plane distance in metres.")
    var far: Float = 1000

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
                    up: try parseVector3(up, option: "--up"), fovYDegrees: fovY, near: near, far: far)
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
