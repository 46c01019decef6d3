// RayShape: a flat or curved LED surface's ray test in plain values, for loops over many rays.

import Geometry

/// A flat or curved surface's shape and size without the surface's reference-counted parts (its name, panel type,
/// a faceted or mesh shape's arrays): `LEDSurface.intersect` tests flat and curved surfaces through it, and loops
/// over many rays hold these (`RayTargets`) instead of calling the surface, which Swift copies out of an array
/// (retaining and releasing its storage) for every call.
public struct RayShape: Sendable {
    public enum Form: Sendable {
        case flat(origin: SIMD3<Double>, uAxis: SIMD3<Double>, vAxis: SIMD3<Double>)
        case arc(centre: SIMD2<Double>, radius: Double, startRadians: Double, bottomY: Double)
    }
    public var form: Form
    public var widthM: Double
    public var heightM: Double

    public init(form: Form, widthM: Double, heightM: Double) {
        self.form = form; self.widthM = widthM; self.heightM = heightM
    }

    /// A flat or curved surface's; nil for faceted and mesh surfaces.
    public init?(_ s: LEDSurface) {
        switch s.shape {
        case let .flat(o, ua, va): self.init(form: .flat(origin: o, uAxis: ua, vAxis: va), widthM: s.widthM, heightM: s.heightM)
        case let .arc(c, r, start, bottom):
            self.init(form: .arc(centre: c, radius: r, startRadians: start, bottomY: bottom), widthM: s.widthM, heightM: s.heightM)
        case .facets, .mesh: return nil
        }
    }

    /// `LEDSurface.intersect` for this shape.
    public func intersect(origin e: SIMD3<Double>, direction d: SIMD3<Double>, minT: Double)
        -> (t: Double, u: Double, v: Double, front: Bool)? {
        switch form {
        case let .flat(o, ua, va):
            let n = va.cross(ua)
            let denom = d.dot(n)
            guard denom != 0 else { return nil }
            let t = (o - e).dot(n) / denom
            guard t > minT else { return nil }
            let p = e + d * t - o
            let u = p.dot(ua), v = p.dot(va)
            guard u >= 0, u < widthM, v >= 0, v < heightM else { return nil }
            return (t, u, v, denom < 0)
        case let .arc(c, r, start, bottom):
            let ox = e.x - c.x, oz = e.z - c.y
            let a = d.x * d.x + d.z * d.z
            guard a > 0 else { return nil }
            let b = ox * d.x + oz * d.z
            let cc = ox * ox + oz * oz - r * r
            let disc = b * b - a * cc
            guard disc >= 0 else { return nil }
            let s = disc.squareRoot()
            let roots = ((-b - s) / a, (-b + s) / a)  // a tuple: an array literal here was allocated per ray
            for k in 0..<2 {
                let t = k == 0 ? roots.0 : roots.1
                guard t > minT else { continue }
                let px = ox + t * d.x, pz = oz + t * d.z, py = e.y + t * d.y
                let v = bottom + heightM - py
                guard v >= 0, v < heightM else { continue }
                guard let u = RayShape.arcU(x: px, z: pz, radius: r, start: start), u < widthM else { continue }
                // The LED face looks at the axis: from inside the circle the ray meets it head on.
                let front = (px * d.x + pz * d.z) > 0
                return (t, u, v, front)
            }
            return nil
        }
    }

    /// `LEDSurface.tangentsAndNormal` for this shape: `LEDSurface.point` and `normal`'s values, with an arc's sine
    /// and cosine at u worked out once for the point, its step down the canvas and the normal.
    public func tangentsAndNormal(u: Double, v: Double, step e: Double = 1e-4)
        -> (tangentU: SIMD3<Double>, tangentV: SIMD3<Double>, normal: SIMD3<Double>) {
        func unit(_ a: SIMD3<Double>) -> SIMD3<Double> { a / max(a.dot(a).squareRoot(), 1e-300) }
        switch form {
        case let .flat(o, ua, va):
            let p = o + ua * u + va * v
            return (unit(o + ua * (u + e) + va * v - p), unit(o + ua * u + va * (v + e) - p), va.cross(ua))
        case let .arc(c, r, start, bottom):
            let a = start + u / r, s = sinD(a), co = cosD(a)
            let b = start + (u + e) / r
            let p = SIMD3(c.x + r * s, bottom + heightM - v, c.y - r * co)
            let pu = SIMD3(c.x + r * sinD(b), bottom + heightM - v, c.y - r * cosD(b))
            let pv = SIMD3(c.x + r * s, bottom + heightM - (v + e), c.y - r * co)
            return (unit(pu - p), unit(pv - p), SIMD3(-s, 0, co))
        }
    }

    /// Canvas u of the point at (x, z) relative to the axis: the arc length from the left edge, in [0, 2πr).
    static func arcU(x: Double, z: Double, radius r: Double, start: Double) -> Double? {
        var a = atan2D(x, -z) - start
        let twoPi = 2 * Double.pi
        a -= twoPi * (a / twoPi).rounded(.down)
        return a * r
    }
}

/// Surfaces to test many rays against: flat and curved ones as `RayShape`s, the rest through the surface.
public struct RayTargets: Sendable {
    public let surfaces: [LEDSurface]
    let shapes: [RayShape?]

    public init(_ surfaces: [LEDSurface]) {
        self.surfaces = surfaces
        shapes = surfaces.map { RayShape($0) }
    }

    /// The nearest surface a ray meets (`Array.nearestHit`, which calls this).
    public func nearestHit(origin e: SIMD3<Double>, direction d: SIMD3<Double>, frontOnly: Bool = false)
        -> (index: Int, t: Double, u: Double, v: Double, front: Bool)? {
        var best: (index: Int, t: Double, u: Double, v: Double, front: Bool)?
        for i in shapes.indices {
            let hit = shapes[i].map { $0.intersect(origin: e, direction: d, minT: 1e-9) }
                ?? surfaces[i].intersect(origin: e, direction: d)
            if let h = hit, h.front || !frontOnly, h.t < (best?.t ?? .infinity) {
                best = (i, h.t, h.u, h.v, h.front)
            }
        }
        return best
    }

    /// `LEDSurface.tangentsAndNormal` of surface `i`.
    public func tangentsAndNormal(surface i: Int, u: Double, v: Double)
        -> (tangentU: SIMD3<Double>, tangentV: SIMD3<Double>, normal: SIMD3<Double>) {
        shapes[i]?.tangentsAndNormal(u: u, v: v) ?? surfaces[i].tangentsAndNormal(u: u, v: v)
    }
}
