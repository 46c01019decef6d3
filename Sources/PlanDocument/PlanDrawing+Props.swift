// PlanDrawing+Props: the stage's physical props on the plan: a primitive prop as the outline of its footprint
// (the convex hull of its placed mesh seen from above), a prop from a mesh file as a marker at its origin, each
// named, so the crew sees what stands in front of the wall.

import SceneModel

extension PlanDrawing {
    static let propColour: SIMD3<Double> = [0.45, 0.42, 0.4]

    /// A primitive prop's footprint (studio x, z): the convex hull of its placed vertices; nil for mesh files,
    /// which the plan does not read.
    static func footprint(_ p: Prop) -> [SIMD2<Double>]? {
        guard case .primitive(let prim) = p.mesh else { return nil }
        return convexHull(prim.mesh.positions.map { q in
            let w = p.transform.apply(q)
            return SIMD2(w.x, w.z)
        })
    }

    /// Andrew's monotone chain: the hull's corners counter-clockwise (in x, z), collinear points dropped.
    static func convexHull(_ points: [SIMD2<Double>]) -> [SIMD2<Double>] {
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

    /// Every prop: its footprint filled light grey and outlined, or a small square at a mesh prop's origin; named
    /// in small grey type.
    mutating func drawProps() {
        for prop in content.stage.props {
            let centre: SIMD2<Double>
            page.color(Self.propColour)
            page.stroke(width: 0.2)
            if let hull = Self.footprint(prop), !hull.isEmpty {
                let pts = hull.map { p($0) }
                page.color(Self.propColour, alpha: 0.18)
                page.polyline(pts, closed: true, fill: true)
                page.color(Self.propColour)
                page.polyline(pts, closed: true)
                centre = pts.reduce(SIMD2<Double>(0, 0), +) / Double(pts.count)
            } else {
                let o = p(SIMD2(prop.transform.translate.x, prop.transform.translate.z))
                page.rectangle(x: o.x - 1, y: o.y - 1, width: 2, height: 2)
                centre = o
            }
            page.text(prop.name, at: centre + [0, Self.smallText * 0.35], size: Self.smallText * 0.85, anchor: 0.5)
        }
    }
}
