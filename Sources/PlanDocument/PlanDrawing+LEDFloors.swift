// PlanDrawing+LEDFloors: an LED floor (a surface facing up: an nDisplay floor screen, a mesh lying flat) as what it
// is from above: its area hatched and outlined in the floor colour, named with its size and cabinets, no height
// (it was drawn as a standing wall's foot line with cabinet ticks and "h 3.00 m").

import Geometry
import SceneModel
import StagePasses

extension PlanDrawing {
    /// The hatching's lines run at 45° this far apart (mm on paper).
    static let floorHatch = 1.5

    /// The inner frustum's footprint on each LED floor the camera sees, as the area it is: tinted in the camera's
    /// colour and outlined (on a wall it is a span along the wall's foot line; a floor seen from above shows its shape).
    mutating func drawFloorFootprints(_ cam: ShotCamera, colour: SIMD3<Double>) {
        for area in PlanGeometry.floorFootprints(cam, overscan: content.overscan, surfaces: content.stage.ledSurfaces) {
            let hull = area.map { p($0) }
            page.color(colour, alpha: 0.25)
            page.polyline(hull, closed: true, fill: true)
            page.color(colour)
            page.stroke(width: 0.6)
            page.polyline(hull, closed: true)
        }
    }

    /// The floor's area tinted and hatched, its cabinet grid, its outline, and a label at its middle on a white ground:
    /// "LED floor NAME" over "3.00 × 3.00 m · 1 × 1 cabinets 3000 × 3000 mm".
    mutating func drawLEDFloor(_ s: LEDSurface) {
        let area = PlanGeometry.area(s).map { $0.map { p($0) } }
        guard let first = area.first?.first else { return }
        var lo = first, hi = first
        for q in area.joined() { lo = pointwiseMin(lo, q); hi = pointwiseMax(hi, q) }
        page.color(Self.floorColour, alpha: 0.08)
        page.fill(area)
        page.clipped(to: area) {
            page.color(Self.floorColour, alpha: 0.6)
            page.stroke(width: 0.12)
            // Lines y = x + c across the area's box, c stepping so that they lie `floorHatch` apart.
            let step = Self.floorHatch * 2.0.squareRoot()
            var c = ((lo.y - hi.x) / step).rounded(.down) * step
            while c <= hi.y - lo.x {
                page.line([lo.x, lo.x + c], [hi.x, hi.x + c])
                c += step
            }
        }
        // The cabinet grid: a line at every column and row boundary across the floor (8 steps along each, so a
        // mesh floor's lines follow it), as a wall's cabinet ticks mark its columns.
        page.color(Self.floorColour * 0.8)
        page.stroke(width: 0.12)
        let cw = s.grid.panel.cabinetWidthMM / 1000, ch = s.grid.panel.cabinetHeightMM / 1000
        for k in 1..<max(1, s.grid.columns) {
            page.polyline((0...8).map { j in p(s.point(u: Double(k) * cw, v: s.heightM * Double(j) / 8)) })
        }
        for k in 1..<max(1, s.grid.rows) {
            page.polyline((0...8).map { j in p(s.point(u: s.widthM * Double(j) / 8, v: Double(k) * ch)) })
        }
        page.color(Self.floorColour)
        page.stroke(width: 0.35)
        for seg in PlanGeometry.outline(s).segments { page.line(p(seg.0), p(seg.1)) }
        let lines = ["LED floor \(s.name)", "\(formatFixed(s.widthM, 2)) × \(formatFixed(s.heightM, 2)) m · \(Self.cabinets(s))"]
        let sizes = [Self.labelText, Self.smallText], lead = Self.labelText * 1.25
        let w = zip(lines, sizes).enumerated().map { i, l in page.textWidth(l.0, size: l.1, bold: i == 0) }.max() ?? 0
        let centre = (lo + hi) / 2, h = lead * Double(lines.count)
        let box = Box(x0: centre.x - w / 2 - 0.8, y0: centre.y - h / 2 - 0.5, x1: centre.x + w / 2 + 0.8, y1: centre.y + h / 2 + 0.3)
        page.color([1, 1, 1], alpha: 0.85)
        page.rectangle(x: box.x0, y: box.y0, width: box.x1 - box.x0, height: box.y1 - box.y0, fill: true)
        page.color(Self.floorColour * 0.8)
        for (i, l) in lines.enumerated() {
            page.text(l, at: [centre.x, centre.y - h / 2 + lead * Double(i) + sizes[i] * 0.85], size: sizes[i], anchor: 0.5,
                      bold: i == 0)
        }
        taken.append(box)
    }
}
