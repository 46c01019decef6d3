// StagePassesTests: the XR passes against geometry worked out by hand — the inner frustum lands on the LED pixels the
// camera's frustum covers, the outer frustum's cube map returns what lies in each direction, and through the camera
// the wall shows the virtual world the camera would see.

import Geometry
import Imaging
import RasterCore
import SceneModel
import StagePasses
import XCTest

final class StagePassesTests: XCTestCase {
    /// 0.5 m cabinets of 16 x 16 LED pixels (31.25 mm pitch: small canvases for tests).
    static let panel = LEDPanelType(name: "T", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pixels(width: 16, height: 16))

    static func wall(columns: Int, rows: Int) -> LEDSurface {
        LEDWall(name: "wall", grid: CabinetGrid(panel: panel, columns: columns, rows: rows)).surface
    }

    static func camera(_ p: SIMD3<Double>, width: Int = 192, height: Int = 108) -> ShotCamera {
        ShotCamera(pose: ScenePose(position: p, fovYDegrees: 0), focalLengthMM: 36, fStop: 2.8, focusDistanceM: 3,
                   sensorWidthMM: 36, imageWidth: width, imageHeight: height)
    }

    /// A cube map of an empty world: every direction shows `sky` (linear).
    static func emptyOuter(_ sky: SIMD3<Float>) throws -> OuterFrustum {
        try OuterFrustum(world: DrawList(), origin: [0, 1.7, 4], size: 16, clearColor: SIMD4(sky, 1), threads: 1)
    }

    static func solid(_ c: SIMD3<Float>, width: Int, height: Int) -> LinearImage {
        LinearImage(width: width, height: height, rgb: (0..<(width * height)).flatMap { _ in [c.x, c.y, c.z] })
    }

    func testInnerFrustumLandsOnTheLEDPixelsItsFrustumCovers() throws {
        // 16 m x 10 m wall (512 x 320 LED pixels); camera 8 m in front of its middle at 5 m, tan(half) 0.5 x 0.28125:
        // with 10% overscan the inner frustum covers u in (3.6, 12.4) m and v in (2.525, 7.475) m.
        let surface = Self.wall(columns: 32, rows: 20)
        let cam = Self.camera([0, 5, 8])
        let inner = InnerFrustum(camera: cam, overscan: 0.1, image: Self.solid([1, 0, 0], width: 32, height: 18),
                                 view: cam.viewSetup(overscan: 0.1)!)
        let canvas = WallCanvas(surfaces: [surface], inner: inner, outer: try Self.emptyOuter([0, 0, 1]), softEdge: 0)
        let img = canvas.image(surface: 0, threads: 2)
        XCTAssertEqual(img.width, 512)
        XCTAssertEqual(img.height, 320)
        let pitch = 0.5 / 16
        var checked = 0
        for j in 0..<img.height {
            for i in 0..<img.width {
                let u = (Double(i) + 0.5) * pitch, v = (Double(j) + 0.5) * pitch
                let du = min(abs(u - 3.6), abs(u - 12.4)), dv = min(abs(v - 2.525), abs(v - 7.475))
                if min(du, dv) < 1e-4 { continue }  // centres on the boundary itself are not judged
                let inside = u > 3.6 && u < 12.4 && v > 2.525 && v < 7.475
                let px = img.pixels[4 * (j * img.width + i)], blue = img.pixels[4 * (j * img.width + i) + 2]
                XCTAssertEqual(px == 255 && blue == 0, inside, "LED pixel \(i),\(j)")
                XCTAssertEqual(blue == 255 && px == 0, !inside, "LED pixel \(i),\(j)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 150_000)
        // Cabinet columns 7-24 and rows 5-14 hold inner-frustum pixels, and no others.
        for c in 0..<32 {
            let px = img.pixels[4 * (160 * img.width + c * 16 + 8)]
            // The column's middle pixel sits at u = 0.5 c + 0.2656 m: inside (3.6, 12.4) for c = 7...24.
            XCTAssertEqual(px == 255, (7...24).contains(c), "column \(c)")
        }
    }

    func testSoftEdgeBlendsInnerIntoOuterOverItsWidth() {
        XCTAssertEqual(WallCanvasProbe.weight(0, 0, edge: 0.1), 1)
        XCTAssertEqual(WallCanvasProbe.weight(1.2, 0, edge: 0.1), 0)
        XCTAssertEqual(WallCanvasProbe.weight(0.95, 0, edge: 0.1), 0.5, accuracy: 1e-6)  // halfway across the edge
        XCTAssertEqual(WallCanvasProbe.weight(0.9, 0.9, edge: 0.1), 1, accuracy: 1e-6)
        XCTAssertLessThan(WallCanvasProbe.weight(0.99, 0, edge: 0.1), 0.05)
    }

    func testOuterFrustumCubeMapReturnsWhatLiesInEachDirection() throws {
        // A small bright box off-centre on each face; sampling towards it gives its colour, the mirrored direction
        // on the same face gives the sky.
        let origin = SIMD3<Float>(0, 1.7, 4)
        let dirs: [SIMD3<Float>] = [[1, 0.3, 0.2], [-1, -0.3, 0.25], [0.3, 1, -0.2], [0.25, -1, 0.3], [-0.3, 0.2, 1], [0.3, -0.25, -1]]
        var draws: [DrawCall] = []
        for d in dirs {
            let c = origin + d * 10
            let m = Primitive.box(size: [1.2, 1.2, 1.2]).mesh
            let pos = m.positions.map { SIMD3<Float>($0) + c - [0, 0.6, 0] }
            draws.append(DrawCall(mesh: try Mesh(positions: pos, indices: m.indices),
                                  material: Material(baseColor: [1, 1, 0, 1], shading: .unlit)))
        }
        let outer = try OuterFrustum(world: DrawList(draws: draws), origin: origin, size: 64, clearColor: [0, 0, 0.5, 1], threads: 2)
        for d in dirs {
            let hit = OuterProbe.sample(outer, d)
            XCTAssertEqual(hit.0, 1, accuracy: 0.01, "towards \(d)")
            XCTAssertEqual(hit.2, 0, accuracy: 0.01, "towards \(d)")
            // Mirror the two minor components: same face, other side.
            let a = [abs(d.x), abs(d.y), abs(d.z)]
            let major = a.firstIndex(of: a.max()!)!
            var m = -d
            m[major] = d[major]
            let sky = OuterProbe.sample(outer, m)
            XCTAssertEqual(sky.0, 0, accuracy: 0.01, "away from \(d)")
            XCTAssertEqual(sky.2, 0.5, accuracy: 0.01, "away from \(d)")
        }
    }

    /// A world of coloured boxes behind a flat wall, rendered virtually and through the wall: they must agree.
    func testThroughTheCameraTheWallShowsTheVirtualWorld() throws {
        var draws: [DrawCall] = []
        let colours: [SIMD4<Float>] = [[0.8, 0.1, 0.1, 1], [0.1, 0.7, 0.2, 1], [0.2, 0.3, 0.9, 1], [0.9, 0.8, 0.2, 1]]
        for (k, c) in colours.enumerated() {
            let m = Primitive.box(size: [2, 2 + Double(k), 2]).mesh
            let off = SIMD3<Float>(Float(k) * 3 - 4.5, 0, -6 - Float(k) * 2)
            draws.append(DrawCall(mesh: try Mesh(positions: m.positions.map { SIMD3<Float>($0) + off },
                                                 normals: m.normals.map { SIMD3<Float>($0) }, indices: m.indices),
                                  material: Material(baseColor: c)))
        }
        let world = DrawList(draws: draws, lighting: Lighting(ambient: [0.3, 0.3, 0.3], directional: [DirectionalLight(direction: [0.3, 1, 0.5], color: [0.8, 0.8, 0.8])]))
        let sky = SIMD4<Float>(0.05, 0.08, 0.2, 1)
        // The camera's frustum exactly fits an 8 m x 4.5 m wall 8 m away (as in ShotAnalysisTests); 4 mm LED pitch.
        let fine = LEDPanelType(name: "F", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pixels(width: 125, height: 125))
        let surface = LEDWall(name: "w", grid: CabinetGrid(panel: fine, columns: 16, rows: 9)).surface
        let cam = Self.camera([0, 2.25, 8], width: 320, height: 180)
        let raster = Rasterizer()
        let settings = FrameSettings(width: 320, height: 180, clearColor: sky, threads: 2)
        try raster.render(world, view: cam.viewSetup()!, settings: settings)
        let virtual = raster.colorImage()
        let size = InnerFrustum.renderSize(width: 320, height: 180, overscan: 0.1)
        try raster.render(world, view: cam.viewSetup(overscan: 0.1)!, settings: FrameSettings(width: size.width, height: size.height, clearColor: sky, threads: 2))
        let inner = InnerFrustum(camera: cam, overscan: 0.1, image: LinearImage(srgb: raster.colorImage()), view: cam.viewSetup(overscan: 0.1)!)
        let outer = try OuterFrustum(world: world, origin: [0, 1.7, 4], size: 64, clearColor: sky, threads: 2)
        let canvas = WallCanvas(surfaces: [surface], inner: inner, outer: outer, softEdge: 0.05)
        // Nothing physical: a cleared frame with depth.
        try raster.render(DrawList(), view: cam.viewSetup()!, settings: FrameSettings(width: 320, height: 180, clearColor: [0, 0, 0, 1], threads: 1, keepLinearDepth: true))
        let physical = raster.colorImage(), depth = raster.linearDepthBuffer()
        let one = InCameraPass.composite(camera: cam, canvas: canvas, physical: physical, depth: depth, setExtension: false, threads: 1)
        let three = InCameraPass.composite(camera: cam, canvas: canvas, physical: physical, depth: depth, setExtension: false, threads: 3)
        XCTAssertEqual(one.pixels, three.pixels, "the composite does not depend on the thread count")
        let diff = ImageDiff(one, virtual)!
        XCTAssertGreaterThan(diff.psnr, 28, "through the wall the camera sees the virtual world (PSNR \(diff.psnr))")
        // And not trivially: the outer frustum alone (no inner) differs clearly from the camera's view.
        let outerOnly = WallCanvas(surfaces: [surface], inner: nil, outer: outer, softEdge: 0.05)
        let wrong = InCameraPass.composite(camera: cam, canvas: outerOnly, physical: physical, depth: depth, setExtension: false, threads: 1)
        XCTAssertLessThan(ImageDiff(wrong, virtual)!.psnr, diff.psnr - 6)

        // A wall 2 m tall fills the lower part of the frame only. Above it the camera sees the studio (the physical
        // frame's black) or, with set extension, the virtual world itself.
        let low = LEDWall(name: "low", grid: CabinetGrid(panel: fine, columns: 16, rows: 4)).surface
        let lowCanvas = WallCanvas(surfaces: [low], inner: inner, outer: outer, softEdge: 0.05)
        let plain = InCameraPass.composite(camera: cam, canvas: lowCanvas, physical: physical, depth: depth, setExtension: false, threads: 2)
        let extended = InCameraPass.composite(camera: cam, canvas: lowCanvas, physical: physical, depth: depth, setExtension: true, threads: 2)
        var top = 0, bottom = 0
        for y in [2, 20, 60] {
            for x in stride(from: 5, to: 320, by: 15) {
                let i = 4 * (y * 320 + x)
                XCTAssertEqual(Array(plain.pixels[i..<(i + 3)]), [0, 0, 0], "above the wall, no extension: studio black")
                for c in 0..<3 { XCTAssertLessThanOrEqual(abs(Int(extended.pixels[i + c]) - Int(virtual.pixels[i + c])), 24) }
                top += 1
            }
        }
        // On the wall (the lowest rows) both show the same LED pixels.
        for x in stride(from: 5, to: 320, by: 15) {
            let i = 4 * (175 * 320 + x)
            XCTAssertEqual(Array(plain.pixels[i..<(i + 4)]), Array(extended.pixels[i..<(i + 4)]))
            bottom += 1
        }
        XCTAssertEqual(top + bottom, 3 * 21 + 21)
    }

    func testWallViewKeepsSectionsAtOneScale() {
        let big = Self.wall(columns: 40, rows: 10), small = LEDWall(name: "s", grid: CabinetGrid(panel: Self.panel, columns: 10, rows: 10)).surface
        let l = WallView.layout([big, small], width: 800, height: 400)
        XCTAssertEqual(l.count, 2)
        XCTAssertEqual(Double(l[0].w) / Double(l[1].w), 4, accuracy: 0.05)
        XCTAssertEqual(l[0].h, l[1].h)
        XCTAssertLessThanOrEqual(l[1].y + l[1].h, 400)
    }

    /// A Chinese surface name is drawn in the Unifont given, in a band tall enough for its 16-pixel line: 天's
    /// rows (a made-up glyph at U+5929) above the canvas, pixel for pixel; an ASCII name keeps the 12-pixel band.
    func testWallViewLabelsChineseNamesInUnifont() throws {
        let tian = "FFFF8001818181819FF9818181818001842188119009A005C00380018001FFFF"
        let font = try Unifont(hex: Array("5929:\(tian)\n0020:00000000000000000000000000000000\n".utf8))
        let outer = try Self.emptyOuter([0, 0.2, 0])
        func view(_ name: String) -> (RGBA8Image, (x: Int, y: Int, w: Int, h: Int), Int) {
            let wall = LEDWall(name: name, grid: CabinetGrid(panel: Self.panel, columns: 20, rows: 5)).surface
            let canvas = WallCanvas(surfaces: [wall], inners: [], viewing: nil, outer: outer, softEdge: 0)
            let letters = Lettering.choose(for: [name], scale: 1, unifont: font)
            let band = letters.lineHeight + 5
            return (WallView.render(canvas, width: 400, height: 240, threads: 1, unifont: font),
                    WallView.layout([wall], width: 400, height: 240, band: band)[0], band)
        }
        let (img, box, band) = view("天")
        XCTAssertEqual(band, 21)
        for r in 0..<16 {
            let row = Int(String(Array(tian)[(4 * r)..<(4 * r + 4)]), radix: 16)!
            for c in 0..<16 {
                XCTAssertEqual(img[box.x + c, box.y - 19 + r].r == 170, row & (0x8000 >> c) != 0, "row \(r) column \(c)")
            }
        }
        XCTAssertEqual(view("main").2, 12)
    }
}
