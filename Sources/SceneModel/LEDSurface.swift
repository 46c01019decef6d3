// LEDSurface: every LED wall and ceiling section as one thing: a canvas of LED pixels laid on a flat or curved
// surface in studio space, with the geometry the XR passes and the shot analysis share.

import Geometry

/// An LED surface: a canvas `widthM` x `heightM` metres of `pixels` LED pixels, with canvas coordinates u (metres
/// from the left edge, as seen from the front) and v (metres down from the top edge).
///
/// Walls stand on the floor facing the stage (flat, or an arc facing its axis); ceilings hang face down; floors
/// lie face up. The canvas is the image the LED processor of this section receives, pixel (0, 0) at the top left.
public struct LEDSurface: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case wall, ceiling, floor

        /// The kind of a face with unit normal `n` (its LEDs' direction): a ceiling when it looks more than 30°
        /// below the horizon, a floor when more than 30° above it (an LED floor, a riser's top), else a wall. Every
        /// imported screen and mesh is classified by this one rule (an nDisplay floor screen was a wall).
        public static func facing(_ n: SIMD3<Double>) -> Kind { n.y < -0.5 ? .ceiling : n.y > 0.5 ? .floor : .wall }
    }

    public enum Shape: Sendable, Equatable {
        /// A rectangle: `origin` is the canvas's top-left corner; `uAxis` (unit) runs along the canvas's rows,
        /// `vAxis` (unit) down its columns; the LEDs face `vAxis × uAxis`.
        case flat(origin: SIMD3<Double>, uAxis: SIMD3<Double>, vAxis: SIMD3<Double>)
        /// A vertical arc facing its axis: axis through `centre` (x, z), `radius` metres, the canvas's left edge
        /// at `startRadians` (0 = towards -Z, positive towards +X, seen from above), bottom at `bottomY`.
        case arc(centre: SIMD2<Double>, radius: Double, startRadians: Double, bottomY: Double)
        /// Flat facets, one per cabinet column, their vertical edges on an arc (LEDSurface+Facets.swift).
        case facets(Facets)
        /// A triangle mesh whose UVs lay the canvas over it (LEDSurface+Mesh.swift).
        case mesh(Mesh)
    }

    public var name: String
    public var kind: Kind
    public var grid: CabinetGrid
    public var shape: Shape

    public init(name: String, kind: Kind, grid: CabinetGrid, shape: Shape) {
        self.name = name
        self.kind = kind
        self.grid = grid
        self.shape = shape
    }

    public var widthM: Double { grid.widthM }
    public var heightM: Double { grid.heightM }
    /// The canvas in LED pixels (the processor's input).
    public var pixels: (width: Int, height: Int) { grid.pixelResolution }
    /// Metres per LED pixel across and down.
    public var pixelPitchM: SIMD2<Double> {
        let p = pixels
        return SIMD2(widthM / Double(p.width), heightM / Double(p.height))
    }

    /// The studio-space point at canvas coordinates (u, v), metres.
    public func point(u: Double, v: Double) -> SIMD3<Double> {
        switch shape {
        case let .flat(o, ua, va): return o + ua * u + va * v
        case let .arc(c, r, start, bottom):
            let a = start + u / r
            return SIMD3(c.x + r * sinD(a), bottom + heightM - v, c.y - r * cosD(a))
        case let .facets(f):
            let k = f.column(u)
            return f.origins[k] + f.uAxes[k] * (u - Double(k) * f.columnWidth) + f.vAxes[k] * v
        case let .mesh(m): return m.point(u: u, v: v)
        }
    }

    /// Unit vectors along the canvas's u (across) and v (down) at a point, by a `step` difference (straight for flat
    /// surfaces, the arc's tangent for curved ones), and the LED face's unit normal there: `point` and `normal`'s
    /// values (flat and curved surfaces through `RayShape`, which shares an arc's sine and cosine).
    public func tangentsAndNormal(u: Double, v: Double, step e: Double = 1e-4)
        -> (tangentU: SIMD3<Double>, tangentV: SIMD3<Double>, normal: SIMD3<Double>) {
        if let r = RayShape(self) { return r.tangentsAndNormal(u: u, v: v, step: e) }
        func unit(_ a: SIMD3<Double>) -> SIMD3<Double> { a / max(a.dot(a).squareRoot(), 1e-300) }
        let p = point(u: u, v: v)
        return (unit(point(u: u + e, v: v) - p), unit(point(u: u, v: v + e) - p), normal(u: u, v: v))
    }

    /// The unit normal of the LED face at canvas point (u, v): a mesh's varies down the canvas too; every other
    /// shape's only across it.
    public func normal(u: Double, v: Double) -> SIMD3<Double> {
        if case let .mesh(m) = shape { return m.normal(u: u, v: v) }
        return normal(u: u)
    }

    /// The unit normal of the LED face (pointing to where the LEDs can be seen from) at canvas column u (a mesh's
    /// at mid-height).
    public func normal(u: Double) -> SIMD3<Double> {
        switch shape {
        case let .flat(_, ua, va): return va.cross(ua)
        case let .arc(_, _, start, _):
            let a = start + u / radiusOrOne
            return SIMD3(-sinD(a), 0, cosD(a))
        case let .facets(f):
            let k = f.column(u)
            return f.vAxes[k].cross(f.uAxes[k])
        case let .mesh(m): return m.normal(u: u, v: heightM / 2)
        }
    }

    private var radiusOrOne: Double { if case .arc(_, let r, _, _) = shape { return r } else { return 1 } }

    /// Where a ray first meets the surface, at a parameter above `minT`: the parameter, canvas u and v, and
    /// whether it meets the LED face (true) or the cabinets' backs.
    public func intersect(origin e: SIMD3<Double>, direction d: SIMD3<Double>, minT: Double = 1e-9)
        -> (t: Double, u: Double, v: Double, front: Bool)? {
        switch shape {
        case .flat, .arc:
            return RayShape(self)!.intersect(origin: e, direction: d, minT: minT)
        case let .facets(f):
            return f.intersect(origin: e, direction: d, minT: minT, height: heightM)
        case let .mesh(m):
            return m.intersect(origin: e, direction: d, minT: minT)
        }
    }

    /// Parameter and canvas u, v where a ray meets the surface's unbounded shape from the front, for telling which
    /// edge a missing ray passed: the plane of a flat surface, the full cylinder of an arc (its far side), a mesh's
    /// fitted plane.
    public func unboundedHit(origin e: SIMD3<Double>, direction d: SIMD3<Double>) -> (t: Double, u: Double, v: Double)? {
        switch shape {
        case let .flat(o, ua, va):
            let n = va.cross(ua)
            let denom = d.dot(n)
            guard denom < 0 else { return nil }
            let t = (o - e).dot(n) / denom
            guard t > 0 else { return nil }
            let p = e + d * t - o
            return (t, p.dot(ua), p.dot(va))
        case let .arc(c, r, start, bottom):
            let ox = e.x - c.x, oz = e.z - c.y
            let a = d.x * d.x + d.z * d.z
            guard a > 0 else { return nil }
            let b = ox * d.x + oz * d.z
            let disc = b * b - a * (ox * ox + oz * oz - r * r)
            guard disc >= 0 else { return nil }
            let t = (-b + disc.squareRoot()) / a
            guard t > 0 else { return nil }
            let u = RayShape.arcU(x: ox + t * d.x, z: oz + t * d.z, radius: r, start: start) ?? 0
            return (t, u, bottom + heightM - (e.y + t * d.y))
        case let .facets(f):
            return f.unboundedHit(origin: e, direction: d, height: heightM)
        case let .mesh(m):
            return m.unboundedHit(origin: e, direction: d)
        }
    }

    /// A flat surface's four corners in studio space: top left, top right, bottom right, bottom left (as the
    /// canvas is seen from the front); nil for an arc.
    public var corners: [SIMD3<Double>]? {
        guard case let .flat(o, ua, va) = shape else { return nil }
        let w = ua * widthM, h = va * heightM
        return [o, o + w, o + w + h, o + h]
    }

    /// The arc's full circumference for an arc (how far u can wrap), nil for flat surfaces.
    public var circumference: Double? {
        switch shape {
        case .flat, .mesh: return nil
        case .arc(_, let r, _, _): return 2 * Double.pi * r
        case .facets(let f): return 2 * Double.pi / f.chordAngle * f.columnWidth
        }
    }
}

extension LEDWall {
    /// This wall as an LED surface in studio space.
    public var surface: LEDSurface {
        let bottom = position.y + elevation
        switch shape {
        case .flat:
            let yaw = Transform(rotateDegrees: [0, yawDegrees, 0])
            let ua = yaw.apply([1, 0, 0])
            let origin = SIMD3(position.x, bottom + grid.heightM, position.z) - ua * (grid.widthM / 2)
            return LEDSurface(name: name, kind: .wall, grid: grid, shape: .flat(origin: origin, uAxis: ua, vAxis: [0, -1, 0]))
        case let .curved(r, startDeg):
            // Yaw turns the arc about +Y: a turn by ψ moves the angle (0 = -Z, towards +X) by -ψ.
            let start = (startDeg - yawDegrees) * Double.pi / 180
            return LEDSurface(name: name, kind: .wall, grid: grid,
                              shape: .arc(centre: SIMD2(position.x, position.z), radius: r, startRadians: start, bottomY: bottom))
        case let .mesh(m):
            // A mesh may lie or hang: classified by its face at the canvas's middle, as mesh screens are.
            return LEDSurface(name: name, kind: .facing(m.normal(u: grid.widthM / 2, v: grid.heightM / 2)), grid: grid,
                              shape: .mesh(m))
        case let .faceted(r, startDeg, leanDeg):
            let start = (startDeg - yawDegrees) * Double.pi / 180
            return LEDSurface(name: name, kind: .wall, grid: grid,
                              shape: .facets(LEDSurface.Facets(centre: SIMD2(position.x, position.z), radius: r, startRadians: start,
                                                    bottomY: bottom, leanRadians: leanDeg * Double.pi / 180,
                                                    columns: grid.columns, columnWidth: grid.panel.cabinetSize.x,
                                                    height: grid.heightM)))
        }
    }
}

extension CeilingSection {
    /// This ceiling section as an LED surface, seen as someone facing the main wall (-Z) sees it when looking up:
    /// canvas x along +X, canvas y from the near (+Z) edge towards the wall, before yaw and tilt; the face looks
    /// down, and the canvas's bottom edge meets the top of a wall it hangs against.
    public var surface: LEDSurface {
        let place = { (v: SIMD3<Double>) in
            Transform(rotateDegrees: [0, yawDegrees, 0]).apply(Transform(rotateDegrees: [-tiltDegrees, 0, 0]).apply(v))
        }
        let ua = place([1, 0, 0]), va = place([0, 0, -1])
        let origin = centre - ua * (grid.widthM / 2) - va * (grid.heightM / 2)
        return LEDSurface(name: name, kind: .ceiling, grid: grid, shape: .flat(origin: origin, uAxis: ua, vAxis: va))
    }
}

extension Array where Element == LEDSurface {
    /// The nearest surface a ray meets: its index, the ray parameter, canvas u and v, and whether the LED face is
    /// seen; with `frontOnly`, the nearest LED face (backs are passed through). `RayTargets` made for this one ray:
    /// loops over many rays make it once.
    public func nearestHit(origin e: SIMD3<Double>, direction d: SIMD3<Double>, frontOnly: Bool = false)
        -> (index: Int, t: Double, u: Double, v: Double, front: Bool)? {
        RayTargets(self).nearestHit(origin: e, direction: d, frontOnly: frontOnly)
    }
}

extension Stage {
    /// Every LED surface: walls first, then ceilings, then imported screens, in file order.
    public var ledSurfaces: [LEDSurface] { walls.map(\.surface) + ceilings.map(\.surface) + screens }
}
