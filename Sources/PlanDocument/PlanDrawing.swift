// PlanDrawing: a PlanContent drawn on a PlanLayout's page through cairo: the stage (floor, metre grid, props
// (PlanDrawing+Props), LED floors as hatched areas (PlanDrawing+LEDFloors), LED surfaces with cabinet ticks and
// dimension lines (PlanDrawing+Dimensions)), the marks with their poses, then the take (PlanDrawing+Take)
// and the foot band with scale bar, legend and title block (PlanDrawing+Foot).

import Geometry
import SceneModel
import StagePasses

/// Draws one plan page; `render` returns the file's bytes.
struct PlanDrawing {
    let content: PlanContent
    let layout: PlanLayout
    let page: CairoPage
    /// Text boxes already placed (mm, page coordinates), which later labels keep clear of.
    var taken: [Box] = []

    /// A text's rectangle on the page.
    struct Box {
        var x0, y0, x1, y1: Double
        func overlaps(_ o: Box) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }
    }

    // Colours on white paper (sRGB).
    static let wallColour: SIMD3<Double> = [0.1, 0.35, 0.8]
    static let ceilingColour: SIMD3<Double> = [0.5, 0.65, 0.9]
    static let floorColour: SIMD3<Double> = [0.0, 0.5, 0.45]
    static let markColour: SIMD3<Double> = [0.05, 0.55, 0.2]
    static let dimensionColour: SIMD3<Double> = [0.3, 0.3, 0.32]
    static let problemColour: SIMD3<Double> = [0.9, 0.05, 0.05]
    static let ink: SIMD3<Double> = [0.1, 0.1, 0.12]
    /// Wall foot lines are this wide (mm): 2 pixels at 72 dpi.
    static let wallWidth = 0.8
    /// Label sizes (mm em).
    static let smallText = 1.8, labelText = 2.2

    /// The plan as PDF or SVG bytes.
    static func render(_ content: PlanContent, layout: PlanLayout, format: PlanFormat) throws -> [UInt8] {
        let size = layout.pageSize
        let title = content.takeName.map { "\(content.sceneName) — \($0)" } ?? content.sceneName
        let date = (content.date ?? PlanJob.fixedDate) + "T00:00:00"
        let page = try CairoPage(format: format, width: size.x, height: size.y, title: title, createDate: date)
        var d = PlanDrawing(content: content, layout: layout, page: page)
        d.draw()
        return try page.finish()
    }

    /// Studio (x, z) to page mm.
    func p(_ q: SIMD2<Double>) -> SIMD2<Double> { layout.page(q) }
    func p(_ q: SIMD3<Double>) -> SIMD2<Double> { layout.page(PlanGeometry.flat(q)) }

    mutating func draw() {
        let f = layout.frame
        page.color([1, 1, 1])
        page.rectangle(x: 0, y: 0, width: layout.pageSize.x, height: layout.pageSize.y, fill: true)
        page.clip(x: f.x, y: f.y, width: f.width, height: f.height)
        drawFloor()
        drawProps()
        drawSurfaces()
        drawViewOrigin()
        drawTake()
        drawMarks()
        labelFootprints()
        for c in content.cameras { labelTicks(c) }
        page.resetClip()
        page.color(Self.ink)
        page.stroke(width: 0.35)
        page.rectangle(x: f.x, y: f.y, width: f.width, height: f.height)
        drawFoot()
    }

    /// The floor's outline and a 1 m grid over it, faint.
    func drawFloor() {
        let fl = content.stage.floor
        let lo = fl.centre - fl.size / 2, hi = fl.centre + fl.size / 2
        page.color([0.9, 0.9, 0.92])
        page.stroke(width: 0.1)
        var x = lo.x.rounded(.up)
        while x <= hi.x { page.line(p(SIMD2(x, lo.y)), p(SIMD2(x, hi.y))); x += 1 }
        var z = lo.y.rounded(.up)
        while z <= hi.y { page.line(p(SIMD2(lo.x, z)), p(SIMD2(hi.x, z))); z += 1 }
        page.color([0.6, 0.6, 0.62])
        page.stroke(width: 0.25)
        page.polyline([p(lo), p(SIMD2(hi.x, lo.y)), p(hi), p(SIMD2(lo.x, hi.y))], closed: true)
    }

    /// LED surfaces: floors first, as hatched areas under the rest (`drawLEDFloor`); walls as thick foot lines
    /// with cabinet ticks and dimension lines, ceilings dashed, mesh screens as their outline with their overall
    /// size.
    mutating func drawSurfaces() {
        for s in content.stage.ledSurfaces where s.kind == .floor { drawLEDFloor(s) }
        for s in content.stage.ledSurfaces where s.kind != .floor {
            let o = PlanGeometry.outline(s)
            let wall = s.kind == .wall
            page.color(wall ? Self.wallColour : Self.ceilingColour)
            page.stroke(width: wall ? Self.wallWidth : 0.3, dash: wall ? [] : [2, 1], butt: true)
            if wall && !o.isMesh {
                // The foot line in one path, so its pieces join without gaps or overlaps.
                page.polyline([p(o.segments[0].0)] + o.segments.map { p($0.1) })
            } else {
                for seg in o.segments { page.line(p(seg.0), p(seg.1)) }
            }
            guard wall else { continue }
            page.stroke(width: 0.2)
            for t in o.ticks { page.line(p(t.base), p(t.end)) }
            if o.isMesh { dimensionMesh(s, o) } else { dimensionWall(s) }
        }
    }

    func drawViewOrigin() {
        let c = p(content.stage.viewOrigin)
        page.color([0.5, 0.3, 0.8])
        page.stroke(width: 0.2)
        page.polyline([c + [0, -1.5], c + [1.5, 0], c + [0, 1.5], c + [-1.5, 0]], closed: true)
    }

    /// Marks: a filled dot with a cross, an arrow along the heading (pan), the name and the pose.
    mutating func drawMarks() {
        for m in content.marks {
            let c = p(m.position)
            let pose = ScenePose(position: m.position, panDegrees: m.panDegrees, tiltDegrees: m.tiltDegrees, rollDegrees: m.rollDegrees,
                                 fovYDegrees: 40)
            var h = SIMD2(pose.forward.x, pose.forward.z)
            let len = (h * h).sum().squareRoot()
            h = len > 1e-9 ? h / len : SIMD2(0, -1)
            page.color(Self.markColour)
            page.circle(c, radius: 1, fill: true)
            page.stroke(width: 0.25)
            page.line(c - [2.5, 2.5], c + [2.5, 2.5])
            page.line(c - [2.5, -2.5], c + [2.5, -2.5])
            // The heading: an arrow 7 mm long.
            let tip = c + h * 7, side = SIMD2(-h.y, h.x)
            page.stroke(width: 0.35)
            page.line(c, tip)
            page.polyline([tip, tip - h * 1.8 + side * 0.9, tip - h * 1.8 - side * 0.9], closed: true, fill: true)
            let pose1 = "x \(formatFixed(m.position.x, 2)) z \(formatFixed(m.position.z, 2)) h \(formatFixed(m.position.y, 2)) m"
            var pose2 = "pan \(formatFixed(m.panDegrees, 1))° tilt \(formatFixed(m.tiltDegrees, 1))°"
            if m.rollDegrees != 0 { pose2 += " roll \(formatFixed(m.rollDegrees, 1))°" }
            if let f = m.focalLengthMM { pose2 += " · \(formatFixed(f, 0)) mm" }
            label([m.name, pose1, pose2], near: c, avoid: h, colour: Self.markColour)
        }
    }

    /// Writes a label block (first line bold) beside `anchor`, on the first side of right, left, below, above
    /// (skipping the side `avoid` points to) where it overlaps no earlier label; if none is free, on the right.
    mutating func label(_ lines: [String], near anchor: SIMD2<Double>, avoid: SIMD2<Double>? = nil, colour: SIMD3<Double>) {
        let size = Self.labelText, lead = size * 1.25
        let w = lines.enumerated().map { page.textWidth($1, size: $0 == 0 ? size : Self.smallText, bold: $0 == 0) }.max() ?? 0
        let h = lead * Double(lines.count)
        let gap = 3.5
        var spots: [(SIMD2<Double>, SIMD2<Double>)] = [
            (anchor + [gap, -h / 2], [1, 0]), (anchor + [-gap - w, -h / 2], [-1, 0]),
            (anchor + [-w / 2, gap], [0, 1]), (anchor + [-w / 2, -gap - h], [0, -1]),
        ]
        if let a = avoid { spots.sort { ($0.1 * a).sum() < ($1.1 * a).sum() } }
        let chosen = spots.first { s in
            let b = Box(x0: s.0.x, y0: s.0.y, x1: s.0.x + w, y1: s.0.y + h)
            return !taken.contains { $0.overlaps(b) }
        }?.0 ?? spots[0].0
        taken.append(Box(x0: chosen.x, y0: chosen.y, x1: chosen.x + w, y1: chosen.y + h))
        page.color(colour)
        for (i, l) in lines.enumerated() {
            page.text(l, at: chosen + [0, lead * Double(i) + size * 0.85], size: i == 0 ? size : Self.smallText, bold: i == 0)
        }
    }
}
