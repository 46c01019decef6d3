// GLTFImport+Primitives: one mesh primitive's accessors read, checked and triangulated, in mesh space.

extension GLTFImport {
    /// A primitive read once per mesh, before any node places it.
    struct LocalPrimitive {
        var positions: [SIMD3<Float>]
        var normals: [SIMD3<Float>]?
        var uvs: [SIMD2<Float>]?
        var colors: [SIMD4<Float>]?
        /// Triangle list (strips and fans already converted).
        var indices: [UInt32]
        var material: Int?
    }

    /// Every primitive of mesh `m`; nil entries are primitives that draw no triangles (points, lines).
    mutating func decodeMesh(_ m: Int) throws -> [LocalPrimitive?] {
        try doc.meshes![m].primitives.indices.map { try decodePrimitive(mesh: m, index: $0) }
    }

    mutating func decodePrimitive(mesh m: Int, index k: Int) throws -> LocalPrimitive? {
        let p = doc.meshes![m].primitives[k]
        let element = "meshes[\(m)].primitives[\(k)]"
        let mode = p.mode ?? 4
        switch mode {
        case 0, 1, 2, 3:
            let names = ["POINTS", "LINES", "LINE_LOOP", "LINE_STRIP"]
            warn(element, "mode \(mode) (\(names[mode])) draws no triangles; skipped")
            return nil
        case 4, 5, 6:
            break
        default:
            throw error(element, "mode \(mode) is not a glTF primitive mode (0...6)")
        }
        if let mat = p.material, mat < 0 || mat >= model.materials.count {
            throw error(element, "material \(mat) is out of range (\(model.materials.count) materials)")
        }
        guard let pa = p.attributes["POSITION"] else {
            // The spec: "When positions are not specified, client implementations SHOULD skip primitive's rendering."
            warn(element, "has no POSITION attribute, so it draws nothing; skipped")
            return nil
        }
        let accessors = doc.accessors ?? []
        let reader = GLTFAccessorReader(file: file, accessors: accessors, views: doc.bufferViews ?? [], buffers: buffers)

        // Budget the whole file's decoded vertices before reading: many primitives may share one huge accessor.
        let claimed = try reader.layout(pa, at: element, role: "POSITION", types: ["VEC3"]).count
        decodedVertices += claimed
        guard decodedVertices <= GLTFImporter.maxElements else {
            throw error(element, "the file decodes more than \(GLTFImporter.maxElements) vertices in total")
        }
        try checkMemoryBudget(element)
        let (pv, pl) = try reader.floats(pa, at: element, role: "POSITION", types: ["VEC3"])
        let count = pl.count
        // "NaN and Infinity MUST NOT be present" in accessor data (glTF 2.0): one made `info` print a box of inf and
        // `render` fail with a camera usage error.
        if let bad = pv.firstIndex(where: { !$0.isFinite }) {
            throw error(element, "POSITION (accessors[\(pa)]) vertex \(bad / 3) holds \(pv[bad]), not a finite number")
        }
        var out = LocalPrimitive(positions: (0..<count).map { SIMD3(pv[3 * $0], pv[3 * $0 + 1], pv[3 * $0 + 2]) },
                                 indices: [], material: p.material)
        func same(_ l: GLTFAccessorReader.Layout, _ role: String, _ a: Int) throws {
            guard l.count == count else {
                throw error(element, "\(role) accessor \(a) has \(l.count) elements, POSITION has \(count)")
            }
        }
        if let a = p.attributes["NORMAL"] {
            let (v, l) = try reader.floats(a, at: element, role: "NORMAL", types: ["VEC3"])
            try same(l, "NORMAL", a)
            out.normals = (0..<count).map { SIMD3(v[3 * $0], v[3 * $0 + 1], v[3 * $0 + 2]) }
        }
        // The UV set the material's base colour texture samples (TEXCOORD_0 unless it says otherwise), with its
        // KHR_texture_transform applied here, once, so the renderer sees ordinary UVs.
        let material = p.material.map { model.materials[$0] }
        let set = "TEXCOORD_\(material?.texCoord ?? 0)"
        if let a = p.attributes[set] {
            let (v, l) = try reader.floats(a, at: element, role: set, types: ["VEC2"])
            try same(l, set, a)
            let transform = material?.uvTransform
            out.uvs = (0..<count).map {
                let uv = SIMD2(v[2 * $0], v[2 * $0 + 1])
                return transform?.apply(uv) ?? uv
            }
        }
        if let a = p.attributes["COLOR_0"] {
            let (v, l) = try reader.floats(a, at: element, role: "COLOR_0", types: ["VEC3", "VEC4"])
            try same(l, "COLOR_0", a)
            let n = l.components
            out.colors = (0..<count).map { SIMD4(v[n * $0], v[n * $0 + 1], v[n * $0 + 2], n == 4 ? v[n * $0 + 3] : 1) }
        }

        let raw: [UInt32]
        if let ia = p.indices {
            raw = try reader.indices(ia, at: element)
            for (j, v) in raw.enumerated() where Int(v) >= count {
                throw error(element, "index \(v) at position \(j) of accessor \(ia) is out of range (\(count) vertices)")
            }
        } else {
            raw = (0..<count).map { UInt32($0) }
        }
        out.indices = triangulate(raw, mode: mode)
        if mode == 4 && raw.count % 3 != 0 {
            warn(element, "\(raw.count) indices is not a multiple of 3; the last \(raw.count % 3) are ignored")
        }
        return out
    }

    /// A triangle list from TRIANGLES (4), TRIANGLE_STRIP (5: triangle i is i, i+1+i%2, i+2-i%2, keeping the
    /// winding) or TRIANGLE_FAN (6: triangle i is i+1, i+2, 0).
    func triangulate(_ v: [UInt32], mode: Int) -> [UInt32] {
        switch mode {
        case 5:
            guard v.count >= 3 else { return [] }
            var out: [UInt32] = []
            out.reserveCapacity((v.count - 2) * 3)
            for i in 0..<(v.count - 2) {
                out += [v[i], v[i + 1 + i % 2], v[i + 2 - i % 2]]
            }
            return out
        case 6:
            guard v.count >= 3 else { return [] }
            var out: [UInt32] = []
            out.reserveCapacity((v.count - 2) * 3)
            for i in 0..<(v.count - 2) {
                out += [v[i + 1], v[i + 2], v[0]]
            }
            return out
        default:
            return Array(v.prefix(v.count / 3 * 3))
        }
    }
}
