// WitnessView: a third-person view of the stage: LED surfaces showing their canvas, floor, props, light cards'
// outlines, and every camera's body with its frustum and its inner frustum's outline on the wall, in its colours.

import Geometry
import Imaging
import RasterCore
import SceneModel

/// Builds the witness view's draw list and its default vantage point.
public enum WitnessView {
    /// A vantage point behind and above the stage's middle that takes in every LED surface: eye and target.
    public static func defaultVantage(surfaces: [LEDSurface], floor: Floor) -> (eye: SIMD3<Double>, target: SIMD3<Double>) {
        var lo = SIMD3<Double>(floor.centre.x - 2, 0, floor.centre.y - 2), hi = SIMD3<Double>(floor.centre.x + 2, 3, floor.centre.y + 2)
        for s in surfaces {
            for i in 0...8 {
                for v in [0, s.heightM] {
                    let p = s.point(u: s.widthM * Double(i) / 8, v: v)
                    lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p)
                }
            }
        }
        let centre = (lo + hi) / 2
        let size = hi - lo
        let reach = max(size.x, size.z, 6)
        let target = SIMD3(centre.x, size.y * 0.35, centre.z)
        // Below a ceiling's height, so the walls are seen under it rather than hidden by its back.
        let eye = SIMD3(centre.x + reach * 0.45, max(2.5, size.y * 0.7), hi.z + reach * 0.55)
        return (eye, target)
    }

    /// The witness draw list of one camera, in the first palette colours (yellow rays, orange outline).
    public static func drawList(surfaces: [LEDSurface], textures: [Texture?], physical: DrawList, camera: ShotCamera,
                                overscan: Double, lightCards: [LightCard] = []) -> DrawList {
        drawList(surfaces: surfaces, textures: textures, physical: physical, cameras: [ViewCamera(camera: camera)],
                 overscan: overscan, lightCards: lightCards)
    }

    /// The witness draw list: `physical` (floor, grid, props) plus LED surfaces textured with `textures` (one per
    /// surface, nil: dark), each light card's outline on its surface in the card's colour, and for every camera in
    /// its colours (`ViewCamera.colours`): its body, the corner rays of its image up to the first LED face or the
    /// floor, and its inner frustum's outline on the LED faces. Cameras are added from the last to the first, so
    /// where lines tie in depth the highest priority's are drawn.
    public static func drawList(surfaces: [LEDSurface], textures: [Texture?], physical: DrawList, cameras: [ViewCamera],
                                overscan: Double, lightCards: [LightCard] = []) -> DrawList {
        var list = physical
        for (i, s) in surfaces.enumerated() {
            list.draws += StageGeometry.surfaceMeshes(s, canvas: i < textures.count ? textures[i] : nil)
        }
        for card in lightCards {
            guard let s = surfaces.first(where: { $0.name == card.surface }) else { continue }
            list.lines.append(LineBatch(points: cardOutline(card, on: s), color: SIMD4<Float>(SRGB.decode(card.color), 1),
                                        width: 2, depthTest: true))
        }
        for c in cameras.reversed() { addCamera(c, surfaces: surfaces, overscan: overscan, into: &list) }
        return list
    }

    /// One camera: its body, its image's corner rays and its inner frustum's outline.
    static func addCamera(_ c: ViewCamera, surfaces: [LEDSurface], overscan: Double, into list: inout DrawList) {
        let camera = c.camera
        list.draws += StageGeometry.cameraBody(camera.pose, color: c.colours.body)
        let e = camera.pose.position
        var rays: [SIMD3<Float>] = []
        for (x, y) in [(-1.0, 1.0), (1.0, 1.0), (1.0, -1.0), (-1.0, -1.0)] {
            // The recorded frame's corners, through the lens.
            let d = (camera.imageRay(x: x, y: y) ?? camera.ray(x: x, y: y)).direction
            // To the first LED face, else to the floor, else 4 m.
            let floorT = d.y < 0 && e.y > 0 ? -e.y / d.y : Double.infinity
            let t = min(surfaces.nearestHit(origin: e, direction: d, frontOnly: true)?.t ?? .infinity, floorT, 30)
            let end = t.isFinite && t < 30 ? t : 4
            rays += [SIMD3<Float>(e), SIMD3<Float>(e + d * end)]
        }
        list.lines.append(LineBatch(points: rays, color: c.colours.rays, width: 2, depthTest: true))
        list.lines.append(LineBatch(points: outline(surfaces: surfaces, camera: camera, overscan: overscan),
                                    color: c.colours.inner, width: 2, depthTest: true))
    }

    /// A light card's border on its surface (clipped to the surface), as segments lifted 2 cm off it: a
    /// rectangle's edges in 16 steps each (they follow a curved wall), an ellipse in 48.
    public static func cardOutline(_ card: LightCard, on s: LEDSurface) -> [SIMD3<Float>] {
        var border: [SIMD2<Double>] = []
        switch card.shape {
        case .rectangle:
            let corners = PlanView.cardBorder(card)
            for i in 0..<4 {
                let a = corners[i], b = corners[(i + 1) % 4]
                for k in 0..<16 { border.append(a + (b - a) * (Double(k) / 16)) }
            }
        case .ellipse:
            border = PlanView.cardBorder(card, steps: 48)
        }
        let pts = border.map { q -> SIMD3<Float> in
            let u = min(max(q.x, 0), s.widthM), v = min(max(q.y, 0), s.heightM)
            return SIMD3<Float>(s.point(u: u, v: v) + s.normal(u: u, v: v) * 0.02)
        }
        var out: [SIMD3<Float>] = []
        for i in pts.indices { out += [pts[i], pts[(i + 1) % pts.count]] }
        return out
    }

    /// The inner frustum's border traced onto the LED faces, as segments lifted 2 cm off the surface.
    public static func outline(surfaces: [LEDSurface], camera: ShotCamera, overscan: Double, steps: Int = 48) -> [SIMD3<Float>] {
        // The inner frustum as rendered: a distorted camera's rectilinear cover, widened by the overscan.
        let camera = camera.rectilinear ?? camera
        let e = camera.pose.position
        var prev: (index: Int, p: SIMD3<Double>)?
        var pts: [SIMD3<Float>] = []
        let border = StageGeometry.borderPoints(steps: steps)
        for (x, y) in border + [border[0]] {
            let d = camera.ray(x: x, y: y, overscan: overscan).direction
            guard let h = surfaces.nearestHit(origin: e, direction: d, frontOnly: true) else { prev = nil; continue }
            let p = surfaces[h.index].point(u: h.u, v: h.v) + surfaces[h.index].normal(u: h.u, v: h.v) * 0.02
            if let q = prev, q.index == h.index { pts += [SIMD3<Float>(q.p), SIMD3<Float>(p)] }
            prev = (h.index, p)
        }
        return pts
    }
}
