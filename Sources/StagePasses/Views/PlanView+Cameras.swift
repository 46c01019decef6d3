// PlanView+Cameras: the cameras on the plan: each one's frustum, inner-frustum footprint and icon in its palette
// colours, and its name beside the icon.

import Geometry
import Imaging
import RasterCore
import SceneModel

extension PlanView {
    /// Draws `cameras` from the last to the first (so the highest priority lies on top) and returns their labels:
    /// first every icon as a drawing to keep clear, then each named camera's name to the right of its icon.
    func addCameras(_ cameras: [ViewCamera], overscan: Double, surfaces: [LEDSurface], y: Float,
                    into list: inout DrawList) -> [Label] {
        var icons = [[SIMD2<Double>]](repeating: [], count: cameras.count)
        for (i, c) in cameras.enumerated().reversed() {
            icons[i] = addCamera(c.camera, colours: c.colours, overscan: overscan, surfaces: surfaces, y: y,
                                 iconLift: 1 - 0.01 * Float(min(i, 50)), into: &list)
        }
        var labels = zip(cameras, icons).map { c, icon in
            Label(text: "", position: c.camera.pose.position, kind: .camera, keepClear: icon.map { SIMD3($0.x, 0, $0.y) })
        }
        for c in cameras where !c.name.isEmpty {
            let e = c.camera.pose.position
            let right = SIMD3(e.x + 0.5 * iconScale, 0, e.z - Double(BitmapFont.glyphHeight) / 2 * metresPerPixel)
            labels.append(Label(text: c.name, position: right, kind: .camera, anchor: SIMD3(e.x, 0, e.z)))
        }
        return labels
    }

    /// One camera in its colours: frustum edges (image left and right at mid height) to the first LED face, the
    /// inner frustum's footprint along the walls, and a triangle icon pointing where the camera looks.
    /// Returns the icon's corners (studio x, z).
    @discardableResult
    /// `iconLift`: the icon's height above the lines (the plan looks down, so higher icons cover lower ones).
    func addCamera(_ camera: ShotCamera, colours: CameraColours, overscan: Double, surfaces: [LEDSurface], y: Float,
                   iconLift: Float = 1, into list: inout DrawList) -> [SIMD2<Double>] {
        let frustum = PlanGeometry.frustumEdges(camera, surfaces: surfaces).flatMap { [flat($0.0, y), flat($0.1, y)] }
        list.lines.append(LineBatch(points: frustum, color: colours.rays, width: 1, depthTest: false))
        // Footprint: the widened frustum's hits on each surface, drawn along that surface's foot line; on an LED floor
        // the outline of the area it covers.
        var foot = PlanGeometry.footprint(camera, overscan: overscan, surfaces: surfaces)
            .flatMap { [flat($0.0, y), flat($0.1, y)] }
        for area in PlanGeometry.floorFootprints(camera, overscan: overscan, surfaces: surfaces) {
            for k in area.indices {
                let a = area[k], b = area[(k + 1) % area.count]
                foot += [SIMD3(Float(a.x), y, Float(a.y)), SIMD3(Float(b.x), y, Float(b.y))]
            }
        }
        list.lines.append(LineBatch(points: foot, color: colours.inner, width: isSmall ? 2 : 4, depthTest: false))
        // Icon: a triangle 0.6 m long pointing along the camera's heading.
        let icon = PlanGeometry.icon(camera, scale: iconScale)
        let tri = icon.map { SIMD3<Float>(Float($0.x), y + iconLift, Float($0.y)) }
        if let m = try? Mesh(positions: tri, indices: [0, 1, 2]) {
            list.draws.append(DrawCall(mesh: m, material: Material(baseColor: colours.rays, shading: .unlit)))
        }
        return icon
    }
}
