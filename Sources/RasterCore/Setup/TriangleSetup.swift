// TriangleSetup: snapping, culling, edge functions, bounding boxes and planes for 8 triangles at once.

/// Up to 8 clip-space triangles in SIMD lanes (structure of arrays), filled in submission order.
struct TriangleBatch {
    var x0 = SIMD8<Float>(), y0 = SIMD8<Float>(), z0 = SIMD8<Float>(), w0 = SIMD8<Float>(repeating: 1)
    var x1 = SIMD8<Float>(), y1 = SIMD8<Float>(), z1 = SIMD8<Float>(), w1 = SIMD8<Float>(repeating: 1)
    var x2 = SIMD8<Float>(), y2 = SIMD8<Float>(), z2 = SIMD8<Float>(), w2 = SIMD8<Float>(repeating: 1)
    /// Barycentrics (b1, b2) of each vertex in its source triangle: (0,0), (1,0), (0,1) unless clipped.
    var u0 = SIMD8<Float>(), v0 = SIMD8<Float>(), u1 = SIMD8<Float>(), v1 = SIMD8<Float>()
    var u2 = SIMD8<Float>(), v2 = SIMD8<Float>()
    var draw = SIMD8<UInt32>(), prim = SIMD8<UInt32>(), flags = SIMD8<UInt32>()
    var count = 0
    /// Lanes whose planes come from their source triangle (clipped pieces), and those planes.
    var exactPlaneLanes: UInt8 = 0
    var exactPlanes = [ExactPlanes](repeating: ExactPlanes(), count: 8)

    /// Lane flags that only steer setup (not stored in SetupTriangle).
    static let cullBack: UInt32 = 1 << 8
    static let cullFront: UInt32 = 1 << 9

    @inline(__always)
    mutating func add(_ a: ClipVertex, _ b: ClipVertex, _ c: ClipVertex, draw d: UInt32, prim p: UInt32,
                      flags f: UInt32) {
        let i = count
        x0[i] = a.p.x; y0[i] = a.p.y; z0[i] = a.p.z; w0[i] = a.p.w; u0[i] = a.b.x; v0[i] = a.b.y
        x1[i] = b.p.x; y1[i] = b.p.y; z1[i] = b.p.z; w1[i] = b.p.w; u1[i] = b.b.x; v1[i] = b.b.y
        x2[i] = c.p.x; y2[i] = c.p.y; z2[i] = c.p.z; w2[i] = c.p.w; u2[i] = c.b.x; v2[i] = c.b.y
        draw[i] = d; prim[i] = p; flags[i] = f
        count = i + 1
    }

    /// A clipped piece of a source triangle, with the source triangle's exact planes.
    @inline(__always)
    mutating func add(_ a: ClipVertex, _ b: ClipVertex, _ c: ClipVertex, draw d: UInt32, prim p: UInt32,
                      flags f: UInt32, planes: ExactPlanes) {
        exactPlanes[count] = planes
        exactPlaneLanes |= 1 << UInt8(count)
        add(a, b, c, draw: d, prim: p, flags: f)
    }

    /// An unclipped triangle: barycentrics are the identity.
    @inline(__always)
    mutating func add(_ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>, draw d: UInt32, prim p: UInt32,
                      flags f: UInt32) {
        add(ClipVertex(p: a, b: [0, 0]), ClipVertex(p: b, b: [1, 0]), ClipVertex(p: c, b: [0, 1]),
            draw: d, prim: p, flags: f)
    }
}

/// The viewport transform and the constants setup needs.
struct ViewportParams {
    let width: Int32, height: Int32
    let hw: Float, hh: Float
    /// 256 (H - 1): flips GL's bottom-up snapped y into image rows (row 0 at the top).
    let yFlip: Int32

    init(width: Int, height: Int) {
        self.width = Int32(width)
        self.height = Int32(height)
        hw = Float(width) / 2
        hh = Float(height) / 2
        yFlip = Int32(256 * (height - 1))
    }
}

/// Vectorised triangle setup over a `TriangleBatch`.
///
/// Per lane, matching llvmpipe's conventions (Docs/rasterization.md):
/// - window x = (x/w) W/2 + W/2, GL window y = (y/w) H/2 + H/2; both snapped as round-to-nearest-even of
///   (coordinate - 0.5) x 256, so pixel centres sit on multiples of 256; image rows flip y: Y = 256 (H-1) - Yg;
/// - the signed area of the snapped triangle decides culling (zero area is dropped; in image space a positive
///   area is clockwise on screen, a back face under OpenGL's counter-clockwise front);
/// - edge i: E(P) = A X + B Y + C, oriented so the interior is E > 0; an edge owns the pixel centres on it when
///   it is a left edge (A > 0) or a horizontal bottom edge (A = 0, B < 0): llvmpipe's rule seen in a
///   top-to-bottom image. Other edges get C - 1, so one `E >= 0` test applies the rule in exact integers;
/// - in pixel units (P = 256 p) E >= 0 exactly when A px + B py + floor(C / 256) >= 0, which is what is stored;
/// - planes for window z, 1/w and b1/w, b2/w (perspective-correct barycentrics) from the snapped positions.
@inline(__always)
func setupBatch(_ bt: inout TriangleBatch, _ vp: ViewportParams, _ emit: (inout SetupTriangle) -> Void) {
    let n = bt.count
    if n == 0 { return }
    let hw = SIMD8<Float>(repeating: vp.hw), hh = SIMD8<Float>(repeating: vp.hh)
    let half = SIMD8<Float>(repeating: 0.5), fix = SIMD8<Float>(repeating: 256)
    let yFlip = SIMD8<Int32>(repeating: vp.yFlip)

    let iw0 = 1 / bt.w0, iw1 = 1 / bt.w1, iw2 = 1 / bt.w2
    // Window coordinates, then snapping (cvtps2dq rounds to nearest even, as llvmpipe's).
    let X0 = vround(((bt.x0 * iw0) * hw + hw - half) * fix)
    let X1 = vround(((bt.x1 * iw1) * hw + hw - half) * fix)
    let X2 = vround(((bt.x2 * iw2) * hw + hw - half) * fix)
    let Y0 = yFlip &- vround(((bt.y0 * iw0) * hh + hh - half) * fix)
    let Y1 = yFlip &- vround(((bt.y1 * iw1) * hh + hh - half) * fix)
    let Y2 = yFlip &- vround(((bt.y2 * iw2) * hh + hh - half) * fix)
    let zw0 = (bt.z0 * iw0) * half + half
    let zw1 = (bt.z1 * iw1) * half + half
    let zw2 = (bt.z2 * iw2) * half + half

    // Edge vectors (exact: |coordinates| < 2^23).
    let dx01 = X1 &- X0, dy01 = Y1 &- Y0
    let dx12 = X2 &- X1, dy12 = Y2 &- Y1
    let dx20 = X0 &- X2, dy20 = Y0 &- Y2
    // Twice the signed area, exact in Double (products < 2^48).
    let area2 = SIMD8<Double>(dx20) * SIMD8<Double>(dy01) - SIMD8<Double>(dx01) * SIMD8<Double>(dy20)
    let areaF = SIMD8<Float>(area2)  // sign preserved, magnitude rounded
    let neg = unsafeBitCast(areaF, to: SIMD8<Int32>.self) &>> 31  // -1 where area < 0
    // A = -dy s, B = dx s with s = sign(area): (v ^ m) - m negates where m = -1.
    let a0 = ((0 &- dy01) ^ neg) &- neg, b0 = (dx01 ^ neg) &- neg
    let a1 = ((0 &- dy12) ^ neg) &- neg, b1 = (dx12 ^ neg) &- neg
    let a2 = ((0 &- dy20) ^ neg) &- neg, b2 = (dx20 ^ neg) &- neg
    // Fill-rule bias: 0 on owning edges (A > 0, or A == 0 and B < 0), -1 otherwise.
    @inline(__always) func bias(_ a: SIMD8<Int32>, _ b: SIMD8<Int32>) -> SIMD8<Int32> {
        let aPos = (0 &- a) &>> 31
        let aZero = ~((a | (0 &- a)) &>> 31)
        return ~(aPos | (aZero & (b &>> 31)))
    }
    let bias0 = bias(a0, b0), bias1 = bias(a1, b1), bias2 = bias(a2, b2)
    // C = -(A Xi + B Yi), exact in Double (< 2^48).
    let c0 = -(SIMD8<Double>(a0) * SIMD8<Double>(X0) + SIMD8<Double>(b0) * SIMD8<Double>(Y0))
    let c1 = -(SIMD8<Double>(a1) * SIMD8<Double>(X1) + SIMD8<Double>(b1) * SIMD8<Double>(Y1))
    let c2 = -(SIMD8<Double>(a2) * SIMD8<Double>(X2) + SIMD8<Double>(b2) * SIMD8<Double>(Y2))

    // Bounding box of pixel centres: ceil(min / 256) ... floor(max / 256), clamped to the viewport.
    let minXf = vmin(X0, vmin(X1, X2)), maxXf = vmax(X0, vmax(X1, X2))
    let minYf = vmin(Y0, vmin(Y1, Y2)), maxYf = vmax(Y0, vmax(Y1, Y2))
    let minPx = vmax((minXf &+ 255) &>> 8, SIMD8(repeating: 0))
    let minPy = vmax((minYf &+ 255) &>> 8, SIMD8(repeating: 0))
    let maxPx = vmin(maxXf &>> 8, SIMD8(repeating: vp.width - 1))
    let maxPy = vmin(maxYf &>> 8, SIMD8(repeating: vp.height - 1))

    // Planes in pixel units relative to vertex 0, evaluated back at the box corner (minPx, minPy).
    let inv256 = SIMD8<Float>(repeating: 1.0 / 256)
    let ex1 = SIMD8<Float>(dx01) * inv256, ey1 = SIMD8<Float>(dy01) * inv256
    let ex2 = SIMD8<Float>(0 &- dx20) * inv256, ey2 = SIMD8<Float>(0 &- dy20) * inv256
    let invArea = 1 / (areaF * SIMD8<Float>(repeating: 1.0 / 65536))
    let rx = SIMD8<Float>((minPx &<< 8) &- X0) * inv256
    let ry = SIMD8<Float>((minPy &<< 8) &- Y0) * inv256
    @inline(__always) func plane(_ p0: SIMD8<Float>, _ p1: SIMD8<Float>, _ p2: SIMD8<Float>)
        -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        let d1 = p1 - p0, d2 = p2 - p0
        let gx = (d1 * ey2 - d2 * ey1) * invArea
        let gy = (d2 * ex1 - d1 * ex2) * invArea
        return (p0 + gx * rx + gy * ry, gx, gy)
    }
    let zp = plane(zw0, zw1, zw2)
    let qp = plane(iw0, iw1, iw2)
    let up = plane(bt.u0 * iw0, bt.u1 * iw1, bt.u2 * iw2)
    let vpl = plane(bt.v0 * iw0, bt.v1 * iw1, bt.v2 * iw2)

    // Per lane: cull, drop empty boxes, fold the bias and the sub-pixel bits into C, emit in lane order.
    for i in 0..<n {
        let area = area2[i]
        if area == 0 { continue }
        let back = area > 0
        let f = bt.flags[i]
        if back && f & TriangleBatch.cullBack != 0 { continue }
        if !back && f & TriangleBatch.cullFront != 0 { continue }
        let bx0 = minPx[i], bx1 = maxPx[i], by0 = minPy[i], by1 = maxPy[i]
        if bx0 > bx1 || by0 > by1 { continue }
        if bt.exactPlaneLanes & (1 << UInt8(i)) != 0 {
            var t = SetupTriangle(
                a0: a0[i], a1: a1[i], a2: a2[i], b0: b0[i], b1: b1[i], b2: b2[i],
                c0: (Int64(c0[i]) + Int64(bias0[i])) >> 8,
                c1: (Int64(c1[i]) + Int64(bias1[i])) >> 8,
                c2: (Int64(c2[i]) + Int64(bias2[i])) >> 8,
                minX: bx0, minY: by0, maxX: bx1, maxY: by1,
                zRef: 0, zdx: 0, zdy: 0, qRef: 0, qdx: 0, qdy: 0, uRef: 0, udx: 0, udy: 0, vRef: 0, vdx: 0, vdy: 0,
                draw: bt.draw[i], prim: bt.prim[i], flags: (f & 0xFF) | (back ? SetupTriangle.backFacing : 0))
            bt.exactPlanes[i].apply(to: &t)
            emit(&t)
            continue
        }
        var t = SetupTriangle(
            a0: a0[i], a1: a1[i], a2: a2[i], b0: b0[i], b1: b1[i], b2: b2[i],
            c0: (Int64(c0[i]) + Int64(bias0[i])) >> 8,
            c1: (Int64(c1[i]) + Int64(bias1[i])) >> 8,
            c2: (Int64(c2[i]) + Int64(bias2[i])) >> 8,
            minX: bx0, minY: by0, maxX: bx1, maxY: by1,
            zRef: zp.0[i], zdx: zp.1[i], zdy: zp.2[i],
            qRef: qp.0[i], qdx: qp.1[i], qdy: qp.2[i],
            uRef: up.0[i], udx: up.1[i], udy: up.2[i],
            vRef: vpl.0[i], vdx: vpl.1[i], vdy: vpl.2[i],
            draw: bt.draw[i], prim: bt.prim[i], flags: (f & 0xFF) | (back ? SetupTriangle.backFacing : 0))
        emit(&t)
    }
    bt.count = 0
    bt.exactPlaneLanes = 0
}

/// The planes of a source triangle in pixel coordinates, from homogeneous (2D projective) setup.
///
/// With V the 3x3 matrix whose columns are the source vertices' clip (x, y, w), the perspective-divided
/// barycentrics of the point seen at NDC (xn, yn) are b/w = V⁻¹ (xn, yn, 1): exactly linear on screen, and
/// defined even when some vertices are behind the camera. Clipped pieces take their planes from here rather
/// than from their own (possibly sliver-thin) snapped corners, so clipping does not cost depth precision.
struct ExactPlanes {
    /// Each plane: value at pixel (0, 0) and its steps per pixel in x and y (Double until `apply`).
    var z = SIMD3<Double>(), q = SIMD3<Double>(), u = SIMD3<Double>(), v = SIMD3<Double>()

    init() {}

    /// nil when the source triangle is degenerate in projective terms (its plane passes through the eye).
    init?(_ p0: SIMD4<Float>, _ p1: SIMD4<Float>, _ p2: SIMD4<Float>, _ vp: ViewportParams) {
        let x = SIMD3<Double>(Double(p0.x), Double(p1.x), Double(p2.x))
        let y = SIMD3<Double>(Double(p0.y), Double(p1.y), Double(p2.y))
        let w = SIMD3<Double>(Double(p0.w), Double(p1.w), Double(p2.w))
        let zc = SIMD3<Double>(Double(p0.z), Double(p1.z), Double(p2.z))
        // Rows of V⁻¹ (cofactors / det), V = [x; y; w] as rows over the three vertices.
        let c0 = y.cross(w), c1 = w.cross(x), c2 = x.cross(y)
        let det = x.dot(c0)
        guard det != 0, det.isFinite else { return nil }
        // V⁻¹ = [c0 c1 c2] / det, column j multiplies coordinate j of (xn, yn, 1).
        // Pixel (px, py) centre: xn = (px + 0.5 - hw) / hw, yn = (hh - py - 0.5) / hh.
        let hw = Double(vp.hw), hh = Double(vp.hh)
        @inline(__always) func bw(_ k: Int) -> SIMD3<Double> {  // plane of b_k / w
            let ax = c0[k] / det, ay = c1[k] / det, a1 = c2[k] / det
            let dx = ax / hw, dy = -ay / hh
            let origin = ax * (0.5 - hw) / hw + ay * (hh - 0.5) / hh + a1
            return SIMD3(origin, dx, dy)
        }
        let b0 = bw(0), b1 = bw(1), b2 = bw(2)
        q = b0 + b1 + b2
        u = b1
        v = b2
        // Window z = 0.5 z_ndc + 0.5 with z_ndc = Σ (b_k / w) z_k.
        let zn = b0 * zc[0] + b1 * zc[1] + b2 * zc[2]
        z = zn * 0.5 + SIMD3(0.5, 0, 0)
    }

    /// Writes the planes into `t`, relative to its bounding box corner.
    func apply(to t: inout SetupTriangle) {
        let rx = Double(t.minX), ry = Double(t.minY)
        @inline(__always) func at(_ p: SIMD3<Double>) -> (Float, Float, Float) {
            (Float(p.x + p.y * rx + p.z * ry), Float(p.y), Float(p.z))
        }
        (t.zRef, t.zdx, t.zdy) = at(z)
        (t.qRef, t.qdx, t.qdy) = at(q)
        (t.uRef, t.udx, t.udy) = at(u)
        (t.vRef, t.vdx, t.vdy) = at(v)
    }
}
