// PlanGeometry: the stage seen from above as 2D shapes in studio metres (x, z): LED surfaces' foot lines and
// cabinet ticks, ceiling, LED floor and mesh outlines, LED floors' areas, a camera's frustum edges, inner-frustum footprint and icon. The raster
// plan (PlanView) and the printable vector plan (PlanDocument) draw the same shapes from here.

import SceneModel

/// Plan shapes in studio metres: `SIMD2(x, z)`, north (-Z) up on the page.
public enum PlanGeometry {
    /// A line segment on the plan.
    public typealias Segment = (SIMD2<Double>, SIMD2<Double>)

    /// One cabinet column boundary along a wall's foot: where it is, which way the wall faces, how long to draw it.
    public struct Tick: Sendable {
        /// The point on the wall's top edge seen from above.
        public var base: SIMD2<Double>
        /// The LED face's normal (unit, towards the room) at that point.
        public var normal: SIMD2<Double>
        /// 0.3 m every fifth column boundary, else 0.15 m.
        public var length: Double
        /// The column boundary's index (0 at the wall's left end).
        public var column: Int
        public var end: SIMD2<Double> { base + normal * length }
    }

    /// An LED surface from above.
    public struct Outline: Sendable {
        public var kind: LEDSurface.Kind
        /// True for a mesh screen: `segments` are its boundary edges.
        public var isMesh: Bool
        /// A wall's foot line (its top edge, in order from u = 0), or a ceiling's, floor's or mesh's outline edges.
        public var segments: [Segment]
        /// Cabinet column boundaries (walls that are not meshes; none for ceilings and floors).
        public var ticks: [Tick]
    }

    /// Flattens a studio point onto the plan.
    @inline(__always) public static func flat(_ p: SIMD3<Double>) -> SIMD2<Double> { SIMD2(p.x, p.z) }

    /// How many straight pieces a wall's foot line is drawn in: 1 for flat and faceted walls' single run (facets
    /// are exact at their columns anyway), twice the cabinet columns (at least 8) for an arc.
    public static func footSteps(_ s: LEDSurface) -> Int { s.circumference == nil ? 1 : max(8, s.grid.columns * 2) }

    /// The surface's plan outline: walls along their top edge with a tick per cabinet column boundary (every fifth
    /// longer), ceilings and floors as their four edges, mesh screens as their boundary edges.
    public static func outline(_ s: LEDSurface) -> Outline {
        func at(_ u: Double, _ v: Double) -> SIMD2<Double> { flat(s.point(u: u, v: v)) }
        if case .mesh(let m) = s.shape {
            return Outline(kind: s.kind, isMesh: true, segments: m.boundaryEdges.map { (flat($0.0), flat($0.1)) }, ticks: [])
        }
        guard s.kind == .wall else {
            let c = [at(0, 0), at(s.widthM, 0), at(s.widthM, s.heightM), at(0, s.heightM)]
            return Outline(kind: s.kind, isMesh: false, segments: (0..<4).map { (c[$0], c[($0 + 1) % 4]) }, ticks: [])
        }
        let steps = footSteps(s)
        let segments = (0..<steps).map {
            (at(s.widthM * Double($0) / Double(steps), s.heightM), at(s.widthM * Double($0 + 1) / Double(steps), s.heightM))
        }
        let cw = s.grid.panel.cabinetSize.x
        let ticks = (0...s.grid.columns).map { c -> Tick in
            let u = min(Double(c) * cw, s.widthM)
            let n = s.normal(u: u)
            return Tick(base: at(u, s.heightM), normal: SIMD2(n.x, n.z), length: c % 5 == 0 ? 0.3 : 0.15, column: c)
        }
        return Outline(kind: s.kind, isMesh: false, segments: segments, ticks: ticks)
    }

    /// The surface's area seen from above as polygons: a flat surface's four corners, a mesh's triangles (whose
    /// union is the area); a floor is drawn as this, not as a line.
    public static func area(_ s: LEDSurface) -> [[SIMD2<Double>]] {
        if case .mesh(let m) = s.shape {
            return stride(from: 0, to: m.positions.count - 2, by: 3).map { i in (i..<i + 3).map { flat(m.positions[$0]) } }
        }
        return [[flat(s.point(u: 0, v: 0)), flat(s.point(u: s.widthM, v: 0)), flat(s.point(u: s.widthM, v: s.heightM)),
                 flat(s.point(u: 0, v: s.heightM))]]
    }

    /// The camera's frustum edges seen from above: from the entrance pupil along the image's left and right edge
    /// at mid height to the first LED face they meet (6 m when they meet none).
    public static func frustumEdges(_ camera: ShotCamera, surfaces: [LEDSurface]) -> [Segment] {
        let e = camera.pose.position
        return [-1.0, 1.0].map { x in
            let d = (camera.imageRay(x: x, y: 0) ?? camera.ray(x: x, y: 0)).direction
            let t = surfaces.nearestHit(origin: e, direction: d, frontOnly: true)?.t ?? 6
            return (flat(e), flat(e + d * t))
        }
    }

    /// The inner frustum's footprint: the span of LED surface each surface's hits of the widened frustum border
    /// (`overscan`) cover, drawn along that surface's foot (a ceiling's middle) 0.12 m in front of the face, as
    /// `steps` segments per surface, surfaces in index order. LED floors are left out: a floor's footprint is the
    /// area it covers (`floorFootprints`).
    public static func footprint(_ camera: ShotCamera, overscan: Double, surfaces: [LEDSurface], steps: Int = 24) -> [Segment] {
        let e = camera.pose.position
        var span = [Int: (Double, Double)]()
        let inner = camera.rectilinear ?? camera
        for (x, yy) in StageGeometry.borderPoints(steps: 32) {
            let d = inner.ray(x: x, y: yy, overscan: overscan).direction
            guard let h = surfaces.nearestHit(origin: e, direction: d, frontOnly: true), surfaces[h.index].kind != .floor
            else { continue }
            let old = span[h.index] ?? (h.u, h.u)
            span[h.index] = (min(old.0, h.u), max(old.1, h.u))
        }
        var out: [Segment] = []
        for (i, (u0, u1)) in span.sorted(by: { $0.key < $1.key }) {
            let s = surfaces[i]
            for k in 0..<steps {
                let a = u0 + (u1 - u0) * Double(k) / Double(steps), b = u0 + (u1 - u0) * Double(k + 1) / Double(steps)
                let v = s.kind == .wall ? s.heightM : s.heightM / 2
                let lift = s.normal(u: a, v: v) * 0.12
                out.append((flat(s.point(u: a, v: v) + lift), flat(s.point(u: b, v: v) + lift)))
            }
        }
        return out
    }

    /// Where the inner frustum widened by `overscan` meets each LED floor first, seen from above: the hits of its
    /// border (32 points a side) and of a 17 x 9 grid inside it, by floor index. The frustum's section of a floor's
    /// plane is convex, so their hull is the footprint (a wall in front can only take from it).
    public static func floorHits(_ camera: ShotCamera, overscan: Double, surfaces: [LEDSurface]) -> [Int: [SIMD2<Double>]] {
        let e = camera.pose.position
        let inner = camera.rectilinear ?? camera
        var points = StageGeometry.borderPoints(steps: 32)
        for j in 0...8 { for i in 0...16 { points.append((-1 + Double(i) / 8, -1 + Double(j) / 4)) } }
        var hits = [Int: [SIMD2<Double>]]()
        for (x, y) in points {
            let d = inner.ray(x: x, y: y, overscan: overscan).direction
            guard let h = surfaces.nearestHit(origin: e, direction: d, frontOnly: true), surfaces[h.index].kind == .floor
            else { continue }
            hits[h.index, default: []].append(flat(e + d * h.t))
        }
        return hits
    }

    /// Andrew's monotone chain: the hull's corners counter-clockwise (in x, z), collinear points dropped.
    public static func convexHull(_ points: [SIMD2<Double>]) -> [SIMD2<Double>] {
        let pts = points.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        guard pts.count > 2 else { return pts }
        func cross(_ o: SIMD2<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        var lower: [SIMD2<Double>] = [], upper: [SIMD2<Double>] = []
        for p in pts {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        for p in pts.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }

    /// The inner frustum's footprint on each LED floor, as the polygon it covers seen from above (the hull of
    /// `floorHits`), floors in index order.
    public static func floorFootprints(_ camera: ShotCamera, overscan: Double, surfaces: [LEDSurface]) -> [[SIMD2<Double>]] {
        floorHits(camera, overscan: overscan, surfaces: surfaces).sorted { $0.key < $1.key }
            .map { convexHull($0.value) }.filter { $0.count >= 3 }
    }

    /// The camera icon: a triangle pointing along the camera's heading, 0.45 m nose to centre times `scale`
    /// (tip, left, right corners).
    public static func icon(_ camera: ShotCamera, scale k: Double = 1) -> [SIMD2<Double>] {
        let e = camera.pose.position
        var fwd = SIMD2(camera.pose.forward.x, camera.pose.forward.z)
        let len = (fwd.x * fwd.x + fwd.y * fwd.y).squareRoot()
        fwd = len > 1e-6 ? fwd / len : SIMD2(0, -1)
        let side = SIMD2(-fwd.y, fwd.x)
        let p = SIMD2(e.x, e.z)
        return [p + fwd * 0.45 * k, p - fwd * 0.25 * k + side * 0.22 * k, p - fwd * 0.25 * k - side * 0.22 * k]
    }
}
