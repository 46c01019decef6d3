// ModelFile: reads a model file from disk and hands its bytes to the right parser.

import FoundationEssentials
import SceneFormat

/// Loading bare models for `render`, `bench` and `info`.
public enum ModelFile {
    /// Reads and parses a Wavefront OBJ; errors name the file (and line and column for syntax errors).
    public static func loadOBJ(path: String) throws -> OBJMesh {
        let bytes = try readBytes(path)
        do {
            return try OBJParser.parse(bytes, name: path)
        } catch let e as OBJError {
            throw JobError.input(e.description)
        }
    }

    static func readBytes(_ path: String) throws -> [UInt8] {
        guard path.lowercased().hasSuffix(".obj") else {
            throw JobError.input("\(path): unsupported model format (this command reads Wavefront .obj)")
        }
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
