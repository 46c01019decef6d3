// PlanView: the stage from above, to scale: metre grid, LED walls with cabinet ticks, ceilings, props, light cards,
// every camera with its frustum and its inner frustum's footprint on the wall (PlanView+Cameras), the take's path,
// marks and a scale bar.

import Geometry
import Imaging
import RasterCore
import SceneModel

/// A top-down orthographic plan (north = -Z, towards the main wall, at the top).
public struct PlanView: Sendable {
    /// A name to write on the plan, or (empty text) a drawing labels must keep clear of.
    public struct Label: Sendable {
        /// What is labelled: placement goes in this order (the cameras' icons and names first, then marks, walls
        /// and light cards).
        public enum Kind: Int, Sendable, Comparable {
            case camera, mark, wall, card
            public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
        }

        public var text: String
        /// The preferred top-left corner of the text.
        public var position: SIMD3<Double>
        public var kind: Kind
        /// The point named, around which the other positions are tried (default: `position`).
        public var anchor: SIMD3<Double>
        /// Points whose pixel bounding box no label may cover (the camera icon's corners).
        public var keepClear: [SIMD3<Double>]
        /// Top-left corners to try after `position` and before the spots around the anchor (a wall's room side).
        public var alternatives: [SIMD3<Double>] = []

        public init(text: String, position: SIMD3<Double>, kind: Kind = .wall, anchor: SIMD3<Double>? = nil,
                    keepClear: [SIMD3<Double>] = []) {
            self.text = text
            self.position = position
            self.kind = kind
            self.anchor = anchor ?? position
            self.keepClear = keepClear
        }
    }

    /// Studio x and z at the image centre, and metres per pixel.
    public let centre: SIMD2<Double>
    public let metresPerPixel: Double
    public let width: Int
    public let height: Int
    /// Labels the built-in 5x7 font cannot draw (a Chinese mark or wall name) are drawn in this Unifont, 16
    /// pixels high, when given (`Lettering`); else with `?`.
    public var unifont: Unifont?

    /// A plan of `width` x `height` pixels framing `points` (x, z) with an 8% margin, magnified `zoom` times about
    /// the middle.
    public init(framing points: [SIMD2<Double>], width: Int, height: Int, zoom: Double = 1) {
        var lo = SIMD2<Double>(-5, -5), hi = SIMD2<Double>(5, 5)
        if let f = points.first {
            lo = f; hi = f
            for p in points { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
        }
        let size = pointwiseMax(hi - lo, SIMD2(2, 2)) * 1.16
        centre = (lo + hi) / 2
        metresPerPixel = max(size.x / Double(width), size.y / Double(height)) / max(zoom, 1e-3)
        self.width = width
        self.height = height
    }

    /// The points a plan of this stage should frame: floor corners, LED surfaces, camera positions and marks.
    public static func framingPoints(stage: Stage, cameras: [SIMD3<Double>], marks: [Mark]) -> [SIMD2<Double>] {
        var pts: [SIMD2<Double>] = []
        for s in stage.ledSurfaces {
            for i in 0...16 {
                let p = s.point(u: s.widthM * Double(i) / 16, v: s.heightM)
                pts.append(SIMD2(p.x, p.z))
            }
        }
        pts += cameras.map { SIMD2($0.x, $0.z) } + marks.map { SIMD2($0.position.x, $0.position.z) }
        if pts.isEmpty {
            let f = stage.floor
            pts = [f.centre - f.size / 2, f.centre + f.size / 2]
        }
        return pts
    }

    /// Looking straight down, screen up = -Z.
    public var viewSetup: ViewSetup {
        let hw = Float(Double(width) * metresPerPixel / 2), hh = Float(Double(height) * metresPerPixel / 2)
        let eye = SIMD3<Float>(Float(centre.x), 100, Float(centre.y))
        let view = Mat4.lookAt(eye: eye, center: eye - [0, 1, 0], up: [0, 0, -1])!
        return ViewSetup(view: view, projection: Mat4.orthographic(left: -hw, right: hw, bottom: -hh, top: hh, near: 0.1, far: 200))
    }

    /// Pixel position of a studio point.
    public func pixel(_ p: SIMD3<Double>) -> (x: Int, y: Int) {
        (Int(((p.x - centre.x) / metresPerPixel + Double(width) / 2).rounded(.down)),
         Int(((p.z - centre.y) / metresPerPixel + Double(height) / 2).rounded(.down)))
    }

    static let wallColor: SIMD4<Float> = [0.25, 0.6, 1, 1]

    /// The plan of one camera (or none), unlabelled, in the first palette colours.
    public func drawList(stage: Stage, props: [DrawCall], camera: ShotCamera?, overscan: Double, path: [SIMD3<Double>],
                         marks: [Mark], lightCards: [LightCard] = []) -> (list: DrawList, labels: [Label]) {
        drawList(stage: stage, props: props, cameras: camera.map { [ViewCamera(camera: $0)] } ?? [], overscan: overscan,
                 path: path, marks: marks, lightCards: lightCards)
    }

    /// The plan's draw list and its text labels. `props` are the props' draw calls (drawn flat, unlit); `cameras`
    /// in priority order (the first drawn on top), each in its colours and labelled with its name when it has one;
    /// `lightCards` along the foot of their walls or outlined on their ceilings, in their colours, labelled.
    public func drawList(stage: Stage, props: [DrawCall], cameras: [ViewCamera], overscan: Double, path: [SIMD3<Double>],
                         marks: [Mark], lightCards: [LightCard] = []) -> (list: DrawList, labels: [Label]) {
        var list = DrawList(lighting: Lighting(ambient: [1, 1, 1]))
        var labels: [Label] = []
        let y: Float = 50
        // Floor.
        let f = stage.floor
        let fx = Float(f.centre.x), fz = Float(f.centre.y), hx = Float(f.size.x / 2), hz = Float(f.size.y / 2)
        if let m = try? Mesh(positions: [[fx - hx, 0, fz - hz], [fx - hx, 0, fz + hz], [fx + hx, 0, fz + hz], [fx + hx, 0, fz - hz]],
                             indices: [0, 1, 2, 0, 2, 3]) {
            list.draws.append(DrawCall(mesh: m, material: Material(baseColor: SIMD4(SRGB.decode(f.color) * 0.35, 1), shading: .unlit)))
        }
        for p in props {
            var d = p
            // One colour from above, the prop's cut-outs kept (a tree's leaves are holes in the plan too).
            d.material = Material(baseColor: [0.18, 0.17, 0.16, 1], shading: .unlit, alphaTest: p.material.alphaTest)
            list.draws.append(d)
        }
        // Metre grid over the whole image, every fifth line brighter; coarser (5, 10, 50 m...) where metre lines
        // would lie closer than `minimumGridPixels` and fill small plans with grey.
        let hw = Double(width) * metresPerPixel / 2, hh = Double(height) * metresPerPixel / 2
        let step = gridStep
        var thin: [SIMD3<Float>] = [], thick: [SIMD3<Float>] = []
        var gx = ((centre.x - hw) / step).rounded(.down) * step
        while gx <= centre.x + hw {
            let seg: [SIMD3<Float>] = [[Float(gx), y, Float(centre.y - hh)], [Float(gx), y, Float(centre.y + hh)]]
            if Int((gx / step).rounded()) % 5 == 0 { thick += seg } else { thin += seg }
            gx += step
        }
        var gz = ((centre.y - hh) / step).rounded(.down) * step
        while gz <= centre.y + hh {
            let seg: [SIMD3<Float>] = [[Float(centre.x - hw), y, Float(gz)], [Float(centre.x + hw), y, Float(gz)]]
            if Int((gz / step).rounded()) % 5 == 0 { thick += seg } else { thin += seg }
            gz += step
        }
        list.lines.append(LineBatch(points: thin, color: [0.05, 0.05, 0.06, 1], width: 1, depthTest: false))
        list.lines.append(LineBatch(points: thick, color: [0.12, 0.12, 0.14, 1], width: 1, depthTest: false))
        // LED surfaces: walls along their foot with a tick per cabinet column; ceilings and LED floors as outlines.
        var walls: [SIMD3<Float>] = [], ticks: [SIMD3<Float>] = [], ceilings: [SIMD3<Float>] = []
        let surfaces = stage.ledSurfaces
        for s in surfaces {
            let outline = PlanGeometry.outline(s)
            let lines = outline.segments.flatMap { [flat($0.0, y), flat($0.1, y)] }
            if outline.isMesh {
                // A mesh screen: its outline (the mesh's boundary edges) seen from above, its name at its middle.
                if s.kind == .wall { walls += lines } else { ceilings += lines }
                let mid = s.point(u: s.widthM / 2, v: s.heightM / 2), n = s.normal(u: s.widthM / 2, v: s.heightM / 2)
                var label = Label(text: s.name, position: mid - n * 0.6, kind: .wall, anchor: mid)
                label.alternatives = [mid + n * 0.45]
                labels.append(label)
                continue
            }
            if s.kind == .wall {
                walls += lines
                for t in outline.ticks {
                    let a = flat(t.base, y)
                    ticks += [a, a + SIMD3<Float>(Float(t.normal.x), 0, Float(t.normal.y)) * Float(t.length)]
                }
                // Behind the wall, else on the room side clear of the footprint drawn along it.
                var label = Label(text: s.name, position: s.point(u: s.widthM / 2, v: s.heightM) - s.normal(u: s.widthM / 2) * 0.6,
                                  kind: .wall, anchor: s.point(u: s.widthM / 2, v: s.heightM))
                label.alternatives = [s.point(u: s.widthM / 2, v: s.heightM) + s.normal(u: s.widthM / 2) * 0.45]
                labels.append(label)
            } else {
                ceilings += lines
                if s.kind == .floor {
                    // An LED floor lies in the plan: its name at its middle (a ceiling's would cover what is under it).
                    let mid = s.point(u: s.widthM / 2, v: s.heightM / 2)
                    labels.append(Label(text: s.name, position: mid, kind: .wall, anchor: mid))
                }
            }
        }
        list.lines.append(LineBatch(points: ceilings, color: [0.1, 0.25, 0.45, 1], width: 1, depthTest: false))
        list.lines.append(LineBatch(points: walls, color: Self.wallColor, width: isSmall ? 2 : 3, depthTest: false))
        list.lines.append(LineBatch(points: ticks, color: Self.wallColor * SIMD4(0.7, 0.7, 0.7, 1), width: 1, depthTest: false))
        list.lines += processorZones(stage: stage, surfaces: surfaces, y: y)
        labels += addLightCards(lightCards, surfaces: surfaces, y: y, into: &list)
        // The take's path.
        if path.count > 1 {
            var pts: [SIMD3<Float>] = []
            for i in 1..<path.count {
                pts += [SIMD3<Float>(Float(path[i - 1].x), y, Float(path[i - 1].z)), SIMD3<Float>(Float(path[i].x), y, Float(path[i].z))]
            }
            list.lines.append(LineBatch(points: pts, color: [0.45, 0.45, 0.5, 1], width: 1, depthTest: false))
        }
        // Marks: crosses with names.
        var crosses: [SIMD3<Float>] = []
        for m in marks {
            let p = SIMD3<Float>(Float(m.position.x), y, Float(m.position.z))
            crosses += [p - [0.2, 0, 0.2], p + [0.2, 0, 0.2], p - [0.2, 0, -0.2], p + [0.2, 0, -0.2]]
            labels.append(Label(text: m.name, position: m.position + [0.3, 0, 0.1], kind: .mark, anchor: m.position))
        }
        list.lines.append(LineBatch(points: crosses, color: [0.3, 0.9, 0.4, 1], width: 2, depthTest: false))
        // View origin: a small diamond.
        let o = stage.viewOrigin
        let od = SIMD3<Float>(Float(o.x), y, Float(o.z))
        let dia: [SIMD3<Float>] = [[0, 0, -0.25], [0.25, 0, 0], [0, 0, 0.25], [-0.25, 0, 0]]
        var diamond: [SIMD3<Float>] = []
        for i in 0..<4 { diamond += [od + dia[i], od + dia[(i + 1) % 4]] }
        list.lines.append(LineBatch(points: diamond, color: [0.7, 0.5, 1, 1], width: 1, depthTest: false))
        labels += addCameras(cameras, overscan: overscan, surfaces: surfaces, y: y, into: &list)
        return (list, labels)
    }

    /// A plan point (studio x, z) at height `y` as a rasterizer line point.
    @inline(__always) func flat(_ p: SIMD2<Double>, _ y: Float) -> SIMD3<Float> { SIMD3<Float>(Float(p.x), y, Float(p.y)) }

    /// Metre grid lines closer than this many pixels are thinned out (`gridStep`).
    static let minimumGridPixels = 3.0

    /// The grid's spacing in metres: 1 m unless that is closer than `minimumGridPixels`, then 5, 10, 50, 100 m...
    public var gridStep: Double {
        var step = 1.0
        var i = 0
        while step / metresPerPixel < Self.minimumGridPixels && step < 1e6 {
            step *= i % 2 == 0 ? 5 : 2
            i += 1
        }
        return step
    }

    /// The camera icon is 0.45 m nose to centre, grown on small plans so that it spans at least 3 pixels.
    var iconScale: Double { max(1, 3 * metresPerPixel / 0.45) }

    /// Plans smaller than this (pixels) get no full names and no scale bar (7-pixel text would cover the drawing),
    /// and thinner walls and footprint (2 px instead of 3 and 4: a few metres each on a terminal's plan pane).
    public static let minimumLabelledSize = (width: 96, height: 48)
    /// Plans smaller than `minimumLabelledSize` but at least this big get names abbreviated to their first word
    /// (`A1`, `MAIN`); smaller ones (the plan pane at 80x24, 26x14 pixels) get no labels at all.
    public static let minimumAbbreviatedSize = (width: 48, height: 32)

    var isSmall: Bool { width < Self.minimumLabelledSize.width || height < Self.minimumLabelledSize.height }

    /// A label where it is drawn: its text (possibly abbreviated) and its pixel rectangle.
    public struct PlacedLabel: Sendable, Equatable {
        public var text: String
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int

        public init(text: String, x: Int, y: Int, width: Int, height: Int) {
            self.text = text
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }

        /// True when the two rectangles share a pixel, or touch within `gap` pixels.
        public func overlaps(_ o: PlacedLabel, gap: Int = 0) -> Bool {
            x < o.x + o.width + gap && o.x < x + width + gap && y < o.y + o.height + gap && o.y < y + height + gap
        }
    }

    /// Where each label goes: greedily by kind (the camera's clear square, then marks, then walls, each in list
    /// order), trying the preferred position, then its alternatives, then right of, left of, above and below the anchor, first with the
    /// full text, then abbreviated to its first word; a label that fits nowhere inside the image without touching
    /// another (1 px apart) or the scale bar is hidden. Plans below `minimumLabelledSize` get first words only,
    /// plans below `minimumAbbreviatedSize` no labels.
    public func placeLabels(_ labels: [Label]) -> [PlacedLabel] {
        guard width >= Self.minimumAbbreviatedSize.width, height >= Self.minimumAbbreviatedSize.height else { return [] }
        // Drawings labels must not cover (touching is fine), and the labels placed so far (kept 1 px apart).
        var drawings: [PlacedLabel] = scaleBar.map { [$0.box] } ?? []
        var taken: [PlacedLabel] = []
        // Small plans: labels farther apart (one-word names 1 px apart read as one word), and off every mark's point.
        let gap = isSmall ? 3 : 1
        if isSmall {
            for l in labels where l.kind == .mark {
                let (x, y) = pixel(l.anchor)
                drawings.append(PlacedLabel(text: "", x: x - 1, y: y - 1, width: 3, height: 3))
            }
        }
        var out: [PlacedLabel] = []
        // Other positions stand this far from the anchor: clear of a mark's cross (0.2 m), and 2 px more.
        let off = 2 + Int((0.2 / metresPerPixel).rounded(.up))
        for l in labels.enumerated().sorted(by: { ($0.element.kind, $0.offset) < ($1.element.kind, $1.offset) }).map(\.element) {
            let (ax, ay) = pixel(l.anchor)
            if l.text.isEmpty {
                // A drawing to keep clear: the pixels whose centres lie in its bounding box (what the rasterizer fills).
                let xs = l.keepClear.map { ($0.x - centre.x) / metresPerPixel + Double(width) / 2 }
                let ys = l.keepClear.map { ($0.z - centre.y) / metresPerPixel + Double(height) / 2 }
                if let a = xs.min(), let b = xs.max(), let c = ys.min(), let d = ys.max() {
                    let x0 = Int((a - 0.5).rounded(.up)), x1 = Int((b - 0.5).rounded(.down))
                    let y0 = Int((c - 0.5).rounded(.up)), y1 = Int((d - 0.5).rounded(.down))
                    drawings.append(PlacedLabel(text: "", x: x0, y: y0, width: max(0, x1 - x0 + 1), height: max(0, y1 - y0 + 1)))
                }
                continue
            }
            let full = l.text.uppercased()
            let short = String(full.split(separator: " ").first ?? "")
            var texts = isSmall ? [] : [full]
            if !short.isEmpty && (short != full || isSmall) { texts.append(short) }
            let (px, py) = pixel(l.position)
            search: for t in texts {
                let letters = lettering(t)
                let w = letters.width(of: t), gh = letters.lineHeight
                let spots = [(px, py)] + l.alternatives.map { pixel($0) }.map { ($0.x, $0.y) } + [(ax + off, ay - gh / 2), (ax - off - w, ay - gh / 2), (ax - w / 2, ay - off - gh), (ax - w / 2, ay + off)]
                for (x, y) in spots {
                    let r = PlacedLabel(text: t, x: x, y: y, width: w, height: gh)
                    guard x >= 0, y >= 0, x + w <= width, y + gh <= height, !taken.contains(where: { r.overlaps($0, gap: gap) }),
                          !drawings.contains(where: { r.overlaps($0) }) else { continue }
                    taken.append(r)
                    out.append(r)
                    break search
                }
            }
        }
        return out
    }

    /// The scale bar: the round length nearest a fifth of the width, its bar's left end and row, and the box its
    /// bar and text take; nil on plans below `minimumLabelledSize` or too narrow for it.
    var scaleBar: (length: Double, pixels: Int, x: Int, y: Int, text: String, box: PlacedLabel)? {
        guard width >= Self.minimumLabelledSize.width, height >= Self.minimumLabelledSize.height else { return nil }
        let target = Double(width) * metresPerPixel / 5
        let length = [0.5, 1, 2, 5, 10, 20, 50, 100].min { abs($0 - target) < abs($1 - target) }!
        let px = Int((length / metresPerPixel).rounded())
        let x0 = 10, y0 = height - 14
        let text = (length < 1 ? formatFixed(length, 1) : String(Int(length))) + " M"
        let right = x0 + px + 6 + BitmapFont.size(of: text).width
        guard y0 > 0, right <= width else { return nil }
        return (length, px, x0, y0, text, PlacedLabel(text: text, x: x0, y: y0 - 4, width: right - x0, height: 8))
    }

    /// A label's font: the built-in one at scale 1, or `unifont` for what it cannot draw.
    func lettering(_ text: String) -> Lettering { Lettering.choose(for: [text], scale: 1, unifont: unifont) }

    /// Draws the labels (`placeLabels`) and the scale bar into a rendered plan.
    public func annotate(_ image: inout RGBA8Image, labels: [Label]) {
        for l in placeLabels(labels) {
            lettering(l.text).draw(l.text, into: &image, x: l.x, y: l.y, color: (200, 210, 220, 255))
        }
        guard let bar = scaleBar else { return }
        let (px, x0, y0) = (bar.pixels, bar.x, bar.y)
        BitmapFont.fillRect(&image, x: x0, y: y0, width: px, height: 3, color: (230, 230, 230, 255))
        BitmapFont.fillRect(&image, x: x0, y: y0 - 4, width: 1, height: 7, color: (230, 230, 230, 255))
        BitmapFont.fillRect(&image, x: x0 + px - 1, y: y0 - 4, width: 1, height: 7, color: (230, 230, 230, 255))
        BitmapFont.draw(bar.text, into: &image, x: x0 + px + 6, y: y0 - 3, color: (230, 230, 230, 255))
    }
}
