// GLTFImport+Budget: the decoded vertices so far against the memory budget, before an accessor is read.

import SceneModel

extension GLTFImport {
    /// Refuses the file when the vertices decoded so far (all of it claimed, none read yet) would need more
    /// than `MemoryBudget`, at about `GLTFImporter.bytesPerDecodedVertex` each.
    func checkMemoryBudget(_ element: String) throws {
        try MemoryBudget.check(decodedVertices * GLTFImporter.bytesPerDecodedVertex,
                               "\(file): \(element): \(decodedVertices) vertices so far")
    }

    /// Refuses the file before anything is read when the vertices its meshes claim (every primitive's POSITION
    /// count, times the nodes that draw its mesh) would need more than `MemoryBudget`.
    func checkClaimedMemory() throws {
        let accessors = doc.accessors ?? []
        var uses: [Int: Int] = [:]
        for n in doc.nodes ?? [] { if let m = n.mesh { uses[m, default: 0] += 1 } }
        var vertices = 0
        for (m, mesh) in (doc.meshes ?? []).enumerated() {
            var claimed = 0
            for p in mesh.primitives {
                // Accessors that are out of range or over the element limit are reported, by name, as they are read.
                guard let a = p.attributes["POSITION"], accessors.indices.contains(a),
                      (0...GLTFImporter.maxElements).contains(accessors[a].count) else { continue }
                claimed += accessors[a].count
            }
            vertices += claimed * Swift.max(1, uses[m] ?? 0)
            if vertices > GLTFImporter.maxElements { break }  // past this the per-primitive limit reports it
        }
        try MemoryBudget.check(vertices * GLTFImporter.bytesPerDecodedVertex,
                               "\(file): its meshes (\(vertices) vertices claimed)")
    }
}
