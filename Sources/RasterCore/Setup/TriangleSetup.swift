// TriangleSetup: snapping, culling, edge functions, bounding boxes and planes for 8 triangles at once.

/// Up to 8 clip-space triangles in SIMD lanes (structure of arrays in memory), filled in submission order.
///
/// Lanes are written with scalar stores and read by setup as whole vectors: inserting lanes into vector
/// registers one by one costs a store-forwarding stall per lane in Swift 6.3's code.
final class TriangleBatch {
    /// Float columns, 8 lanes each: x, y, z, w of vertex 0, 1, 2 (0...11), then barycentrics (b1, b2) of each
    /// vertex in its source triangle (12...17): (0,0), (1,0), (0,1) unless clipped.
    static let floatColumns = 18
    let f: UnsafeMutablePointer<Float>
    /// UInt32 columns: draw, primitive, flags.
    let u: UnsafeMutablePointer<UInt32>
    var count = 0
    /// Lanes whose planes come from their source triangle (clipped pieces), and those planes.
    var exactPlaneLanes: UInt32 = 0
    let exactPlanes: UnsafeMutablePointer<ExactPlanes>
    /// Per-lane values setup extracts after its vector work (see `setupBatch`).
    let lanes: UnsafeMutableRawPointer

    /// Lane flags that only steer setup (not stored in SetupTriangle).
    static let cullBack: UInt32 = 1 << 8
    static let cullFront: UInt32 = 1 << 9

    init() {
        f = .allocate(capacity: TriangleBatch.floatColumns * 8)
        f.initialize(repeating: 1, count: TriangleBatch.floatColumns * 8)
        u = .allocate(capacity: 3 * 8)
        u.initialize(repeating: 0, count: 3 * 8)
        exactPlanes = .allocate(capacity: 8)
        exactPlanes.initialize(repeating: ExactPlanes(), count: 8)
        lanes = .allocate(byteCount: SetupLanes.bytes, alignment: 64)
    }

    deinit {
        f.deallocate(); u.deallocate(); exactPlanes.deallocate(); lanes.deallocate()
    }

    @inline(__always) func column(_ c: Int) -> SIMD8<Float> {
        UnsafeRawPointer(f + 8 * c).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    func add(_ a: ClipVertex, _ b: ClipVertex, _ c: ClipVertex, draw d: UInt32, prim p: UInt32, flags fl: UInt32) {
        let i = count
        f[i] = a.p.x; f[8 + i] = a.p.y; f[16 + i] = a.p.z; f[24 + i] = a.p.w
        f[32 + i] = b.p.x; f[40 + i] = b.p.y; f[48 + i] = b.p.z; f[56 + i] = b.p.w
        f[64 + i] = c.p.x; f[72 + i] = c.p.y; f[80 + i] = c.p.z; f[88 + i] = c.p.w
        f[96 + i] = a.b.x; f[104 + i] = a.b.y; f[112 + i] = b.b.x; f[120 + i] = b.b.y
        f[128 + i] = c.b.x; f[136 + i] = c.b.y
        u[i] = d; u[8 + i] = p; u[16 + i] = fl
        count = i + 1
    }

    /// A clipped piece of a source triangle, with the source triangle's exact planes.
    @inline(__always)
    func add(_ a: ClipVertex, _ b: ClipVertex, _ c: ClipVertex, draw d: UInt32, prim p: UInt32, flags fl: UInt32,
             planes: ExactPlanes) {
        exactPlanes[count] = planes
        exactPlaneLanes |= 1 << UInt32(count)
        add(a, b, c, draw: d, prim: p, flags: fl)
    }

    /// An unclipped triangle: barycentrics are the identity.
    @inline(__always)
    func add(_ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>, draw d: UInt32, prim p: UInt32, flags fl: UInt32) {
        let i = count
        f[i] = a.x; f[8 + i] = a.y; f[16 + i] = a.z; f[24 + i] = a.w
        f[32 + i] = b.x; f[40 + i] = b.y; f[48 + i] = b.z; f[56 + i] = b.w
        f[64 + i] = c.x; f[72 + i] = c.y; f[80 + i] = c.z; f[88 + i] = c.w
        f[96 + i] = 0; f[104 + i] = 0; f[112 + i] = 1; f[120 + i] = 0
        f[128 + i] = 0; f[136 + i] = 1
        u[i] = d; u[8 + i] = p; u[16 + i] = fl
        count = i + 1
    }
}

/// Byte offsets of the per-lane results setup stores as whole vectors and reads back lane by lane.
enum SetupLanes {
    static let i32Columns = 11   // a0 a1 a2 b0 b1 b2 minX minY maxX maxY, area sign
    static let f32Columns = 12   // z, q, u, v planes: ref, dx, dy
    static let f64Columns = 3    // c0 c1 c2 (exact integers, bias folded, not yet divided)
    static let i32 = 0
    static let f32 = i32Columns * 32
    static let f64 = f32 + f32Columns * 32
    static let bytes = f64 + f64Columns * 64
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
func setupBatch(_ bt: TriangleBatch, _ vp: ViewportParams, _ emit: (inout SetupTriangle) -> Void) {
    let n = bt.count
    if n == 0 { return }
    let hw = SIMD8<Float>(repeating: vp.hw), hh = SIMD8<Float>(repeating: vp.hh)
    let half = SIMD8<Float>(repeating: 0.5), fix = SIMD8<Float>(repeating: 256)
    let yFlip = SIMD8<Int32>(repeating: vp.yFlip)

    let iw0 = 1 / bt.column(3), iw1 = 1 / bt.column(7), iw2 = 1 / bt.column(11)
    // Window coordinates, then snapping (cvtps2dq rounds to nearest even, as llvmpipe's).
    let X0 = vround(((bt.column(0) * iw0) * hw + hw - half) * fix)
    let X1 = vround(((bt.column(4) * iw1) * hw + hw - half) * fix)
    let X2 = vround(((bt.column(8) * iw2) * hw + hw - half) * fix)
    let Y0 = yFlip &- vround(((bt.column(1) * iw0) * hh + hh - half) * fix)
    let Y1 = yFlip &- vround(((bt.column(5) * iw1) * hh + hh - half) * fix)
    let Y2 = yFlip &- vround(((bt.column(9) * iw2) * hh + hh - half) * fix)
    let zw0 = (bt.column(2) * iw0) * half + half
    let zw1 = (bt.column(6) * iw1) * half + half
    let zw2 = (bt.column(10) * iw2) * half + half

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
    let up = plane(bt.column(12) * iw0, bt.column(14) * iw1, bt.column(16) * iw2)
    let vpl = plane(bt.column(13) * iw0, bt.column(15) * iw1, bt.column(17) * iw2)

    // Which lanes survive: a real lane, non-zero area, not culled, a non-empty box. Built with sign bits and
    // turned into a bit mask by a weighted sum (no SIMDMask, no lane loop).
    let laneBits = SIMD8<Int32>(1, 2, 4, 8, 16, 32, 64, 128)
    let real = (laneI &- SIMD8<Int32>(repeating: Int32(n))) &>> 31
    let areaBits = bits(areaF) & SIMD8<Int32>(repeating: 0x7FFF_FFFF)
    let nonZero = (0 &- areaBits) &>> 31
    let flags = UnsafeRawPointer(bt.u + 16).loadUnaligned(as: SIMD8<Int32>.self)
    let cullBack = (0 &- (flags & SIMD8<Int32>(repeating: Int32(TriangleBatch.cullBack)))) &>> 31
    let cullFront = (0 &- (flags & SIMD8<Int32>(repeating: Int32(TriangleBatch.cullFront)))) &>> 31
    let culled = (cullBack & ~neg) | (cullFront & neg)  // positive area = back face in image space
    let boxOK = ~(((maxPx &- minPx) | (maxPy &- minPy)) &>> 31)
    var keep = UInt32(truncatingIfNeeded: (real & nonZero & ~culled & boxOK & laneBits).wrappedSum())
    if keep == 0 { bt.count = 0; bt.exactPlaneLanes = 0; return }

    // Store the lane values once as vectors; the loop below reads scalars from memory.
    let L = bt.lanes
    @inline(__always) func put(_ base: Int, _ k: Int, _ v: SIMD8<Int32>) { L.storeBytes(of: v, toByteOffset: base + 32 * k, as: SIMD8<Int32>.self) }
    @inline(__always) func putF(_ k: Int, _ v: SIMD8<Float>) { L.storeBytes(of: v, toByteOffset: SetupLanes.f32 + 32 * k, as: SIMD8<Float>.self) }
    @inline(__always) func putD(_ k: Int, _ v: SIMD8<Double>) { L.storeBytes(of: v, toByteOffset: SetupLanes.f64 + 64 * k, as: SIMD8<Double>.self) }
    put(SetupLanes.i32, 0, a0); put(SetupLanes.i32, 1, a1); put(SetupLanes.i32, 2, a2)
    put(SetupLanes.i32, 3, b0); put(SetupLanes.i32, 4, b1); put(SetupLanes.i32, 5, b2)
    put(SetupLanes.i32, 6, minPx); put(SetupLanes.i32, 7, minPy); put(SetupLanes.i32, 8, maxPx); put(SetupLanes.i32, 9, maxPy)
    put(SetupLanes.i32, 10, neg)
    putF(0, zp.0); putF(1, zp.1); putF(2, zp.2); putF(3, qp.0); putF(4, qp.1); putF(5, qp.2)
    putF(6, up.0); putF(7, up.1); putF(8, up.2); putF(9, vpl.0); putF(10, vpl.1); putF(11, vpl.2)
    putD(0, c0 + SIMD8<Double>(bias0)); putD(1, c1 + SIMD8<Double>(bias1)); putD(2, c2 + SIMD8<Double>(bias2))
    let iv = L.assumingMemoryBound(to: Int32.self)
    let fv = (L + SetupLanes.f32).assumingMemoryBound(to: Float.self)
    let dv = (L + SetupLanes.f64).assumingMemoryBound(to: Double.self)

    while keep != 0 {
        let i = keep.trailingZeroBitCount
        keep &= keep - 1
        let fl = bt.u[16 + i]
        let back = iv[80 + i] == 0  // positive area: clockwise on screen, a back face
        var t = SetupTriangle(
            a0: iv[i], a1: iv[8 + i], a2: iv[16 + i], b0: iv[24 + i], b1: iv[32 + i], b2: iv[40 + i],
            c0: Int64(dv[i]) >> 8, c1: Int64(dv[8 + i]) >> 8, c2: Int64(dv[16 + i]) >> 8,
            minX: iv[48 + i], minY: iv[56 + i], maxX: iv[64 + i], maxY: iv[72 + i],
            zRef: fv[i], zdx: fv[8 + i], zdy: fv[16 + i],
            qRef: fv[24 + i], qdx: fv[32 + i], qdy: fv[40 + i],
            uRef: fv[48 + i], udx: fv[56 + i], udy: fv[64 + i],
            vRef: fv[72 + i], vdx: fv[80 + i], vdy: fv[88 + i],
            draw: bt.u[i], prim: bt.u[8 + i], flags: (fl & 0xFF) | (back ? SetupTriangle.backFacing : 0))
        if bt.exactPlaneLanes & (1 << UInt32(i)) != 0 { bt.exactPlanes[i].apply(to: &t) }
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
