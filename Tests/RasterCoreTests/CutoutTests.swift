// CutoutTests: cut-out surfaces (glTF MASK, `AlphaTest`): which pixels exist, worked out by hand per pixel, in any
// draw order, look and thread count.

import Geometry
import Imaging
import RasterCore
import XCTest

final class CutoutTests: XCTestCase {
    /// A texture of `alphas` in one row (or one column), opaque white otherwise, clamped.
    func alphaTexture(_ alphas: [UInt8], vertical: Bool = false) -> Texture {
        var img = RGBA8Image(width: vertical ? 1 : alphas.count, height: vertical ? alphas.count : 1)
        for (i, a) in alphas.enumerated() { img[vertical ? 0 : i, vertical ? i : 0] = (255, 255, 255, a) }
        return Texture(image: img, wrapS: .clamp, wrapT: .clamp)
    }

    static let red: SIMD4<Float> = [1, 0, 0, 1]

    /// A square filling a 32x32 frame (orthographic), u = 0 at its left edge and 1 at its right, cut by a texture of
    /// two texels (alpha 0 | 255) times an alpha of 0.8: bilinear alpha at a pixel centre is
    /// 0.8 clamp(2u - 0.5, 0, 1), u = (x + 0.5) / 32; the pixels whose alpha reaches the cutoff show the square, the
    /// others the red square behind, column by column as worked out here.
    func testCutLineIsWhereTheAlphaReachesTheCutoff() throws {
        let front = try Mesh(positions: [[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]],
                             uvs: [[0, 1], [1, 1], [1, 0], [0, 0]], indices: [0, 1, 2, 0, 2, 3])
        let behind = try Mesh(positions: [[-1, -1, 0.5], [1, -1, 0.5], [1, 1, 0.5], [-1, 1, 0.5]], indices: [0, 1, 2, 0, 2, 3])
        let tex = alphaTexture([0, 255])
        for cutoff: Float in [0.5, 0.3, 0.05, 0.75] {
            let cut = Material(baseColor: [0, 0, 1, 1], shading: .flat, alphaTest: AlphaTest(cutoff: cutoff, alpha: 0.8, texture: tex))
            let r = Rasterizer()
            try r.render(DrawList(draws: [DrawCall(mesh: front, material: cut),
                                          DrawCall(mesh: behind, material: Material(baseColor: Self.red, shading: .flat))]),
                         view: ViewSetup(view: .identity, projection: .identity), settings: FrameSettings(width: 32, height: 32))
            let img = r.colorImage()
            var drawn = 0
            for x in 0..<32 {
                let u = (Double(x) + 0.5) / 32
                let alpha = 0.8 * min(max(2 * u - 0.5, 0), 1)
                let shown = alpha >= Double(cutoff)
                for y in [0, 13, 31] {
                    XCTAssertEqual(img[x, y].b == 255, shown, "cutoff \(cutoff), column \(x): alpha \(alpha)")
                    XCTAssertEqual(img[x, y].r == 255, !shown, "cutoff \(cutoff), column \(x): the red square behind")
                }
                if shown { drawn += 1 }
            }
            // The hand-worked columns: 0.8 (2u - 0.5) >= c  <=>  x + 0.5 >= 16 (c / 0.8 + 0.5).
            XCTAssertEqual(drawn, 32 - Int((16 * (Double(cutoff) / 0.8 + 0.5) - 0.5).rounded(.up)), "cutoff \(cutoff)")
        }
    }

    /// A floor seen in perspective (y = -1, from z = -2 to z = -10, v = 0 near and 1 far), cut by a texture of two
    /// rows (alpha 255 near, 0 far): alpha 1 - clamp(2v - 0.5, 0, 1) reaches 0.5 where v <= 0.5, the world's z >= -6.
    /// Each row's ray is intersected with the floor here (the row whose centre sees z = -6 is between rows 57 and 58
    /// of 100): perspective-correct, so the cut is at the world's middle, not the screen's. The wall behind (z = -20)
    /// shows through the cut, and the id look, every draw order and every thread count cut the same pixels.
    func testPerspectiveCutAndOrderLookAndThreads() throws {
        let floor = try Mesh(positions: [[-4, -1, -2], [4, -1, -2], [4, -1, -10], [-4, -1, -10]],
                             uvs: [[0, 0], [1, 0], [1, 1], [0, 1]], indices: [0, 1, 2, 0, 2, 3])
        let wall = try Mesh(positions: [[-40, -40, -20], [40, -40, -20], [40, 40, -20], [-40, 40, -20]], indices: [0, 1, 2, 0, 2, 3])
        let cut = AlphaTest(cutoff: 0.5, texture: alphaTexture([255, 0], vertical: true))
        let h = 100
        let proj = Mat4.perspective(fovYDegrees: 90, aspect: 1, near: 0.1, far: 100)
        func frame(_ shading: ShadingModel, wallFirst: Bool, threads: Int) throws -> RGBA8Image {
            let f = DrawCall(mesh: floor, material: Material(baseColor: [0, 0, 1, 1], shading: shading, alphaTest: cut))
            let w = DrawCall(mesh: wall, material: Material(baseColor: Self.red, shading: .flat))
            let r = Rasterizer()
            try r.render(DrawList(draws: wallFirst ? [w, f] : [f, w]), view: ViewSetup(view: .identity, projection: proj),
                         settings: FrameSettings(width: h, height: h, tileSize: 16, threads: threads))
            return r.colorImage()
        }
        let img = try frame(.flat, wallFirst: false, threads: 1)
        var floorRows = 0
        for y in 0..<h {
            let ndcY = 1 - 2 * (Double(y) + 0.5) / Double(h)
            let z = ndcY < 0 ? 1 / ndcY : -.infinity  // where the row's ray meets y = -1 (z < 0), if it does
            let onFloor = z <= -2 && z >= -10
            let v = (-z - 2) / 8
            let shown = onFloor && 1 - min(max(2 * v - 0.5, 0), 1) >= 0.5
            XCTAssertEqual(img[h / 2, y].b == 255, shown, "row \(y): z \(z)")
            XCTAssertEqual(img[h / 2, y].r == 255, !shown, "row \(y): the wall behind")
            if shown { floorRows += 1 }
        }
        XCTAssertEqual(floorRows, 17, "rows 58...74 see the near half of the floor (row 75's ray meets y = -1 before z = -2)")
        // Draw order and threads do not move the cut; the id look cuts the same pixels (its clear is 0 = nothing).
        for (wallFirst, threads) in [(true, 1), (false, 2), (true, 4)] {
            XCTAssertEqual(try frame(.flat, wallFirst: wallFirst, threads: threads).pixels, img.pixels, "wall first \(wallFirst), \(threads) threads")
        }
        // The floor in the id look: its codes (triangles 0 and 1: 1 and 2) exactly where the flat look shows it.
        let ids = try frame(.primitiveID, wallFirst: true, threads: 2)
        for i in 0..<(h * h) {
            let code = (ids.pixels[4 * i], ids.pixels[4 * i + 1], ids.pixels[4 * i + 2])
            XCTAssertEqual(code == (1, 0, 0) || code == (2, 0, 0), img.pixels[4 * i + 2] == 255, "pixel \(i)")
        }
    }

    /// The cut-out's vertex alphas cut too (glTF multiplies COLOR_0's alpha in), in every look, whether or not the
    /// mesh carries colours (the clay, flat and id looks leave them out; the cut was lost there), and without a
    /// texture the cut-out's own alpha decides: below the cutoff the whole draw is gone, at it the draw is whole.
    func testVertexAlphaAndConstantAlpha() throws {
        // Alpha 0 on the left corners, 1 on the right: alpha = u = (x + 0.5) / 32 (orthographic), cut at 0.5.
        let quad = try Mesh(positions: [[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], indices: [0, 1, 2, 0, 2, 3])
        let alphas: [Float] = [0, 1, 1, 0]
        func columns(_ test: AlphaTest, _ shading: ShadingModel) throws -> [Bool] {
            let r = Rasterizer()
            try r.render(DrawList(draws: [DrawCall(mesh: quad, material: Material(baseColor: [1, 1, 1, 1], shading: shading, alphaTest: test))]),
                         view: ViewSetup(view: .identity, projection: .identity),
                         settings: FrameSettings(width: 32, height: 32, clearColor: [0, 0, 0, 0]))
            return (0..<32).map { r.colorImage()[$0, 16].a == 255 }
        }
        for shading in [ShadingModel.unlit, .lambert, .flat, .primitiveID] {
            XCTAssertEqual(try columns(AlphaTest(cutoff: 0.5, vertexAlpha: alphas), shading), (0..<32).map { (Double($0) + 0.5) / 32 >= 0.5 },
                           "\(shading)")
            XCTAssertEqual(try columns(AlphaTest(cutoff: 0.25, alpha: 0.5, vertexAlpha: alphas), shading),
                           (0..<32).map { 0.5 * (Double($0) + 0.5) / 32 >= 0.25 }, "\(shading)")
        }
        // Alphas that are not one per vertex are not used: the draw is whole.
        XCTAssertEqual(try columns(AlphaTest(cutoff: 0.5, vertexAlpha: [0, 0]), .flat), Array(repeating: true, count: 32))
        let solid = try Mesh(positions: [[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], indices: [0, 1, 2, 0, 2, 3])
        for (alpha, drawn) in [(Float(0.49), false), (0.5, true)] {
            let r = Rasterizer()
            try r.render(DrawList(draws: [DrawCall(mesh: solid, material: Material(shading: .flat, alphaTest: AlphaTest(cutoff: 0.5, alpha: alpha)))]),
                         view: ViewSetup(view: .identity, projection: .identity),
                         settings: FrameSettings(width: 16, height: 16, clearColor: [0, 0, 0, 0], keepLinearDepth: true))
            XCTAssertEqual(r.colorImage().pixels.allSatisfy { $0 == 0 }, !drawn, "alpha \(alpha)")
            // No depth where nothing is drawn: the depth AOV agrees with the colour.
            XCTAssertEqual(r.linearDepthBuffer().allSatisfy { $0 == .infinity }, !drawn, "alpha \(alpha): depth")
        }
    }
}
