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
                    // Valid JSON read as any values: the reader's "not valid JSON" was a number that does not fit
                    // where the schema wants a whole number (`"count": 4.5`, `1e30`).
                    let found = AnyJSON.Found()
                    let reader = JSONDecoder()
                    reader.userInfo[AnyJSON.foundKey] = found
                    if (try? reader.decode(AnyJSON.self, from: Data(json))) != nil {
                        if let (at, value) = found.first {
                            throw fail(path(at) + "\(value): this field needs a whole number (no fraction, below 2^53)")
                        }
                        throw fail("the JSON is valid, but a number where glTF wants a whole number (a count, index, offset "
                                   + "or length) has a fraction or is too large")
                    }
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

    /// Any JSON value, decoded only to tell valid JSON from invalid, noting (in `Found`, through `userInfo`) the first
    /// number that is not a whole one where glTF's schema wants one (by its key, or as an element of a list of indices).
    struct AnyJSON: Decodable {
        final class Found: @unchecked Sendable { var first: ([any CodingKey], Double)? }
        static let foundKey = CodingUserInfoKey(rawValue: "xrstudio.anyJSON.found")!
        static let wholeKeys: Set<String> = ["count", "byteOffset", "byteLength", "byteStride", "bufferView", "buffer",
                                             "componentType", "index", "mesh", "material", "indices", "source", "sampler",
                                             "scene", "node", "skin", "camera", "texCoord", "mode", "target",
                                             "magFilter", "minFilter", "wrapS", "wrapT", "children", "nodes", "joints"]

        init(from decoder: any Decoder) throws {
            if var a = try? decoder.unkeyedContainer() {
                while !a.isAtEnd { _ = try a.decode(AnyJSON.self) }
            } else if let o = try? decoder.container(keyedBy: AnyKey.self) {
                for k in o.allKeys { _ = try o.decode(AnyJSON.self, forKey: k) }
            } else {
                let v = try decoder.singleValueContainer()
                if v.decodeNil() { return }
                if (try? v.decode(Bool.self)) != nil { return }
                if let d = try? v.decode(Double.self) {
                    let keys = decoder.codingPath.map(\.stringValue)
                    // The number's own key, or the key of the list it is in (`children: [1.5]`).
                    let owner = decoder.codingPath.last?.intValue == nil ? keys.last : keys.dropLast().last
                    if let found = decoder.userInfo[AnyJSON.foundKey] as? Found, found.first == nil,
                       let owner, AnyJSON.wholeKeys.contains(owner), !(d == d.rounded() && abs(d) < 9e15) {
                        found.first = (decoder.codingPath, d)
                    }
                    return
                }
                _ = try v.decode(String.self)
            }
        }
        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
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
