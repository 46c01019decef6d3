// SceneDrawing: a scene file's virtual world and physical props as rasterizer draw lists, with the scene's lights.

import FoundationEssentials
import Geometry
import RasterCore
import SceneFormat
import SceneModel

/// The scene as the rasterizer draws it: sky colour, lights, the virtual world's and the stage props' draw calls.
public enum SceneDrawing {
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
        var budget = DrawBudget(sceneFile: sceneFile, objects: scene.world.objects.count)
        try budget.primitivesFirst(scene.world.objects.map(\.mesh))
        let origin = scene.world.origin
        for o in scene.world.objects {
            draws += try meshDraws(o.mesh, name: "world object '\(o.name)'", color: o.color, sceneFile: sceneFile,
                                   place: { origin.apply(o.transform.apply($0)) },
                                   placeNormal: { origin.applyNormal(o.transform.applyNormal($0)) },
                                   cull: cull, imported: &imported, budget: &budget)
        }
        return DrawList(draws: filtered(draws, scene), lighting: lighting(of: scene))
    }

    /// `draws` with the scene's texture filter (`render.texture_filter`) on every textured material.
    static func filtered(_ draws: [DrawCall], _ scene: Scene) -> [DrawCall] {
        let filter: Texture.Filter
        switch scene.render.textureFilter {
        case .nearestMip: return draws
        case .trilinear: filter = .trilinear
        case .anisotropic: filter = .anisotropic
        }
        return draws.map { d in
            var d = d
            if d.material.texture != nil { d.material.textureFilter = filter }
            return d
        }
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
        return filtered(draws, scene)
    }

    /// One object's triangles: a primitive meshed in `color` (sRGB decoded to linear), or an OBJ/glTF file (read once
    /// per run, relative to the scene file) in its own materials, or `color` where the file gives none.
    static func meshDraws(_ source: MeshSource, name: String, color: SIMD3<Double>, sceneFile: String,
                          place: (SIMD3<Double>) -> SIMD3<Double>, placeNormal: (SIMD3<Double>) -> SIMD3<Double>,
                          cull: CullMode, imported: inout [String: ModelGeometry]) throws -> [DrawCall] {
        var budget = DrawBudget(sceneFile: sceneFile, objects: 1)
        return try meshDraws(source, name: name, color: color, sceneFile: sceneFile, place: place, placeNormal: placeNormal,
                             cull: cull, imported: &imported, budget: &budget)
    }

    /// `meshDraws`, counting what the draws will hold against the memory budget before building them.
    static func meshDraws(_ source: MeshSource, name: String, color: SIMD3<Double>, sceneFile: String,
                          place: (SIMD3<Double>) -> SIMD3<Double>, placeNormal: (SIMD3<Double>) -> SIMD3<Double>,
                          cull: CullMode, imported: inout [String: ModelGeometry], budget: inout DrawBudget) throws -> [DrawCall] {
        let c = SRGB.decode(color)
        var parts: [(positions: [SIMD3<Double>], normals: [SIMD3<Double>]?, uvs: [SIMD2<Float>]?, indices: [UInt32],
                     material: Material, colors: [SIMD4<Float>]?, doubleSided: Bool)] = []
        switch source {
        case .primitive(let p):
            let m = budget.mesh(p)
            parts.append((m.positions, m.normals, m.uvs.map { SIMD2<Float>($0) }, m.indices,
                          Material(baseColor: SIMD4(c, 1), shading: .lambert, twoSided: true), nil, false))
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
                                        texture: own?.texture, shading: .lambert, twoSided: true, alphaTest: part.alphaTest)
                parts.append((part.positions.map { SIMD3<Double>($0) }, part.normals.map { $0.map { SIMD3<Double>($0) } },
                              part.uvs, part.indices, material, part.colors, own?.doubleSided ?? false))
            }
        }
        try budget.add(vertices: parts.reduce(0) { $0 + $1.positions.count },
                       triangles: parts.reduce(0) { $0 + $1.indices.count / 3 }, primitive: { if case .primitive = source { return true }; return false }())
        var draws: [DrawCall] = []
        for part in parts {
            let positions = part.positions.map { SIMD3<Float>(place($0)) }
            let normals = part.normals.map { ns in ns.map { SIMD3<Float>(placeNormal($0)) } }
            do {
                let mesh = try Mesh(positions: positions, normals: normals, uvs: part.uvs, colors: part.colors, indices: part.indices)
                draws.append(DrawCall(mesh: mesh, material: part.material, cull: part.doubleSided ? .none : cull))
            } catch {
                throw JobError.input("\(sceneFile): \(name): \(error)")
            }
        }
        return draws
    }

    /// Bounds of a draw list's positions (nil when empty).
    public static func bounds(_ list: DrawList) -> (min: SIMD3<Float>, max: SIMD3<Float>)? {
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
}

/// The running estimate of a draw list's memory (`MemoryBudget`), checked before each object is built, and the
/// primitives meshed so far (a `repeat` places the same primitive many times: it is meshed once).
struct DrawBudget {
    var sceneFile: String
    var objects: Int
    var primitiveBytes = 0
    var fileBytes = 0
    var meshes: [(Primitive, PrimitiveMesh)] = []

    /// The primitive's mesh, from the last few meshed.
    mutating func mesh(_ p: Primitive) -> PrimitiveMesh {
        if let m = meshes.first(where: { $0.0 == p }) { return m.1 }
        let m = p.mesh
        meshes.append((p, m))
        if meshes.count > 16 { meshes.removeFirst() }
        return m
    }

    /// Every primitive's cost at once, before anything is built (a `repeat` of 10,000 spheres is refused in
    /// milliseconds); model files count as each is read (`add`).
    mutating func primitivesFirst(_ sources: [MeshSource]) throws {
        var vertices = 0, triangles = 0
        for case .primitive(let p) in sources {
            let m = mesh(p)
            vertices += m.positions.count
            triangles += m.triangleCount
        }
        primitiveBytes = vertices * MemoryBudget.bytesPerVertex + triangles * MemoryBudget.bytesPerTriangle
        try MemoryBudget.check(primitiveBytes, "\(sceneFile): the world's \(objects) objects (\(vertices) vertices, "
            + "\(triangles) triangles)")
    }

    /// Counts one object's draws (primitives were counted up front); refuses when the total passes the budget.
    mutating func add(vertices: Int, triangles: Int, primitive: Bool) throws {
        if primitive { return }
        fileBytes += vertices * MemoryBudget.bytesPerVertex + triangles * MemoryBudget.bytesPerTriangle
        try MemoryBudget.check(primitiveBytes + fileBytes, "\(sceneFile): the world's objects so far (model files "
            + "placed \(vertices) vertices, \(triangles) triangles in the last)")
    }
}
