// SceneRender: `xrstudio render SCENE.yaml`: one frame of a scene's virtual world, seen from a mark or camera.

import FoundationEssentials
import FrameOutput
import Geometry
import ImageCodecs
import Imaging
import RasterCore
import SceneFormat
import SceneImaging
import SceneModel
import Shot
import StagePasses

/// What to render and where: the options of `render SCENE.yaml`.
public struct SceneRenderRequest: Sendable {
    public var scenePath: String
    /// A mark's name: its position, orientation and focal length (nil: the first camera's pose).
    public var mark: String?
    /// An explicit gluLookAt camera (`--camera`/`--look-at`), overriding marks and cameras; its vertical field of
    /// view is `fovYDegrees`, else the mark's or scene camera's.
    public var camera: ModelCamera?
    /// `--fov-y`: the vertical field of view instead of the mark's or camera's lens (nil: the lens's).
    public var fovYDegrees: Double?
    /// Output size; nil: the scene's render defaults.
    public var size: (width: Int, height: Int)?
    public var outPath: String
    public var depthAOV: Bool
    public var threads: Int
    public var tileSize: Int
    public var cull: CullMode
    public var overwrite: Bool
    /// The XR view (nil or `.virtual`: the virtual world alone). With a view other than virtual, `camera` places
    /// the witness view's camera and is otherwise refused.
    public var view: XRView?
    /// Set extension in the camera view (nil: the scene's `xr.set_extension`).
    public var setExtension: Bool?

    public init(scenePath: String, mark: String? = nil, camera: ModelCamera? = nil,
                size: (width: Int, height: Int)? = nil, outPath: String, depthAOV: Bool = false,
                threads: Int = ModelRenderRequest.defaultThreads, tileSize: Int = RasterLimits.defaultTileSize,
                cull: CullMode = .none, overwrite: Bool = false, view: XRView? = nil, setExtension: Bool? = nil,
                fovYDegrees: Double? = nil) {
        self.fovYDegrees = fovYDegrees
        self.view = view
        self.setExtension = setExtension
        self.scenePath = scenePath
        self.mark = mark
        self.camera = camera
        self.size = size
        self.outPath = outPath
        self.depthAOV = depthAOV
        self.threads = threads
        self.tileSize = tileSize
        self.cull = cull
        self.overwrite = overwrite
    }

    /// `FILE.depth.png` beside `FILE.png`.
    public var depthPath: String { FrameFiles.depthPath(for: outPath) }
}

/// What a finished scene render reports.
public struct SceneRenderResult: Sendable {
    public var triangles: Int
    public var width: Int
    public var height: Int
    public var written: [String]
    public var renderMilliseconds: Double
}

public enum SceneRender {
    /// Renders the virtual view in memory from `mark` (nil: the scene's first camera) or an explicit gluLookAt
    /// `camera` (its vertical angle the shot's), the lens set to `fovYDegrees` when given: the colour image (and
    /// linear depth when `keepDepth`). Marks and cameras go through `SceneCameras` and `XRFrameRenderer`, as every
    /// other view and the viewer do.
    public static func render(scene: Scene, sceneFile: String, mark: String? = nil, camera: ModelCamera? = nil,
                              fovYDegrees: Double? = nil,
                              width: Int, height: Int, threads: Int = 1, tileSize: Int = RasterLimits.defaultTileSize,
                              cull: CullMode = .none, keepDepth: Bool = false) throws
        -> (image: RGBA8Image, depth: [Float]?, triangles: Int, milliseconds: Double) {
        let settings = FrameSettings(width: width, height: height, clearColor: SceneDrawing.clearColor(of: scene),
                                     tileSize: tileSize, threads: threads, keepLinearDepth: keepDepth)
        do { try Rasterizer.validate(settings) } catch { throw JobError.usage("\(error)") }
        let renderer = try XRFrameRenderer(scene: scene, sceneFile: sceneFile, threads: threads, cull: cull, tileSize: tileSize)
        let clock = ContinuousClock()
        let t0: ContinuousClock.Instant
        let out: (image: RGBA8Image, depth: [Float]?)
        // The mark's or scene camera's shot, through its lens (distortion included), as every view renders it.
        let shot = try SceneCameras.shot(mark: mark, in: scene, file: sceneFile, width: width, height: height,
                                         fovYDegrees: fovYDegrees)
        if var camera {
            camera.fovYDegrees = Float(shot.pose.fovYDegrees)
            let view = try camera.viewSetup(width: width, height: height, bounds: renderer.worldBounds)
            t0 = clock.now
            out = try renderer.virtualImage(view: view, settings: settings)
        } else {
            t0 = clock.now
            out = try renderer.virtualImage(camera: shot, width: width, height: height, keepDepth: keepDepth)
        }
        let ms = (clock.now - t0).milliseconds
        return (out.image, out.depth, renderer.worldTriangles, ms)
    }

    /// Loads the scene file and renders one frame in memory from `mark` (nil: the first camera).
    public static func renderImage(scenePath: String, mark: String? = nil, width: Int, height: Int, threads: Int = 1,
                                   tileSize: Int = RasterLimits.defaultTileSize) throws -> RGBA8Image {
        let scene = try SceneFile.load(path: scenePath)
        return try render(scene: scene, sceneFile: scenePath, mark: mark, width: width, height: height,
                          threads: threads, tileSize: tileSize).image
    }

    /// The names of a scene file's marks, in file order.
    public static func markNames(scenePath: String) throws -> [String] {
        try SceneFile.load(path: scenePath).marks.map(\.name)
    }

    /// Renders and writes the frame (and depth AOV). Nothing is left at the output paths on failure.
    public static func run(_ r: SceneRenderRequest) throws -> SceneRenderResult {
        if let view = r.view, view != .virtual { return try runXR(r, view: view) }
        try FrameFiles.check(outPath: r.outPath, depth: r.depthAOV, overwrite: r.overwrite)
        let scene = try SceneFile.load(path: r.scenePath)
        if let m = r.mark { _ = try SceneCameras.mark(m, in: scene, file: r.scenePath) }
        let w = r.size?.width ?? scene.render.width, h = r.size?.height ?? scene.render.height
        let frame = try render(scene: scene, sceneFile: r.scenePath, mark: r.mark, camera: r.camera,
                               fovYDegrees: r.fovYDegrees, width: w, height: h,
                               threads: r.threads, tileSize: r.tileSize, cull: r.cull, keepDepth: r.depthAOV)
        let written = try FrameFiles.write(frame.image, depth: frame.depth, outPath: r.outPath, overwrite: r.overwrite,
                                           opaque: true)
        return SceneRenderResult(triangles: frame.triangles, width: w, height: h, written: written,
                                 renderMilliseconds: frame.milliseconds)
    }

    /// One frame of an XR view (camera, wall, plan, witness, or a section's native canvas).
    static func runXR(_ r: SceneRenderRequest, view: XRView) throws -> SceneRenderResult {
        if r.depthAOV { throw JobError.usage("--aov depth is available for the virtual view only") }
        if r.camera != nil && view != .witness {
            throw JobError.usage("--camera/--look-at place the witness camera; the \(view.name) view's camera is the mark or the scene's camera")
        }
        try FrameFiles.check(outPath: r.outPath, depth: false, overwrite: r.overwrite)
        let scene = try SceneFile.load(path: r.scenePath)
        let w = r.size?.width ?? scene.render.width, h = r.size?.height ?? scene.render.height
        let cam = try SceneCameras.shot(mark: r.mark, in: scene, file: r.scenePath, width: w, height: h,
                                        fovYDegrees: r.fovYDegrees)
        let renderer = try XRFrameRenderer(scene: scene, sceneFile: r.scenePath, threads: r.threads)
        if let c = r.camera {
            let eye = c.eye ?? SIMD3<Float>(WitnessView.defaultVantage(surfaces: renderer.surfaces, floor: scene.stage.floor).eye)
            renderer.witness = (SIMD3<Double>(eye), SIMD3<Double>(c.lookAt ?? [0, 1.5, 0]))
        }
        let image = try renderer.render(view, camera: cam, width: w, height: h, setExtension: r.setExtension)
        let written = try FrameFiles.write(image, depth: nil, outPath: r.outPath, overwrite: r.overwrite, opaque: true)
        return SceneRenderResult(triangles: renderer.worldTriangles, width: image.width, height: image.height, written: written,
                                 renderMilliseconds: renderer.timings.total)
    }
}
