// PlanDrawing+Take: the take on the plan: each camera's path in its palette colour with a tick every second of
// timecode (labelled every N seconds, N chosen so labels keep apart), the problem ranges over the path in red,
// and the camera, frustum edges and inner-frustum footprint at the chosen frames.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Geometry
import SceneModel
import StagePasses

extension PlanDrawing {
    /// The label intervals (seconds) tried, shortest first.
    static let labelSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600]

    /// sRGB on paper from the palette's linear colour (the raster views' colours, encoded for print).
    static func paper(_ c: SIMD4<Float>) -> SIMD3<Double> {
        SIMD3(SRGB.encode(Double(c.x)), SRGB.encode(Double(c.y)), SRGB.encode(Double(c.z)))
    }

    mutating func drawTake() {
        // The last camera first, so the highest priority lies on top.
        for c in content.cameras.reversed() { drawProblems(c) }
        for c in content.cameras.reversed() { drawPath(c) }
        for c in content.cameras.reversed() { drawFootprints(c) }
    }

    /// The page points of a camera's path.
    func pagePath(_ c: PlanCamera) -> [SIMD2<Double>] { c.path.map { p($0.position) } }

    /// The path's segments inside each problem range of this camera, wide and red under the path, numbered at the
    /// range's first frame: ranges starting on one frame share one label ("P1–P3"), and a label that would touch
    /// one placed before (`taken`: dimensions, other ranges' numbers) steps up a line at a time, a hairline back to
    /// its frame, until it is clear (three ranges starting together printed P1, P2 and P3 on one spot). Later
    /// labels (timecodes, marks) keep clear of the numbers.
    mutating func drawProblems(_ c: PlanCamera) {
        let pts = pagePath(c)
        var starts: [(index: Int, numbers: [Int])] = []
        for pr in content.problems where pr.camera == c.name {
            let idx = c.path.indices.filter { (pr.firstFrame...pr.lastFrame).contains(c.path[$0].frame) }
            guard let i0 = idx.first, let i1 = idx.last else { continue }
            page.color(Self.problemColour, alpha: pr.accepted ? 0.2 : 0.45)
            page.stroke(width: 1.8)
            if i0 == i1 { page.circle(pts[i0], radius: 0.9, fill: true) } else { page.polyline(Array(pts[i0...i1])) }
            if let k = starts.firstIndex(where: { $0.index == i0 }) { starts[k].numbers.append(pr.number) } else { starts.append((i0, [pr.number])) }
        }
        let size = Self.smallText, lead = size * 1.25
        for (i0, group) in starts.sorted(by: { ($0.index, $0.numbers[0]) < ($1.index, $1.numbers[0]) }) {
            let text = Self.problemNumbers(group)
            let w = page.textWidth(text, size: size, bold: true)
            let anchor = pts[i0] + [1.2, -1.2]
            var at = anchor
            func box(_ q: SIMD2<Double>) -> Box { Box(x0: q.x, y0: q.y - size, x1: q.x + w, y1: q.y + 0.4) }
            for _ in 0..<12 where taken.contains(where: { $0.overlaps(box(at)) }) { at.y -= lead }
            taken.append(box(at))
            page.color(Self.problemColour)
            if at != anchor {
                page.stroke(width: 0.1)
                page.line(pts[i0], at + [0, 0.3])
            }
            page.text(text, at: at, size: size, bold: true)
        }
    }

    /// A label for problem ranges by number: runs of three or more as "P1–P3", the rest listed ("P1–P3, P5, P6").
    static func problemNumbers(_ numbers: [Int]) -> String {
        let n = Array(Set(numbers)).sorted()
        var parts: [String] = [], k = 0
        while k < n.count {
            var e = k
            while e + 1 < n.count && n[e + 1] == n[e] + 1 { e += 1 }
            if e - k >= 2 {
                parts.append("P\(n[k])–P\(n[e])")
            } else {
                parts += n[k...e].map { "P\($0)" }
            }
            k = e + 1
        }
        return parts.joined(separator: ", ")
    }

    /// The path, and a tick across it at every whole second of timecode (longer where labelled).
    func drawPath(_ c: PlanCamera) {
        let pts = pagePath(c)
        let colour = Self.paper(c.colours.inner)
        page.color(colour)
        page.stroke(width: 0.35)
        page.polyline(pts)
        let labelled = Set(labelledTicks(c))
        for i in secondTicks(c) {
            let n = normal(pts, i)
            let l = labelled.contains(i) ? 1.6 : 0.8
            page.stroke(width: labelled.contains(i) ? 0.3 : 0.2)
            page.line(pts[i] - n * l, pts[i] + n * l)
        }
    }

    /// The path's unit normal on the page at point `i` (left of the direction of travel).
    func normal(_ pts: [SIMD2<Double>], _ i: Int) -> SIMD2<Double> {
        let a = pts[max(0, i - 1)], b = pts[min(pts.count - 1, i + 1)]
        let d = b - a, len = (d * d).sum().squareRoot()
        return len > 1e-9 ? SIMD2(d.y, -d.x) / len : SIMD2(0, -1)
    }

    /// Indices of the path's frames that begin a whole second of timecode: label frame 0, or the first frame of its
    /// second. Drop-frame timecode has no frames 0 and 1 at most minute starts (10:01:00;02 begins that second), and
    /// those seconds had no tick.
    func secondTicks(_ c: PlanCamera) -> [Int] {
        c.path.indices.filter { i in
            let t = c.path[i].timecode
            guard i > 0 else { return t.frames == 0 }
            let p = c.path[i - 1].timecode
            return t.frames == 0 || (t.seconds, t.minutes, t.hours) != (p.seconds, p.minutes, p.hours)
        }
    }

    /// The box a tick's timecode label takes beside the tick's end, on the normal's side (`side` 1) or the other.
    func tickLabelBox(_ c: PlanCamera, _ pts: [SIMD2<Double>], _ i: Int, side: Double) -> Box {
        let size = Self.smallText
        let w = page.textWidth(c.path[i].timecode.description, size: size)
        let n = normal(pts, i) * side
        let end = pts[i] + n * 2.2
        let x = n.x >= 0 ? end.x : end.x - w, y = end.y + size * 0.35
        return Box(x0: x, y0: y - size, x1: x + w, y1: y + 0.3)
    }

    /// The ticks that get a timecode label: every N-th second, N the first of `labelSteps` at which most (3 in 4)
    /// consecutive labels keep 1 mm apart; then, where the camera slows or stops, a label that would touch the
    /// previous one is dropped.
    func labelledTicks(_ c: PlanCamera) -> [Int] {
        let ticks = secondTicks(c), pts = pagePath(c)
        guard let first = ticks.first else { return [] }
        func apart(_ a: Int, _ b: Int) -> Bool {
            var x = tickLabelBox(c, pts, a, side: 1)
            x.x0 -= 1; x.y0 -= 1; x.x1 += 1; x.y1 += 1
            return !x.overlaps(tickLabelBox(c, pts, b, side: 1))
        }
        var every = [first]
        for n in Self.labelSteps {
            every = stride(from: 0, to: ticks.count, by: n).map { ticks[$0] }
            let pairs = Array(zip(every, every.dropFirst()))
            if 4 * pairs.filter({ apart($0.0, $0.1) }).count >= 3 * pairs.count { break }
        }
        var out = [first]
        for t in every.dropFirst() where apart(out.last!, t) { out.append(t) }
        return out
    }

    /// Writes the chosen ticks' timecodes beside the path, at the tick's one end or else its other, skipping any
    /// that would cover an earlier label either way.
    mutating func labelTicks(_ c: PlanCamera) {
        let pts = pagePath(c)
        for i in labelledTicks(c) {
            let spots = [1.0, -1].map { tickLabelBox(c, pts, i, side: $0) }
            guard let box = spots.first(where: { b in !taken.contains { $0.overlaps(b) } }) else { continue }
            taken.append(box)
            page.color(Self.paper(c.colours.inner) * 0.75)
            page.text(c.path[i].timecode.description, at: [box.x0, box.y1 - 0.3], size: Self.smallText)
        }
    }

    /// At each chosen frame: the frustum's edges (dashed) to the wall, the inner frustum's footprint along the wall,
    /// and the camera icon (`labelFootprints` names them).
    mutating func drawFootprints(_ c: PlanCamera) {
        let surfaces = content.stage.ledSurfaces
        let colour = Self.paper(c.colours.inner)
        for i in c.footprints {
            let cam = c.path[i].camera
            page.color(colour)
            page.stroke(width: 0.15, dash: [1.2, 0.8])
            for e in PlanGeometry.frustumEdges(cam, surfaces: surfaces) { page.line(p(e.0), p(e.1)) }
            page.stroke(width: 1.2)
            for seg in PlanGeometry.footprint(cam, overscan: content.overscan, surfaces: surfaces) { page.line(p(seg.0), p(seg.1)) }
            drawFloorFootprints(cam, colour: colour)
            // The icon's nose 4 mm from its centre on paper, whatever the scale.
            let icon = PlanGeometry.icon(cam, scale: 4 / (0.45 * layout.mmPerMetre)).map { p($0) }
            page.color(Self.paper(c.colours.rays))
            page.polyline(icon, closed: true, fill: true)
            page.color(colour)
            page.stroke(width: 0.25)
            page.polyline(icon, closed: true)
        }
    }

    /// Names each drawn camera with its frame's timecode beside its icon, after the marks' labels (which keep
    /// their places).
    mutating func labelFootprints() {
        for c in content.cameras {
            for i in c.footprints {
                let cam = c.path[i].camera
                let at = p(cam.pose.position), tip = p(PlanGeometry.icon(cam)[0])
                label(["\(c.name) \(c.path[i].timecode)"], near: at, avoid: tip - at, colour: Self.paper(c.colours.inner) * 0.75)
            }
        }
    }
}
