// ModelInfo: `xrstudio info MODEL` — what a model file holds: triangles, vertices, bounds, textures.

import Geometry
import FoundationEssentials
import SceneFormat
import SceneModel
import SceneImaging
import ImageCodecs

/// A summary of a model file, as `info` prints it (JSON keys in `CodingKeys`).
public struct ModelInfo: Codable, Sendable, Equatable {
    public var file: String
    public var format: String
    /// Triangles after polygons are fanned (and, for glTF, strips and fans are expanded).
    public var triangles: Int
    /// OBJ: `v` statements; glTF: vertices of every primitive instance.
    public var vertices: Int
    /// World-space bounds in metres, as stored (after node transforms for glTF); nil for an empty model.
    public var bboxMin: [Double]?
    public var bboxMax: [Double]?
    /// Distinct image files used by the model's materials (OBJ: `map_Kd` of used materials; glTF: images).
    public var textures: Int
    public var materials: [String]
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case file, format, triangles, vertices, textures, materials, warnings
        case bboxMin = "bbox_min", bboxMax = "bbox_max"
    }

    /// Every key is always written: an empty model's bounds are `null`, not missing (scripts read the same schema).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(format, forKey: .format)
        try c.encode(triangles, forKey: .triangles)
        try c.encode(vertices, forKey: .vertices)
        try c.encode(bboxMin, forKey: .bboxMin)
        try c.encode(bboxMax, forKey: .bboxMax)
        try c.encode(textures, forKey: .textures)
        try c.encode(materials, forKey: .materials)
        try c.encode(warnings, forKey: .warnings)
    }

    /// Human-readable lines.
    public var text: String {
        func v(_ a: [Double]?) -> String { a.map { $0.map { formatFixed($0, 6) }.joined(separator: ", ") } ?? "-" }
        var lines = ["\(file): \(format)",
                     "  triangles  \(triangles)", "  vertices   \(vertices)",
                     "  bbox min   \(v(bboxMin))", "  bbox max   \(v(bboxMax))",
                     "  textures   \(textures)",
                     "  materials  \(materials.isEmpty ? "-" : materials.joined(separator: ", "))"]
        for w in warnings { lines.append("  warning: \(w)") }
        return lines.joined(separator: "\n")
    }
}

public enum ModelInspector {
    /// Reads the model (and, for OBJ, its material libraries) and summarises it. Missing material libraries
    /// and textures are warnings that name the path tried: the geometry is still there.
    public static func inspect(path: String) throws -> ModelInfo {
        let lower = path.lowercased()
        if lower.hasSuffix(".gltf") || lower.hasSuffix(".glb") { return try inspectGLTF(path: path) }
        guard lower.hasSuffix(".obj") else {
            throw JobError.input("\(path): unsupported model format (info reads .obj, .gltf and .glb)")
        }
        let mesh = try ModelFile.loadOBJ(path: path)
        let dir = ModelFile.directory(of: path)
        var (materials, warnings) = try ModelFile.materials(of: mesh, directory: dir)
        warnings = mesh.warnings + warnings
        // Which materials triangles use: a flag per material (a million triangles hash slowly into a Set).
        var isUsed = [Bool](repeating: false, count: mesh.materialNames.count)
        for m in mesh.triangleMaterials where m >= 0 { isUsed[Int(m)] = true }
        let used = isUsed.indices.filter { isUsed[$0] }
        var textures = Set<String>()
        var checked = Set<String>()
        var usedNames: [String] = []
        for i in used {
            let name = mesh.materialNames[i]
            usedNames.append(name)
            guard let m = materials[name] else {
                if !mesh.materialLibraries.isEmpty { warnings.append("material '\(name)' is not defined in the material libraries") }
                continue
            }
            if let map = m.diffuseMap {
                textures.insert(map)
                if !FileManager.default.fileExists(atPath: dir + map) {
                    warnings.append("texture '\(map)' of material '\(name)' not found (tried \(dir + map))")
                } else if !checked.contains(map) {
                    checked.insert(map)
                    do {
                        _ = try ImageFile.read(path: dir + map, fitting: ModelFile.maxTextureDimension)
                    } catch {
                        warnings.append(ModelFile.textureWarning(path: path, map: map, material: name, error))
                    }
                }
            }
        }
        // The faces' bounds, as for glTF (and the auto-framed camera): vertices only lines or nothing use are not drawn.
        let b = mesh.bounds
        return ModelInfo(file: path, format: "obj", triangles: mesh.triangleCount, vertices: mesh.sourceVertexCount,
                         bboxMin: b.map { decimal($0.min) }, bboxMax: b.map { decimal($0.max) },
                         textures: textures.count, materials: usedNames, warnings: warnings)
    }

    /// glTF 2.0 (.gltf with embedded or external buffers, .glb): bounds after node transforms; textures are
    /// the image resources.
    static func inspectGLTF(path: String) throws -> ModelInfo {
        let model = try ModelFile.loadGLTF(path: path)
        let b = model.bounds
        let names = Set(model.primitives.compactMap(\.material)).sorted().map { model.materials[$0].name ?? "material \($0)" }
        return ModelInfo(file: path, format: path.lowercased().hasSuffix(".glb") ? "glb" : "gltf",
                         triangles: model.triangleCount, vertices: model.vertexCount,
                         bboxMin: b.map { decimal($0.min) }, bboxMax: b.map { decimal($0.max) },
                         textures: model.images.count, materials: names,
                         warnings: model.warnings + ModelFile.undecodableImages(model))
    }

    /// Float components as the shortest decimals that read back as the same Float (0.471552, not
    /// 0.4715520143508911).
    static func decimal(_ v: SIMD3<Float>) -> [Double] {
        [v.x, v.y, v.z].map { Double("\($0)") ?? Double($0) }
    }

}
