// FlatShadingTests: the flat and constant-colour fast paths — coverage against the reference rasterizer, and
// bit-identity with the per-pixel shading path.

import Foundation
import Geometry
import Imaging
import RasterCore
import ReferenceRaster
import XCTest

final class FlatShadingTests: XCTestCase {
    /// A palette of linear colours whose sRGB codes are far apart (steps of 0.25 in linear light).
    static func paletteColor(_ k: Int) -> SIMD4<Float> {
        let steps: [Float] = [0, 0.25, 0.5, 0.75, 1]
        return SIMD4(steps[k % 5], steps[(k / 5) % 5], steps[(k / 25) % 5], 1)
    }

    /// The palette entry nearest to an sRGB pixel, by the exact sRGB curve (independent of RasterCore's table).
    static func paletteIndex(_ px: (r: UInt8, g: UInt8, b: UInt8, a: UInt8), count: Int) -> Int? {
        func code(_ l: Float) -> Double { SRGB.encode(Double(l)) * 255 }
        var best: (Int, Double)?
        for k in 0..<count {
            let c = paletteColor(k)
            let d = abs(code(c.x) - Double(px.r)) + abs(code(c.y) - Double(px.g)) + abs(code(c.z) - Double(px.b))
            if d < (best?.1 ?? .infinity) { best = (k, d) }
        }
        guard let best, best.1 <= 3 else { return nil }
        return best.0
    }

    /// Random triangles at distinct constant depths, each its own flat (or constant unlit) draw with a palette
    /// colour: the colour at each pixel names the visible triangle, which must be the reference rasterizer's.
    func testFlatAndConstantUnlitDrawsMatchReferenceCoverage() throws {
        var rng = SplitMix64(seed: 0x5EED_F1A7)
        for frame in 0..<60 {
            let w = 20 + rng.int(70), h = 12 + rng.int(50)
            let count = 3 + rng.int(20)
            var positions: [SIMD3<Float>] = []
            for t in 0..<count {
                let z = -0.9 + 1.8 * Float(t * 7919 % count) / Float(count)
                let big = rng.int(3) == 0
                let c = SIMD2(rng.float(-1.2, 1.2), rng.float(-1.2, 1.2))
                let s: Float = big ? 3 : 0.4
                for _ in 0..<3 { positions.append(SIMD3(c.x + rng.float(-s, s), c.y + rng.float(-s, s), z)) }
            }
            var draws: [DrawCall] = []
            for t in 0..<count {
                let mesh = try Mesh(positions: Array(positions[(3 * t)..<(3 * t + 3)]), indices: [0, 1, 2])
                // Alternate flat and unlit (no texture, no vertex colours: also a constant colour).
                let shading: ShadingModel = t % 2 == 0 ? .flat : .unlit
                draws.append(DrawCall(mesh: mesh, material: Material(baseColor: FlatShadingTests.paletteColor(t + 1),
                                                                     shading: shading)))
            }
            let threads = 1 + frame % 3, tile = [8, 16, 64][frame % 3]
            let r = Rasterizer()
            try r.render(DrawList(draws: draws), view: ViewSetup(view: .identity, projection: .identity),
                         settings: FrameSettings(width: w, height: h, clearColor: FlatShadingTests.paletteColor(0),
                                                 tileSize: tile, threads: threads))
            let img = r.colorImage()
            let ref = ReferenceRasterizer.render(clipTriangles(positions, projection: .identity), width: w, height: h)
            var bad: [String] = []
            for y in 0..<h {
                for x in 0..<w where !ref.ambiguous[y * w + x] {
                    let got = FlatShadingTests.paletteIndex(img[x, y], count: count + 1).map { $0 - 1 }
                    if got != ref.ids[y * w + x] { bad.append("(\(x),\(y)): \(got.map(String.init) ?? "?") vs \(ref.ids[y * w + x])") }
                }
            }
            XCTAssert(bad.isEmpty, "frame \(frame) \(w)x\(h): \(bad.count) pixels differ, e.g. \(bad.prefix(4))")
        }
    }

    /// The fast paths (a constant word per draw, the id code of a uniform group) write exactly what per-pixel
    /// shading writes: the depth AOV forces the per-pixel path, so frames with and without it must be equal.
    func testFastPathsAreBitIdenticalToPerPixelShading() throws {
        var rng = SplitMix64(seed: 0x5EED_FA57)
        let proj = Mat4.perspective(fovYDegrees: 60, aspect: 1.5, near: 0.1, far: 50)
        var draws: [DrawCall] = []
        let models: [ShadingModel] = [.flat, .unlit, .lambert, .primitiveID, .flat]
        for k in 0..<40 {
            let c = SIMD3(rng.float(-3, 3), rng.float(-2, 2), rng.float(-12, -2))
            var pos: [SIMD3<Float>] = []
            for _ in 0..<6 { pos.append(c + SIMD3(rng.float(-2, 2), rng.float(-2, 2), rng.float(-1, 1))) }
            let mesh = try Mesh(positions: pos, indices: [0, 1, 2, 3, 4, 5])
            let base = SIMD4(rng.float(0, 1), rng.float(0, 1), rng.float(0, 1), rng.float(0.5, 1))
            draws.append(DrawCall(mesh: mesh, material: Material(baseColor: base, emissive: [rng.float(0, 0.2), 0, 0.05],
                                                                 shading: models[k % models.count])))
        }
        let lines = [LineBatch(points: [[-3, -1, -5], [3, 1, -6], [0, -2, -3], [0, 2, -9]], color: [0.2, 0.9, 0.4, 1],
                               width: 3)]
        let list = DrawList(draws: draws, lines: lines,
                            lighting: Lighting(directional: [DirectionalLight(direction: [0.3, 0.8, 0.5], color: [0.8, 0.8, 0.8])]))
        func frame(keepDepth: Bool, threads: Int) throws -> RGBA8Image {
            let r = Rasterizer()
            try r.render(list, view: ViewSetup(view: .identity, projection: proj),
                         settings: FrameSettings(width: 120, height: 80, threads: threads, keepLinearDepth: keepDepth))
            return r.colorImage()
        }
        let slow = try frame(keepDepth: true, threads: 1)
        XCTAssertEqual(try frame(keepDepth: false, threads: 1), slow)
        XCTAssertEqual(try frame(keepDepth: false, threads: 3), slow)
        // The scene exercises every model: more than a handful of distinct colours are visible.
        var colours = Set<UInt32>()
        for i in 0..<(120 * 80) {
            colours.insert(UInt32(slow.pixels[4 * i]) | UInt32(slow.pixels[4 * i + 1]) << 8 | UInt32(slow.pixels[4 * i + 2]) << 16)
        }
        XCTAssertGreaterThan(colours.count, 30)
    }

    /// Flat ignores lighting, vertex colours and textures: one colour, base plus emission.
    func testFlatIsBaseColourPlusEmission() throws {
        let quad = try Mesh(positions: [[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]],
                            normals: Array(repeating: [0, 0, 1], count: 4), uvs: [[0, 0], [1, 0], [1, 1], [0, 1]],
                            colors: [[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 1], [1, 1, 1, 1]], indices: [0, 1, 2, 0, 2, 3])
        var tex = RGBA8Image(width: 2, height: 2)
        tex[0, 0] = (0, 0, 0, 255)
        let m = Material(baseColor: [0.2, 0.3, 0.4, 1], emissive: [0.1, 0, 0], texture: Texture(image: tex), shading: .flat)
        let list = DrawList(draws: [DrawCall(mesh: quad, material: m)],
                            lighting: Lighting(ambient: [0.5, 0.5, 0.5], directional: [DirectionalLight(direction: [0, 0, 1], color: [1, 1, 1])]))
        let r = Rasterizer()
        try r.render(list, view: ViewSetup(view: .identity, projection: .identity), settings: FrameSettings(width: 16, height: 16))
        let img = r.colorImage()
        func code(_ l: Double) -> UInt8 { UInt8((SRGB.encode(l) * 255).rounded()) }
        for (x, y) in [(1, 1), (8, 8), (14, 3), (2, 14)] {
            let p = img[x, y]
            XCTAssertEqual(Int(p.r), Int(code(0.3)), accuracy: 1); XCTAssertEqual(Int(p.g), Int(code(0.3)), accuracy: 1)
            XCTAssertEqual(Int(p.b), Int(code(0.4)), accuracy: 1)
            XCTAssertEqual(p.r, img[1, 1].r); XCTAssertEqual(p.b, img[1, 1].b)
        }
    }
}
