// ModelFile: reads a model file from disk and hands its bytes to the right parser.

import FoundationEssentials
import SceneFormat

/// Loading bare models for `render`, `bench` and `info`.
public enum ModelFile {
    /// Reads and parses a Wavefront OBJ; errors name the file (and line and column for syntax errors).
    public static func loadOBJ(path: String) throws -> OBJMesh {
        guard path.lowercased().hasSuffix(".obj") else {
            throw JobError.input("\(path): unsupported model format (this command reads Wavefront .obj)")
        }
        let bytes = try readBytes(path)
        do {
            return try OBJParser.parse(bytes, name: path)
        } catch let e as OBJError {
            throw JobError.input(e.description)
        }
    }

    /// Reads an OBJ, glTF or GLB model's geometry (by extension).
    public static func load(path: String) throws -> ModelGeometry {
        let lower = path.lowercased()
        if lower.hasSuffix(".obj") { return ModelGeometry(try loadOBJ(path: path)) }
        guard lower.hasSuffix(".gltf") || lower.hasSuffix(".glb") else {
            throw JobError.input("\(path): unsupported model format (reads .obj, .gltf and .glb)")
        }
        let bytes = try readBytes(path)
        let dir = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        do {
            return ModelGeometry(try GLTFImporter.load(bytes: bytes, name: path) { uri in
                let p = dir + uri
                guard let d = FileManager.default.contents(atPath: p) else {
                    throw JobError.input("no such file (tried \(p))")
                }
                return [UInt8](d)
            })
        } catch let e as JobError {
            throw e
        } catch {
            throw JobError.input("\(error)")
        }
    }

    static func readBytes(_ path: String) throws -> [UInt8] {
        var isDir: Bool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw JobError.input("\(path): no such file")
        }
        guard !isDir else { throw JobError.input("\(path): is a directory, not a model file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JobError.input("\(path): cannot be read (permission denied?)")
        }
        return [UInt8](data)
    }
}
