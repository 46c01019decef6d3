// NDisplayMeshScreen: whether a mesh-policy viewport's mesh is exactly one flat rectangle with its UVs laid
// straight over it, so it can be a flat LED surface without approximation.

import Geometry

/// The exact-flat test for a mesh screen: a flat mesh becomes a flat surface; any other, a mesh screen traced through
/// its UVs (`MeshScreenFile`).
enum NDisplayMeshScreen {
    struct Rectangle {
        var topLeft: SIMD3<Double>
        var topRight: SIMD3<Double>
        var bottomLeft: SIMD3<Double>
    }

    struct NotFlat: Error {
        var reason: String
    }

    /// How far a vertex may sit off the rectangle its UVs put it on, metres: OBJ positions are 32-bit floats, good
    /// to about 1e-7 of their size; 0.1 mm is far below an LED pixel.
    static let tolerance = 1e-4
    /// UV samples per side for the coverage check: a prime count, offset differently across and down (0.31 and
    /// 0.73 of a cell), so no sample lies on a quad's diagonal or on the edges of a regular grid of quads.
    static let coverageSamples = 61

    /// The rectangle when every vertex lies on P(s, t) = P0 + A·s + B·t with A ⟂ B, and the UV triangles cover the
    /// unit square once (no fold, gap or overlap). The parser has already flipped OBJ's v (0 at the bottom) to
    /// image rows, so the canvas's top left is (0, 0) here, OBJ's (0, 1).
    static func flatRectangle(_ m: OBJMesh) -> Result<Rectangle, NotFlat> {
        guard let uvs = m.uvs, uvs.count == m.positions.count else { return .failure(NotFlat(reason: "has no UVs")) }
        let tris = m.indices.count / 3
        guard tris > 0 else { return .failure(NotFlat(reason: "has no triangles")) }
        let p = { (i: UInt32) in SIMD3<Double>(m.positions[Int(i)]) }
        let t = { (i: UInt32) in SIMD2<Double>(uvs[Int(i)]) }
        // The affine map from the first triangle with area in UV.
        var fit: (p0: SIMD3<Double>, a: SIMD3<Double>, b: SIMD3<Double>)?
        var area = 0.0
        var sign = 0.0
        for k in 0..<tris {
            let (i0, i1, i2) = (m.indices[3 * k], m.indices[3 * k + 1], m.indices[3 * k + 2])
            let d1 = t(i1) - t(i0), d2 = t(i2) - t(i0)
            let det = d1.x * d2.y - d1.y * d2.x
            guard det != 0 else { return .failure(NotFlat(reason: "has a triangle with no area in UV (triangle \(k + 1))")) }
            if sign == 0 { sign = det > 0 ? 1 : -1 }
            guard det * sign > 0 else { return .failure(NotFlat(reason: "has UVs folded over (triangle \(k + 1))")) }
            area += abs(det) / 2
            if fit == nil {
                let e1 = p(i1) - p(i0), e2 = p(i2) - p(i0)
                // [A B] = [e1 e2] · inverse([d1 d2]).
                let a = (e1 * d2.y - e2 * d1.y) / det
                let b = (e2 * d1.x - e1 * d2.x) / det
                fit = (p(i0) - a * t(i0).x - b * t(i0).y, a, b)
            }
        }
        let (p0, a, b) = fit!
        let (la, lb) = (a.length, b.length)
        guard la > 0, lb > 0, abs(a.dot(b)) <= 1e-6 * la * lb else {
            return .failure(NotFlat(reason: "is not a rectangle under its UVs (the UV axes are not square to each other)"))
        }
        for (i, q) in m.positions.enumerated() {
            let uv = SIMD2<Double>(uvs[i])
            guard (p0 + a * uv.x + b * uv.y - SIMD3<Double>(q)).length <= tolerance else {
                return .failure(NotFlat(reason: "is not flat under its UVs (vertex \(i + 1) is off the plane or out of place)"))
            }
        }
        guard abs(area - 1) <= 1e-6 else {
            return .failure(NotFlat(reason: "does not cover the UV square once (UV area \(area))"))
        }
        // Every sample of the unit square inside exactly one triangle.
        let n = coverageSamples
        var count = [UInt8](repeating: 0, count: n * n)
        for k in 0..<tris {
            let q = [t(m.indices[3 * k]), t(m.indices[3 * k + 1]), t(m.indices[3 * k + 2])]
            let lo = pointwiseMin(pointwiseMin(q[0], q[1]), q[2]), hi = pointwiseMax(pointwiseMax(q[0], q[1]), q[2])
            let x0 = max(0, Int((lo.x * Double(n)).rounded(.down))), x1 = min(n - 1, Int((hi.x * Double(n)).rounded(.up)))
            let y0 = max(0, Int((lo.y * Double(n)).rounded(.down))), y1 = min(n - 1, Int((hi.y * Double(n)).rounded(.up)))
            guard x0 <= x1, y0 <= y1 else { continue }
            for y in y0...y1 {
                for x in x0...x1 {
                    let s = SIMD2((Double(x) + 0.31) / Double(n), (Double(y) + 0.73) / Double(n))
                    var inside = true
                    for e in 0..<3 {
                        let u = q[e], v = q[(e + 1) % 3]
                        if ((v.x - u.x) * (s.y - u.y) - (v.y - u.y) * (s.x - u.x)) * sign < 0 { inside = false; break }
                    }
                    if inside { count[y * n + x] &+= 1 }
                }
            }
        }
        guard count.allSatisfy({ $0 == 1 }) else {
            return .failure(NotFlat(reason: "does not cover the UV square once (gaps or overlaps)"))
        }
        let at = { (s: Double, tt: Double) in p0 + a * s + b * tt }
        return .success(Rectangle(topLeft: at(0, 0), topRight: at(1, 0), bottomLeft: at(0, 1)))
    }
}
