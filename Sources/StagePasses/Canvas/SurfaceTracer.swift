// SurfaceTracer: the LED surfaces in single precision for per-pixel work: ray hits in canvas coordinates and the
// LED pixel a hit falls in.

import Geometry
import SceneModel

/// One LED surface prepared for tracing millions of rays (scalar Float fields; no generic SIMD in the loops).
struct TracedSurface: Sendable {
    let isArc: Bool
    // Flat: top-left corner, unit axes along canvas x and y, the LED face's normal.
    let ox, oy, oz, ux, uy, uz, vx, vy, vz, nx, ny, nz: Float
    // Arc: axis (x, z), radius, left edge angle, bottom height.
    let cx, cz, r, start, bottom: Float
    /// Canvas size in metres and LED pixels per metre.
    let w, h: Float
    let pxPerM, pyPerM: Float
    /// Metres per LED pixel, 1 / radius (arcs).
    let pitchU, pitchV, invR: Float
    let pixelsW, pixelsH: Int

    init(_ s: LEDSurface) {
        let p = s.pixels
        w = Float(s.widthM); h = Float(s.heightM)
        pixelsW = p.width; pixelsH = p.height
        pxPerM = Float(Double(p.width) / s.widthM); pyPerM = Float(Double(p.height) / s.heightM)
        pitchU = Float(s.widthM / Double(p.width)); pitchV = Float(s.heightM / Double(p.height))
        if case .arc(_, let radius, _, _) = s.shape { invR = Float(1 / radius) } else { invR = 1 }
        switch s.shape {
        case let .flat(o, ua, va):
            let n = va.cross(ua)
            isArc = false
            (ox, oy, oz) = (Float(o.x), Float(o.y), Float(o.z))
            (ux, uy, uz) = (Float(ua.x), Float(ua.y), Float(ua.z))
            (vx, vy, vz) = (Float(va.x), Float(va.y), Float(va.z))
            (nx, ny, nz) = (Float(n.x), Float(n.y), Float(n.z))
            (cx, cz, r, start, bottom) = (0, 0, 1, 0, 0)
        case let .arc(c, radius, st, b):
            isArc = true
            (ox, oy, oz, ux, uy, uz, vx, vy, vz, nx, ny, nz) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            // The left edge's angle in [-π, π), so that u needs at most one wrap per hit.
            let twoPi = 2 * Double.pi
            let wrapped = st - twoPi * ((st + Double.pi) / twoPi).rounded(.down)
            (cx, cz, r, start, bottom) = (Float(c.x), Float(c.y), Float(radius), Float(wrapped), Float(b))
        }
    }

    /// The first hit of ray e + t d with t in (tMin, tMax): t, canvas u, v and whether the LED face is seen.
    @inline(__always)
    func hit(_ ex: Float, _ ey: Float, _ ez: Float, _ dx: Float, _ dy: Float, _ dz: Float, tMax: Float)
        -> (t: Float, u: Float, v: Float, front: Bool)? {
        if !isArc {
            let denom = dx * nx + dy * ny + dz * nz
            let num = (ox - ex) * nx + (oy - ey) * ny + (oz - ez) * nz
            // t = num / denom must be positive and below tMax: decided without dividing for most rays.
            if !(num * denom > 0) || abs(num) >= tMax * abs(denom) { return nil }
            let t = num / denom
            if !(t > 1e-4) { return nil }
            let px = ex + t * dx - ox, py = ey + t * dy - oy, pz = ez + t * dz - oz
            let u = px * ux + py * uy + pz * uz, v = px * vx + py * vy + pz * vz
            if !(u >= 0 && u < w && v >= 0 && v < h) { return nil }
            return (t, u, v, denom < 0)
        }
        let qx = ex - cx, qz = ez - cz
        let a = dx * dx + dz * dz
        if a == 0 { return nil }
        let b = qx * dx + qz * dz
        let disc = b * b - a * (qx * qx + qz * qz - r * r)
        if disc < 0 { return nil }
        let sq = disc.squareRoot()
        let invA = 1 / a
        for k in 0..<2 {
            let t = (k == 0 ? (-b - sq) : (-b + sq)) * invA
            if !(t > 1e-4 && t < tMax) { continue }
            let v = bottom + h - (ey + t * dy)
            if !(v >= 0 && v < h) { continue }
            let px = qx + t * dx, pz = qz + t * dz
            var ang = fastAtan2(px, -pz) - start
            // Both angles lie in [-π, π]: one wrap brings the difference into [0, 2π).
            if ang < 0 { ang += 2 * Float.pi }
            let u = ang * r
            if !(u < w) { continue }
            return (t, u, v, px * dx + pz * dz > 0)
        }
        return nil
    }

    /// The studio-space centre of the LED pixel that canvas point (u, v) falls in, moved from the hit point p
    /// along the surface (exact for flat surfaces; for arcs the tangent step is off by under a micrometre at
    /// half an LED pixel).
    @inline(__always)
    func pixelCentre(u: Float, v: Float, px: Float, py: Float, pz: Float) -> (Float, Float, Float, Int, Int) {
        let i = min(Int(u * pxPerM), pixelsW - 1), j = min(Int(v * pyPerM), pixelsH - 1)
        let du = (Float(i) + 0.5) * pitchU - u, dv = (Float(j) + 0.5) * pitchV - v
        if !isArc { return (px + ux * du + vx * dv, py + uy * du + vy * dv, pz + uz * du + vz * dv, i, j) }
        // Tangent of increasing u at angle a is (cos a, 0, sin a); from the point, sin a = x / r, cos a = -z / r.
        let tx = -(pz - cz) * invR, tz = (px - cx) * invR
        return (px + tx * du, py - dv, pz + tz * du, i, j)
    }

    /// The studio-space point of LED pixel (i, j)'s centre.
    func point(column i: Int, row j: Int) -> (Float, Float, Float) {
        let u = (Float(i) + 0.5) / pxPerM, v = (Float(j) + 0.5) / pyPerM
        if !isArc { return (ox + ux * u + vx * v, oy + uy * u + vy * v, oz + uz * u + vz * v) }
        let a = Double(start) + Double(u) / Double(r)
        return (cx + r * Float(sinD(a)), bottom + h - v, cz - r * Float(cosD(a)))
    }
}

/// atan2 in Float to about 2e-6 radians (a minimax polynomial for atan on [0, 1], then the octant): 0.02 mm of arc
/// on a 9 m radius, a hundredth of an LED pixel.
@inline(__always) func fastAtan2(_ y: Float, _ x: Float) -> Float {
    let ax = abs(x), ay = abs(y)
    let mx = max(ax, ay)
    if mx == 0 { return 0 }
    let a = min(ax, ay) / mx
    let s = a * a
    var r = a * (0.99997726 + s * (-0.33262347 + s * (0.19354346 + s * (-0.11643287 + s * (0.05265332 - 0.01172120 * s)))))
    if ay > ax { r = Float.pi / 2 - r }
    if x < 0 { r = Float.pi - r }
    return y < 0 ? -r : r
}
