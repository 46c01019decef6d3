// SceneRender: `xrstudio render SCENE.yaml`: one frame of a scene's virtual world, seen from a mark or camera.

import FoundationEssentials
import FrameOutput
import Geometry
import ImageCodecs
import Imaging
import RasterCore
import SceneFormat
import SceneModel
import StagePasses

/// What to render and where: the options of `render SCENE.yaml`.
public struct SceneRenderRequest: Sendable {
    public var scenePath: String
    /// A mark's name: its position, orientation and focal length (nil: the first camera's pose).
    public var mark: String?
    /// An explicit gluLookAt camera (`--camera`/`--look-at`), overriding marks and cameras.
    public var camera: ModelCamera?
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
                cull: CullMode = .none, overwrite: Bool = false, view: XRView? = nil, setExtension: Bool? = nil) {
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

extension ScenePose {
    /// The rasterizer's view and projection for this pose at an image size.
    public func viewSetup(width: Int, height: Int, near: Float = 0.05, far: Float = 2000) throws -> ViewSetup {
        let eye = SIMD3<Float>(position)
        guard let view = Mat4.lookAt(eye: eye, center: eye + SIMD3<Float>(forward), up: SIMD3<Float>(up)) else {
            throw JobError.input("camera pose is degenerate")
        }
        let proj = Mat4.perspective(fovYDegrees: Float(fovYDegrees), aspect: Float(width) / Float(height),
                                    near: near, far: far)
        return ViewSetup(view: view, projection: proj)
    }
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
    /// The pose of mark `name`, with its camera (the mark's `camera`, else the first camera) and the mark's focal
    /// length (else that camera's lens); the vertical field of view frames the sensor's width in an image of
    /// `aspect`. Unknown names are usage errors listing the marks.
    public static func pose(mark name: String, in scene: Scene, file: String, aspect: Double = 16.0 / 9.0) throws -> ScenePose {
        let m = try mark(name, in: scene, file: file)
        let cam = camera(for: m, in: scene)
        let focal = m.focalLengthMM ?? cam?.lens.focalLengthMM ?? 35
        return ScenePose(position: m.position, panDegrees: m.panDegrees, tiltDegrees: m.tiltDegrees,
                         rollDegrees: m.rollDegrees,
                         fovYDegrees: ScenePose.fovY(sensorWidthMM: cam?.body.sensorWidthMM ?? 36, focalMM: focal, aspect: aspect))
    }

    /// Mark `name`, or a usage error listing the marks.
    public static func mark(_ name: String, in scene: Scene, file: String) throws -> Mark {
        guard let m = scene.marks.first(where: { $0.name == name }) else {
            let known = scene.marks.isEmpty ? "the scene has no marks"
                : "known marks: " + scene.marks.map { "'\($0.name)'" }.joined(separator: ", ")
            throw JobError.usage("--mark: no mark named '\(name)' in \(file) (\(known))")
        }
        return m
    }

    /// The camera a mark was saved for (else the scene's first camera).
    public static func camera(for m: Mark, in scene: Scene) -> SceneModel.Camera? {
        m.camera.flatMap { c in scene.cameras.first { $0.name == c } } ?? scene.cameras.first
    }

    /// The first camera's starting pose; without cameras, 1.6 m up at z = 6 looking along -Z with a 36 mm wide
    /// sensor behind a 35 mm lens.
    public static func defaultPose(of scene: Scene, aspect: Double = 16.0 / 9.0) -> ScenePose {
        guard let c = scene.cameras.first else {
            return ScenePose(position: [0, 1.6, 6], fovYDegrees: ScenePose.fovY(sensorWidthMM: 36, focalMM: 35, aspect: aspect))
        }
        return ScenePose(position: c.position, panDegrees: c.panDegrees, tiltDegrees: c.tiltDegrees,
                         rollDegrees: c.rollDegrees,
                         fovYDegrees: ScenePose.fovY(sensorWidthMM: c.body.sensorWidthMM, focalMM: c.lens.focalLengthMM, aspect: aspect))
    }

    /// The sky as a linear clear colour.
    public static func clearColor(of scene: Scene) -> SIMD4<Float> {
        let s = SRGB.decode(scene.world.sky)
        return SIMD4(s, 1)
    }


    /// The scene's lights as RasterCore lighting: ambient lights summed, directional lights as they are (scene
    /// colours are sRGB, decoded to linear, times intensity). Point lights are not drawn (RasterCore lights
    /// are ambient and directional only). Lights are in studio coordinates, like cameras and marks.
    public static func lighting(of scene: Scene) -> Lighting {
        var ambient = SIMD3<Float>(repeating: 0)
        var directional: [DirectionalLight] = []
        for l in scene.lights {
            let c = SRGB.decode(l.color) * Float(l.intensity)
            switch l.kind {
            case .ambient: ambient += c
            case .directional(let towards):
                directional.append(DirectionalLight(direction: SIMD3<Float>(towards), color: c))
            case .point: break
            }
        }
        return Lighting(ambient: ambient, directional: directional)
    }

    /// The draw list of the scene's virtual world in studio coordinates: each object's triangles (primitives
    /// meshed, OBJ/glTF files imported once each, relative to the scene file) placed by its transform and then
    /// the world's origin, Lambert-shaded and two-sided: primitives in the object's colour (sRGB decoded to
    /// linear); OBJ and glTF parts in their file's materials (MTL Kd/Ke/d/map_Kd; glTF base colour, emission and
    /// base colour texture), or the object's colour where the file gives none.
    public static func drawList(for scene: Scene, sceneFile: String, cull: CullMode = .none) throws -> DrawList {
        var draws: [DrawCall] = []
        var imported: [String: ModelGeometry] = [:]
        let origin = scene.world.origin
        for o in scene.world.objects {
            draws += try meshDraws(o.mesh, name: "world object '\(o.name)'", color: o.color, sceneFile: sceneFile,
                                   place: { origin.apply(o.transform.apply($0)) },
                                   placeNormal: { origin.applyNormal(o.transform.applyNormal($0)) },
                                   cull: cull, imported: &imported)
        }
        return DrawList(draws: draws, lighting: lighting(of: scene))
    }

    /// The stage's physical props as draw calls (Lambert, two-sided), placed by their transforms.
    public static func propDraws(for scene: Scene, sceneFile: String) throws -> [DrawCall] {
        var imported: [String: ModelGeometry] = [:]
        var draws: [DrawCall] = []
        for p in scene.stage.props {
            draws += try meshDraws(p.mesh, name: "prop '\(p.name)'", color: p.color, sceneFile: sceneFile,
                                   place: { p.transform.apply($0) }, placeNormal: { p.transform.applyNormal($0) },
                                   cull: .none, imported: &imported)
        }
        return draws
    }

    /// One object's triangles: a primitive meshed in `color` (sRGB decoded to linear), or an OBJ/glTF file (read once
    /// per run, relative to the scene file) in its own materials, or `color` where the file gives none.
    static func meshDraws(_ source: MeshSource, name: String, color: SIMD3<Double>, sceneFile: String,
                          place: (SIMD3<Double>) -> SIMD3<Double>, placeNormal: (SIMD3<Double>) -> SIMD3<Double>,
                          cull: CullMode, imported: inout [String: ModelGeometry]) throws -> [DrawCall] {
        let c = SRGB.decode(color)
        var parts: [(positions: [SIMD3<Double>], normals: [SIMD3<Double>]?, uvs: [SIMD2<Float>]?, indices: [UInt32],
                     material: Material)] = []
        switch source {
        case .primitive(let p):
            let m = p.mesh
            parts.append((m.positions, m.normals, m.uvs.map { SIMD2<Float>($0) }, m.indices,
                          Material(baseColor: SIMD4(c, 1), shading: .lambert, twoSided: true)))
        case .obj(let rel), .gltf(let rel):
            let file = SceneLoader.resolve(rel, sceneFile: sceneFile)
            let g: ModelGeometry
            if let known = imported[file] {
                g = known
            } else {
                do {
                    g = try ModelFile.load(path: file)
                } catch {
                    throw JobError.input("\(sceneFile): \(name): \(error)")
                }
                imported[file] = g
            }
            for part in g.parts {
                let own = part.material
                let material = Material(baseColor: own?.baseColor ?? SIMD4(c, 1), emissive: own?.emissive ?? .zero,
                                        texture: own?.texture, shading: .lambert, twoSided: true)
                parts.append((part.positions.map { SIMD3<Double>($0) }, part.normals.map { $0.map { SIMD3<Double>($0) } },
                              part.uvs, part.indices, material))
            }
        }
        var draws: [DrawCall] = []
        for part in parts {
            let positions = part.positions.map { SIMD3<Float>(place($0)) }
            let normals = part.normals.map { ns in ns.map { SIMD3<Float>(placeNormal($0)) } }
            do {
                let mesh = try Mesh(positions: positions, normals: normals, uvs: part.uvs, indices: part.indices)
                draws.append(DrawCall(mesh: mesh, material: part.material, cull: cull))
            } catch {
                throw JobError.input("\(sceneFile): \(name): \(error)")
            }
        }
        return draws
    }

    /// Bounds of a draw list's positions (nil when empty).
    static func bounds(_ list: DrawList) -> (min: SIMD3<Float>, max: SIMD3<Float>)? {
        var lo: SIMD3<Float>?, hi: SIMD3<Float>?
        for d in list.draws {
            for v in d.mesh.positions {
                lo = lo.map { pointwiseMin($0, v) } ?? v
                hi = hi.map { pointwiseMax($0, v) } ?? v
            }
        }
        guard let lo, let hi else { return nil }
        return (lo, hi)
    }

    /// Renders the frame in memory: the colour image (and linear depth when `keepDepth`).
    public static func render(scene: Scene, sceneFile: String, mark: String? = nil, camera: ModelCamera? = nil,
                              width: Int, height: Int, threads: Int = 1, tileSize: Int = RasterLimits.defaultTileSize,
                              cull: CullMode = .none, keepDepth: Bool = false) throws
        -> (image: RGBA8Image, depth: [Float]?, triangles: Int, milliseconds: Double) {
        let settings = FrameSettings(width: width, height: height, clearColor: clearColor(of: scene),
                                     tileSize: tileSize, threads: threads, keepLinearDepth: keepDepth)
        do { try Rasterizer.validate(settings) } catch { throw JobError.usage("\(error)") }
        let list = try drawList(for: scene, sceneFile: sceneFile, cull: cull)
        let view: ViewSetup
        if let camera {
            view = try camera.viewSetup(width: width, height: height, bounds: bounds(list))
        } else if let mark {
            view = try pose(mark: mark, in: scene, file: sceneFile, aspect: Double(width) / Double(height))
                .viewSetup(width: width, height: height)
        } else {
            view = try defaultPose(of: scene, aspect: Double(width) / Double(height)).viewSetup(width: width, height: height)
        }
        let raster = Rasterizer()
        let clock = ContinuousClock()
        let t0 = clock.now
        try raster.render(list, view: view, settings: settings)
        let elapsed = clock.now - t0
        let ms = elapsed.milliseconds
        return (raster.colorImage(), keepDepth ? raster.linearDepthBuffer() : nil, list.triangleCount, ms)
    }

    /// Loads the scene file and renders one frame in memory from `mark` (nil: the first camera).
    public static func renderImage(scenePath: String, mark: String? = nil, width: Int, height: Int, threads: Int = 1,
                                   tileSize: Int = RasterLimits.defaultTileSize) throws -> RGBA8Image {
        let scene = try SceneInspector.load(path: scenePath)
        return try render(scene: scene, sceneFile: scenePath, mark: mark, width: width, height: height,
                          threads: threads, tileSize: tileSize).image
    }

    /// The names of a scene file's marks, in file order.
    public static func markNames(scenePath: String) throws -> [String] {
        try SceneInspector.load(path: scenePath).marks.map(\.name)
    }

    /// The shot camera of mark `name` (its focal length and focus where it gives them) or, without a mark, of the
    /// scene's first camera, for an image of `width` x `height`.
    public static func shotCamera(scene: Scene, file: String, mark name: String?, width: Int, height: Int) throws -> ShotCamera {
        if let name {
            let m = try mark(name, in: scene, file: file)
            return ShotCamera(pose: try pose(mark: name, in: scene, file: file), camera: camera(for: m, in: scene),
                              focalMM: m.focalLengthMM, focusM: m.focusDistanceM, imageWidth: width, imageHeight: height)
        }
        return ShotCamera(pose: defaultPose(of: scene), camera: scene.cameras.first, imageWidth: width, imageHeight: height)
    }

    /// Renders and writes the frame (and depth AOV). Nothing is left at the output paths on failure.
    public static func run(_ r: SceneRenderRequest) throws -> SceneRenderResult {
        if let view = r.view, view != .virtual { return try runXR(r, view: view) }
        try FrameFiles.check(outPath: r.outPath, depth: r.depthAOV, overwrite: r.overwrite)
        let scene = try SceneInspector.load(path: r.scenePath)
        if let m = r.mark { _ = try pose(mark: m, in: scene, file: r.scenePath) }
        let w = r.size?.width ?? scene.render.width, h = r.size?.height ?? scene.render.height
        let frame = try render(scene: scene, sceneFile: r.scenePath, mark: r.mark, camera: r.camera, width: w, height: h,
                               threads: r.threads, tileSize: r.tileSize, cull: r.cull, keepDepth: r.depthAOV)
        let written = try FrameFiles.write(frame.image, depth: frame.depth, outPath: r.outPath, overwrite: r.overwrite)
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
        let scene = try SceneInspector.load(path: r.scenePath)
        let w = r.size?.width ?? scene.render.width, h = r.size?.height ?? scene.render.height
        let cam = try shotCamera(scene: scene, file: r.scenePath, mark: r.mark, width: w, height: h)
        let renderer = try XRFrameRenderer(scene: scene, sceneFile: r.scenePath, threads: r.threads)
        if let c = r.camera {
            let eye = c.eye ?? SIMD3<Float>(WitnessView.defaultVantage(surfaces: renderer.surfaces, floor: scene.stage.floor).eye)
            renderer.witness = (SIMD3<Double>(eye), SIMD3<Double>(c.lookAt ?? [0, 1.5, 0]))
        }
        let image = try renderer.render(view, camera: cam, width: w, height: h, setExtension: r.setExtension)
        let written = try FrameFiles.write(image, depth: nil, outPath: r.outPath, overwrite: r.overwrite)
        return SceneRenderResult(triangles: renderer.worldTriangles, width: image.width, height: image.height, written: written,
                                 renderMilliseconds: renderer.timings.total)
    }
}
