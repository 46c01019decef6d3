// OBJCornerMerge: face corners (v, vt, vn) to output vertices, one per distinct corner, in order of first use.

/// Merges identical face corners into one output vertex each.
///
/// The fast path is an array indexed by position: the first output vertex made from each `v` and the (vt, vn)
/// it was made with. In the usual file (the terrain's `v//vn` with equal indices, or any mesh whose positions
/// carry one UV and one normal) every corner hits it, and no hashing happens. A position met again with a
/// different (vt, vn) (a UV seam, a hard edge) falls back to a dictionary. Numbering is in order of first use
/// either way, exactly as the dictionary alone gave: a corner is new when neither holds its key.
enum OBJCornerMerge {
    /// Fills `positions`, `uvs`, `normals` (only when `useUV` / `useNormal`) and each corner's output index.
    static func merge(
        _ corners: [OBJCorner], v: [SIMD3<Float>], vt: [SIMD2<Float>], vn: [SIMD3<Float>],
        useUV: Bool, useNormal: Bool,
        positions: inout [SIMD3<Float>], uvs: inout [SIMD2<Float>], normals: inout [SIMD3<Float>],
        cornerIndex: inout [UInt32]
    ) {
        let none = UInt32.max
        var firstOut = [UInt32](repeating: none, count: v.count)
        var firstKey = [SIMD2<Int32>](repeating: .zero, count: v.count)
        var others: [SIMD3<Int32>: UInt32] = [:]
        // At least one output vertex per position used: room for that many up front (seams add a few more).
        positions.reserveCapacity(v.count)
        if useUV { uvs.reserveCapacity(v.count) }
        if useNormal { normals.reserveCapacity(v.count) }
        corners.withUnsafeBufferPointer { cs in
            cornerIndex.withUnsafeMutableBufferPointer { out in
                for k in 0..<cs.count {
                    let c = cs[k]
                    let key = SIMD2<Int32>(useUV ? c.y : -1, useNormal ? c.z : -1)
                    let p = Int(c.x)
                    let first = firstOut[p]
                    if first != none {
                        if firstKey[p] == key { out[k] = first; continue }
                        if let i = others[SIMD3(c.x, key.x, key.y)] { out[k] = i; continue }
                    }
                    let i = UInt32(positions.count)
                    if first == none {
                        firstOut[p] = i
                        firstKey[p] = key
                    } else {
                        others[SIMD3(c.x, key.x, key.y)] = i
                    }
                    positions.append(v[p])
                    if useUV { uvs.append(vt[Int(key.x)]) }
                    if useNormal { normals.append(vn[Int(key.y)]) }
                    out[k] = i
                }
            }
        }
    }
}

/// One face corner: position, texture coordinate and normal indices, 0-based, -1 when absent. Twelve bytes
/// (`SIMD3<Int32>` is padded to sixteen): a million-triangle mesh's three million corners take 36 MB, not 48.
struct OBJCorner {
    var x: Int32, y: Int32, z: Int32
}
