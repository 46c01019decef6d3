// SceneRender: `xrstudio render SCENE.yaml`: one frame of a scene's virtual world, seen from a mark or camera.

import FoundationEssentials
import FrameOutput
import Geometry
import ImageCodecs
import Imaging
import RasterCore
import SceneFormat
import SceneModel

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

    public init(scenePath: String, mark: String? = nil, camera: ModelCamera? = nil,
                size: (width: Int, height: Int)? = nil, outPath: String, depthAOV: Bool = false,
                threads: Int = ModelRenderRequest.defaultThreads, tileSize: Int = RasterLimits.defaultTileSize,
                cull: CullMode = .none, overwrite: Bool = false) {
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

/// A camera pose in studio coordinates, as scenes give it (Docs/scene-format.md): position, pan (about the
/// vertical, positive turns right), tilt (positive looks up), roll (positive turns clockwise seen from behind, as in
/// takes), and the vertical field of view from the lens and sensor height.
public struct ScenePose: Sendable, Equatable {
    public var position: SIMD3<Double>
    public var panDegrees: Double
    public var tiltDegrees: Double
    public var rollDegrees: Double
    public var fovYDegrees: Double

    public init(position: SIMD3<Double>, panDegrees: Double = 0, tiltDegrees: Double = 0, rollDegrees: Double = 0,
                fovYDegrees: Double) {
        self.position = position
        self.panDegrees = panDegrees
        self.tiltDegrees = tiltDegrees
        self.rollDegrees = rollDegrees
        self.fovYDegrees = fovYDegrees
    }

    /// Vertical field of view, degrees: 2 atan(sensor height / 2f).
    public static func fovY(sensorHeightMM: Double, focalMM: Double) -> Double {
        2 * atan2D(sensorHeightMM / 2, focalMM) * 180 / Double.pi
    }

    /// Orientation `Ry(-pan) · Rx(tilt) · Rz(-roll)` applied to a camera-space direction (-Z forward, +Y up):
    /// the takes' convention (Docs/takes.md), so marks and tracked samples mean the same thing — positive pan
    /// turns right, as an operator and FreeD say it.
    public func rotate(_ d: SIMD3<Double>) -> SIMD3<Double> {
        Transform(rotateDegrees: [0, 0, -rollDegrees]).apply(d).rotatedX(tiltDegrees).rotatedY(-panDegrees)
    }

    public var forward: SIMD3<Double> { rotate([0, 0, -1]) }
    public var up: SIMD3<Double> { rotate([0, 1, 0]) }

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

extension SIMD3 where Scalar == Double {
    func rotatedX(_ deg: Double) -> SIMD3<Double> { Transform(rotateDegrees: [deg, 0, 0]).apply(self) }
    func rotatedY(_ deg: Double) -> SIMD3<Double> { Transform(rotateDegrees: [0, deg, 0]).apply(self) }
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
    /// The pose of mark `name`, with its camera's sensor (the mark's `camera`, else the first camera) and the
    /// mark's focal length (else that camera's lens). Unknown names are usage errors listing the marks.
    public static func pose(mark name: String, in scene: Scene, file: String) throws -> ScenePose {
        guard let m = scene.marks.first(where: { $0.name == name }) else {
            let known = scene.marks.isEmpty ? "the scene has no marks"
                : "known marks: " + scene.marks.map { "'\($0.name)'" }.joined(separator: ", ")
            throw JobError.usage("--mark: no mark named '\(name)' in \(file) (\(known))")
        }
        let cam = m.camera.flatMap { c in scene.cameras.first { $0.name == c } } ?? scene.cameras.first
        let sensorH = cam?.body.sensorHeightMM ?? 24
        let focal = m.focalLengthMM ?? cam?.lens.focalLengthMM ?? 35
        return ScenePose(position: m.position, panDegrees: m.panDegrees, tiltDegrees: m.tiltDegrees,
                         rollDegrees: m.rollDegrees, fovYDegrees: ScenePose.fovY(sensorHeightMM: sensorH, focalMM: focal))
    }

    /// The first camera's starting pose; without cameras, 1.6 m up at z = 6 looking along -Z with 45° fov.
    public static func defaultPose(of scene: Scene) -> ScenePose {
        guard let c = scene.cameras.first else { return ScenePose(position: [0, 1.6, 6], fovYDegrees: 45) }
        return ScenePose(position: c.position, panDegrees: c.panDegrees, tiltDegrees: c.tiltDegrees,
                         rollDegrees: c.rollDegrees,
                         fovYDegrees: ScenePose.fovY(sensorHeightMM: c.body.sensorHeightMM, focalMM: c.lens.focalLengthMM))
    }

    /// The sky as a linear clear colour.
    public static func clearColor(of scene: Scene) -> SIMD4<Float> {
        let s = linear(scene.world.sky)
        return SIMD4(s, 1)
    }

    static func linear(_ c: SIMD3<Double>) -> SIMD3<Float> {
        SIMD3(Float(SRGB.decode(c.x)), Float(SRGB.decode(c.y)), Float(SRGB.decode(c.z)))
    }

    /// The scene's lights as RasterCore lighting: ambient lights summed, directional lights as they are (scene
    /// colours are sRGB, decoded to linear, times intensity). Point lights are not drawn (RasterCore lights
    /// are ambient and directional only). Lights are in studio coordinates, like cameras and marks.
    public static func lighting(of scene: Scene) -> Lighting {
        var ambient = SIMD3<Float>(repeating: 0)
        var directional: [DirectionalLight] = []
        for l in scene.lights {
            let c = linear(l.color) * Float(l.intensity)
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
            let c = linear(o.color)
            var parts: [(positions: [SIMD3<Double>], normals: [SIMD3<Double>]?, uvs: [SIMD2<Float>]?, indices: [UInt32],
                         material: Material)] = []
            switch o.mesh {
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
                        throw JobError.input("\(sceneFile): world object '\(o.name)': \(error)")
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
            for part in parts {
                let positions = part.positions.map { SIMD3<Float>(origin.apply(o.transform.apply($0))) }
                let normals = part.normals.map { ns in
                    ns.map { SIMD3<Float>(origin.applyNormal(o.transform.applyNormal($0))) }
                }
                do {
                    let mesh = try Mesh(positions: positions, normals: normals, uvs: part.uvs, indices: part.indices)
                    draws.append(DrawCall(mesh: mesh, material: part.material, cull: cull))
                } catch {
                    throw JobError.input("\(sceneFile): world object '\(o.name)': \(error)")
                }
            }
        }
        return DrawList(draws: draws, lighting: lighting(of: scene))
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
            view = try pose(mark: mark, in: scene, file: sceneFile).viewSetup(width: width, height: height)
        } else {
            view = try defaultPose(of: scene).viewSetup(width: width, height: height)
        }
        let raster = Rasterizer()
        let clock = ContinuousClock()
        let t0 = clock.now
        try raster.render(list, view: view, settings: settings)
        let elapsed = clock.now - t0
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
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

    /// Renders and writes the frame (and depth AOV). Nothing is left at the output paths on failure.
    public static func run(_ r: SceneRenderRequest) throws -> SceneRenderResult {
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
}
