// MeshSource: where an object's triangles come from: an OBJ file, a glTF file or a procedural primitive.

/// The geometry of a world object or prop. File paths are as written in the scene, relative to the scene file;
/// a later step imports them.
public enum MeshSource: Sendable, Equatable {
    case obj(path: String)
    case gltf(path: String)
    case primitive(Primitive)

    /// The file path for mesh files, nil for primitives.
    public var path: String? {
        switch self {
        case .obj(let p), .gltf(let p): return p
        case .primitive: return nil
        }
    }
}
