// OBJPolygon: triangles of one OBJ face with more than three corners — a fan when it is convex (as before, so meshes
// of convex faces are unchanged), ear clipping when it is not.

import Geometry

/// Triangulates OBJ polygons. Blender writes n-gons unless Triangulate is ticked, and a concave one (an L or a U)
/// fanned from its first corner covers its notch: Blender and assimp cut such faces into ears.
enum OBJPolygon {
    /// Faces of more corners are fanned unchecked: ear clipping is quadratic in the corners, and one face of 100,000
    /// (a 1 MB file) would take minutes.
    static let maxCorners = 256

    /// The triangles of the polygon of `n` corners (`point(i)` each, in order) as index triples into them, in the
    /// polygon's winding; nil when the fan (0, i, i + 1) is right: a convex face, a bent one, a degenerate one, or one
    /// past `maxCorners`. A convex quad allocates nothing (a quad mesh's load stays as fast).
    @inline(__always)
    static func ears(_ n: Int, _ point: (Int) -> SIMD3<Float>) -> [(Int, Int, Int)]? {
        guard n >= 4, n <= maxCorners else { return nil }
        if n == 4 {
            // A quad whose four corner turns all bend the same way (each corner's cross product on the same side as
            // the first's) is convex: the fan, without the plane's projection. Most OBJ faces past triangles are such.
            let a = point(0), b = point(1), c = point(2), d = point(3)
            let t0 = (b - a).cross(c - b), t1 = (c - b).cross(d - c), t2 = (d - c).cross(a - d), t3 = (a - d).cross(b - a)
            if (t0 * t1).sum() > 0 && (t0 * t2).sum() > 0 && (t0 * t3).sum() > 0 { return nil }
        }
        // The corners once, on the stack (a quad mesh's load must not pay an allocation per face).
        return withUnsafeTemporaryAllocation(of: SIMD3<Double>.self, capacity: n) { p -> [(Int, Int, Int)]? in
            for i in 0..<n { p[i] = SIMD3<Double>(point(i)) }
            return ears(UnsafeBufferPointer(p))
        }
    }

    /// `ears` of corners already in double precision.
    static func ears(_ p: UnsafeBufferPointer<SIMD3<Double>>) -> [(Int, Int, Int)]? {
        let n = p.count
        // Newell's normal: the polygon's plane and winding, robust for non-planar faces.
        var normal = SIMD3<Double>.zero
        for i in 0..<n {
            let a = p[i], b = p[i + 1 == n ? 0 : i + 1]
            normal += SIMD3((a.y - b.y) * (a.z + b.z), (a.z - b.z) * (a.x + b.x), (a.x - b.x) * (a.y + b.y))
        }
        // Project onto the plane of the two axes the normal is least along, keeping the winding counter-clockwise.
        let m = SIMD3(abs(normal.x), abs(normal.y), abs(normal.z))
        guard m.x + m.y + m.z > 0, m.x.isFinite, m.y.isFinite, m.z.isFinite else { return nil }
        // Only a flat face has a notch to keep empty: a corner more than 1% of the face's size off its plane (a
        // height-field quad, a twisted face) is fanned as before, whatever its projection looks like.
        let unit = normal / (normal * normal).sum().squareRoot()
        var centre = SIMD3<Double>.zero, lo = p[0], hi = p[0]
        for i in 0..<n { centre += p[i]; lo = pointwiseMin(lo, p[i]); hi = pointwiseMax(hi, p[i]) }
        centre /= Double(n)
        let size = ((hi - lo) * (hi - lo)).sum().squareRoot()
        for i in 0..<n where abs(((p[i] - centre) * unit).sum()) > 0.01 * size { return nil }
        let axis = m.z >= m.x && m.z >= m.y ? 2 : (m.y >= m.x ? 1 : 0)
        let sign: Double = normal[axis] < 0 ? -1 : 1
        @inline(__always) func flat(_ i: Int) -> SIMD2<Double> {
            let q = p[i]
            switch axis {
            case 2: return SIMD2(q.x, q.y * sign)
            case 1: return SIMD2(q.z, q.x * sign)
            default: return SIMD2(q.y, q.z * sign)
            }
        }
        @inline(__always) func cross(_ o: SIMD2<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        /// Whether the turn at corner `i` clearly bends the wrong way: by more than a thousandth of its edges' product
        /// (a sine of 0.001), so a straight corner (a point on an edge, rounded by Float) is not taken for a notch.
        func reflex(_ i: Int) -> Bool {
            let a = flat(i == 0 ? n - 1 : i - 1), b = flat(i), c = flat(i + 1 == n ? 0 : i + 1)
            let e1 = b - a, e2 = c - b
            return cross(a, b, c) < -1e-3 * ((e1 * e1).sum() * (e2 * e2).sum()).squareRoot()
        }
        let notches = (0..<n).filter(reflex)
        // Convex: the fan. A quad whose one notch is corner 0 or 2 has the fan's diagonal (0-2) inside: the fan too.
        if notches.isEmpty || (n == 4 && notches.allSatisfy { $0 == 0 || $0 == 2 }) { return nil }
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
