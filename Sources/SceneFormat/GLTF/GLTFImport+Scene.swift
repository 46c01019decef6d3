// GLTFImport+Scene: the node hierarchy (checked for cycles), walked from the scene roots to place primitives.

extension GLTFImport {
    /// Checks the node graph, then walks it from the default scene's roots (or, with no scene, every node that is
    /// nobody's child), placing each mesh primitive once per node that instances it.
    mutating func drawScene() throws {
        let nodes = doc.nodes ?? []
        let meshCount = doc.meshes?.count ?? 0
        var parent = [Int](repeating: -1, count: nodes.count)
        var local: [GLTFTransform] = []
        local.reserveCapacity(nodes.count)
        for (i, n) in nodes.enumerated() {
            let element = "nodes[\(i)]"
            if let m = n.mesh, m < 0 || m >= meshCount {
                throw error(element, "mesh \(m) is out of range (\(meshCount) meshes)")
            }
            for c in n.children ?? [] {
                guard c >= 0 && c < nodes.count else {
                    throw error(element, "child \(c) is out of range (\(nodes.count) nodes)")
                }
                guard parent[c] < 0 else {
                    throw error("nodes[\(c)]", "node \(c) has two parents (nodes \(parent[c]) and \(i))")
                }
                parent[c] = i
            }
            local.append(try transform(of: n, at: element))
        }
        try checkAcyclic(parent)

        var roots: [Int]
        if let scenes = doc.scenes, !scenes.isEmpty {
            let s = doc.scene ?? 0
            guard s >= 0 && s < scenes.count else { throw error("scene", "scene \(s) is out of range (\(scenes.count) scenes)") }
            roots = scenes[s].nodes ?? []
            for r in roots where r < 0 || r >= nodes.count {
                throw error("scenes[\(s)]", "node \(r) is out of range (\(nodes.count) nodes)")
            }
        } else {
            roots = nodes.indices.filter { parent[$0] < 0 }
        }

        // Depth-first, children in file order. The graph is a forest (checked above), so this ends.
        var cache: [Int: [LocalPrimitive?]] = [:]
        var drawn = 0
        var stack: [(node: Int, parent: GLTFTransform)] = roots.reversed().map { ($0, GLTFTransform.identity) }
        while let (n, parentTransform) = stack.popLast() {
            let global = parentTransform * local[n]
            for c in (nodes[n].children ?? []).reversed() { stack.append((c, global)) }
            guard let m = nodes[n].mesh else { continue }
            if cache[m] == nil { cache[m] = try decodeMesh(m) }
            // A skinned mesh: "the transform of the skinned mesh node MUST be ignored", its joints place it. Without
            // animation the joints hold their pose in the file: placed by the first joint's global transform times its
            // inverse bind matrix (what linear blend skinning gives where the joints move together; a character whose
            // armature node is placed at x = 5 is drawn there), and said.
            var placement = global
            if let skin = nodes[n].skin {
                placement = try skinPlacement(skin, node: n, parent: parent, local: local)
                warn("nodes[\(n)]", "skins[\(skin)] is drawn in its file pose, placed by its first joint (skinning and "
                     + "animation are not applied)")
            }
            for (k, lp) in cache[m]!.enumerated() {
                guard let lp else { continue }
                drawn += lp.positions.count
                guard drawn <= GLTFImporter.maxElements else {
                    throw error("nodes[\(n)]", "the scene draws more than \(GLTFImporter.maxElements) vertices in total")
                }
                let placed = place(lp, placement, mesh: m, primitive: k, node: n)
                // Node scales that multiply past a 32-bit float (1e300 x 1e300) placed vertices at infinity.
                if let v = placed.positions.firstIndex(where: { !($0.x.isFinite && $0.y.isFinite && $0.z.isFinite) }) {
                    throw error("nodes[\(n)]", "its transform takes vertex \(v) of meshes[\(m)].primitives[\(k)] beyond a "
                                + "32-bit float: check the node scales")
                }
                model.primitives.append(placed)
            }
        }
    }

    /// Refuses a node that is its own ancestor, naming the cycle parent to child: `0 -> 1 -> 0`.
    func checkAcyclic(_ parent: [Int]) throws {
        var state = [UInt8](repeating: 0, count: parent.count)  // 0 unseen, 1 on this chain, 2 reaches a root
        for start in parent.indices where state[start] == 0 {
            var chain: [Int] = []
            var n = start
            while n >= 0 && state[n] == 0 {
                state[n] = 1
                chain.append(n)
                n = parent[n]
            }
            if n >= 0 && state[n] == 1 {
                let j = chain.firstIndex(of: n)!
                let cycle = [n] + chain[(j + 1)...].reversed() + [n]
                throw error("nodes[\(n)]", "node \(n) is its own ancestor (cycle \(cycle.map(String.init).joined(separator: " -> ")))")
            }
            for c in chain { state[c] = 2 }
        }
    }

    /// The node's local transform: its `matrix`, or translation * rotation * scale.
    func transform(of n: GLTFDocument.Node, at element: String) throws -> GLTFTransform {
        func numbers(_ a: [Double]?, _ what: String, _ count: Int) throws -> [Double]? {
            guard let a else { return nil }
            guard a.count == count else { throw error(element, "\(what) has \(a.count) numbers, needs \(count)") }
            guard a.allSatisfy({ $0.isFinite }) else { throw error(element, "\(what) is not finite") }
            return a
        }
        if let m = try numbers(n.matrix, "matrix", 16) { return GLTFTransform(columnMajor: m) }
        let t = try numbers(n.translation, "translation", 3) ?? [0, 0, 0]
        let r = try numbers(n.rotation, "rotation", 4) ?? [0, 0, 0, 1]
        let s = try numbers(n.scale, "scale", 3) ?? [1, 1, 1]
        return GLTFTransform(translation: SIMD3(t[0], t[1], t[2]), rotation: SIMD4(r[0], r[1], r[2], r[3]),
                             scale: SIMD3(s[0], s[1], s[2]))
    }

    /// Where skin `s` places its mesh: its first joint's global transform times that joint's inverse bind matrix
    /// (identity where the skin gives none); no joint: the scene's origin.
    func skinPlacement(_ s: Int, node: Int, parent: [Int], local: [GLTFTransform]) throws -> GLTFTransform {
        let skins = doc.skins ?? []
        guard s >= 0 && s < skins.count else {
            throw error("nodes[\(node)]", "skin \(s) is out of range (\(skins.count) skins)")
        }
        guard let joint = skins[s].joints.first else { return .identity }
        guard joint >= 0 && joint < local.count else {
            throw error("skins[\(s)]", "joint \(joint) is out of range (\(local.count) nodes)")
        }
        var global = local[joint], up = parent[joint]
        while up >= 0 { global = local[up] * global; up = parent[up] }  // acyclic: checked before the walk
        guard let ibm = skins[s].inverseBindMatrices else { return global }
        let reader = GLTFAccessorReader(file: file, accessors: doc.accessors ?? [], views: doc.bufferViews ?? [], buffers: buffers)
        let (values, layout) = try reader.floats(ibm, at: "skins[\(s)]", role: "inverseBindMatrices", types: ["MAT4"])
        guard layout.count >= 1, values.count >= 16, values[0..<16].allSatisfy(\.isFinite) else {
            throw error("skins[\(s)]", "inverseBindMatrices (accessors[\(ibm)]) has no finite first matrix")
        }
        return global * GLTFTransform(columnMajor: values[0..<16].map(Double.init))
    }

    /// Applies a global transform: positions as points, normals by the inverse-transpose (renormalised), and
    /// triangle winding reversed when the transform mirrors, so front faces stay counter-clockwise.
    func place(_ lp: LocalPrimitive, _ t: GLTFTransform, mesh: Int, primitive: Int, node: Int) -> GLTFPrimitive {
        let positions = lp.positions.map { p -> SIMD3<Float> in
            let w = t.point(SIMD3(Double(p.x), Double(p.y), Double(p.z)))
            return SIMD3(Float(w.x), Float(w.y), Float(w.z))
        }
        let (n0, n1, n2) = t.normalColumns
        let normals = lp.normals?.map { n -> SIMD3<Float> in
            let v = n0 * Double(n.x) + n1 * Double(n.y) + n2 * Double(n.z)
            let len = (v * v).sum().squareRoot()
            let u = len > 0 ? v / len : v
            return SIMD3(Float(u.x), Float(u.y), Float(u.z))
        }
        var indices = lp.indices
        if t.determinant < 0 {
            var i = 0
            while i + 2 < indices.count {
                indices.swapAt(i + 1, i + 2)
                i += 3
            }
        }
        return GLTFPrimitive(positions: positions, normals: normals, uvs: lp.uvs, colors: lp.colors,
                             indices: indices, material: lp.material, mesh: mesh, primitive: primitive, node: node)
    }
}
