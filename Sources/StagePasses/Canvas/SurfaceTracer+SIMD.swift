// SurfaceTracer+SIMD: eight rays at once against one LED surface — the same formulas as `hit`, in lanes.

import RasterCore

/// Eight rays' nearest-so-far hits: parameter, canvas u and v, front face, and the surface index (-1: none).
struct HitLanes {
    var t: SIMD8<Float>
    var u = SIMD8<Float>(repeating: 0)
    var v = SIMD8<Float>(repeating: 0)
    var front = SIMD8<Int32>(repeating: 0)
    var index = SIMD8<Int32>(repeating: -1)
}

extension TracedSurface {
    /// `hit` for eight rays sharing an origin, updating `lanes` where this surface is nearer than what they hold.
    /// Scalar twin: `hit(ex, ey, ez, dx[i], dy[i], dz[i], tMax: lanes.t[i])` per lane (the same operations in the
    /// same order, so each lane's result equals the scalar one).
    @inline(__always)
    func hit8(_ ex: Float, _ ey: Float, _ ez: Float, _ dx: SIMD8<Float>, _ dy: SIMD8<Float>, _ dz: SIMD8<Float>,
              index: Int32, into lanes: inout HitLanes) {
        withUnsafePointer(to: self) { TracedSurface.hit8($0, ex, ey, ez, dx, dy, dz, index: index, into: &lanes) }
    }

    /// `hit8` of the surface at `s`, its fields read through the pointer: calling the method on `pointee` copied
    /// the whole surface (352 bytes, retaining its arrays) for every 8 rays.
    @inline(__always)
    static func hit8(_ s: UnsafePointer<TracedSurface>, _ ex: Float, _ ey: Float, _ ez: Float, _ dx: SIMD8<Float>,
                     _ dy: SIMD8<Float>, _ dz: SIMD8<Float>, index: Int32, into lanes: inout HitLanes) {
        if s.pointee.isMesh {
            // Scalar twin itself: a mesh is traced lane by lane through its BVH.
            for i in 0..<8 {
                guard let h = s.pointee.hit(ex, ey, ez, dx[i], dy[i], dz[i], tMax: lanes.t[i]) else { continue }
                lanes.t[i] = h.t; lanes.u[i] = h.u; lanes.v[i] = h.v
                lanes.front[i] = h.front ? 1 : 0
                lanes.index[i] = index
            }
            return
        }
        if !s.pointee.facets.isEmpty {
            // Scalar twin: the facet loop of `hit`; each facet replaces lanes it meets nearer than they hold.
            s.pointee.facets.withUnsafeBufferPointer { fb in
                for k in fb.indices { hit8(fb.baseAddress! + k, ex, ey, ez, dx, dy, dz, index: index, into: &lanes) }
            }
            return
        }
        let tMax = lanes.t
        let (w, h) = (s.pointee.w, s.pointee.h)
        if !s.pointee.isArc {
            let (ox, oy, oz, nx, ny, nz) = (s.pointee.ox, s.pointee.oy, s.pointee.oz, s.pointee.nx, s.pointee.ny, s.pointee.nz)
            let (ux, uy, uz, vx, vy, vz) = (s.pointee.ux, s.pointee.uy, s.pointee.uz, s.pointee.vx, s.pointee.vy, s.pointee.vz)
            let uOffset = s.pointee.uOffset
            let denom = dx * nx + dy * ny + dz * nz
            let num = (ox - ex) * nx + (oy - ey) * ny + (oz - ez) * nz
            let t = num / denom
            let px = ex + t * dx - ox, py = ey + t * dy - oy, pz = ez + t * dz - oz
            let u = px * ux + py * uy + pz * uz, v = px * vx + py * vy + pz * vz
            let absDenom = denom.replacing(with: -denom, where: denom .< 0)
            var valid = (num * denom .> 0) .& (abs(num) .< tMax * absDenom) .& (t .> 1e-4)
            valid = valid .& (u .>= 0) .& (u .< w) .& (v .>= 0) .& (v .< h)
            lanes.t.replace(with: t, where: valid)
            lanes.u.replace(with: uOffset == 0 ? u : u + uOffset, where: valid)
            lanes.v.replace(with: v, where: valid)
            lanes.front.replace(with: SIMD8<Int32>(repeating: 0).replacing(with: 1, where: denom .< 0), where: valid)
            lanes.index.replace(with: index, where: valid)
            return
        }
        let (cx, cz, r, start, bottom) = (s.pointee.cx, s.pointee.cz, s.pointee.r, s.pointee.start, s.pointee.bottom)
        let qx = ex - cx, qz = ez - cz
        let a = dx * dx + dz * dz
        let b = qx * dx + qz * dz
        let disc = b * b - a * (qx * qx + qz * qz - r * r)
        let ok = (a .!= 0) .& (disc .>= 0)
        let sq = disc.replacing(with: 0, where: .!ok).squareRoot()
        let invA = 1 / a.replacing(with: 1, where: a .== 0)
        var done = SIMDMask<SIMD8<Int32>>(repeating: false)
        for k in 0..<2 {
            let t = (k == 0 ? (-b - sq) : (-b + sq)) * invA
            let v = bottom + h - (ey + t * dy)
            // Every condition but the arc's angle first: a root no lane can take (the near root of a camera inside
            // the arc is behind it) skips the arctangent, and the lanes that can take it get the same values.
            let reachable = ok .& .!done .& (t .> 1e-4) .& (t .< tMax) .& (v .>= 0) .& (v .< h)
            guard anyLane(unsafeBitCast(reachable, to: SIMD8<Int32>.self)) else { continue }
            let px = qx + t * dx, pz = qz + t * dz
            var ang = fastAtan2(px, -pz) - start
            ang.replace(with: ang + 2 * Float.pi, where: ang .< 0)
            let u = ang * r
            let valid = reachable .& (u .< w)
            lanes.t.replace(with: t, where: valid)
            lanes.u.replace(with: u, where: valid)
            lanes.v.replace(with: v, where: valid)
            lanes.front.replace(with: SIMD8<Int32>(repeating: 0).replacing(with: 1, where: px * dx + pz * dz .> 0), where: valid)
            lanes.index.replace(with: index, where: valid)
            done = done .| valid
        }
    }
}

/// `fastAtan2` in lanes. Scalar twin: `fastAtan2(y[i], x[i])`.
@inline(__always) func fastAtan2(_ y: SIMD8<Float>, _ x: SIMD8<Float>) -> SIMD8<Float> {
    let ax = x.replacing(with: -x, where: x .< 0), ay = y.replacing(with: -y, where: y .< 0)
    // Swift's max and min per lane, as blends: `pointwiseMax` and `pointwiseMin` on Float lanes are calls here.
    let mx = ax.replacing(with: ay, where: ay .>= ax), mn = ay.replacing(with: ax, where: ay .>= ax)
    let a = mn / mx.replacing(with: 1, where: mx .== 0)
    let s = a * a
    let c0: Float = 0.99997726, c1: Float = -0.33262347, c2: Float = 0.19354346, c3: Float = -0.11643287
    let c4: Float = 0.05265332, c5: Float = 0.01172120
    var r = a * (c0 + s * (c1 + s * (c2 + s * (c3 + s * (c4 - c5 * s)))))
    r.replace(with: Float.pi / 2 - r, where: ay .> ax)
    r.replace(with: Float.pi - r, where: x .< 0)
    r.replace(with: -r, where: y .< 0)
    return r.replacing(with: 0, where: mx .== 0)
}

/// Int32(x) (truncation toward zero) per lane for |x| < 2^22. Scalar twin: Int(x) for such x.
@inline(__always) func vtruncSmall(_ x: SIMD8<Float>) -> SIMD8<Int32> {
    let sign = bits(x) &>> 31  // -1 where the sign bit is set
    let f = vfloorSmall(float(bits(x) & SIMD8(repeating: 0x7FFF_FFFF)))
    return (f ^ sign) &- sign  // negated where x < 0
}
