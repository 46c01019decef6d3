// XRFrameRenderer: one frame of any XR view of a scene — it runs the stage passes in order (inner frustum, outer
// frustum, wall canvas, physical stage, composite) and times each one.

import Geometry
import Imaging
import RasterCore
import SceneFormat
import SceneModel
import StagePasses

/// The views a scene renders in (`--view`).
public enum XRView: Sendable, Equatable, Hashable {
    /// The in-camera composite: the stage through the camera, the wall showing its canvas.
    case camera
    /// The virtual world alone, from the camera (what the inner frustum shows, without overscan).
    case virtual
    /// Every LED surface's canvas, fitted into the image.
    case wall
    /// The stage from above, to scale.
    case plan
    /// A third-person view of the stage with the camera and its frustum.
    case witness
    /// One LED surface's canvas at its native LED resolution (`--view wall --native`).
    case section(Int)

    public static let named: [(String, XRView)] = [("camera", .camera), ("virtual", .virtual), ("wall", .wall),
                                                   ("plan", .plan), ("witness", .witness)]

    public init?(name: String) {
        guard let v = Self.named.first(where: { $0.0 == name })?.1 else { return nil }
        self = v
    }

    public var name: String {
        if case .section(let i) = self { return "section-\(i)" }
        return Self.named.first { $0.1 == self }!.0
    }

    /// The `--view` value the view is asked for with: a surface's native canvas is `wall` (with `--native`).
    public var option: String {
        if case .section = self { return "wall" }
        return name
    }
}

/// Time spent in each pass of the last frame, milliseconds (0 for passes the view did not need).
public struct PassTimings: Sendable, Equatable {
    public var inner = 0.0
    public var outer = 0.0
    public var canvas = 0.0
    public var physical = 0.0
    public var composite = 0.0
    /// A distorted lens's warp of the camera or virtual view's rectilinear cover (`LensWarp`).
    public var warp = 0.0
    public var total: Double { inner + outer + canvas + physical + composite + warp }

    public init(inner: Double = 0, outer: Double = 0, canvas: Double = 0, physical: Double = 0, composite: Double = 0,
                warp: Double = 0) {
        self.inner = inner
        self.outer = outer
        self.canvas = canvas
        self.physical = physical
        self.composite = composite
        self.warp = warp
    }
}

/// A scene's virtual world and stage props as draw calls, built once from the scene and its mesh files.
public struct SceneDraws: Sendable {
    public var world: DrawList
    public var props: [DrawCall]

    public init(scene: Scene, sceneFile: String, cull: CullMode = .none) throws {
        world = try SceneDrawing.drawList(for: scene, sceneFile: sceneFile, cull: cull)
        props = try SceneDrawing.propDraws(for: scene, sceneFile: sceneFile)
    }
}

/// Renders XR views of one scene, frame after frame. The outer frustum is rendered once (the virtual world does not
/// move) and kept. Not thread-safe: one renderer per thread.
public final class XRFrameRenderer {
    public let scene: Scene
    public let surfaces: [LEDSurface]
    let world: DrawList
    /// The stage's props, read on first need (the virtual view never draws them), or given with the draws.
    private var propsCache: [DrawCall]?
    private let sceneFile: String?
    let threads: Int
    let tileSize: Int
    let raster = Rasterizer()
    var outerCache: OuterFrustum?
    /// The outer frustum from the rasterizer's linear colour, for scene-linear frames (`renderLinear`).
    var outerLinearCache: OuterFrustum?
    /// The witness view's eye and target (nil: a vantage point that takes in every LED surface).
    public var witness: (eye: SIMD3<Double>, target: SIMD3<Double>)?
    /// Camera positions drawn as a path in the plan view.
    public var path: [SIMD3<Double>] = []
    /// The plan's zoom about its centre (1: the whole stage framed).
    public var planZoom = 1.0
    public internal(set) var timings = PassTimings()
    /// Studio black: what the camera sees where there is nothing (linear).
    public static let studioBlack: SIMD4<Float> = [0.004, 0.004, 0.005, 1]

    /// - Parameters:
    ///   - cull: face culling of the virtual world (`--cull`; the stage's props are always two-sided).
    ///   - tileSize: the rasterizer's tile size for every pass.
    public init(scene: Scene, sceneFile: String, threads: Int, cull: CullMode = .none,
                tileSize: Int = RasterLimits.defaultTileSize) throws {
        self.scene = scene
        surfaces = scene.stage.ledSurfaces
        world = try SceneDrawing.drawList(for: scene, sceneFile: sceneFile, cull: cull)
        self.sceneFile = sceneFile
        self.threads = max(1, threads)
        self.tileSize = tileSize
    }

    /// A renderer over draw lists already built (several renderers of one scene share them: mesh files are read once).
    public init(scene: Scene, draws: SceneDraws, threads: Int, tileSize: Int = RasterLimits.defaultTileSize) {
        self.scene = scene
        surfaces = scene.stage.ledSurfaces
        world = draws.world
        propsCache = draws.props
        sceneFile = nil
        self.threads = max(1, threads)
        self.tileSize = tileSize
    }

    /// Unifont for the plan's and wall view's labels when a name needs it (a Chinese wall, mark, camera or card
    /// name); looked up the first time one of those views is drawn, with a warning (`SceneFile.warn`) when the
    /// font is missing.
    lazy var labelFont: Unifont? = {
        let names = surfaces.map(\.name) + scene.marks.map(\.name) + scene.cameras.map(\.name) + scene.lightCards.map(\.name)
        return SystemUnifont.forText(names, what: "labels", warn: { SceneFile.warn?($0) })
    }()

    /// The stage's props as draw calls (read from their mesh files the first time a view needs them).
    func props() throws -> [DrawCall] {
        if let p = propsCache { return p }
        let p = try sceneFile.map { try SceneDrawing.propDraws(for: scene, sceneFile: $0) } ?? []
        propsCache = p
        return p
    }

    public var worldTriangles: Int { world.triangleCount }
    /// Bounds of the virtual world's positions (nil when empty), for cameras that frame the whole world.
    public var worldBounds: (min: SIMD3<Float>, max: SIMD3<Float>)? { SceneDrawing.bounds(world) }

    /// The virtual world through an explicit view (a gluLookAt camera), with linear depth when the settings keep it.
    public func virtualImage(view: ViewSetup, settings: FrameSettings) throws -> (image: RGBA8Image, depth: [Float]?) {
        try raster.render(world, view: view, settings: settings)
        return (raster.colorImage(), settings.keepLinearDepth ? raster.linearDepthBuffer() : nil)
    }

    /// The virtual world as `camera` records it at `width` x `height`, with linear eye depth when `keepDepth`: a
    /// distorted camera renders its rectilinear cover and warps colour (bilinear) and depth (nearest) through the lens.
    public func virtualImage(camera: ShotCamera, width: Int, height: Int, keepDepth: Bool) throws
        -> (image: RGBA8Image, depth: [Float]?) {
        let recorded = camera.sized(width: width, height: height)
        let cam = recorded.distortion == nil ? recorded : try Self.cover(recorded)
        guard let view = cam.viewSetup() else { throw degenerate(cam) }
        let settings = FrameSettings(width: cam.imageWidth, height: cam.imageHeight, clearColor: SceneDrawing.clearColor(of: scene),
                                     tileSize: tileSize, threads: threads, keepLinearDepth: keepDepth)
        try Self.validate(settings)
        let out = try virtualImage(view: view, settings: settings)
        guard recorded.distortion != nil else { return out }
        let clear = SceneDrawing.clearColor(of: scene)
        return (LensWarp.distort(out.image, rectilinear: cam, to: recorded, fill: clear, threads: threads),
                out.depth.map { LensWarp.distortDepth($0, rectilinear: cam, to: recorded, threads: threads) })
    }

    /// The outer frustum (rendered on first use), from the rasterizer's linear colour when `linear`.
    public func outer(linear: Bool = false) throws -> OuterFrustum {
        if let o = linear ? outerLinearCache : outerCache { return o }
        let t0 = ContinuousClock.now
        let o = try OuterFrustum(world: world, origin: SIMD3<Float>(scene.stage.viewOrigin), size: scene.xr.outerFacePixels,
                                 clearColor: SceneDrawing.clearColor(of: scene), threads: threads, raster: raster, linear: linear)
        timings.outer = (ContinuousClock.now - t0).milliseconds
        if linear { outerLinearCache = o } else { outerCache = o }
        return o
    }

    /// The virtual world through `camera` widened by `overscan`, `width` x `height` pixels.
    func virtualImage(_ camera: ShotCamera, overscan: Double, width: Int, height: Int) throws -> RGBA8Image {
        guard let view = camera.viewSetup(overscan: overscan) else { throw degenerate(camera) }
        let settings = FrameSettings(width: width, height: height, clearColor: SceneDrawing.clearColor(of: scene),
                                     tileSize: tileSize, threads: threads)
        try Self.validate(settings)
        try raster.render(world, view: view, settings: settings)
        return raster.colorImage()
    }

    /// The virtual world through `camera` widened by `overscan` in linear light: the rasterizer's linear RGBA.
    func virtualLinear(_ camera: ShotCamera, overscan: Double, width: Int, height: Int) throws -> [Float] {
        guard let view = camera.viewSetup(overscan: overscan) else { throw degenerate(camera) }
        let settings = FrameSettings(width: width, height: height, clearColor: SceneDrawing.clearColor(of: scene),
                                     tileSize: tileSize, threads: threads, keepLinearColor: true)
        try Self.validate(settings)
        try raster.render(world, view: view, settings: settings)
        return raster.linearColorBuffer()
    }

    /// The frame's wall canvas: the inner frustum for `camera` at `width` x `height` (plus overscan) over the outer.
    public func canvas(camera: ShotCamera?, width: Int, height: Int) throws -> WallCanvas {
        try canvas(wall: camera.map { WallCameras(single: $0) }, width: width, height: height)
    }

    /// The frame's wall canvas for every tracked camera on the wall: each camera's inner frustum rendered at
    /// `width` x `height` (plus overscan; at most the stage's `xr.inner_resolution` pixels), in priority order, keyed where its camera is keyed, with the scene's light
    /// cards. A distorted camera's inner frustum is rendered for its rectilinear cover (`ShotCamera.rectilinear`)
    /// plus the overscan, so it holds every point the lens records, as a stage renders it for a calibrated lens.
    /// `linear`: the frusta are the rasterizer's linear colour (for scene-linear frames), not its 8-bit frames.
    public func canvas(wall: WallCameras?, width: Int, height: Int, linear: Bool = false) throws -> WallCanvas {
        let outer = try outer(linear: linear)
        var inners: [InnerFrustum] = []
        let t0 = ContinuousClock.now
        // The stage's inner-frustum resolution (`xr.inner_resolution`) caps what a large view renders.
        let frame = scene.xr.innerFrame(width: width, height: height)
        for (i, c) in (wall?.cameras ?? []).enumerated() {
            var camera = c.sized(width: frame.width, height: frame.height)
            if camera.distortion != nil { camera = try Self.cover(camera) }
            let ov = scene.xr.overscan
            let size = InnerFrustum.renderSize(width: camera.imageWidth, height: camera.imageHeight, overscan: ov)
            let key = c.chromaKey
            // A keyed frustum shows its key, not its world: render the world only for the viewed camera (set
            // extension continues it beyond the wall).
            let image: LinearImage
            if key != nil && i != wall!.viewing {
                image = LinearImage(width: 1, height: 1, rgb: [0, 0, 0])
            } else if linear {
                image = LinearImage(width: size.width, height: size.height,
                                    rgba: try virtualLinear(camera, overscan: ov, width: size.width, height: size.height))
            } else {
                image = LinearImage(srgb: try virtualImage(camera, overscan: ov, width: size.width, height: size.height), threads: threads)
            }
            inners.append(InnerFrustum(camera: camera, overscan: ov, image: image, view: camera.viewSetup(overscan: ov)!, key: key))
        }
        if wall != nil { timings.inner = (ContinuousClock.now - t0).milliseconds }
        return WallCanvas(surfaces: surfaces, inners: inners, viewing: wall?.viewing, outer: outer, softEdge: scene.xr.softEdge,
                          overlap: wall?.overlap ?? .priority, cards: scene.lightCards)
    }

    /// The physical stage's draw list under the scene's lights and the wall's light.
    func physicalList(canvas: WallCanvas?) throws -> DrawList {
        var lighting = SceneDrawing.lighting(of: scene)
        if let canvas {
            lighting.directional += StageGeometry.wallLights(canvas, from: scene.stage.viewOrigin)
        }
        var list = DrawList(draws: try props(), lighting: lighting)
        let floor = StageGeometry.floor(scene.stage.floor)
        list.draws.insert(floor.draw, at: 0)
        if let g = floor.grid { list.lines.append(g) }
        return list
    }

    /// The cameras the plan and witness views draw: every camera on the wall in its palette colours and named,
    /// `viewed` standing for the viewed one and the others framing an image of its size (their rays' aspect).
    func viewCameras(_ wall: WallCameras, viewed: ShotCamera) -> [ViewCamera] {
        ViewCamera.cameras(on: wall, viewed: viewed).enumerated().map { i, c in
            var c = c
            if i != wall.viewing { c.camera = c.camera.sized(width: viewed.imageWidth, height: viewed.imageHeight) }
            return c
        }
    }

    /// The pinhole camera that covers a distorted camera's recorded frame; an error when its distortion folds back
    /// inside the frame or needs more than `ShotCamera.maxCoverScale` times the field of view.
    static func cover(_ camera: ShotCamera) throws -> ShotCamera {
        guard let c = camera.rectilinear else {
            throw JobError.input("the lens distortion (k1 \(camera.distortion?.k1 ?? 0), k2 \(camera.distortion?.k2 ?? 0)) "
                                 + "does not map the frame's edges back to a pinhole within \(ShotCamera.maxCoverScale)x the field of view")
        }
        return c
    }

    /// What the in-camera composite stands on, for the 8-bit and the linear camera view alike: the wall canvas for
    /// `wall`, and the physical stage (lit by it) rasterised from `camera` with its eye depth; with `linear`, the canvas
    /// in linear light and the stage's linear colour (`linearPhysical`) too. Times the canvas and physical passes.
    func physicalStage(camera: ShotCamera, wall: WallCameras, settings: FrameSettings, linear: Bool = false) throws
        -> (canvas: WallCanvas, physical: RGBA8Image, depth: [Float], linearPhysical: [Float]?) {
        let canvas = try self.canvas(wall: wall, width: settings.width, height: settings.height, linear: linear)
        var t0 = ContinuousClock.now
        let list = try physicalList(canvas: canvas)
        timings.canvas = (ContinuousClock.now - t0).milliseconds
        t0 = ContinuousClock.now
        guard let v = camera.viewSetup() else { throw degenerate(camera) }
        var s = settings
        s.keepLinearDepth = true
        s.keepLinearColor = linear
        try raster.render(list, view: v, settings: s)
        let physical = raster.colorImage(), depth = raster.linearDepthBuffer()
        let linearPhysical = linear ? raster.linearColorBuffer() : nil
        timings.physical = (ContinuousClock.now - t0).milliseconds
        return (canvas, physical, depth, linearPhysical)
    }

    /// Every LED surface's canvas at its native LED resolution for one frame (what the processors are sent), from one
    /// wall canvas: the inner frusta rendered once for `camera` at its image size, then each surface's LED pixels
    /// (`render(.section(i), ...)` gives the same image of one surface). Times the inner and canvas passes.
    public func nativeCanvases(camera: ShotCamera, wall: WallCameras? = nil) throws -> [RGBA8Image] {
        timings = PassTimings()
        let canvas = try self.canvas(wall: wall ?? WallCameras(single: camera), width: camera.imageWidth,
                                     height: camera.imageHeight)
        for i in surfaces.indices { try checkNativeBudget(i) }
        let t0 = ContinuousClock.now
        let out = surfaces.indices.map { canvas.image(surface: $0, threads: threads) }
        timings.canvas = (ContinuousClock.now - t0).milliseconds
        return out
    }

    /// `Rasterizer.validate` for a pass of a view: a frame size over the limit is said as what it is, the size a
    /// view renders inside (a lens's wider pinhole cover, the inner frustum's overscan) for the size asked, which a
    /// user never typed ("frame size 17468x119 is outside ..." for `--size 15000x100`). A usage error: a smaller
    /// size works.
    static func validate(_ settings: FrameSettings) throws {
        do {
            try Rasterizer.validate(settings)
        } catch RasterError.badSize(let w, let h) where w > RasterLimits.maxDimension || h > RasterLimits.maxDimension {
            throw JobError.usage("this view renders \(w)x\(h) inside for the size asked (the lens's wider pinhole cover "
                + "and the inner frustum's overscan), more than \(RasterLimits.maxDimension) a side: ask for a smaller --size")
        } catch {
            throw JobError.usage("\(error)")
        }
    }

    /// The error for a camera no view can be made from, naming the scene and the pose (from a take or a mark).
    func degenerate(_ camera: ShotCamera) -> JobError {
        let p = camera.pose
        func n(_ v: Double) -> String { formatFixed(v, 3) }
        return JobError.input("\(sceneFile ?? "the scene"): the camera at [\(n(p.position.x)), \(n(p.position.y)), "
            + "\(n(p.position.z))], pan \(n(p.panDegrees))°, tilt \(n(p.tiltDegrees))°, roll \(n(p.rollDegrees))° "
            + "has no view (its forward and up are parallel, or a value is out of range)")
    }

    /// Refuses a native canvas over the memory budget before it is allocated: its RGBA image and the PNG writer's
    /// filtered copy of it, about 8 bytes an LED pixel (a wall of 8192-pixel panels asked for 54 GB and aborted); in
    /// linear light (`linear`) its float RGBA and the EXR writer's planes, about 32.
    func checkNativeBudget(_ i: Int, linear: Bool = false) throws {
        let p = surfaces[i].pixels
        let bytes = Double(p.width) * Double(p.height) * (linear ? 32 : 8)
        try MemoryBudget.check(bytes < 9e18 ? Int(bytes) : Int.max, "\(sceneFile.map { "\($0): " } ?? "")LED surface "
            + "'\(surfaces[i].name)' at its native \(p.width)x\(p.height) LED pixels")
    }

    /// Refuses a frame of `view` at `width` x `height` over the memory budget before its buffers are allocated (a
    /// 16384x16384 EXR frame under a 4 GB limit died in an allocation, exit 134): bytes a pixel for the rasterizer's
    /// buffers, their copies, the inner frustum with its overscan and the encoder's, as measured at 3840x2160 (peak
    /// resident memory over the process's own, the default take): 14 for the virtual view and 36 for the camera view
    /// in 8 bits, 76 and 128 in linear light (float colour, the frame's floats, EXR planes).
    /// EXR layers (`layers`) add what they measured at 4K (P,alpha +38 on the virtual view; virtual,P,alpha +51 on the
    /// camera view): P 32, alpha 8 (its warp), the camera view's CG plate 16.
    /// A surface's native canvas (`.section`) has its own check at its LED size (`checkNativeBudget`).
    public static func checkFrameBudget(_ view: XRView, width: Int, height: Int, linear: Bool, layers: [FrameAOV] = []) throws {
        if case .section = view { return }
        var perPixel: Double = view == .virtual ? (linear ? 76 : 14) : (linear ? 128 : 36)
        for layer in layers {
            switch layer {
            case .position: perPixel += 32
            case .alpha: perPixel += 8
            case .virtual: perPixel += view == .camera ? 16 : 0
            }
        }
        let bytes = Double(width) * Double(height) * perPixel
        let with = layers.isEmpty ? "" : " with its layers (\(layers.map(\.rawValue).joined(separator: ",")))"
        try MemoryBudget.check(bytes < 9e18 ? Int(bytes) : Int.max,
                               "a \(width)x\(height) frame of the \(view.name) view\(linear ? " in linear light (EXR)" : "")\(with)")
    }

    /// Renders one frame of `view` from `camera` at `width` x `height`. The camera and virtual views of a camera
    /// with lens distortion are rendered through its rectilinear cover and warped as the lens records them
    /// (`LensWarp`); the other views draw its frustum through the lens.
    /// `wall`: every tracked camera on the wall this frame (nil: `camera` alone, keyed as its scene camera is); `camera` is the one viewed.
    public func render(_ view: XRView, camera: ShotCamera, width: Int, height: Int, setExtension: Bool? = nil,
                       wall: WallCameras? = nil) throws -> RGBA8Image {
        try Self.checkFrameBudget(view, width: width, height: height, linear: false)
        let wall = wall ?? WallCameras(single: camera)
        if view == .virtual {
            timings = PassTimings()
            let t0 = ContinuousClock.now
            let img = try virtualImage(camera: camera, width: width, height: height, keepDepth: false).image
            timings.inner = (ContinuousClock.now - t0).milliseconds
            return img
        }
        if camera.distortion != nil, view == .camera {
            let recorded = camera.sized(width: width, height: height)
            let cover = try Self.cover(recorded)
            let pinhole = try render(view, camera: cover, width: cover.imageWidth, height: cover.imageHeight,
                                     setExtension: setExtension, wall: wall)
            let t0 = ContinuousClock.now
            let out = LensWarp.distort(pinhole, rectilinear: cover, to: recorded, fill: Self.studioBlack, threads: threads)
            timings.warp = (ContinuousClock.now - t0).milliseconds
            return out
        }
        timings = PassTimings()
        let settings = FrameSettings(width: width, height: height, clearColor: Self.studioBlack, tileSize: tileSize,
                                     threads: threads)
        try Self.validate(settings)
        switch view {
        case .virtual:
            let t0 = ContinuousClock.now
            let img = try virtualImage(camera, overscan: 0, width: width, height: height)
            timings.inner = (ContinuousClock.now - t0).milliseconds
            return img
        case .camera:
            let (canvas, physical, depth, _) = try physicalStage(camera: camera, wall: wall, settings: settings)
            let t0 = ContinuousClock.now
            // The physical image is handed over: composited in place, not copied first (a 4K cover is 40 MB).
            let out = InCameraPass.composite(camera: camera, canvas: canvas, physical: consume physical, depth: depth,
                                             setExtension: setExtension ?? scene.xr.setExtension, threads: threads)
            timings.composite = (ContinuousClock.now - t0).milliseconds
            return out
        case .wall:
            let canvas = try self.canvas(wall: wall, width: width, height: height)
            let t0 = ContinuousClock.now
            let out = WallView.render(canvas, width: width, height: height, threads: threads, unifont: labelFont)
            timings.canvas = (ContinuousClock.now - t0).milliseconds
            return out
        case .section(let i):
            guard surfaces.indices.contains(i) else { throw JobError.usage("no LED surface \(i)") }
            try checkNativeBudget(i)
            let canvas = try self.canvas(wall: wall, width: camera.imageWidth, height: camera.imageHeight)
            let t0 = ContinuousClock.now
            let out = canvas.image(surface: i, threads: threads)
            timings.canvas = (ContinuousClock.now - t0).milliseconds
            return out
        case .witness:
            let canvas = try self.canvas(wall: wall, width: width, height: height)
            var t0 = ContinuousClock.now
            let textures = surfaces.indices.map { i -> Texture? in
                let p = surfaces[i].pixels
                let w = min(p.width, 1024), h = max(1, Int(Double(w) * Double(p.height) / Double(p.width)))
                return Texture(image: canvas.image(surface: i, width: w, height: min(h, 1024), threads: threads), wrapS: .clamp, wrapT: .clamp)
            }
            let physical = try physicalList(canvas: canvas)
            timings.canvas = (ContinuousClock.now - t0).milliseconds
            t0 = ContinuousClock.now
            let list = WitnessView.drawList(surfaces: surfaces, textures: textures, physical: physical,
                                            cameras: viewCameras(wall, viewed: camera), overscan: scene.xr.overscan,
                                            lightCards: scene.lightCards)
            let vantage = witness ?? WitnessView.defaultVantage(surfaces: surfaces, floor: scene.stage.floor)
            guard let v = Mat4.lookAt(eye: SIMD3<Float>(vantage.eye), center: SIMD3<Float>(vantage.target), up: [0, 1, 0]) else {
                throw JobError.usage("the witness camera looks straight up or down; move it")
            }
            let proj = Mat4.perspective(fovYDegrees: 50, aspect: Float(width) / Float(height), near: 0.05, far: 2000)
            try raster.render(list, view: ViewSetup(view: v, projection: proj), settings: settings)
            timings.physical = (ContinuousClock.now - t0).milliseconds
            return raster.colorImage()
        case .plan:
            let t0 = ContinuousClock.now
            let cameras = viewCameras(wall, viewed: camera)
            var plan = PlanView(framing: PlanView.framingPoints(stage: scene.stage, cameras: path + cameras.map(\.camera.pose.position),
                                                                marks: scene.marks), width: width, height: height,
                                zoom: planZoom)
            plan.unifont = labelFont
            let (list, labels) = plan.drawList(stage: scene.stage, props: try props(), cameras: cameras,
                                               overscan: scene.xr.overscan, path: path, marks: scene.marks,
                                               lightCards: scene.lightCards)
            var s = settings
            s.clearColor = [0.003, 0.003, 0.004, 1]
            try raster.render(list, view: plan.viewSetup, settings: s)
            var img = raster.colorImage()
            plan.annotate(&img, labels: labels)
            timings.physical = (ContinuousClock.now - t0).milliseconds
            return img
        }
    }
}
