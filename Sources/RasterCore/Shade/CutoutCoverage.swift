// CutoutCoverage: which of 8 pixels a cut-out triangle (glTF MASK) covers, by its alpha, while rasterizing.

/// -1 in the lanes of pixels (px + i, py), i < 8, where triangle `t` of the cut-out draw `dp` has an alpha at or
/// above its cutoff, else 0. Alpha is the cut-out's own alpha x its texture's alpha x its vertex alpha at
/// the pixel centre, perspective-correct: the barycentrics, coordinates and level of detail are `shadeLanes`'
/// operations, and the texture's alpha is filtered as the default filter samples (bilinear in the nearest mip level).
///
/// Run for the pixels that pass the depth test, before depth and id are written: a cut-away pixel writes neither, so
/// what is behind shows through whatever the draw order, and shading (once per visible pixel) never sees the hole.
@inline(never)
func alphaCoverage(_ t: SetupTriangle, draw dp: UnsafePointer<DrawShading>, px: Int, py: Int,
                   scratch: UnsafeMutablePointer<Float>) -> SIMD8<Int32> {
    let d = dp.pointee
    guard let cut = d.cutout, let idx = d.indices else { return SIMD8(repeating: -1) }
    let fx = SIMD8<Float>(repeating: Float(px - Int(t.minX))) + laneF
    let fy = SIMD8<Float>(repeating: Float(py - Int(t.minY)))
    func plane(_ ref: Float, _ dx: Float, _ dy: Float) -> LanePlane { (SIMD8(repeating: ref), SIMD8(repeating: dx), SIMD8(repeating: dy)) }
    let q = plane(t.qRef, t.qdx, t.qdy), uPlane = plane(t.uRef, t.udx, t.udy), vPlane = plane(t.vRef, t.vdx, t.vdy)
    let (b0, b1, b2, w) = laneBarycentrics(fx: fx, fy: fy, q: q, u: uPlane, v: vPlane)
    let prim = Int(t.prim)
    let k0 = Int(idx[3 * prim]), k1 = Int(idx[3 * prim + 1]), k2 = Int(idx[3 * prim + 2])
    var alpha = SIMD8<Float>(repeating: cut.alpha)
    if let va = cut.vertexAlpha {
        alpha *= b0 * SIMD8(repeating: va[k0]) + b1 * SIMD8(repeating: va[k1]) + b2 * SIMD8(repeating: va[k2])
    }
    if let texRef = cut.texture, let smp = cut.sampler, let uvs = d.uvs {
        let t0 = uvs[k0], t1 = uvs[k1], t2 = uvs[k2]
        let u0 = SIMD8<Float>(repeating: t0.x), u1 = SIMD8<Float>(repeating: t1.x), u2 = SIMD8<Float>(repeating: t2.x)
        let v0 = SIMD8<Float>(repeating: t0.y), v1 = SIMD8<Float>(repeating: t1.y), v2 = SIMD8<Float>(repeating: t2.y)
        let u = b0 * u0 + b1 * u1 + b2 * u2, v = b0 * v0 + b1 * v1 + b2 * v2
        let (db1x, db1y, db2x, db2y) = barycentricDerivatives(b1: b1, b2: b2, w: w, q: q, u: uPlane, v: vPlane)
        let (dux, dvx, duy, dvy) = uvDerivatives(db1x: db1x, db1y: db1y, db2x: db2x, db2y: db2y, u: (u0, u1, u2),
                                                 v: (v0, v1, v2), size: (smp.size.x, smp.size.y))
        let foot2 = vmaxf(dux * dux + dvx * dvx, duy * duy + dvy * dvy)
        if let s = smp.sampleNearestMip8(u: u, v: v, foot2: foot2, scratch: scratch) {
            alpha *= s.a
        } else {
            // Lanes far out (`sampleNearestMip8`'s limit): the scalar twin, lane by lane, as shading does.
            let tex = texRef.takeUnretainedValue()
            var a = SIMD8<Float>()
            for i in 0..<8 { a[i] = tex.sample(u: u[i], v: v[i], level: tex.level(forSquaredFootprint: foot2[i])).w }
            alpha *= a
        }
    }
    // alpha - cutoff >= 0 (not NaN): its bits, as an integer, in [+0, +infinity].
    let diff = bits(alpha - SIMD8(repeating: cut.cutoff))
    return ~((diff | (SIMD8(repeating: 0x7F80_0000) &- diff)) &>> 31)
}
