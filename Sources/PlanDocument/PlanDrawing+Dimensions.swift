// PlanDrawing+Dimensions: dimension lines of the LED walls: length along the wall (flat width, arc length),
// radius and angle of curved and faceted walls, height and cabinet count in the text; a mesh screen's overall
// width and depth.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Geometry
import SceneModel
import StagePasses

extension PlanDrawing {
    /// The dimension line sits this far behind the wall's face (mm on paper).
    static let dimensionOffset = 7.0

    /// A wall's dimension line, behind it along its whole length, with extension lines and end slashes; its text
    /// names the wall, its length (and radius and angle when curved), height and cabinets.
    mutating func dimensionWall(_ s: LEDSurface) {
        let steps = PlanGeometry.footSteps(s)
        var line: [SIMD2<Double>] = [], faces: [SIMD2<Double>] = [], outward: [SIMD2<Double>] = []
        for i in 0...steps {
            let u = s.widthM * Double(i) / Double(steps)
            let q = p(s.point(u: u, v: s.heightM))
            var n = PlanGeometry.flat(s.normal(u: u))
            let len = (n * n).sum().squareRoot()
            n = len > 1e-9 ? n / len : SIMD2(0, 1)
            faces.append(q)
            outward.append(-n)
            line.append(q - n * Self.dimensionOffset)
        }
        page.color(Self.dimensionColour)
        page.stroke(width: 0.18)
        page.polyline(line)
        for i in [0, steps] {
            page.line(faces[i] + outward[i] * 1.2, line[i] + outward[i] * 1.5)
            let t = SIMD2(-outward[i].y, outward[i].x)
            page.line(line[i] - (t + outward[i]) * 0.9, line[i] + (t + outward[i]) * 0.9)
        }
        var text = "\(s.name): "
        let cabinets = Self.cabinets(s)
        let height = "h \(formatFixed(s.heightM, 2)) m"
        switch s.shape {
        case .arc(let centre, let radius, _, _):
            text += "arc \(formatFixed(s.widthM, 2)) m · R \(formatFixed(radius, 2)) m · \(formatFixed(s.widthM / radius * 180 / .pi, 1))°"
            radiusLeader(centre: centre, radius: radius, wall: s)
        case .facets(let f):
            text += "\(f.origins.count) facets × \(formatFixed(f.columnWidth, 2)) m on R \(formatFixed(f.radius, 2)) m"
            radiusLeader(centre: f.centre, radius: f.radius, wall: s)
        default:
            text += "\(formatFixed(s.widthM, 2)) m"
        }
        text += " · \(height) · \(cabinets)"
        // The text along the middle of the dimension line, outside it, upright.
        let m = steps / 2
        let a = line[max(0, m - 1)], b = line[min(steps, m + 1)]
        let mid = steps % 2 == 0 ? line[m] : (line[m] + line[m + 1]) / 2
        var angle = atan2(b.y - a.y, b.x - a.x)
        if angle > .pi / 2 { angle -= .pi } else if angle <= -.pi / 2 { angle += .pi }
        let up = SIMD2(sin(angle), -cos(angle))
        let out = outward[m]
        let size = Self.smallText
        let base = (up * out).sum() >= 0 ? mid + out * 1.0 : mid + out * (1.0 + size)
        page.text(text, at: base, size: size, angle: angle, anchor: 0.5)
        let w = page.textWidth(text, size: size)
        let c = base + up * size / 2
        taken.append(Box(x0: c.x - w / 2, y0: c.y - size, x1: c.x + w / 2, y1: c.y + size))
    }

    /// "20 × 8 cabinets 500 × 500 mm": the surface's cabinet grid, the millimetres as printed on the cabinet's
    /// spec sheet: rounded to 0.1 mm, the point only where it is not whole (600 × 337.5 mm was printed
    /// 600 × 337 mm, and 499.9 mm as 499 mm).
    static func cabinets(_ s: LEDSurface) -> String {
        func mm(_ v: Double) -> String {
            let tenths = (v * 10).rounded()
            return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))" : formatFixed(tenths / 10, 1)
        }
        return "\(s.grid.columns) × \(s.grid.rows) cabinets \(mm(s.grid.panel.cabinetWidthMM)) × \(mm(s.grid.panel.cabinetHeightMM)) mm"
    }

    /// A curved wall's centre (a small cross) and a dashed radius to the middle of the wall.
    func radiusLeader(centre: SIMD2<Double>, radius: Double, wall s: LEDSurface) {
        let c = p(centre), mid = p(s.point(u: s.widthM / 2, v: s.heightM))
        page.color(Self.dimensionColour)
        page.stroke(width: 0.15, dash: [1.5, 1])
        page.line(c, mid)
        page.stroke(width: 0.18)
        page.line(c - [1.5, 0], c + [1.5, 0])
        page.line(c - [0, 1.5], c + [0, 1.5])
        let d = mid - c
        var angle = atan2(d.y, d.x)
        if angle > .pi / 2 { angle -= .pi } else if angle <= -.pi / 2 { angle += .pi }
        page.text("R \(formatFixed(radius, 2)) m", at: c + d * 0.35, size: Self.smallText, angle: angle, anchor: 0.5)
    }

    /// A mesh screen's overall width (north of it) and depth (west of it) as dimension lines, with its name and
    /// height.
    mutating func dimensionMesh(_ s: LEDSurface, _ o: PlanGeometry.Outline) {
        guard let first = o.segments.first?.0 else { return }
        var lo = first, hi = first
        for seg in o.segments { for q in [seg.0, seg.1] { lo = pointwiseMin(lo, q); hi = pointwiseMax(hi, q) } }
        let a = p(lo), b = p(hi)
        let off = Self.dimensionOffset
        page.color(Self.dimensionColour)
        page.stroke(width: 0.18)
        // Width along the top (north), depth down the left (west).
        let y = a.y - off, x = a.x - off
        page.line([a.x, y], [b.x, y])
        page.line([x, a.y], [x, b.y])
        for e in [a.x, b.x] { page.line([e, y + off - 1.2], [e, y - 1.5]); page.line([e - 0.9, y + 0.9], [e + 0.9, y - 0.9]) }
        for e in [a.y, b.y] { page.line([x + off - 1.2, e], [x - 1.5, e]); page.line([x - 0.9, e + 0.9], [x + 0.9, e - 0.9]) }
        var height = ""
        if case .mesh(let m) = s.shape, let y0 = m.positions.map(\.y).min(), let y1 = m.positions.map(\.y).max() {
            height = " · h \(formatFixed(y1 - y0, 2)) m"
        }
        page.text("\(s.name) (mesh): \(formatFixed(hi.x - lo.x, 2)) m\(height)", at: [(a.x + b.x) / 2, y - 1], size: Self.smallText, anchor: 0.5)
        page.text("\(formatFixed(hi.y - lo.y, 2)) m", at: [x - 1, (a.y + b.y) / 2], size: Self.smallText, angle: -.pi / 2, anchor: 0.5)
        taken.append(Box(x0: a.x, y0: y - 4, x1: b.x, y1: y))
    }
}
