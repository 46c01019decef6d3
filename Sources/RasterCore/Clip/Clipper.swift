// Clipper: homogeneous clipping against the near and far planes and the x/y guard band.

/// A vertex in clip space with its barycentric coordinates (b1, b2) in the source triangle.
struct ClipVertex {
    var p: SIMD4<Float>
    var b: SIMD2<Float>
}

/// Outcodes and polygon clipping in homogeneous space (Sutherland-Hodgman, one plane at a time).
///
/// Only the planes a triangle actually crosses are clipped: near (z >= -w), far (z <= w) and the guard band
/// (|x|, |y| <= g w, where g puts the band at `RasterLimits.guardBandPixels` from the viewport centre).
/// Triangles inside the guard band but crossing the viewport sides are not clipped: the rasterizer's bounding
/// box does that work exactly, so their edges stay the original, watertight edges.
struct Clipper {
    let gx: Float
    let gy: Float

    static let near: UInt8 = 1, far: UInt8 = 2, left: UInt8 = 4, right: UInt8 = 8, bottom: UInt8 = 16, top: UInt8 = 32
    /// Outside the viewport proper (for trivial rejection only).
    static let vLeft: UInt8 = 1, vRight: UInt8 = 2, vBottom: UInt8 = 4, vTop: UInt8 = 8

    init(width: Int, height: Int) {
        gx = RasterLimits.guardBandPixels / (Float(width) / 2)
        gy = RasterLimits.guardBandPixels / (Float(height) / 2)
    }

    /// Planes the point is outside of (near, far, guard band).
    @inline(__always)
    func outcode(_ p: SIMD4<Float>) -> UInt8 {
        var c: UInt8 = 0
        if !(p.z >= -p.w) { c |= Clipper.near }  // also catches NaN
        if !(p.z <= p.w) { c |= Clipper.far }
        if p.x < -gx * p.w { c |= Clipper.left }
        if p.x > gx * p.w { c |= Clipper.right }
        if p.y < -gy * p.w { c |= Clipper.bottom }
        if p.y > gy * p.w { c |= Clipper.top }
        return c
    }

    /// Viewport sides the point is outside of.
    @inline(__always)
    static func viewOutcode(_ p: SIMD4<Float>) -> UInt8 {
        var c: UInt8 = 0
        if p.x < -p.w { c |= vLeft }
        if p.x > p.w { c |= vRight }
        if p.y < -p.w { c |= vBottom }
        if p.y > p.w { c |= vTop }
        return c
    }

    @inline(__always)
    func distance(_ p: SIMD4<Float>, plane: UInt8) -> Float {
        switch plane {
        case Clipper.near: return p.z + p.w
        case Clipper.far: return p.w - p.z
        case Clipper.left: return gx * p.w + p.x
        case Clipper.right: return gx * p.w - p.x
        case Clipper.bottom: return gy * p.w + p.y
        default: return gy * p.w - p.y
        }
    }

    /// Clips the polygon against every plane in `planes`; returns the clipped polygon (possibly empty).
    func clip(_ poly: [ClipVertex], planes: UInt8) -> [ClipVertex] {
        var cur = poly
        for plane in [Clipper.near, Clipper.far, Clipper.left, Clipper.right, Clipper.bottom, Clipper.top]
        where planes & plane != 0 {
            guard !cur.isEmpty else { return cur }
            var out: [ClipVertex] = []
            out.reserveCapacity(cur.count + 2)
            for i in 0..<cur.count {
                let a = cur[i], b = cur[(i + 1) % cur.count]
                let da = distance(a.p, plane: plane), db = distance(b.p, plane: plane)
                let aIn = da >= 0, bIn = db >= 0
                if aIn { out.append(a) }
                if aIn != bIn {
                    // Interpolate from the inside vertex so the same edge clips to the same point both ways.
                    let (s, e, ds, de) = aIn ? (a, b, da, db) : (b, a, db, da)
                    let t = ds / (ds - de)
                    out.append(ClipVertex(p: s.p + (e.p - s.p) * t, b: s.b + (e.b - s.b) * t))
                }
            }
            cur = out
        }
        return cur
    }
}
