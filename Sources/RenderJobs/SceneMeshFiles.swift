// SceneMeshFiles: the OBJ and glTF files a scene's world places, imported with what the renderer uses of their
// materials (glTF base colour and emission; OBJ files take the object's colour: their .mtl is not read here).

import FoundationEssentials
import SceneFormat

/// One imported mesh file as parts in the file's own frame (glTF node transforms applied).
struct SceneMeshFile {
    struct Part {
        var positions: [SIMD3<Float>]
        var normals: [SIMD3<Float>]?
        var uvs: [SIMD2<Float>]?
        var indices: [UInt32]
        /// Linear base colour and emission from the file (nil: use the object's colour).
        var baseColor: SIMD4<Float>?
        var emissive: SIMD3<Float>
    }

    var parts: [Part]

    static func load(path: String) throws -> SceneMeshFile {
        let lower = path.lowercased()
        guard lower.hasSuffix(".gltf") || lower.hasSuffix(".glb") else {
            let g = try ModelFile.load(path: path)
            return SceneMeshFile(parts: g.parts.map {
                Part(positions: $0.positions, normals: $0.normals, uvs: $0.uvs, indices: $0.indices, baseColor: nil,
                     emissive: .zero)
            })
        }
        let bytes = try ModelFile.readBytes(path)
        let dir = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        let model: GLTFModel
        do {
            model = try GLTFImporter.load(bytes: bytes, name: path) { uri in
                let p = dir + uri
                guard let d = FileManager.default.contents(atPath: p) else {
                    throw JobError.input("no such file (tried \(p))")
                }
                return [UInt8](d)
            }
        } catch let e as JobError {
            throw e
        } catch {
            throw JobError.input("\(error)")
        }
        return SceneMeshFile(parts: model.primitives.map { p in
            let m = p.material.flatMap { model.materials.indices.contains($0) ? model.materials[$0] : nil }
            return Part(positions: p.positions, normals: p.normals, uvs: p.uvs, indices: p.indices,
                        baseColor: m?.baseColor ?? SIMD4(1, 1, 1, 1), emissive: m?.emissive ?? .zero)
        })
    }
}
