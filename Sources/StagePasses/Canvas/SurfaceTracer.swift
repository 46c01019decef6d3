// SurfaceTracer: the LED surfaces in single precision for per-pixel work: ray hits in canvas coordinates and the
// LED pixel a hit falls in.

import Geometry
import SceneModel

/// One LED surface prepared for tracing millions of rays (scalar Float fields; no generic SIMD in the loops).
struct TracedSurface: Sendable {
    let isArc: Bool
    /// A faceted wall: one flat surface per facet (u from 0 to the facet's width, pitch and pixels of the whole
    /// canvas), tried in turn; empty for flat surfaces and arcs.
    let facets: [TracedSurface]
    /// A mesh screen, traced in double precision through its BVH (nil for every other shape).
    let mesh: LEDSurface.Mesh?
    /// `mesh != nil`, kept as a flag: testing the optional copies the mesh (reference counting) in per-pixel loops.
    let isMesh: Bool
    /// Where this facet's u = 0 lies on its wall's canvas, metres (0 for whole surfaces).
    let uOffset: Float
    /// A faceted wall's facet width, metres (the canvas width otherwise).
    let facetWidth: Float
    /// Whether moving down the canvas moves every column's point by the same vector (flat surfaces, arcs, and
    /// upright facets), so a canvas image can be built from its top row and left column.
    let rowsMoveAlike: Bool
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
        uOffset = 0
        if case .mesh(let m) = s.shape { mesh = m } else { mesh = nil }
        isMesh = mesh != nil
        switch s.shape {
        case let .flat(o, ua, va):
            let n = va.cross(ua)
            isArc = false
            facets = []
            facetWidth = w
            rowsMoveAlike = true
            (ox, oy, oz) = (Float(o.x), Float(o.y), Float(o.z))
            (ux, uy, uz) = (Float(ua.x), Float(ua.y), Float(ua.z))
            (vx, vy, vz) = (Float(va.x), Float(va.y), Float(va.z))
            (nx, ny, nz) = (Float(n.x), Float(n.y), Float(n.z))
            (cx, cz, r, start, bottom) = (0, 0, 1, 0, 0)
        case let .arc(c, radius, st, b):
            isArc = true
            facets = []
            facetWidth = w
            rowsMoveAlike = true
            (ox, oy, oz, ux, uy, uz, vx, vy, vz, nx, ny, nz) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            // The left edge's angle in [-π, π), so that u needs at most one wrap per hit.
            let twoPi = 2 * Double.pi
            let wrapped = st - twoPi * ((st + Double.pi) / twoPi).rounded(.down)
            (cx, cz, r, start, bottom) = (Float(c.x), Float(c.y), Float(radius), Float(wrapped), Float(b))
        case let .facets(f):
            isArc = false
            facets = f.origins.indices.map { TracedSurface(facet: $0, of: s, f) }
            facetWidth = Float(f.columnWidth)
            rowsMoveAlike = f.leanRadians == 0
            (ox, oy, oz, ux, uy, uz, vx, vy, vz, nx, ny, nz) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            (cx, cz, r, start, bottom) = (0, 0, 1, 0, 0)
        case .mesh:
            isArc = false
            facets = []
            facetWidth = w
            rowsMoveAlike = false
            (ox, oy, oz, ux, uy, uz, vx, vy, vz, nx, ny, nz) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            (cx, cz, r, start, bottom) = (0, 0, 1, 0, 0)
        }
    }

    /// Facet k of a faceted wall as a flat surface one facet wide, with the pitch and pixel counts of the whole canvas.
    private init(facet k: Int, of s: LEDSurface, _ f: LEDSurface.Facets) {
        let p = s.pixels
        w = Float(f.columnWidth); h = Float(s.heightM)
        pixelsW = p.width; pixelsH = p.height
        pxPerM = Float(Double(p.width) / s.widthM); pyPerM = Float(Double(p.height) / s.heightM)
        pitchU = Float(s.widthM / Double(p.width)); pitchV = Float(s.heightM / Double(p.height))
        invR = 1
        isArc = false
        facets = []
        mesh = nil
        isMesh = false
        uOffset = Float(Double(k) * f.columnWidth)
        facetWidth = w
        rowsMoveAlike = true
        let o = f.origins[k], ua = f.uAxes[k], va = f.vAxes[k], n = va.cross(ua)
        (ox, oy, oz) = (Float(o.x), Float(o.y), Float(o.z))
        (ux, uy, uz) = (Float(ua.x), Float(ua.y), Float(ua.z))
        (vx, vy, vz) = (Float(va.x), Float(va.y), Float(va.z))
        (nx, ny, nz) = (Float(n.x), Float(n.y), Float(n.z))
        (cx, cz, r, start, bottom) = (0, 0, 1, 0, 0)
    }

    /// A mesh screen's LED pixel (i, j) centre in studio space, or nil where its UVs leave the canvas empty.
    func meshPoint(column i: Int, row j: Int) -> (Float, Float, Float)? {
        guard let m = mesh,
              let (k, off) = m.locate(u: (Double(i) + 0.5) * m.width / Double(pixelsW), v: (Double(j) + 0.5) * m.height / Double(pixelsH))
        else { return nil }
        let p = m.point(triangle: k, offset: off)
        return (Float(p.x), Float(p.y), Float(p.z))
    }

    /// The facet of a faceted wall that canvas column u lies on.
    @inline(__always)
    func facet(atU u: Float) -> Int { max(0, min(Int(u / facetWidth), facets.count - 1)) }

    /// The first hit of ray e + t d with t in (tMin, tMax): t, canvas u, v and whether the LED face is seen.
    @inline(__always)
    func hit(_ ex: Float, _ ey: Float, _ ez: Float, _ dx: Float, _ dy: Float, _ dz: Float, tMax: Float)
        -> (t: Float, u: Float, v: Float, front: Bool)? {
        if let m = mesh {
            guard let h = m.intersect(origin: SIMD3(Double(ex), Double(ey), Double(ez)), direction: SIMD3(Double(dx), Double(dy), Double(dz)),
                                      minT: 1e-4, maxT: Double(tMax)) else { return nil }
            let t = Float(h.t)
            return t < tMax ? (t, Float(h.u), Float(h.v), h.front) : nil
        }
        if !facets.isEmpty {
            // Each facet in turn, keeping the nearest: a facet only answers nearer than the best so far.
            var best: (t: Float, u: Float, v: Float, front: Bool)?
            var limit = tMax
            for f in facets {
                if let h = f.hit(ex, ey, ez, dx, dy, dz, tMax: limit) {
                    best = (h.t, f.uOffset == 0 ? h.u : h.u + f.uOffset, h.v, h.front)
                    limit = h.t
                }
            }
            return best
        }
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
        if isMesh {
            // The pixel's own place on the mesh (the hit's triangle may not hold the pixel's centre).
            let (x, y, z) = point(column: i, row: j)
            return (x, y, z, i, j)
        }
        if !facets.isEmpty {
            // Whole LED pixels per cabinet: the pixel lies on the hit's facet, so the step follows its axes.
            let f = facets[facet(atU: u)]
            return (px + f.ux * du + f.vx * dv, py + f.uy * du + f.vy * dv, pz + f.uz * du + f.vz * dv, i, j)
        }
        if !isArc { return (px + ux * du + vx * dv, py + uy * du + vy * dv, pz + uz * du + vz * dv, i, j) }
        // Tangent of increasing u at angle a is (cos a, 0, sin a); from the point, sin a = x / r, cos a = -z / r.
        let tx = -(pz - cz) * invR, tz = (px - cx) * invR
        return (px + tx * du, py - dv, pz + tz * du, i, j)
    }

    /// The studio-space point of LED pixel (i, j)'s centre.
    func point(column i: Int, row j: Int) -> (Float, Float, Float) {
        let u = (Float(i) + 0.5) / pxPerM, v = (Float(j) + 0.5) / pyPerM
        if let m = mesh {
            let p = m.point(u: (Double(i) + 0.5) * m.width / Double(pixelsW), v: (Double(j) + 0.5) * m.height / Double(pixelsH))
            return (Float(p.x), Float(p.y), Float(p.z))
        }
        if !facets.isEmpty {
            let f = facets[facet(atU: u)]
            let lu = u - f.uOffset
            return (f.ox + f.ux * lu + f.vx * v, f.oy + f.uy * lu + f.vy * v, f.oz + f.uz * lu + f.vz * v)
        }
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
