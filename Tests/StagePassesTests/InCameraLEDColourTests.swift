// InCameraLEDColourTests: through the camera, every pixel that sees an LED face shows exactly the colour its LED pixel
// has in the native canvas (what the processors are sent), found by a scalar ray per pixel, one surface at a time.

@testable import StagePasses
import Geometry
import Imaging
import RasterCore
import SceneModel
import XCTest

final class InCameraLEDColourTests: XCTestCase {
    /// Three surfaces (an arc, leaning facets, a tilted ceiling), a world with detail (coloured boxes), an inner
    /// frustum with a soft edge over the outer cube, and a light card over the arc, seen by a 160x90 camera.
    private func stage(softEdge: Double = 0.05, cardMode: LightCard.Mode = .over) throws
        -> (surfaces: [LEDSurface], canvas: WallCanvas, cam: ShotCamera, raster: Rasterizer) {
        let panel = LEDPanelType(name: "P", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pitch(mm: 9))
        let surfaces: [LEDSurface] = [
            LEDWall(name: "arc", grid: CabinetGrid(panel: panel, columns: 24, rows: 8),
                    shape: .curved(radius: 6, startDegrees: -60), position: [0, 0, 1]).surface,
            LEDWall(name: "leaning facets", grid: CabinetGrid(panel: panel, columns: 8, rows: 4),
                    shape: .faceted(radius: 3, startDegrees: -40, leanDegrees: -8), position: [0, 0, 1]).surface,
            CeilingSection(name: "ceiling", grid: CabinetGrid(panel: panel, columns: 10, rows: 8), centre: [0, 4.2, -1],
                           tiltDegrees: 10).surface,
        ]
        // A world with detail (coloured boxes), an inner frustum with a soft edge over the outer cube, and a light card.
        var draws: [DrawCall] = []
        for k in 0..<4 {
            let m = Primitive.box(size: [1.5, 1 + Double(k), 1.5]).mesh
            let off = SIMD3<Float>(Float(k) * 2.5 - 4, 0, -7 - Float(k))
            draws.append(DrawCall(mesh: try Mesh(positions: m.positions.map { SIMD3<Float>($0) + off },
                                                 normals: m.normals.map { SIMD3<Float>($0) }, indices: m.indices),
                                  material: Material(baseColor: [0.2 + 0.2 * Float(k), 0.7 - 0.15 * Float(k), 0.3, 1])))
        }
        let world = DrawList(draws: draws, lighting: Lighting(ambient: [0.4, 0.4, 0.4], directional: []))
        let sky = SIMD4<Float>(0.1, 0.15, 0.4, 1)
        let w = 160, h = 90
        let cam = ShotCamera(pose: ScenePose(position: [0.4, 1.6, 3], panDegrees: 12, tiltDegrees: 8, fovYDegrees: 0),
                             focalLengthMM: 18, fStop: 2.8, focusDistanceM: 3, sensorWidthMM: 36, imageWidth: w, imageHeight: h)
        let raster = Rasterizer()
        let size = InnerFrustum.renderSize(width: w, height: h, overscan: 0.1)
        try raster.render(world, view: cam.viewSetup(overscan: 0.1)!,
                          settings: FrameSettings(width: size.width, height: size.height, clearColor: sky, threads: 1))
        let inner = InnerFrustum(camera: cam, overscan: 0.1, image: LinearImage(srgb: raster.colorImage()),
                                 view: cam.viewSetup(overscan: 0.1)!)
        let outer = try OuterFrustum(world: world, origin: [0, 1.7, 4], size: 32, clearColor: sky, threads: 1)
        let card = LightCard(name: "key", surface: "arc", shape: .ellipse, centreM: [4, 2], sizeM: [3, 2],
                             color: [1, 0.9, 0.8], intensity: 1, feather: 0.5, mode: cardMode)
        let canvas = WallCanvas(surfaces: surfaces, inners: [inner], viewing: 0, outer: outer, softEdge: softEdge, cards: [card])
        return (surfaces, canvas, cam, raster)
    }

    func testEveryCameraPixelOnAnLEDFaceShowsItsNativeCanvasPixel() throws {
        let (surfaces, canvas, cam, raster) = try stage()
        let (seen, checked, distinct) = try compareEveryPixel(cam, surfaces: surfaces, canvas: canvas, raster: raster)
        XCTAssertEqual(seen, [0, 1, 2], "the camera sees every surface")
        XCTAssertGreaterThan(checked, cam.imageWidth * cam.imageHeight / 3)
        XCTAssertGreaterThan(distinct * 10, checked * 9, "at this distance nearly every camera pixel sees its own LED pixel")
    }

    /// A long lens on the same wall: each LED pixel fills several camera pixels, so most pixels take the
    /// made pixel of their left neighbour's run or of the pixel above (the composite's repeated LED pixels, across
    /// the bands of two workers), and each must still be its LED pixel's native colour.
    func testCameraPixelsSharingAnLEDPixelShowItsNativeCanvasPixel() throws {
        let (surfaces, canvas, wide, raster) = try stage()
        var cam = wide
        cam.focalLengthMM = 400
        let (seen, checked, distinct) = try compareEveryPixel(cam, surfaces: surfaces, canvas: canvas, raster: raster)
        XCTAssertFalse(seen.isEmpty)
        XCTAssertGreaterThan(checked, cam.imageWidth * cam.imageHeight / 2)
        XCTAssertLessThan(distinct * 3, checked, "each LED pixel is seen by three or more camera pixels on average")
    }

    /// The camera view of `cam` (no physical stage) against the reference, pixel by pixel: each pixel's ray (the
    /// pass's formula) against each surface in turn with the scalar `hit`, and the native canvas's pixel there.
    /// Returns the surfaces seen, the pixels checked and the distinct LED pixels among them.
    private func compareEveryPixel(_ cam: ShotCamera, surfaces: [LEDSurface], canvas: WallCanvas, raster: Rasterizer)
        throws -> (seen: Set<Int>, checked: Int, distinct: Int) {
        let (w, h) = (cam.imageWidth, cam.imageHeight)
        try raster.render(DrawList(), view: cam.viewSetup()!,
                          settings: FrameSettings(width: w, height: h, clearColor: [0, 0, 0, 1], threads: 1, keepLinearDepth: true))
        let physical = raster.colorImage(), depth = raster.linearDepthBuffer()
        let frame = InCameraPass.composite(camera: cam, canvas: canvas, physical: physical, depth: depth,
                                           setExtension: false, threads: 2)
        let native = surfaces.indices.map { canvas.image(surface: $0) }
        let traced = surfaces.map(TracedSurface.init)
        let pose = cam.pose
        let f = SIMD3<Float>(pose.forward), r = SIMD3<Float>(pose.right * cam.tanHalfX)
        let u = SIMD3<Float>(pose.up * cam.tanHalfY), e = SIMD3<Float>(pose.position)
        var seen = Set<Int>()
        var leds = Set<[Int]>()
        var checked = 0
        for y in 0..<h {
            let ny = 1 - 2 * (Float(y) + 0.5) / Float(h)
            for x in 0..<w {
                let nx = 2 * (Float(x) + 0.5) / Float(w) - 1
                let dx = f.x + r.x * nx + u.x * ny, dy = f.y + r.y * nx + u.y * ny, dz = f.z + r.z * nx + u.z * ny
                var best: (s: Int, u: Float, v: Float, front: Bool)?
                var tMax = Float.infinity
                for (s, t) in traced.enumerated() {
                    if let hit = t.hit(e.x, e.y, e.z, dx, dy, dz, tMax: tMax) { best = (s, hit.u, hit.v, hit.front); tMax = hit.t }
                }
                guard let b = best, b.front else { continue }
                let t = traced[b.s]
                let i = min(Int(b.u * t.pxPerM), t.pixelsW - 1), j = min(Int(b.v * t.pyPerM), t.pixelsH - 1)
                let want = native[b.s].pixels[(4 * (j * t.pixelsW + i))..<(4 * (j * t.pixelsW + i) + 3)]
                let got = frame.pixels[(4 * (y * w + x))..<(4 * (y * w + x) + 3)]
                XCTAssertEqual(Array(got), Array(want), "pixel (\(x), \(y)) on \(surfaces[b.s].name) LED pixel (\(i), \(j))")
                seen.insert(b.s)
                leds.insert([b.s, i, j])
                checked += 1
            }
        }
        return (seen, checked, leds.count)
    }

    /// `CanvasSampler.colours` (eight LED pixels in lanes) against `color(led:)` (one at a time) for every LED pixel
    /// of every surface: inside the frustum, across its soft edge, outside it (the outer cube), under and over a
    /// light card, with and without a soft edge. The floats must be equal, not close.
    func testLEDColoursInLanesEqualTheScalarColours() throws {
        for (edge, mode) in [(0.05, LightCard.Mode.over), (0, .under), (0.3, .over)] {
            let (_, canvas, _, _) = try stage(softEdge: edge, cardMode: mode)
            let traced = canvas.traced
            var centres = traced.map { LEDPixelCentres($0) }
            defer { for c in centres { c.deallocate() } }
            var checked = 0, differ = 0
            canvas.withSampler { sampler in
                traced.withUnsafeBufferPointer { tb in
                    centres.withUnsafeMutableBufferPointer { cb in
                        let lanes = LaneBilinear()
                        defer { lanes.deallocate() }
                        for (s, t) in traced.enumerated() {
                            var leds: [LEDPixel] = []
                            for j in 0..<t.pixelsH { for i in 0..<t.pixelsW { leds.append(LEDPixel(surface: Int32(s), i: Int32(i), j: Int32(j))) } }
                            // Every sixth LED pixel, in a scrambled order (batches mix rows and parts of the frustum).
                            let fresh = (0..<leds.count).filter { $0 % 6 == 0 }.map { Int32(($0 * 7919) % leds.count) }
                            let batch = fresh.map { leds[Int($0)] }
                            var got = [Float](repeating: -1, count: 3 * (batch.count + 8))
                            batch.withUnsafeBufferPointer { lp in
                                got.withUnsafeMutableBufferPointer { out in
                                    let n = batch.count + 8, o = out.baseAddress!
                                    sampler.colours(count: batch.count, leds: lp.baseAddress!, surfaces: tb.baseAddress!,
                                                    centres: cb.baseAddress!, lanes: lanes,
                                                    into: LEDColours(r: o, g: o + n, b: o + 2 * n))
                                }
                            }
                            for (n, led) in batch.enumerated() {
                                let want = sampler.color(led: tb.baseAddress! + s, cb[s], surface: s, Int(led.i), Int(led.j))
                                let m = batch.count + 8
                                if (got[n], got[m + n], got[2 * m + n]) != want { differ += 1 }
                                checked += 1
                            }
                        }
                    }
                }
            }
            XCTAssertEqual(differ, 0, "edge \(edge), card \(mode): LED pixels whose lane colour differs")
            XCTAssertGreaterThan(checked, 3000)
        }
    }

    /// `OuterFrustum.sample8` against `sample`, lane for lane, bit for bit: random directions, directions on the
    /// cube's edges and corners (|dx| = |dy| and the like, where the face is chosen by the order of the tests),
    /// axes with negative zeros, and lengths from 1e-6 to 1e6, over faces of noise.
    func testOuterFrustumInLanesEqualsTheScalarSample() throws {
        let (_, canvas, _, _) = try stage()
        let outer = canvas.outer
        let lanes = LaneBilinear()
        defer { lanes.deallocate() }
        var rng = SystemRandomNumberGenerator()
        // Noise on every face, so that a face chosen wrongly at an edge or corner gives another colour (the rendered
        // cube is sky on both sides of most edges).
        for i in outer.texels.indices { outer.texels[i] = Float.random(in: 0...1, using: &rng) }
        var dirs: [SIMD3<Float>] = []
        for _ in 0..<4000 {
            let scale = Float.random(in: -6...6, using: &rng)
            dirs.append(SIMD3(Float.random(in: -1...1, using: &rng), Float.random(in: -1...1, using: &rng),
                              Float.random(in: -1...1, using: &rng)) * Float(pow(10, Double(scale))))
        }
        for a in [Float(-2), -1, -0.0, 0, 1, 2] {
            for b in [Float(-2), -1, -0.0, 0, 1, 2] {
                for c in [Float(-2), -1, -0.0, 0, 1, 2] where a != 0 || b != 0 || c != 0 { dirs.append([a, b, c]) }
            }
        }
        while dirs.count % 8 != 0 { dirs.append([0, 0, -1]) }
        var differ = 0
        for k in stride(from: 0, to: dirs.count, by: 8) {
            let d = dirs[k..<(k + 8)]
            let (r, g, b) = OuterFrustum.sample8(outer.texels.baseAddress!, outer.size, SIMD8(d.map(\.x)), SIMD8(d.map(\.y)),
                                                 SIMD8(d.map(\.z)), lanes: lanes)
            for (l, v) in d.enumerated() {
                let want = outer.sample(v.x, v.y, v.z)
                if (r[l], g[l], b[l]) != want { differ += 1 }
            }
        }
        XCTAssertEqual(differ, 0, "of \(dirs.count) directions")
    }
}
