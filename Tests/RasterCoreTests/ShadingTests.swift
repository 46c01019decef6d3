// ShadingTests: textures (bilinear, mipmaps, wrap modes), Lambert lighting, lines, perspective-correct varyings.

import Foundation
import Geometry
import Imaging
import RasterCore
import XCTest

final class ShadingTests: XCTestCase {
    func checker(_ n: Int, _ cell: Int) -> RGBA8Image {
        var img = RGBA8Image(width: n, height: n)
        for y in 0..<n { for x in 0..<n { img[x, y] = (x / cell + y / cell) % 2 == 0 ? (255, 255, 255, 255) : (0, 0, 0, 255) } }
        return img
    }

    func testBilinearSamplingAndWrapModes() {
        var img = RGBA8Image(width: 2, height: 1)
        img[0, 0] = (0, 0, 0, 255)
        img[1, 0] = (255, 255, 255, 255)
        let t = Texture(image: img, wrapS: .clamp, wrapT: .clamp)
        // Texel centres give the texel; halfway between them, the average (in linear light).
        XCTAssertEqual(t.sample(u: 0.25, v: 0.5, level: 0).x, 0, accuracy: 1e-6)
        XCTAssertEqual(t.sample(u: 0.75, v: 0.5, level: 0).x, 1, accuracy: 1e-6)
        XCTAssertEqual(t.sample(u: 0.5, v: 0.5, level: 0).x, 0.5, accuracy: 1e-6)
        // Clamp holds the edge texel; repeat wraps to the other side; mirror reflects.
        XCTAssertEqual(t.sample(u: 1.2, v: 0.5, level: 0).x, 1, accuracy: 1e-6)
        let r = Texture(image: img, wrapS: .repeat, wrapT: .clamp)
        XCTAssertEqual(r.sample(u: 1.25, v: 0.5, level: 0).x, 0, accuracy: 1e-6)
        XCTAssertEqual(r.sample(u: 0, v: 0.5, level: 0).x, 0.5, accuracy: 1e-6)  // between texel 1 and (wrapped) 0
        let m = Texture(image: img, wrapS: .mirror, wrapT: .clamp)
        XCTAssertEqual(m.sample(u: 1.25, v: 0.5, level: 0).x, 1, accuracy: 1e-6)
        XCTAssertEqual(m.sample(u: -0.25, v: 0.5, level: 0).x, 0, accuracy: 1e-6)
    }

    func testMipChainAveragesAndLevelSelection() {
        let t = Texture(image: checker(16, 1))
        XCTAssertEqual(t.levels.count, 5)  // 16, 8, 4, 2, 1
        XCTAssertEqual(t.levels.last!.width, 1)
        // A 1-texel checker averages to half intensity (linear light) from level 1 on.
        XCTAssertEqual(t.levels[1].texels[0].x, 0.5, accuracy: 1e-6)
        XCTAssertEqual(t.levels[4].texels[0].x, 0.5, accuracy: 1e-6)
        XCTAssertEqual(t.level(forSquaredFootprint: 0.5), 0)
        XCTAssertEqual(t.level(forSquaredFootprint: 4), 1)    // 2 texels per pixel
        XCTAssertEqual(t.level(forSquaredFootprint: 64), 3)   // 8 texels per pixel
        XCTAssertEqual(t.level(forSquaredFootprint: 1e12), 4) // clamped to the last level
    }

    /// Trilinear: λ = log2 of the footprint (½ log2 of its square) within 1e-4, clamped to the chain; a whole λ
    /// reads one level, a fraction blends the two levels around it in linear light.
    func testTrilinearLevelOfDetailAndBlend() {
        let t = Texture(image: checker(16, 1))
        for e in stride(from: -3.0, through: 9.0, by: 0.37) {
            let foot2 = Float(pow(2.0, 2 * e))
            XCTAssertEqual(Double(t.lod(forSquaredFootprint: foot2)), min(max(e, 0), 4), accuracy: 1e-4, "footprint 2^\(e)")
        }
        XCTAssertEqual(t.lod(forSquaredFootprint: 0), 0)
        XCTAssertEqual(t.lod(forSquaredFootprint: .infinity), 4)
        XCTAssertEqual(t.lod(forSquaredFootprint: .nan), 4)
        // At a texel centre of level 0 (white), level 1 is the 0.5 average: λ = 0.25 gives 0.875, λ = 1 gives 0.5.
        let u: Float = 0.5 / 16, v: Float = 0.5 / 16
        XCTAssertEqual(t.sampleTrilinear(u: u, v: v, lod: 0).x, t.sample(u: u, v: v, level: 0).x)
        XCTAssertEqual(t.sample(u: u, v: v, level: 0).x, 1, accuracy: 1e-6)
        XCTAssertEqual(t.sampleTrilinear(u: u, v: v, lod: 0.25).x, 0.875, accuracy: 1e-6)
        XCTAssertEqual(t.sampleTrilinear(u: u, v: v, lod: 1).x, t.sample(u: u, v: v, level: 1).x)
        XCTAssertEqual(t.sampleTrilinear(u: u, v: v, lod: 4).x, 0.5, accuracy: 1e-6)
        // Non-power-of-two sizes and every wrap mode address like the nearest-level sampler at whole levels.
        var img = RGBA8Image(width: 5, height: 3)
        for y in 0..<3 { for x in 0..<5 { img[x, y] = (UInt8(x * 50), UInt8(y * 100), 7, 255) } }
        for wrap in [Texture.Wrap.repeat, .clamp, .mirror] {
            let n = Texture(image: img, wrapS: wrap, wrapT: wrap)
            for (su, sv) in [(-1.3, 0.2), (0.05, 0.95), (1.7, -0.4), (0.5, 0.5), (3.01, 2.2)] as [(Float, Float)] {
                for level in 0..<n.levels.count {
                    XCTAssertEqual(n.sampleTrilinear(u: su, v: sv, lod: Float(level)), n.sample(u: su, v: sv, level: level),
                                   "\(wrap) (\(su), \(sv)) level \(level)")
                }
            }
        }
    }

    /// A textured square filling the frame: the checker's cells land on the expected pixels, and a square far
    /// away (minified 8x) shows the mip average, not aliasing.
    func testTexturedQuadShowsTheTextureAndMinifiesToTheAverage() throws {
        let mesh = try Mesh(positions: [[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]],
                            uvs: [[0, 1], [1, 1], [1, 0], [0, 0]], indices: [0, 1, 2, 0, 2, 3])
        let tex = Texture(image: checker(8, 4))  // 2x2 cells, top-left white
        let list = DrawList(draws: [DrawCall(mesh: mesh, material: Material(baseColor: [1, 1, 1, 1], texture: tex, shading: .unlit))])
        let r = Rasterizer()
        try r.render(list, view: ViewSetup(view: .identity, projection: .identity),
                     settings: FrameSettings(width: 32, height: 32, clearColor: [1, 0, 0, 1]))
        let img = r.colorImage()
        XCTAssertEqual(img[4, 4].r, 255); XCTAssertEqual(img[4, 4].g, 255)   // top-left cell: white
        XCTAssertEqual(img[27, 4].r, 0)                                      // top-right: black
        XCTAssertEqual(img[4, 27].r, 0)                                      // bottom-left: black
        XCTAssertEqual(img[27, 27].g, 255)                                   // bottom-right: white
        // Minified: an 8x8-texel checker of 1-texel cells drawn 2x2 pixels large → the mean grey.
        let fine = Texture(image: checker(64, 1))
        let small = DrawList(draws: [DrawCall(mesh: mesh, transform: .scale([0.125, 0.125, 1]),
                                              material: Material(baseColor: [1, 1, 1, 1], texture: fine, shading: .unlit))])
        try r.render(small, view: ViewSetup(view: .identity, projection: .identity),
                     settings: FrameSettings(width: 32, height: 32, clearColor: [1, 0, 0, 1]))
        let g = r.colorImage()[16, 16]
        let mid = Int((SRGB.encode(0.5) * 255).rounded())
        XCTAssertEqual(Int(g.g), mid, accuracy: 2, "minified texture should be the linear-light average")
    }

    /// Drawn pixels are opaque whatever alpha the material, texture or vertex colours carry (the rasterizer has no
    /// blending): a glTF OPAQUE material whose texture had alpha 0 left a see-through hole in the PNG. Where nothing is
    /// drawn, the clear colour's alpha stays.
    func testDrawnPixelsAreOpaque() throws {
        let quad = try Mesh(positions: [[-1, -1, 0], [0, -1, 0], [0, 1, 0], [-1, 1, 0]], uvs: [[0, 1], [1, 1], [1, 0], [0, 0]],
                            colors: Array(repeating: [1, 1, 1, 0.5], count: 4), indices: [0, 1, 2, 0, 2, 3])
        let clearTexture = Texture(image: RGBA8Image(width: 4, height: 4, fill: (255, 0, 0, 0)))
        for shading in [ShadingModel.unlit, .lambert, .flat] {
            for filter in [Texture.Filter.bilinearNearestMip, .trilinear, .anisotropic] {
                let m = Material(baseColor: [0, 0, 1, 0.2], texture: clearTexture, shading: shading, textureFilter: filter)
                let lines = LineBatch(points: [[0.5, -0.5, 0], [0.5, 0.5, 0]], color: [0, 1, 0, 0.3], width: 3)
                let r = Rasterizer()
                try r.render(DrawList(draws: [DrawCall(mesh: quad, material: m)], lines: [lines]),
                             view: ViewSetup(view: .identity, projection: .identity),
                             settings: FrameSettings(width: 32, height: 32, clearColor: [0, 0, 0, 0]))
                let img = r.colorImage()
                XCTAssertEqual(img[8, 16].a, 255, "\(shading) \(filter): the quad")
                XCTAssertEqual(img[24, 16].a, 255, "\(shading): the line")
                XCTAssertEqual(img[20, 2].a, 0, "\(shading): nothing drawn")
            }
        }
    }

    /// Lambert: a surface facing the light gets ambient + light; facing away, ambient only; two-sided flips
    /// back faces towards the viewer.
    func testLambertLighting() throws {
        let quad = try Mesh(positions: [[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], normals: Array(repeating: [0, 0, 1], count: 4),
                            indices: [0, 1, 2, 0, 2, 3])
        let lighting = Lighting(ambient: [0.1, 0.1, 0.1], directional: [DirectionalLight(direction: [0, 0, 1], color: [0.5, 0.5, 0.5])])
        func shade(_ transform: Mat4, twoSided: Bool) throws -> UInt8 {
            let list = DrawList(draws: [DrawCall(mesh: quad, transform: transform,
                                                 material: Material(baseColor: [1, 1, 1, 1], twoSided: twoSided))], lighting: lighting)
            let r = Rasterizer()
            try r.render(list, view: ViewSetup(view: .identity, projection: .identity), settings: FrameSettings(width: 8, height: 8))
            return r.colorImage()[4, 4].r
        }
        let lit = UInt8((SRGB.encode(0.6) * 255).rounded()), ambient = UInt8((SRGB.encode(0.1) * 255).rounded())
        XCTAssertEqual(try shade(.identity, twoSided: false), lit)
        let flipped = Mat4.rotation(axis: [0, 1, 0], degrees: 180)
        XCTAssertEqual(try shade(flipped, twoSided: false), ambient)
        XCTAssertEqual(try shade(flipped, twoSided: true), lit)
    }

    /// Perspective-correct interpolation: on a floor seen in perspective, the vertex colour at a pixel matches
    /// the colour at the world point that pixel sees (not the screen-space linear blend).
    func testVaryingsArePerspectiveCorrect() throws {
        // A floor from z = -1 (red) to z = -9 (blue); the pixel looking at z = -3 must be 1/4 of the way.
        let mesh = try Mesh(positions: [[-4, -1, -1], [4, -1, -1], [4, -1, -9], [-4, -1, -9]],
                            colors: [[1, 0, 0, 1], [1, 0, 0, 1], [0, 0, 1, 1], [0, 0, 1, 1]], indices: [0, 1, 2, 0, 2, 3])
        let list = DrawList(draws: [DrawCall(mesh: mesh, material: Material(baseColor: [1, 1, 1, 1], shading: .unlit))])
        let h = 200
        let proj = Mat4.perspective(fovYDegrees: 90, aspect: 1, near: 0.1, far: 100)
        let r = Rasterizer()
        try r.render(list, view: ViewSetup(view: .identity, projection: proj),
                     settings: FrameSettings(width: 8, height: h, keepLinearDepth: true))
        // The row whose centre sees the floor point (0, -1, -3): y_ndc = -1/3.
        let img = r.colorImage(), depth = r.linearDepthBuffer()
        let row = Int(((1 + 1.0 / 3) / 2 * Double(h)).rounded(.down))  // centre at row + 0.5 ≈ the point
        let t = depth[row * 8 + 4]  // eye depth seen by that pixel
        let expectedBlue = (Double(t) - 1) / 8  // linear in world z
        let blue = SRGB.decode(Double(img[4, row].b) / 255)
        XCTAssertEqual(blue, expectedBlue, accuracy: 0.01)
        XCTAssertEqual(Double(t), 3, accuracy: 0.05)
    }

    /// A line's depth (the depth AOV, what the in-camera composite weighs against the LED wall) is its own at every
    /// pixel: two floor lines at y = -1 running away from the camera (one from behind it, cut by the near plane),
    /// seen through a 90° lens, where the ray through a pixel's centre meets the floor at depth -1 / y_ndc. (Each
    /// segment had its middle's depth everywhere: a grid line behind the LED wall was drawn in front of it.)
    func testLineDepthIsTheLinesOwnAlongIt() throws {
        let h = 200, w = 64
        let proj = Mat4.perspective(fovYDegrees: 90, aspect: Float(w) / Float(h), near: 0.1, far: 100)
        let lines = LineBatch(points: [[0.15, -1, -1.5], [0.15, -1, -40], [-0.15, -1, 2], [-0.15, -1, -40]],
                              color: [0, 1, 0, 1], width: 1)
        let r = Rasterizer()
        try r.render(DrawList(lines: [lines]), view: ViewSetup(view: .identity, projection: proj),
                     settings: FrameSettings(width: w, height: h, clearColor: [0, 0, 0, 1], keepLinearDepth: true))
        let img = r.colorImage(), depth = r.linearDepthBuffer()
        var checked = 0, worst = 0.0
        for y in 0..<h {
            let yNDC = 1 - 2 * (Double(y) + 0.5) / Double(h)
            guard yNDC < -0.2 else { continue }  // 20 rows below the horizon: the half-pixel width is < 2.5% of depth
            for x in 0..<w where img[x, y].g > 0 {
                let expected = -1 / yNDC
                worst = max(worst, abs(Double(depth[y * w + x]) - expected) / expected)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 110, "both lines drawn down the lower rows (about 47 + 80)")
        XCTAssertLessThan(worst, 0.03, "relative depth error along the lines")
    }

    /// In an orthographic view (the plan's) a line's depth is linear along it: a line from 2 m to 30 m deep across
    /// the frame, seen from the side, has at each pixel the depth of its point under that pixel's centre.
    func testLineDepthInAnOrthographicView() throws {
        let w = 200, h = 20
        // x from -10 to 10 m across the frame; the line runs from (-9, 0, -2) to (9, 0, -30).
        let proj = Mat4.orthographic(left: -10, right: 10, bottom: -1, top: 1, near: 0.5, far: 100)
        let r = Rasterizer()
        try r.render(DrawList(lines: [LineBatch(points: [[-9, 0, -2], [9, 0, -30]], color: [0, 1, 0, 1], width: 1)]),
                     view: ViewSetup(view: .identity, projection: proj),
                     settings: FrameSettings(width: w, height: h, clearColor: [0, 0, 0, 1], keepLinearDepth: true))
        let img = r.colorImage(), depth = r.linearDepthBuffer()
        var checked = 0
        for x in 0..<w where img[x, h / 2].g > 0 {
            let worldX = -10 + 20 * (Double(x) + 0.5) / Double(w)
            let expected = 2 + 28 * (worldX + 9) / 18
            XCTAssertEqual(Double(depth[h / 2 * w + x]), expected, accuracy: 1e-3 * expected, "column \(x)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 170)
    }

    /// Lines: with a depth test they hide behind a nearer surface; without one they draw over it.
    func testLinesWithAndWithoutDepthTest() throws {
        let wall = try Mesh(positions: [[-2, -2, -1], [2, -2, -1], [2, 2, -1], [-2, 2, -1]], indices: [0, 1, 2, 0, 2, 3])
        let proj = Mat4.perspective(fovYDegrees: 60, aspect: 1, near: 0.1, far: 10)
        for depthTest in [true, false] {
            let line = LineBatch(points: [[-3, 0, -3], [3, 0, -3]], color: [0, 1, 0, 1], width: 2, depthTest: depthTest)
            let list = DrawList(draws: [DrawCall(mesh: wall, material: Material(baseColor: [1, 0, 0, 1], shading: .unlit))],
                                lines: [line])
            let r = Rasterizer()
            try r.render(list, view: ViewSetup(view: .identity, projection: proj), settings: FrameSettings(width: 40, height: 40))
            let px = r.colorImage()[20, 20]
            if depthTest {
                XCTAssertEqual(px.r, 255, "the line behind the wall must be hidden"); XCTAssertEqual(px.g, 0)
            } else {
                XCTAssertEqual(px.g, 255, "the overlay line draws over the wall"); XCTAssertEqual(px.r, 0)
            }
        }
    }
}
