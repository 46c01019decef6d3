// PlanDrawing+Props: the stage's physical props on the plan: a primitive prop as the outline of its footprint
// (the convex hull of its placed mesh seen from above), a prop from a mesh file as a marker at its origin, each
// named, so the crew sees what stands in front of the wall.

import SceneModel
import StagePasses

extension PlanDrawing {
    static let propColour: SIMD3<Double> = [0.45, 0.42, 0.4]

    /// A primitive prop's footprint (studio x, z): the convex hull of its placed vertices; nil for mesh files,
    /// which the plan does not read.
    static func footprint(_ p: Prop) -> [SIMD2<Double>]? {
        guard case .primitive(let prim) = p.mesh else { return nil }
        return PlanGeometry.convexHull(prim.mesh.positions.map { q in
            let w = p.transform.apply(q)
            return SIMD2(w.x, w.z)
        })
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
