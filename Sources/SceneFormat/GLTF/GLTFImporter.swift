// GLTFImporter: glTF 2.0 (.gltf JSON or .glb binary) bytes to a world-space GLTFModel, or a GLTFError.

import FoundationEssentials

/// Imports glTF 2.0. Pure apart from `resolve`, the caller's way to fetch an external URI (a .bin buffer or an
/// image) relative to the file; data: URIs are decoded here.
///
/// Everything hostile is refused with a message before it can allocate or loop: buffer lengths over
/// `maxBufferBytes`, accessor counts over `maxElements`, reads past a bufferView, indices past the vertex count,
/// node cycles and nodes with two parents.
public enum GLTFImporter {
    /// The largest buffer `byteLength` accepted (1 GiB): a preview scene never needs more, and a 2 GB claim is
    /// refused before the resolver is even asked.
    public static let maxBufferBytes = 1 << 30
    /// The most elements one accessor may hold, and the most vertices a whole scene may draw (2^28, as OBJ).
    public static let maxElements = 1 << 28
    /// Estimated memory per decoded vertex, from decoding to drawing (position, normal, UV and index as read,
    /// as placed, and as the rasterizer draws them), for `MemoryBudget` before an accessor is read.
    public static let bytesPerDecodedVertex = 160
    /// Extensions the importer applies: a file may require these; any other in `extensionsRequired` is refused,
    /// any other in `extensionsUsed` is one warning.
    /// `KHR_mesh_quantization` only widens the component types attributes may use (normalized and integer positions,
    /// normals, UVs), which the accessor reader reads for every attribute; gltfpack marks it required.
    public static let supportedExtensions: Set<String> = ["KHR_texture_transform", "KHR_materials_emissive_strength",
                                                          "KHR_mesh_quantization"]

    /// Parses `bytes` (named `name` in messages) into world-space primitives and their material tables.
    ///
    /// - Parameter resolve: returns the bytes of an external URI (already percent-decoded, relative to the file);
    ///   what it throws is reported as `cannot read 'URI': <error>`.
    public static func load(bytes: [UInt8], name: String, resolve: (String) throws -> [UInt8]) throws -> GLTFModel {
        var json = bytes[...]
        var bin: ArraySlice<UInt8>?
        if GLBContainer.hasMagic(bytes) || name.lowercased().hasSuffix(".glb") {
            let glb = try GLBContainer(bytes: bytes, name: name)
            json = glb.json
            bin = glb.bin
        }
        while json.last == 0 { json.removeLast() }  // some writers pad the JSON chunk with NULs, not spaces
        let doc = try decode(json, name: name)
        return try withoutActuallyEscaping(resolve) { resolve in
            var run = GLTFImport(doc: doc, file: name, bin: bin, resolve: resolve)
            try run.checkClaimedMemory()
            return try run.run()
        }
    }

    /// Decodes the JSON, turning DecodingError into one readable line: `x.gltf: JSON: <what and where>`.
    static func decode(_ json: ArraySlice<UInt8>, name: String) throws -> GLTFDocument {
        func fail(_ m: String) -> GLTFError { GLTFError(file: name, element: "JSON", message: m) }
        do {
            return try JSONDecoder().decode(GLTFDocument.self, from: Data(json))
        } catch let e as DecodingError {
            switch e {
            case .dataCorrupted(let c):
                // Foundation's reader says "not valid JSON" for text that is valid but nested past its limit, or
                // holds a number beyond a Double: say which.
                if c.codingPath.isEmpty, c.underlyingError == nil {
                    let depth = maxNesting(json)
                    if depth > 500 { throw fail("nested \(depth) levels deep; the JSON reader stops at 512") }
                }
                let under = c.underlyingError.map { " (\($0))" } ?? ""
                throw fail(path(c.codingPath) + c.debugDescription + under)
            case .keyNotFound(let key, let c):
                throw fail(path(c.codingPath) + "missing '\(key.stringValue)'")
            case .typeMismatch(_, let c), .valueNotFound(_, let c):
                throw fail(path(c.codingPath) + c.debugDescription)
            @unknown default:
                throw fail("\(e)")
            }
        } catch {
            throw fail("\(error)")
        }
    }

    /// The deepest nesting of arrays and objects in JSON text (brackets inside strings not counted).
    static func maxNesting(_ json: ArraySlice<UInt8>) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for c in json {
            if inString {
                if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
                continue
            }
            switch c {
            case 0x22: inString = true
            case 0x5B, 0x7B: depth += 1; deepest = max(deepest, depth)
            case 0x5D, 0x7D: depth -= 1
            default: break
            }
        }
        return deepest
    }

    /// `meshes[0].primitives[1].mode: ` for a coding path (empty at the top level).
    static func path(_ keys: [any CodingKey]) -> String {
        if keys.isEmpty { return "" }
        var s = ""
        for k in keys {
            if let i = k.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + k.stringValue }
        }
        return s + ": "
    }
}
