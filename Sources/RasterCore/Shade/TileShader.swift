// TileShader: turns a tile's visibility (triangle ids) into colour, 8 pixels at a time, in linear light.

import Geometry

/// What shading needs to know about one draw (or line batch) for this frame.
///
/// Plain values and pointers into buffers that live for the whole frame (mesh buffers, the renderer's
/// per-draw arrays): workers read them without reference counting in the pixel loop.
struct DrawShading {
    var baseColor: SIMD4<Float>
    var emissive: SIMD3<Float>
    var shading: ShadingModel
    var twoSided: Bool
    var texture: Unmanaged<Texture>?
    /// Source triangle corners (three indices per triangle); nil for line batches.
    var indices: UnsafePointer<UInt32>?
    var worldNormals: UnsafePointer<SIMD3<Float>>?
    var worldPositions: UnsafePointer<SIMD3<Float>>?
    var uvs: UnsafePointer<SIMD2<Float>>?
    var colors: UnsafePointer<SIMD4<Float>>?
    /// Eye-space depth (distance along the view axis) per vertex, or per segment end for line batches.
    var eyeDepth: UnsafePointer<Float>?
}

/// Frame-wide shading inputs.
struct ShadeContext {
    var draws: UnsafePointer<DrawShading>
    var ambient: SIMD3<Float>
    var lights: UnsafePointer<DirectionalLight>
    var lightCount: Int
    var keepLinearDepth: Bool
}

/// Encodes linear RGBA (each lane a pixel) to packed sRGB RGBA8 (R in the low byte).
@inline(__always)
func encodeSRGB(_ r: SIMD8<Float>, _ g: SIMD8<Float>, _ b: SIMD8<Float>, _ a: SIMD8<Float>,
                _ table: UnsafePointer<UInt8>) -> SIMD8<UInt32> {
    let scale = SIMD8<Float>(repeating: Float((1 << SRGB.linearBits) - 1)), half = SIMD8<Float>(repeating: 0.5)
    let ri = SIMD8<Int32>(vclamp01(r) * scale + half, rounding: .towardZero)
    let gi = SIMD8<Int32>(vclamp01(g) * scale + half, rounding: .towardZero)
    let bi = SIMD8<Int32>(vclamp01(b) * scale + half, rounding: .towardZero)
    let ai = SIMD8<Int32>(vclamp01(a) * SIMD8<Float>(repeating: 255) + half, rounding: .towardZero)
    var out = SIMD8<UInt32>()
    for i in 0..<8 {
        out[i] = UInt32(table[Int(ri[i])]) | UInt32(table[Int(gi[i])]) << 8 | UInt32(table[Int(bi[i])]) << 16
            | UInt32(ai[i]) << 24
    }
    return out
}

extension SIMD8 where Scalar == Float {
    /// NaN lanes become 0 (x == x is false only for NaN; done with bit masks, not SIMDMask).
    @inline(__always) func replacingNaN() -> SIMD8<Float> {
        // A float is NaN when its magnitude bits exceed the infinity pattern.
        let bits = unsafeBitCast(self, to: SIMD8<Int32>.self)
        let mag = bits & SIMD8<Int32>(repeating: 0x7FFF_FFFF)
        let isNaN = (SIMD8<Int32>(repeating: 0x7F80_0000) &- mag) &>> 31
        return unsafeBitCast(bits & ~isNaN, to: SIMD8<Float>.self)
    }
}

/// Shades 8 pixels of row `py` starting at column `px` that all show triangle `tri`; returns packed colour and
/// (when asked) linear eye depth. Lanes not covered by `tri` compute garbage that the caller discards.
@inline(__always)
func shadeGroup(_ tri: SetupTriangle, px: Int, py: Int, ctx: ShadeContext, table: UnsafePointer<UInt8>)
    -> (SIMD8<UInt32>, SIMD8<Float>) {
    let fx = SIMD8<Float>(repeating: Float(px - Int(tri.minX))) + laneF
    let fy = SIMD8<Float>(repeating: Float(py - Int(tri.minY)))
    let q = SIMD8(repeating: tri.qRef) + SIMD8(repeating: tri.qdx) * fx + SIMD8(repeating: tri.qdy) * fy
    let w = 1 / q
    let b1 = (SIMD8(repeating: tri.uRef) + SIMD8(repeating: tri.udx) * fx + SIMD8(repeating: tri.udy) * fy) * w
    let b2 = (SIMD8(repeating: tri.vRef) + SIMD8(repeating: tri.vdx) * fx + SIMD8(repeating: tri.vdy) * fy) * w
    let b0 = 1 - b1 - b2
    let d = ctx.draws[Int(tri.draw)]
    let prim = Int(tri.prim)
    var eye = SIMD8<Float>()

    guard let indices = d.indices, let positions = d.worldPositions else {
        // A line batch: flat colour; depth AOV from the segment's ends (b1 runs along the segment).
        if ctx.keepLinearDepth, let ed = d.eyeDepth {
            eye = SIMD8(repeating: (ed[2 * prim] + ed[2 * prim + 1]) * 0.5)
        }
        let c = d.baseColor
        return (encodeSRGB(SIMD8(repeating: c.x), SIMD8(repeating: c.y), SIMD8(repeating: c.z),
                           SIMD8(repeating: c.w), table), eye)
    }
    let i0 = Int(indices[3 * prim]), i1 = Int(indices[3 * prim + 1]), i2 = Int(indices[3 * prim + 2])
    if ctx.keepLinearDepth, let ed = d.eyeDepth {
        eye = b0 * ed[i0] + b1 * ed[i1] + b2 * ed[i2]
    }
    if d.shading == .primitiveID {
        let code = UInt32(truncatingIfNeeded: prim + 1) & 0xFF_FFFF | 0xFF00_0000
        return (SIMD8(repeating: code), eye)
    }
    var r = SIMD8<Float>(repeating: d.baseColor.x)
    var g = SIMD8<Float>(repeating: d.baseColor.y)
    var b = SIMD8<Float>(repeating: d.baseColor.z)
    var a = SIMD8<Float>(repeating: d.baseColor.w)
    if let cs = d.colors {
        let c0 = cs[i0], c1 = cs[i1], c2 = cs[i2]
        r *= b0 * c0.x + b1 * c1.x + b2 * c2.x
        g *= b0 * c0.y + b1 * c1.y + b2 * c2.y
        b *= b0 * c0.z + b1 * c1.z + b2 * c2.z
        a *= b0 * c0.w + b1 * c1.w + b2 * c2.w
    }
    if let texRef = d.texture, let uvs = d.uvs {
        let tex = texRef.takeUnretainedValue()
        let t0 = uvs[i0], t1 = uvs[i1], t2 = uvs[i2]
        let u = b0 * t0.x + b1 * t1.x + b2 * t2.x
        let v = b0 * t0.y + b1 * t1.y + b2 * t2.y
        // Analytic screen-space derivatives of (u, v): b_i = P_i / q with P_i, q planes, so
        // d b_i/dx = (dP_i/dx - b_i dq/dx) / q.
        let qdx = SIMD8(repeating: tri.qdx), qdy = SIMD8(repeating: tri.qdy)
        let db1x = (SIMD8(repeating: tri.udx) - b1 * qdx) * w, db1y = (SIMD8(repeating: tri.udy) - b1 * qdy) * w
        let db2x = (SIMD8(repeating: tri.vdx) - b2 * qdx) * w, db2y = (SIMD8(repeating: tri.vdy) - b2 * qdy) * w
        let tw = Float(tex.levels[0].width), th = Float(tex.levels[0].height)
        let du1: Float = (t1.x - t0.x) * tw, du2: Float = (t2.x - t0.x) * tw
        let dv1: Float = (t1.y - t0.y) * th, dv2: Float = (t2.y - t0.y) * th
        let dux: SIMD8<Float> = db1x * du1 + db2x * du2
        let duy: SIMD8<Float> = db1y * du1 + db2y * du2
        let dvx: SIMD8<Float> = db1x * dv1 + db2x * dv2
        let dvy: SIMD8<Float> = db1y * dv1 + db2y * dv2
        let fxs: SIMD8<Float> = dux * dux + dvx * dvx
        let fys: SIMD8<Float> = duy * duy + dvy * dvy
        let foot = pointwiseMax(fxs, fys).squareRoot()
        for i in 0..<8 {
            let s = tex.sample(u: u[i], v: v[i], level: tex.level(forFootprint: foot[i]))
            r[i] *= s.x; g[i] *= s.y; b[i] *= s.z; a[i] *= s.w
        }
    }
    if d.shading == .lambert {
        var nx: SIMD8<Float>, ny: SIMD8<Float>, nz: SIMD8<Float>
        if let ns = d.worldNormals {
            let n0 = ns[i0], n1 = ns[i1], n2 = ns[i2]
            nx = b0 * n0.x + b1 * n1.x + b2 * n2.x
            ny = b0 * n0.y + b1 * n1.y + b2 * n2.y
            nz = b0 * n0.z + b1 * n1.z + b2 * n2.z
            let inv = 1 / (nx * nx + ny * ny + nz * nz).squareRoot()
            nx *= inv; ny *= inv; nz *= inv
        } else {
            let p0 = positions[i0], p1 = positions[i1], p2 = positions[i2]
            let fn = (p1 - p0).cross(p2 - p0).normalizedOrNil ?? SIMD3(0, 0, 1)
            nx = SIMD8(repeating: fn.x); ny = SIMD8(repeating: fn.y); nz = SIMD8(repeating: fn.z)
        }
        if d.twoSided && tri.flags & SetupTriangle.backFacing != 0 {
            nx = -nx; ny = -ny; nz = -nz
        }
        let amb = ctx.ambient
        var lr = SIMD8<Float>(repeating: amb.x), lg = SIMD8<Float>(repeating: amb.y), lb = SIMD8<Float>(repeating: amb.z)
        for k in 0..<ctx.lightCount {
            let light = ctx.lights[k], l = light.direction
            let ndl = pointwiseMax(nx * l.x + ny * l.y + nz * l.z, SIMD8<Float>())
            lr += ndl * light.color.x; lg += ndl * light.color.y; lb += ndl * light.color.z
        }
        r *= lr; g *= lg; b *= lb
    }
    r += d.emissive.x; g += d.emissive.y; b += d.emissive.z
    return (encodeSRGB(r, g, b, a, table), eye)
}
