// PlanView: the stage from above, to scale: metre grid, LED walls with cabinet ticks, ceilings, props, the camera
// with its frustum and the inner frustum's footprint on the wall, the take's path, marks and a scale bar.

import Geometry
import Imaging
import RasterCore
import SceneModel

/// A top-down orthographic plan (north = -Z, towards the main wall, at the top).
public struct PlanView: Sendable {
    public struct Label: Sendable {
        public var text: String
        public var position: SIMD3<Double>
    }

    /// Studio x and z at the image centre, and metres per pixel.
    public let centre: SIMD2<Double>
    public let metresPerPixel: Double
    public let width: Int
    public let height: Int

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
    static let footprintColor: SIMD4<Float> = [1, 0.35, 0.05, 1]
    static let cameraColor: SIMD4<Float> = [1, 0.85, 0.1, 1]

    /// The plan's draw list and its text labels. `props` are the props' draw calls (drawn flat, unlit).
    public func drawList(stage: Stage, props: [DrawCall], camera: ShotCamera?, overscan: Double, path: [SIMD3<Double>],
                         marks: [Mark]) -> (list: DrawList, labels: [Label]) {
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
            d.material = Material(baseColor: [0.18, 0.17, 0.16, 1], shading: .unlit)
            list.draws.append(d)
        }
        // Metre grid over the whole image, every fifth line brighter.
        let hw = Double(width) * metresPerPixel / 2, hh = Double(height) * metresPerPixel / 2
        var thin: [SIMD3<Float>] = [], thick: [SIMD3<Float>] = []
        var gx = (centre.x - hw).rounded(.down)
        while gx <= centre.x + hw {
            let seg: [SIMD3<Float>] = [[Float(gx), y, Float(centre.y - hh)], [Float(gx), y, Float(centre.y + hh)]]
            if Int(gx) % 5 == 0 { thick += seg } else { thin += seg }
            gx += 1
        }
        var gz = (centre.y - hh).rounded(.down)
        while gz <= centre.y + hh {
            let seg: [SIMD3<Float>] = [[Float(centre.x - hw), y, Float(gz)], [Float(centre.x + hw), y, Float(gz)]]
            if Int(gz) % 5 == 0 { thick += seg } else { thin += seg }
            gz += 1
        }
        list.lines.append(LineBatch(points: thin, color: [0.05, 0.05, 0.06, 1], width: 1, depthTest: false))
        list.lines.append(LineBatch(points: thick, color: [0.12, 0.12, 0.14, 1], width: 1, depthTest: false))
        // LED surfaces: walls along their foot with a tick per cabinet column; ceilings as outlines.
        var walls: [SIMD3<Float>] = [], ticks: [SIMD3<Float>] = [], ceilings: [SIMD3<Float>] = []
        let surfaces = stage.ledSurfaces
        for s in surfaces {
            let steps = s.circumference == nil ? 1 : max(8, s.grid.columns * 2)
            func at(_ u: Double, _ v: Double) -> SIMD3<Float> { var p = SIMD3<Float>(s.point(u: u, v: v)); p.y = y; return p }
            if s.kind == .wall {
                for i in 0..<steps {
                    walls += [at(s.widthM * Double(i) / Double(steps), s.heightM), at(s.widthM * Double(i + 1) / Double(steps), s.heightM)]
                }
                let cw = s.grid.panel.cabinetSize.x
                for c in 0...s.grid.columns {
                    let u = min(Double(c) * cw, s.widthM)
                    let n = s.normal(u: u)
                    let a = at(u, s.heightM)
                    let len = Float(c % 5 == 0 ? 0.3 : 0.15)
                    ticks += [a, a + SIMD3<Float>(Float(n.x), 0, Float(n.z)) * len]
                }
                labels.append(Label(text: s.name, position: s.point(u: s.widthM / 2, v: s.heightM) - s.normal(u: s.widthM / 2) * 0.6))
            } else {
                let c = [at(0, 0), at(s.widthM, 0), at(s.widthM, s.heightM), at(0, s.heightM)]
                for i in 0..<4 { ceilings += [c[i], c[(i + 1) % 4]] }
            }
        }
        list.lines.append(LineBatch(points: ceilings, color: [0.1, 0.25, 0.45, 1], width: 1, depthTest: false))
        list.lines.append(LineBatch(points: walls, color: Self.wallColor, width: 3, depthTest: false))
        list.lines.append(LineBatch(points: ticks, color: Self.wallColor * SIMD4(0.7, 0.7, 0.7, 1), width: 1, depthTest: false))
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
            labels.append(Label(text: m.name, position: m.position + [0.3, 0, 0.1]))
        }
        list.lines.append(LineBatch(points: crosses, color: [0.3, 0.9, 0.4, 1], width: 2, depthTest: false))
        // View origin: a small diamond.
        let o = stage.viewOrigin
        let od = SIMD3<Float>(Float(o.x), y, Float(o.z))
        let dia: [SIMD3<Float>] = [[0, 0, -0.25], [0.25, 0, 0], [0, 0, 0.25], [-0.25, 0, 0]]
        var diamond: [SIMD3<Float>] = []
        for i in 0..<4 { diamond += [od + dia[i], od + dia[(i + 1) % 4]] }
        list.lines.append(LineBatch(points: diamond, color: [0.7, 0.5, 1, 1], width: 1, depthTest: false))
        if let camera {
            addCamera(camera, overscan: overscan, surfaces: surfaces, y: y, into: &list)
        }
        return (list, labels)
    }

    /// The camera: frustum edges (image left and right at mid height) to the first LED face, the inner frustum's
    /// footprint along the walls, and a triangle icon pointing where the camera looks.
    func addCamera(_ camera: ShotCamera, overscan: Double, surfaces: [LEDSurface], y: Float, into list: inout DrawList) {
        let e = camera.pose.position
        func flat(_ p: SIMD3<Double>) -> SIMD3<Float> { SIMD3<Float>(Float(p.x), y, Float(p.z)) }
        var frustum: [SIMD3<Float>] = []
        for x in [-1.0, 1.0] {
            let d = camera.ray(x: x, y: 0).direction
            let t = surfaces.nearestHit(origin: e, direction: d, frontOnly: true)?.t ?? 6
            frustum += [flat(e), flat(e + d * t)]
        }
        list.lines.append(LineBatch(points: frustum, color: Self.cameraColor, width: 1, depthTest: false))
        // Footprint: the widened frustum's hits on each surface, drawn along that surface's foot line.
        var span = [Int: (Double, Double)]()
        for (x, yy) in StageGeometry.borderPoints(steps: 32) {
            let d = camera.ray(x: x, y: yy, overscan: overscan).direction
            guard let h = surfaces.nearestHit(origin: e, direction: d, frontOnly: true) else { continue }
            let old = span[h.index] ?? (h.u, h.u)
            span[h.index] = (min(old.0, h.u), max(old.1, h.u))
        }
        var foot: [SIMD3<Float>] = []
        for (i, (u0, u1)) in span.sorted(by: { $0.key < $1.key }) {
            let s = surfaces[i]
            let steps = 24
            for k in 0..<steps {
                let a = u0 + (u1 - u0) * Double(k) / Double(steps), b = u0 + (u1 - u0) * Double(k + 1) / Double(steps)
                let v = s.kind == .wall ? s.heightM : s.heightM / 2
                let lift = s.normal(u: a) * 0.12
                foot += [flat(s.point(u: a, v: v) + lift), flat(s.point(u: b, v: v) + lift)]
            }
        }
        list.lines.append(LineBatch(points: foot, color: Self.footprintColor, width: 4, depthTest: false))
        // Icon: a triangle 0.6 m long pointing along the camera's heading.
        var fwd = SIMD2(camera.pose.forward.x, camera.pose.forward.z)
        let len = (fwd.x * fwd.x + fwd.y * fwd.y).squareRoot()
        fwd = len > 1e-6 ? fwd / len : SIMD2(0, -1)
        let side = SIMD2(-fwd.y, fwd.x)
        let p = SIMD2(e.x, e.z)
        let tip = p + fwd * 0.45, l = p - fwd * 0.25 + side * 0.22, r = p - fwd * 0.25 - side * 0.22
        let tri = [tip, l, r].map { SIMD3<Float>(Float($0.x), y + 1, Float($0.y)) }
        if let m = try? Mesh(positions: tri, indices: [0, 1, 2]) {
            list.draws.append(DrawCall(mesh: m, material: Material(baseColor: Self.cameraColor, shading: .unlit)))
        }
    }

    /// Draws labels and a scale bar into a rendered plan.
    public func annotate(_ image: inout RGBA8Image, labels: [Label]) {
        for l in labels {
            let (x, y) = pixel(l.position)
            BitmapFont.draw(l.text.uppercased(), into: &image, x: x, y: y, color: (200, 210, 220, 255))
        }
        // Scale bar: the round length nearest a fifth of the width.
        let target = Double(width) * metresPerPixel / 5
        let length = [0.5, 1, 2, 5, 10, 20, 50, 100].min { abs($0 - target) < abs($1 - target) }!
        let px = Int((length / metresPerPixel).rounded())
        let x0 = 10, y0 = height - 14
        guard y0 > 0, x0 + px < width else { return }
        BitmapFont.fillRect(&image, x: x0, y: y0, width: px, height: 3, color: (230, 230, 230, 255))
        BitmapFont.fillRect(&image, x: x0, y: y0 - 4, width: 1, height: 7, color: (230, 230, 230, 255))
        BitmapFont.fillRect(&image, x: x0 + px - 1, y: y0 - 4, width: 1, height: 7, color: (230, 230, 230, 255))
        let text = (length < 1 ? formatFixed(length, 1) : String(Int(length))) + " M"
        BitmapFont.draw(text, into: &image, x: x0 + px + 6, y: y0 - 3, color: (230, 230, 230, 255))
    }
}
