// MeshCheck: whether a mesh's UVs can lay an LED canvas: inside the unit square, every triangle with area in UV
// and in space, none mirrored against the rest, none overlapping another.

import Geometry

/// The checks behind `LEDSurface.Mesh.init`, each naming the triangles at fault (from 1, in the file's order).
enum MeshCheck {
    /// How many triangles (or pairs) a message lists before "and N more".
    static let listed = 6
    /// UV tolerance: coordinates this far outside the unit square still count as inside, and triangles may share
    /// edges by this much (UVs stored as 32-bit floats are good to about 6e-8).
    static let uvTolerance = 1e-6

    static func problems(positions p: [SIMD3<Double>], uvs: [SIMD2<Double>], indices: [Int]) -> [LEDSurface.MeshProblem] {
        let tris = indices.count / 3
        guard tris > 0 else { return [.init(message: "has no triangles", triangles: [])] }
        guard uvs.count == p.count else {
            return [.init(message: "has no UVs (every face corner needs a texture coordinate: OBJ 'f v/vt', glTF TEXCOORD_0)", triangles: [])]
        }
        func corners(_ k: Int) -> (Int, Int, Int) { (indices[3 * k], indices[3 * k + 1], indices[3 * k + 2]) }
        var outside: [Int] = [], notFinite: [Int] = [], flatUV: [Int] = [], flatSpace: [Int] = []
        var signed = [Double](repeating: 0, count: tris)
        let tol = uvTolerance
        for k in 0..<tris {
            let (i, j, l) = corners(k)
            let q = [uvs[i], uvs[j], uvs[l]], s = [p[i], p[j], p[l]]
            if !q.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) || !s.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }) {
                notFinite.append(k + 1); continue
            }
            if q.contains(where: { $0.x < -tol || $0.x > 1 + tol || $0.y < -tol || $0.y > 1 + tol }) { outside.append(k + 1) }
            let d = LEDSurface.Mesh.det(q[1] - q[0], q[2] - q[0])
            // No area in UV: a sliver thinner than the tolerance over its longest side.
            let longest = max(len(q[1] - q[0]), len(q[2] - q[1]), len(q[0] - q[2]))
            if abs(d) <= tol * longest { flatUV.append(k + 1); continue }
            signed[k] = d
            let cross = (s[1] - s[0]).cross(s[2] - s[0]).length
            if cross <= 1e-12 { flatSpace.append(k + 1) }
        }
        var out: [LEDSurface.MeshProblem] = []
        if !notFinite.isEmpty { out.append(problem("has corners that are not finite numbers in", notFinite)) }
        if !outside.isEmpty { out.append(problem("has UVs outside the unit square (0-1) in", outside)) }
        if !flatUV.isEmpty { out.append(problem("has no area in UV (degenerate, the canvas would not reach it) in", flatUV)) }
        if !flatSpace.isEmpty { out.append(problem("has no area in space (degenerate) in", flatSpace)) }
        guard out.isEmpty else { return out }
        // The orientation most of the UV area has is the canvas's; triangles the other way are mirrored.
        let positive = signed.filter { $0 > 0 }.reduce(0, +), negative = -signed.filter { $0 < 0 }.reduce(0, +)
        let flipped = (0..<tris).filter { positive >= negative ? signed[$0] < 0 : signed[$0] > 0 }.map { $0 + 1 }
        if !flipped.isEmpty {
            return [problem("has UV triangles flipped (mirrored against the rest of the layout) in", flipped)]
        }
        let pairs = overlaps(uvs: uvs, indices: indices)
        if !pairs.isEmpty {
            let shown = pairs.prefix(listed).map { "\($0.0) and \($0.1)" }.joined(separator: ", ")
            let more = pairs.count > listed ? " and \(pairs.count - listed) more pairs" : ""
            return [.init(message: "has UV triangles that overlap (one LED pixel would be in two places): triangles \(shown)\(more)",
                          triangles: Array(Set(pairs.flatMap { [$0.0, $0.1] })).sorted())]
        }
        return []
    }

    static func len(_ v: SIMD2<Double>) -> Double { (v.x * v.x + v.y * v.y).squareRoot() }

    static func problem(_ what: String, _ tris: [Int]) -> LEDSurface.MeshProblem {
        let shown = tris.prefix(listed).map(String.init).joined(separator: ", ")
        let more = tris.count > listed ? " and \(tris.count - listed) more" : ""
        return .init(message: "\(what) \(tris.count == 1 ? "triangle" : "triangles") \(shown)\(more)", triangles: tris)
    }

    /// Pairs of triangles (from 1, first < second, sorted) whose UV interiors overlap by more than the tolerance:
    /// candidates from a grid over the layout's bounding box (about one triangle per cell), then the separating-axis
    /// test on the six edge normals (enough for two triangles in the plane).
    static func overlaps(uvs: [SIMD2<Double>], indices: [Int]) -> [(Int, Int)] {
        let tris = indices.count / 3
        let side = max(1, min(1024, Int(Double(tris).squareRoot().rounded(.up))))
        var cells = [[Int]](repeating: [], count: side * side)
        let used = indices.map { uvs[$0] }
        let lo = used.reduce(SIMD2(Double.infinity, .infinity)) { pointwiseMin($0, $1) }
        let hi = used.reduce(SIMD2(-Double.infinity, -.infinity)) { pointwiseMax($0, $1) }
        let size = pointwiseMax(hi - lo, SIMD2(1e-12, 1e-12))
        let tri = { (k: Int) in [uvs[indices[3 * k]], uvs[indices[3 * k + 1]], uvs[indices[3 * k + 2]]] }
        for k in 0..<tris {
            let (x0, x1, y0, y1) = LEDSurface.Mesh.cells(of: ArraySlice(tri(k).map { $0 - lo }), width: size.x, height: size.y, side: side)
            for y in y0...y1 { for x in x0...x1 { cells[y * side + x].append(k) } }
        }
        var seen = Set<Int>()
        var pairs: [(Int, Int)] = []
        for list in cells where list.count > 1 {
            for a in 0..<list.count {
                for b in (a + 1)..<list.count {
                    let (i, j) = (list[a], list[b])
                    guard seen.insert(i * tris + j).inserted else { continue }
                    if overlap(tri(i), tri(j)) { pairs.append((i + 1, j + 1)) }
                }
            }
        }
        return pairs.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    /// Whether two UV triangles' interiors overlap by more than `uvTolerance` along every edge normal.
    static func overlap(_ a: [SIMD2<Double>], _ b: [SIMD2<Double>]) -> Bool {
        for poly in [a, b] {
            for e in 0..<3 {
                let edge = poly[(e + 1) % 3] - poly[e]
                let l = len(edge)
                guard l > 0 else { continue }
                let n = SIMD2(-edge.y, edge.x) / l
                let pa = a.map { $0.x * n.x + $0.y * n.y }, pb = b.map { $0.x * n.x + $0.y * n.y }
                if pa.max()! <= pb.min()! + uvTolerance || pb.max()! <= pa.min()! + uvTolerance { return false }
            }
        }
        return true
    }
}
