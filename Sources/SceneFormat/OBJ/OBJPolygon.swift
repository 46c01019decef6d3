// OBJPolygon: triangles of one OBJ face with more than three corners — a fan when it is convex (as before, so meshes
// of convex faces are unchanged), ear clipping when it is not.

/// Triangulates OBJ polygons. Blender writes n-gons unless Triangulate is ticked, and a concave one (an L or a U)
/// fanned from its first corner covers its notch: Blender and assimp cut such faces into ears.
enum OBJPolygon {
    /// The triangles of the polygon of `n` corners (`point(i)` each, in order) as index triples into them, in the
    /// polygon's winding; nil when it is convex (or flat, or degenerate), where the fan (0, i, i + 1) is right. A convex
    /// face allocates nothing (a quad mesh's load stays as fast).
    @inline(__always)
    static func ears(_ n: Int, _ point: (Int) -> SIMD3<Float>) -> [(Int, Int, Int)]? {
        guard n >= 4 else { return nil }
        // Newell's normal: the polygon's plane and winding, robust for non-planar faces.
        var normal = SIMD3<Double>.zero
        for i in 0..<n {
            let a = SIMD3<Double>(point(i)), b = SIMD3<Double>(point((i + 1) % n))
            normal += SIMD3((a.y - b.y) * (a.z + b.z), (a.z - b.z) * (a.x + b.x), (a.x - b.x) * (a.y + b.y))
        }
        // Project onto the plane of the two axes the normal is least along, keeping the winding counter-clockwise.
        let m = SIMD3(abs(normal.x), abs(normal.y), abs(normal.z))
        guard m.x + m.y + m.z > 0, m.x.isFinite, m.y.isFinite, m.z.isFinite else { return nil }
        let axis = m.z >= m.x && m.z >= m.y ? 2 : (m.y >= m.x ? 1 : 0)
        let sign: Double = normal[axis] < 0 ? -1 : 1
        func flat(_ i: Int) -> SIMD2<Double> {
            let p = SIMD3<Double>(point(i))
            switch axis {
            case 2: return SIMD2(p.x, p.y * sign)
            case 1: return SIMD2(p.z, p.x * sign)
            default: return SIMD2(p.y, p.z * sign)
            }
        }
        func cross(_ o: SIMD2<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        // Convex (every turn left or straight): the fan.
        if (0..<n).allSatisfy({ cross(flat($0), flat(($0 + 1) % n), flat(($0 + 2) % n)) >= 0 }) { return nil }
        let flat = (0..<n).map(flat)
        var ring = Array(0..<n)
        var out: [(Int, Int, Int)] = []
        out.reserveCapacity(n - 2)
        var guardCount = 0
        while ring.count > 3 {
            var cut = false
            for k in ring.indices {
                let p = ring[(k + ring.count - 1) % ring.count], c = ring[k], q = ring[(k + 1) % ring.count]
                guard cross(flat[p], flat[c], flat[q]) > 0 else { continue }  // a reflex or straight corner
                // An ear holds no other corner of the ring (on its edges counts: a touching corner splits it).
                let inside = ring.contains { r in
                    r != p && r != c && r != q && cross(flat[p], flat[c], flat[r]) >= 0
                        && cross(flat[c], flat[q], flat[r]) >= 0 && cross(flat[q], flat[p], flat[r]) >= 0
                }
                if inside { continue }
                out.append((p, c, q))
                ring.remove(at: k)
                cut = true
                break
            }
            guardCount += 1
            // No ear (a self-intersecting or degenerate face): the fan, as before.
            if !cut || guardCount > n { return nil }
        }
        out.append((ring[0], ring[1], ring[2]))
        return out
    }
}
