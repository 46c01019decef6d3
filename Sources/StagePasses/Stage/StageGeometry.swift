// StageGeometry: the physical stage as rasterizer input: floor and its grid, LED surfaces as meshes (for views
// from outside the camera), the camera body and its frustum lines, and the light the wall throws on the set.

import Geometry
import Imaging
import RasterCore
import SceneModel

public enum StageGeometry {
    /// The floor as a Lambert quad at y = 0 (facing up), and its grid as depth-tested lines just above it.
    public static func floor(_ f: Floor) -> (draw: DrawCall, grid: LineBatch?) {
        let hx = Float(f.size.x / 2), hz = Float(f.size.y / 2), cx = Float(f.centre.x), cz = Float(f.centre.y)
        let pos: [SIMD3<Float>] = [[cx - hx, 0, cz - hz], [cx - hx, 0, cz + hz], [cx + hx, 0, cz + hz], [cx + hx, 0, cz - hz]]
        let mesh = try! Mesh(positions: pos, normals: Array(repeating: [0, 1, 0], count: 4), indices: [0, 1, 2, 0, 2, 3])
        let draw = DrawCall(mesh: mesh, material: Material(baseColor: SIMD4(SRGB.decode(f.color), 1), shading: .lambert, twoSided: true))
        guard f.gridSpacing > 0 else { return (draw, nil) }
        var pts: [SIMD3<Float>] = []
        let step = f.gridSpacing
        let nx = Int((f.size.x / step).rounded(.down)), nz = Int((f.size.y / step).rounded(.down))
        guard nx <= 4000, nz <= 4000 else { return (draw, nil) }
        let y: Float = 0.002
        // Lines on whole multiples of the spacing (studio coordinates), inside the floor.
        var x = (Double(cx - hx) / step).rounded(.up) * step
        while x <= Double(cx + hx) + 1e-9 { pts += [[Float(x), y, cz - hz], [Float(x), y, cz + hz]]; x += step }
        var z = (Double(cz - hz) / step).rounded(.up) * step
        while z <= Double(cz + hz) + 1e-9 { pts += [[cx - hx, y, Float(z)], [cx + hx, y, Float(z)]]; z += step }
        let grid = LineBatch(points: pts, color: SIMD4(SRGB.decode(f.color) * 0.55, 1), width: 1, depthTest: true)
        return (draw, grid)
    }

    /// An LED surface as a mesh: the face textured with `canvas` (unlit: it emits) and the cabinets' backs in dark
    /// grey, `segments` columns across an arc, one quad per facet of a faceted wall, a mesh screen's own triangles.
    public static func surfaceMeshes(_ s: LEDSurface, canvas: Texture?, segments: Int = 64) -> [DrawCall] {
        if case .mesh(let m) = s.shape { return meshScreen(m, canvas: canvas) }
        let cols = s.circumference == nil ? 1 : max(1, min(segments, s.grid.columns * 2))
        var pos: [SIMD3<Float>] = [], uv: [SIMD2<Float>] = [], idx: [UInt32] = []
        if case .facets(let f) = s.shape {
            // One quad per facet, its own four corners (leaning facets do not share their top corners).
            for k in f.origins.indices {
                let o = f.origins[k], across = f.uAxes[k] * f.columnWidth, down = f.vAxes[k] * s.heightM
                pos += [SIMD3<Float>(o), SIMD3<Float>(o + down), SIMD3<Float>(o + across), SIMD3<Float>(o + across + down)]
                let u0 = Float(Double(k) / Double(f.origins.count)), u1 = Float(Double(k + 1) / Double(f.origins.count))
                uv += [[u0, 0], [u0, 1], [u1, 0], [u1, 1]]
                let a = UInt32(4 * k), b = a + 1, c = a + 2, d = a + 3
                idx += [a, b, d, a, d, c]
            }
        } else {
            for i in 0...cols {
                let u = s.widthM * Double(i) / Double(cols)
                pos.append(SIMD3<Float>(s.point(u: u, v: 0)))
                pos.append(SIMD3<Float>(s.point(u: u, v: s.heightM)))
                let fu = Float(Double(i) / Double(cols))
                uv += [[fu, 0], [fu, 1]]
            }
            for i in 0..<cols {
                let a = UInt32(2 * i), b = a + 1, c = a + 2, d = a + 3
                // Counter-clockwise seen from the front (the face normal): top-left, bottom-left, bottom-right...
                idx += [a, b, d, a, d, c]
            }
        }
        // Check the winding against the LED normal once and flip if the construction faces the other way.
        let n = s.normal(u: s.widthM / 2)
        let p0 = pos[0], p1 = pos[1], p3 = pos[3]
        let geo = (p1 - p0).cross(p3 - p0)
        if geo.dot(SIMD3<Float>(n)) < 0 {
            for t in stride(from: 0, to: idx.count, by: 3) { idx.swapAt(t + 1, t + 2) }
        }
        guard let mesh = try? Mesh(positions: pos, uvs: uv, indices: idx) else { return [] }
        return faceAndBack(mesh, canvas: canvas)
    }

    /// A mesh screen as drawn: its own triangles (already wound counter-clockwise from the LED face), the canvas
    /// laid on through its UVs.
    static func meshScreen(_ m: LEDSurface.Mesh, canvas: Texture?) -> [DrawCall] {
        let pos = m.positions.map { SIMD3<Float>($0) }
        let uv = m.canvas.map { SIMD2<Float>(Float($0.x / m.width), Float($0.y / m.height)) }
        guard let mesh = try? Mesh(positions: pos, uvs: uv, indices: (0..<UInt32(pos.count)).map { $0 }) else { return [] }
        return faceAndBack(mesh, canvas: canvas)
    }

    /// The LED face (unlit, textured with the canvas, front faces) and the cabinets' backs (dark grey, back faces).
    static func faceAndBack(_ mesh: Mesh, canvas: Texture?) -> [DrawCall] {
        let face = Material(baseColor: canvas == nil ? [0.05, 0.05, 0.06, 1] : [1, 1, 1, 1], texture: canvas,
                            shading: .unlit, twoSided: false)
        let back = Material(baseColor: [0.03, 0.03, 0.035, 1], shading: .lambert, twoSided: true)
        return [DrawCall(mesh: mesh, material: face, cull: .back), DrawCall(mesh: mesh, material: back, cull: .front)]
    }

    /// A camera body (box), lens (cylinder) and matte box at a pose, in `color` (linear).
    public static func cameraBody(_ pose: ScenePose, color: SIMD3<Float> = [0.35, 0.36, 0.4]) -> [DrawCall] {
        let f = pose.forward, u = pose.up, r = pose.right
        // Camera space: x right, y up, -z forward; the entrance pupil at the origin.
        func place(_ p: SIMD3<Double>) -> SIMD3<Float> { SIMD3<Float>(pose.position + r * p.x + u * p.y - f * p.z) }
        var out: [DrawCall] = []
        let parts: [(Primitive, SIMD3<Double>, SIMD3<Double>, SIMD3<Float>)] = [
            (.box(size: [0.16, 0.2, 0.34]), [0, -0.1, 0.26], [0, 0, 0], color),                        // body
            (.cylinder(radius: 0.055, height: 0.2, segments: 16), [0, 0, 0.1], [-90, 0, 0], color * 0.6), // lens
            (.box(size: [0.05, 0.06, 0.12]), [0.0, 0.12, 0.22], [0, 0, 0], color * 0.8),               // top handle
        ]
        for (prim, offset, rot, c) in parts {
            let m = prim.mesh
            let t = Transform(translate: offset, rotateDegrees: rot)
            let positions = m.positions.map { place(t.apply($0)) }
            let normals = m.normals.map { n -> SIMD3<Float> in
                let a = t.apply(n) - t.apply(.zero)
                return SIMD3<Float>(r * a.x + u * a.y - f * a.z)
            }
            if let mesh = try? Mesh(positions: positions, normals: normals, indices: m.indices) {
                out.append(DrawCall(mesh: mesh, material: Material(baseColor: SIMD4(c, 1), shading: .lambert, twoSided: true)))
            }
        }
        return out
    }

    /// The light the LED surfaces throw on the set, as directional lights from the view origin towards three parts
    /// of each surface: each part's mean canvas colour x its solid angle / π (Lambert irradiance of a small
    /// emitter), no shadows. An approximation for previews, not a light simulation.
    public static func wallLights(_ canvas: WallCanvas, from eye: SIMD3<Double>, gain: Double = 1) -> [DirectionalLight] {
        var lights: [DirectionalLight] = []
        for (i, s) in canvas.surfaces.enumerated() {
            let parts = 3
            for k in 0..<parts {
                let u0 = s.widthM * Double(k) / Double(parts), u1 = s.widthM * Double(k + 1) / Double(parts)
                let centre = s.point(u: (u0 + u1) / 2, v: s.heightM / 2)
                let toward = centre - eye
                let d2 = toward.dot(toward)
                guard d2 > 1e-6 else { continue }
                let dist = d2.squareRoot()
                let n = s.normal(u: (u0 + u1) / 2, v: s.heightM / 2)
                let facing = max(0, -(toward / dist).dot(n))
                let area = (u1 - u0) * s.heightM
                let solid = min(2 * Double.pi, area * facing / d2)
                let mean = canvas.meanColor(surface: i, u: u0...u1, v: 0...s.heightM, samples: 6)
                let c = mean * Float(solid / Double.pi * gain)
                if c.x + c.y + c.z > 1e-5 { lights.append(DirectionalLight(direction: SIMD3<Float>(toward), color: c)) }
            }
        }
        return lights
    }

    /// The rays along the edges of a camera's image (widened by `overscan`), `steps` per edge, as normalised image
    /// points going round the border clockwise from the top-left corner.
    public static func borderPoints(steps: Int) -> [(Double, Double)] {
        var pts: [(Double, Double)] = []
        for i in 0..<steps { pts.append((-1 + 2 * Double(i) / Double(steps), 1)) }
        for i in 0..<steps { pts.append((1, 1 - 2 * Double(i) / Double(steps))) }
        for i in 0..<steps { pts.append((1 - 2 * Double(i) / Double(steps), -1)) }
        for i in 0..<steps { pts.append((-1, -1 + 2 * Double(i) / Double(steps))) }
        return pts
    }
}
