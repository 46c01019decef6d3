// SampleStage: the built-in demo scene, an XR studio stage made in code (curved LED wall, LED ceiling, props).

import Geometry
import Imaging
import RasterCore
import SceneImaging

/// A procedural XR virtual-production stage, the default scene of `xrstudio tui` until scene files land.
///
/// Inspired by large curved-volume XR studios such as the one in Binhai, Tianjin: a curved LED wall (an arc of
/// 0.5 m cabinets around the stage, each an unlit, emissive quad showing its part of one procedural picture: a
/// dusk sky over a stylised Tianjin skyline with Five Avenues-style villas in front), a flat LED ceiling section,
/// a grey Lambert floor with a 1 m grid, and a few props. Everything is made here in code, deterministically:
/// no files, no randomness, so the frames can be compared bit for bit.
///
/// Units: metres, Y up, the stage centre at the origin, the wall's middle towards -Z, the default camera at +Z.
public enum SampleStage {
    /// The curved wall: an arc of `columns` x `rows` cabinets of `cabinetSize` metres around `wallCentre`.
    public static let wallCentre = SIMD3<Float>(0, 0, 1)
    public static let wallRadius: Float = 9
    public static let wallColumns = 44
    public static let wallRows = 11
    public static let cabinetSize: Float = 0.5
    /// Gap between neighbouring cabinets (the dark seams of a real wall), metres.
    public static let seam: Float = 0.008
    /// The ceiling section: `ceilingColumns` x `ceilingRows` cabinets at `ceilingHeight`, centred on `ceilingCentre`.
    public static let ceilingHeight: Float = 6
    public static let ceilingCentre = SIMD2<Float>(0, -2.5)
    public static let ceilingColumns = 16
    public static let ceilingRows = 12
    /// Wall picture pixels per cabinet side (the wall image is 44 x 11 cabinets of 24 x 24 pixels).
    public static let pixelsPerCabinet = 24

    /// The arc's angular width in degrees (arc length = columns x cabinet size).
    public static var wallSpanDegrees: Float {
        Float(wallColumns) * cabinetSize / wallRadius * 180 / .pi
    }

    /// A camera at eye height in front of the stage, looking at the wall's middle.
    public static let defaultCamera = ModelCamera(eye: [0, 1.7, 7.5], lookAt: [0, 2.2, -3], fovYDegrees: 40,
                                                  near: 0.05, far: 200)

    /// Studio black behind everything.
    public static let clearColor = SIMD4<Float>(0.004, 0.004, 0.006, 1)

    /// A soft bluish ambient, a warm key from the front right and a dim fill from the wall's direction.
    public static let defaultLighting = Lighting(
        ambient: [0.16, 0.17, 0.2],
        directional: [
            DirectionalLight(direction: [0.45, 0.8, 0.5], color: [0.75, 0.68, 0.6]),
            DirectionalLight(direction: [0, 0.35, -1], color: [0.22, 0.18, 0.2]),
        ])

    /// The stage as a draw list: wall backing, wall cabinets, ceiling cabinets, floor, props, then the floor grid.
    public static func drawList(lighting: Lighting = defaultLighting) throws -> DrawList {
        let unlitBlack = Material(baseColor: [0.006, 0.006, 0.008, 1], shading: .unlit)
        let wallTexture = Texture(image: wallImage(), wrapS: .clamp, wrapT: .clamp)
        let ceilingTexture = Texture(image: ceilingImage(), wrapS: .clamp, wrapT: .clamp)
        let led = { (t: Texture) in Material(baseColor: [1, 1, 1, 1], texture: t, shading: .unlit) }
        var draws: [DrawCall] = []
        draws.append(DrawCall(mesh: try wallBacking().mesh(), material: unlitBlack))
        draws.append(DrawCall(mesh: try wallCabinets().mesh(), material: led(wallTexture)))
        draws.append(DrawCall(mesh: try ceilingCabinets().mesh(), material: led(ceilingTexture)))
        draws.append(DrawCall(mesh: try floor().mesh(), material: Material(baseColor: [0.3, 0.3, 0.31, 1])))
        for prop in props() {
            var b = MeshBuilder()
            prop.build(&b)
            draws.append(DrawCall(mesh: try b.mesh(), material: Material(baseColor: prop.color)))
        }
        return DrawList(draws: draws, lines: [floorGrid()], lighting: lighting)
    }

    /// The point on the wall's front at angle `theta` (radians, 0 = straight ahead towards -Z) and height `y`.
    static func wallPoint(_ theta: Double, _ y: Float, radius: Float = wallRadius) -> SIMD3<Float> {
        wallCentre + SIMD3(Float(sinD(theta)) * radius, y, -Float(cosD(theta)) * radius)
    }

    /// Column `i`'s angular extent, radians.
    static func columnAngles(_ i: Int) -> (Double, Double) {
        let span = Double(wallSpanDegrees) * .pi / 180
        let step = span / Double(wallColumns)
        return (-span / 2 + Double(i) * step, -span / 2 + Double(i + 1) * step)
    }

    /// One flat quad per cabinet along the arc, facing the stage, each showing its cell of the wall picture.
    static func wallCabinets() -> MeshBuilder {
        var b = MeshBuilder()
        let inset = Double(seam / 2 / wallRadius)
        for i in 0..<wallColumns {
            let (a0, a1) = columnAngles(i)
            for j in 0..<wallRows {
                let top = Float(wallRows - j) * cabinetSize - seam / 2
                let bottom = Float(wallRows - j - 1) * cabinetSize + seam / 2
                let uv = (SIMD2(Float(i) / Float(wallColumns), Float(j) / Float(wallRows)),
                          SIMD2(Float(i + 1) / Float(wallColumns), Float(j + 1) / Float(wallRows)))
                b.addQuad(wallPoint(a0 + inset, top), wallPoint(a1 - inset, top),
                          wallPoint(a1 - inset, bottom), wallPoint(a0 + inset, bottom), uv: uv)
            }
        }
        return b
    }

    /// The dark frame behind the cabinets (what shows through the seams), 5 cm behind them.
    static func wallBacking() -> MeshBuilder {
        var b = MeshBuilder()
        let r = wallRadius + 0.05, h = Float(wallRows) * cabinetSize
        for i in 0..<wallColumns {
            let (a0, a1) = columnAngles(i)
            b.addQuad(wallPoint(a0, h, radius: r), wallPoint(a1, h, radius: r),
                      wallPoint(a1, 0, radius: r), wallPoint(a0, 0, radius: r))
        }
        return b
    }

    /// A flat grid of cabinets facing down, the ceiling picture spread over them.
    static func ceilingCabinets() -> MeshBuilder {
        var b = MeshBuilder()
        let w = Float(ceilingColumns) * cabinetSize, d = Float(ceilingRows) * cabinetSize
        let x0 = ceilingCentre.x - w / 2, z0 = ceilingCentre.y - d / 2
        let y = ceilingHeight, s = seam / 2
        for i in 0..<ceilingColumns {
            for j in 0..<ceilingRows {
                let xa = x0 + Float(i) * cabinetSize + s, xb = x0 + Float(i + 1) * cabinetSize - s
                let za = z0 + Float(j) * cabinetSize + s, zb = z0 + Float(j + 1) * cabinetSize - s
                // Seen from below, facing the wall then looking up, screen-up is +Z: the top-left corner is
                // (xa, zb). The picture's top row lands on the far (-Z) side.
                let uv = (SIMD2(Float(i) / Float(ceilingColumns), Float(j + 1) / Float(ceilingRows)),
                          SIMD2(Float(i + 1) / Float(ceilingColumns), Float(j) / Float(ceilingRows)))
                b.addQuad([xa, y, zb], [xb, y, zb], [xb, y, za], [xa, y, za], uv: uv)
            }
        }
        return b
    }

    /// The studio floor, 30 m square.
    static func floor() -> MeshBuilder {
        var b = MeshBuilder()
        b.addQuad([-15, 0, -15], [15, 0, -15], [15, 0, 15], [-15, 0, 15])
        return b
    }

    /// A prop: how to build it and its Lambert colour (linear light).
    struct Prop {
        var color: SIMD4<Float>
        var build: (inout MeshBuilder) -> Void
    }

    /// Two crates, a low bench, a drum and a street lamp in the style of old Tianjin's concession streets.
    static func props() -> [Prop] {
        [
            Prop(color: [0.42, 0.26, 0.12, 1]) { $0.addBox(base: [-2.3, 0, -1.4], size: [1, 1, 1], yawDegrees: 20) },
            Prop(color: [0.42, 0.26, 0.12, 1]) { $0.addBox(base: [-2.5, 1, -1.5], size: [0.6, 0.6, 0.6], yawDegrees: 35) },
            Prop(color: [0.2, 0.24, 0.3, 1]) { $0.addBox(base: [1.9, 0, -0.6], size: [2, 0.45, 0.6], yawDegrees: -15) },
            Prop(color: [0.55, 0.09, 0.06, 1]) { $0.addCylinder(base: [0.7, 0, -3], radius: 0.35, height: 1.2) },
            Prop(color: [0.05, 0.06, 0.05, 1]) {
                $0.addCylinder(base: [-4, 0, -4.2], radius: 0.06, height: 3.2, segments: 12)
                $0.addCylinder(base: [-4, 0, -4.2], radius: 0.16, height: 0.3, segments: 12)
                $0.addBox(base: [-4, 3.2, -4.2], size: [0.32, 0.4, 0.32], yawDegrees: 45)
            },
        ]
    }

    /// 1 m floor grid lines over the stage area, just above the floor.
    static func floorGrid() -> LineBatch {
        var points: [SIMD3<Float>] = []
        let y: Float = 0.005
        for x in -8...8 { points += [[Float(x), y, -8], [Float(x), y, 6]] }
        for z in -8...6 { points += [[-8, y, Float(z)], [8, y, Float(z)]] }
        return LineBatch(points: points, color: [0.05, 0.22, 0.3, 1], width: 1)
    }
}
