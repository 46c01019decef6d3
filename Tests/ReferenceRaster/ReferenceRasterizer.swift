// ReferenceRasterizer: a slow, obviously correct rasterizer — the oracle the fast one is tested against.

/// A scalar, pixel-by-pixel rasterizer written from the rules, not from RasterCore's code.
///
/// For every pixel centre and every triangle, in submission order:
/// - **exact path** (all vertices in front of the camera, inside near/far, within ±20000 px of the centre):
///   vertices are snapped as llvmpipe does — window x = (x · (1/w)) · W/2 + W/2, window y likewise with GL's
///   y up, then round-half-even((coord − 0.5) · 256) — and the pixel centre is tested against the three
///   edges with 64-bit integers. A centre exactly on an edge belongs to the triangle when its interior lies
///   to the right of that edge (a left edge), or, for a horizontal edge, above it on screen (a bottom edge).
///   Depth: window z interpolated with exact barycentrics in Double.
/// - **homogeneous path** (anything else, e.g. crossing the near plane): coverage from 2D homogeneous
///   barycentrics (Olano & Greer) at the pixel centre, in Double, with near and far tested per pixel; a pixel
///   whose centre lies within 1/16 px of an edge, or of the near or far line, is marked ambiguous (clipping
///   and snapping move those boundaries by far less, but they do move them).
/// Depth test: less, against a buffer cleared to 1.
public enum ReferenceRasterizer {
    public enum Cull: Sendable { case none, back, front }

    public struct Result: Sendable {
        public var width: Int
        public var height: Int
        /// Index of the visible triangle per pixel, -1 where none.
        public var ids: [Int]
        /// Window depth of the visible triangle, 1 where none.
        public var depth: [Double]
        /// Pixels where a tiny move of the centre changes the homogeneous answer: comparisons skip them.
        public var ambiguous: [Bool]
    }

    /// The exact path's limit on window coordinates (pixels from the viewport centre).
    public static let exactRange: Double = 20000

    public static func render(_ triangles: [(SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)], width: Int, height: Int,
                              cull: Cull = .none) -> Result {
        var r = Result(width: width, height: height, ids: Array(repeating: -1, count: width * height),
                       depth: Array(repeating: 1, count: width * height),
                       ambiguous: Array(repeating: false, count: width * height))
        for (index, t) in triangles.enumerated() {
            if let snapped = snapIfExact(t, width: width, height: height) {
                rasterExact(snapped, index: index, cull: cull, into: &r)
            } else {
                rasterHomogeneous(t, index: index, cull: cull, into: &r)
            }
        }
        return r
    }

    // MARK: - Exact path

    struct Snapped {
        var x: [Int64]  // image space, 1/256 px, pixel centres at multiples of 256
        var y: [Int64]
        var z: [Double]
    }

    /// llvmpipe's window transform and snapping; nil when the triangle needs the homogeneous path.
    static func snapIfExact(_ t: (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>), width: Int, height: Int) -> Snapped? {
        var s = Snapped(x: [], y: [], z: [])
        let hw = Float(width) / 2, hh = Float(height) / 2
        for v in [t.0, t.1, t.2] {
            guard v.w > 0, v.z >= -v.w, v.z <= v.w, v.x.isFinite, v.y.isFinite else { return nil }
            let wInv: Float = 1 / v.w
            let xw: Float = (v.x * wInv) * hw + hw
            let yw: Float = (v.y * wInv) * hh + hh  // GL window y, up
            guard abs(Double(xw - hw)) <= exactRange, abs(Double(yw - hh)) <= exactRange else { return nil }
            let xs = Int64(((xw - 0.5) * 256).rounded(.toNearestOrEven))
            let ysGL = Int64(((yw - 0.5) * 256).rounded(.toNearestOrEven))
            s.x.append(xs)
            s.y.append(Int64(256 * (height - 1)) - ysGL)  // rows top to bottom
            s.z.append(Double((v.z * wInv) * 0.5 + 0.5))
        }
        return s
    }

    static func rasterExact(_ s: Snapped, index: Int, cull: Cull, into r: inout Result) {
        // Signed area with GL's y up: positive = counter-clockwise on screen = front face.
        let ax = s.x[1] - s.x[0], ay = -(s.y[1] - s.y[0])
        let bx = s.x[2] - s.x[0], by = -(s.y[2] - s.y[0])
        let areaGL = ax * by - ay * bx
        if areaGL == 0 { return }
        if cull == .back && areaGL < 0 { return }
        if cull == .front && areaGL > 0 { return }
        // A point is inside when it is on the interior side of every edge: the side of the opposite vertex.
        // Only pixels within the snapped vertices' bounding box can be inside.
        let area2 = Double(areaGL)
        let x0 = max(0, Int((s.x.min()! + 255) >> 8)), x1 = min(r.width - 1, Int(s.x.max()! >> 8))
        let y0 = max(0, Int((s.y.min()! + 255) >> 8)), y1 = min(r.height - 1, Int(s.y.max()! >> 8))
        if x0 > x1 || y0 > y1 { return }
        for py in y0...y1 {
            for px in x0...x1 {
                let X = Int64(px) * 256, Y = Int64(py) * 256
                var lambdas = SIMD3<Double>()
                var inside = true
                for e in 0..<3 {
                    let i = e, j = (e + 1) % 3, k = (e + 2) % 3
                    // Cross product (Vj - Vi) x (P - Vi), and the same for the opposite vertex Vk.
                    let cp = (s.x[j] - s.x[i]) * (Y - s.y[i]) - (s.y[j] - s.y[i]) * (X - s.x[i])
                    let ck = (s.x[j] - s.x[i]) * (s.y[k] - s.y[i]) - (s.y[j] - s.y[i]) * (s.x[k] - s.x[i])
                    let side = ck > 0 ? cp : -cp  // > 0: P on the interior side
                    if side < 0 { inside = false; break }
                    if side == 0 {
                        // On the edge: owned if the interior is to the right (x grows into it), or for a
                        // horizontal edge, above (y shrinks into it, rows run top to bottom).
                        let dy = s.y[j] - s.y[i]
                        let interiorRight = dy != 0 && xStepIntoInterior(s, i, j, k)
                        let interiorAbove = dy == 0 && s.y[k] < s.y[i]
                        if !(interiorRight || interiorAbove) { inside = false; break }
                    }
                    lambdas[k] = Double(abs(cp)) / abs(area2)
                }
                if !inside { continue }
                let z = lambdas[0] * s.z[0] + lambdas[1] * s.z[1] + lambdas[2] * s.z[2]
                let o = py * r.width + px
                if z < r.depth[o] {
                    r.depth[o] = z
                    r.ids[o] = index
                }
            }
        }
    }

    /// For a non-horizontal edge i→j of triangle (i, j, k): does a step in +x from the edge enter the
    /// triangle? True when the opposite vertex lies to the right of the edge's line at its own height.
    static func xStepIntoInterior(_ s: Snapped, _ i: Int, _ j: Int, _ k: Int) -> Bool {
        // x of the edge's line at y = y_k, compared with x_k, without division: sign of
        // (x_k - x_line) * (y_j - y_i) ... written out with the line through Vi and Vj.
        let dy = s.y[j] - s.y[i], dx = s.x[j] - s.x[i]
        // x_line(y_k) = x_i + dx (y_k - y_i) / dy; x_k > x_line  ⟺  (x_k - x_i) dy - dx (y_k - y_i) has dy's sign.
        let num = (s.x[k] - s.x[i]) * dy - dx * (s.y[k] - s.y[i])
        return dy > 0 ? num > 0 : num < 0
    }

    // MARK: - Homogeneous path

    static func rasterHomogeneous(_ t: (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>), index: Int, cull: Cull,
                                  into r: inout Result) {
        let v = [t.0, t.1, t.2].map { SIMD4<Double>(Double($0.x), Double($0.y), Double($0.z), Double($0.w)) }
        // Facing from the homogeneous determinant (sign of the area after projection, times the w signs).
        let det = det3(v[0], v[1], v[2])
        if det == 0 { return }
        // det > 0 ⟺ counter-clockwise on screen for points in front of the camera.
        if cull == .back && det < 0 { return }
        if cull == .front && det > 0 { return }
        let w = Double(r.width), h = Double(r.height)
        func sample(_ sx: Double, _ sy: Double) -> Double? {
            // Window (sx, sy) with image rows top to bottom → NDC.
            let xn = sx / w * 2 - 1, yn = 1 - sy / h * 2
            let u = SIMD3(v[0].x - xn * v[0].w, v[1].x - xn * v[1].w, v[2].x - xn * v[2].w)
            let q = SIMD3(v[0].y - yn * v[0].w, v[1].y - yn * v[1].w, v[2].y - yn * v[2].w)
            var a = SIMD3(u.y * q.z - u.z * q.y, u.z * q.x - u.x * q.z, u.x * q.y - u.y * q.x)
            let ws = a.x * v[0].w + a.y * v[1].w + a.z * v[2].w
            if ws == 0 { return nil }
            if ws < 0 { a = -a }
            guard a.x >= 0, a.y >= 0, a.z >= 0 else { return nil }
            let wsum = abs(ws)
            let zc = (a.x * v[0].z + a.y * v[1].z + a.z * v[2].z) / wsum
            guard zc >= -1, zc <= 1 else { return nil }
            return zc * 0.5 + 0.5
        }
        // Screen-space lines that can bound the visible part: the three edges and the near and far lines, as
        // rows of adj(V) where V's columns are the vertices' (x, y, w): a(p) = adj(V) p are the homogeneous
        // barycentrics of p = (xn, yn, 1), so edge i is a_i = 0 and near is sum a_i (z_i + w_i) = 0.
        let m = [[v[0].x, v[1].x, v[2].x], [v[0].y, v[1].y, v[2].y], [v[0].w, v[1].w, v[2].w]]
        var adj = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in 0..<3 {
                // adj = transpose of the cofactor matrix.
                let r = [0, 1, 2].filter { $0 != j }, c = [0, 1, 2].filter { $0 != i }
                let minor = m[r[0]][c[0]] * m[r[1]][c[1]] - m[r[0]][c[1]] * m[r[1]][c[0]]
                adj[i][j] = ((i + j) % 2 == 0 ? 1 : -1) * minor
            }
        }
        var lines = adj
        lines.append((0..<3).map { k in (0..<3).reduce(0.0) { $0 + (v[$1].z + v[$1].w) * adj[$1][k] } })
        lines.append((0..<3).map { k in (0..<3).reduce(0.0) { $0 + (v[$1].w - v[$1].z) * adj[$1][k] } })
        let margin = 1.0 / 16  // pixels: clipping and snapping move boundaries by far less
        for py in 0..<r.height {
            for px in 0..<r.width {
                let cx = Double(px) + 0.5, cy = Double(py) + 0.5
                let centre = sample(cx, cy)
                let xn = cx / w * 2 - 1, yn = 1 - cy / h * 2
                var ambiguous = false
                for l in lines {
                    let value = l[0] * xn + l[1] * yn + l[2]
                    let gx = l[0] * 2 / w, gy = -l[1] * 2 / h
                    let g = (gx * gx + gy * gy).squareRoot()
                    if g == 0 { continue }
                    if abs(value) / g < margin { ambiguous = true; break }
                }
                let o = py * r.width + px
                if ambiguous { r.ambiguous[o] = true }
                if let z = centre, z < r.depth[o] {
                    r.depth[o] = z
                    r.ids[o] = index
                }
            }
        }
    }

    static func det3(_ a: SIMD4<Double>, _ b: SIMD4<Double>, _ c: SIMD4<Double>) -> Double {
        // det of rows (x, y, w).
        a.x * (b.y * c.w - b.w * c.y) - a.y * (b.x * c.w - b.w * c.x) + a.w * (b.x * c.y - b.y * c.x)
    }
}
