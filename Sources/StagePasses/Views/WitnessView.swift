// WitnessView: a third-person view of the stage: LED surfaces showing their canvas, floor, props, the camera body
// with its frustum, and the inner frustum's outline on the wall.

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

    /// The witness draw list: `physical` (floor, grid, props) plus LED surfaces textured with `textures` (one per
    /// surface, nil: dark), the camera body, the corner rays of its image up to the first LED face or the floor
    /// (yellow) and the
    /// inner frustum's outline on the LED faces (orange).
    public static func drawList(surfaces: [LEDSurface], textures: [Texture?], physical: DrawList, camera: ShotCamera,
                                overscan: Double) -> DrawList {
        var list = physical
        for (i, s) in surfaces.enumerated() {
            list.draws += StageGeometry.surfaceMeshes(s, canvas: i < textures.count ? textures[i] : nil)
        }
        list.draws += StageGeometry.cameraBody(camera.pose)
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
        list.lines.append(LineBatch(points: rays, color: [1, 0.85, 0.1, 1], width: 2, depthTest: true))
        list.lines.append(LineBatch(points: outline(surfaces: surfaces, camera: camera, overscan: overscan),
                                    color: [1, 0.35, 0.05, 1], width: 2, depthTest: true))
        return list
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
            let p = surfaces[h.index].point(u: h.u, v: h.v) + surfaces[h.index].normal(u: h.u) * 0.02
            if let q = prev, q.index == h.index { pts += [SIMD3<Float>(q.p), SIMD3<Float>(p)] }
            prev = (h.index, p)
        }
        return pts
    }
}
