// DeterminismTests: one picture, bit for bit, whatever the thread count and tile size.

import Geometry
import Imaging
import RasterCore
import XCTest

final class DeterminismTests: XCTestCase {
    /// A busy scene: a lit sphere with vertex normals, interpenetrating textured boxes, coincident (z-fighting)
    /// triangles, lines with and without depth test — rendered with threads {1, 2, 7} and tiles {8, 16, 32, 64}.
    func testImagesAreBitIdenticalAcrossThreadsAndTiles() throws {
        let list = try DeterminismTests.busyScene()
        let view = ViewSetup(view: Mat4.lookAt(eye: [2.5, 1.8, 4], center: [0, 0.2, 0], up: [0, 1, 0])!,
                             projection: .perspective(fovYDegrees: 45, aspect: 173.0 / 101.0, near: 0.1, far: 50))
        var reference: (RGBA8Image, [Float])?
        for threads in [1, 2, 7] {
            for tile in [64, 32, 16, 8] {
                let r = Rasterizer()
                try r.render(list, view: view, settings: FrameSettings(width: 173, height: 101, tileSize: tile,
                                                                       threads: threads, keepLinearDepth: true))
                let img = r.colorImage(), depth = r.linearDepthBuffer()
                if let (i0, d0) = reference {
                    XCTAssertEqual(img, i0, "colour differs at threads \(threads), tile \(tile)")
                    XCTAssertEqual(depth.map(\.bitPattern), d0.map(\.bitPattern), "depth differs at threads \(threads), tile \(tile)")
                } else {
                    reference = (img, depth)
                    // The scene must actually draw something varied.
                    XCTAssertGreaterThan(Set(stride(from: 0, to: img.pixels.count, by: 4).map { img.pixels[$0] }).count, 20)
                }
            }
        }
    }

    /// Rendering the same frame twice with one rasterizer gives the same bits (buffers are reused).
    func testRepeatedFramesAreIdentical() throws {
        let list = try DeterminismTests.busyScene()
        let view = ViewSetup(view: Mat4.lookAt(eye: [0, 1, 5], center: [0, 0, 0], up: [0, 1, 0])!,
                             projection: .perspective(fovYDegrees: 60, aspect: 1, near: 0.1, far: 50))
        let r = Rasterizer()
        let s = FrameSettings(width: 64, height: 64, threads: 2)
        try r.render(list, view: view, settings: s)
        let a = r.colorImage()
        try r.render(list, view: view, settings: s)
        XCTAssertEqual(a, r.colorImage())
    }

    /// An empty draw list renders the clear colour (and does not crash).
    func testEmptyDrawListClears() throws {
        let r = Rasterizer()
        try r.render(DrawList(), view: ViewSetup(view: .identity, projection: .identity),
                     settings: FrameSettings(width: 5, height: 3, clearColor: [1, 0, 0, 1], threads: 2, keepLinearDepth: true))
        XCTAssertEqual(r.colorImage(), RGBA8Image(width: 5, height: 3, fill: (255, 0, 0, 255)))
        XCTAssertTrue(r.linearDepthBuffer().allSatisfy { $0 == .infinity })
    }

    static func busyScene() throws -> DrawList {
        // UV sphere with normals.
        var pos: [SIMD3<Float>] = [], nrm: [SIMD3<Float>] = [], idx: [UInt32] = []
        let st = 24, sl = 16
        for j in 0...sl {
            for i in 0...st {
                let th = Double(j) / Double(sl) * .pi, ph = Double(i) / Double(st) * 2 * .pi
                let n = SIMD3(Float(sinD(th) * cosD(ph)), Float(cosD(th)), Float(sinD(th) * sinD(ph)))
                pos.append(n * 0.8); nrm.append(n)
            }
        }
        for j in 0..<sl {
            for i in 0..<st {
                let a = UInt32(j * (st + 1) + i), b = a + 1, c = a + UInt32(st + 1), d = c + 1
                idx += [a, c, b, b, c, d]
            }
        }
        let sphere = try Mesh(positions: pos, normals: nrm, indices: idx)
        // A box with UVs and a checker texture, and a coincident copy (z-fighting resolved by order).
        let bp: [SIMD3<Float>] = [[-1, -1, -1], [1, -1, -1], [1, 1, -1], [-1, 1, -1], [-1, -1, 1], [1, -1, 1], [1, 1, 1], [-1, 1, 1]]
        let uv: [SIMD2<Float>] = [[0, 0], [3, 0], [3, 3], [0, 3], [0, 3], [3, 3], [3, 0], [0, 0]]
        let bi: [UInt32] = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 4, 7, 0, 7, 3, 1, 2, 6, 1, 6, 5, 3, 7, 6, 3, 6, 2, 0, 1, 5, 0, 5, 4]
        let box = try Mesh(positions: bp, uvs: uv, indices: bi)
        var tex = RGBA8Image(width: 16, height: 16)
        for y in 0..<16 { for x in 0..<16 { tex[x, y] = (x / 4 + y / 4) % 2 == 0 ? (230, 40, 40, 255) : (30, 30, 200, 255) } }
        let texture = Texture(image: tex)
        let lines = LineBatch(points: [[-2, -1, 0], [2, 1, 0], [0, -2, 0], [0, 2, 0], [-1.5, 0.5, 1], [1.5, -0.5, -1]],
                              color: [1, 1, 0, 1], width: 1.5, depthTest: true)
        let overlay = LineBatch(points: [[-2, 0, 2], [2, 0, -2]], color: [0, 1, 1, 1], width: 1, depthTest: false)
        return DrawList(
            draws: [DrawCall(mesh: sphere, transform: .translation([0.3, 0.2, 0]), material: Material(baseColor: [0.7, 0.6, 0.5, 1])),
                    DrawCall(mesh: box, transform: .rotation(axis: [0, 1, 0], degrees: 30) * .scale([0.6, 0.6, 0.6]),
                             material: Material(baseColor: [1, 1, 1, 1], texture: texture, shading: .unlit)),
                    DrawCall(mesh: box, transform: .rotation(axis: [0, 1, 0], degrees: 30) * .scale([0.6, 0.6, 0.6]),
                             material: Material(baseColor: [0.2, 0.9, 0.2, 1]))],
            lines: [lines, overlay],
            lighting: Lighting(ambient: [0.1, 0.1, 0.12], directional: [DirectionalLight(direction: [0.3, 1, 0.5], color: [0.9, 0.85, 0.8])]))
    }
}
