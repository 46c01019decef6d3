// LensWarpTests: the interpolated undistortion map against the exact one, and the warp's determinism.

import Geometry
import Imaging
import SceneModel
@testable import StagePasses
import XCTest

final class LensWarpTests: XCTestCase {
    func camera(_ d: LensDistortion) -> ShotCamera {
        var c = ShotCamera(pose: ScenePose(position: [0, 1.5, 4], fovYDegrees: 0), focalLengthMM: 18, fStop: 2.8,
                           focusDistanceM: 3, sensorWidthMM: 24.89, imageWidth: 1920, imageHeight: 1080)
        c.distortion = d
        return c
    }

    /// The map solved every 8th pixel and interpolated stays within 0.02 px of solving every pixel (0.0103 px measured at 18 mm), for both
    /// directions of the coefficients.
    func testInterpolatedMapIsWithinTwoHundredthsOfAPixel() throws {
        for model in LensDistortion.Model.allCases {
            let cam = camera(LensDistortion(k1: -0.15, k2: 0.02, p1: 0.001, p2: -0.0005, model: model))
            let cover = try XCTUnwrap(cam.rectilinear)
            let map = try XCTUnwrap(LensWarp.SourceMap(rectilinear: cover, camera: cam))
            let sx = Double(cover.imageWidth) / (2 * cover.tanHalfX), sy = Double(cover.imageHeight) / (2 * cover.tanHalfY)
            var worst = 0.0
            for j in stride(from: 0, to: 1080, by: 7) {
                for i in stride(from: 0, to: 1920, by: 5) {
                    let xd = (2 * (Double(i) + 0.5) / 1920 - 1) * cam.tanHalfX
                    let yd = (2 * (Double(j) + 0.5) / 1080 - 1) * cam.tanHalfY
                    let u = try XCTUnwrap(cam.distortion!.undistort(SIMD2(xd, yd)))
                    let exact = SIMD2(Double(cover.imageWidth) / 2 + u.x * sx, Double(cover.imageHeight) / 2 + u.y * sy)
                    let p = try XCTUnwrap(map.source(i, j))
                    let d = SIMD2<Double>(Double(p.x), Double(p.y)) - exact
                    worst = max(worst, (d * d).sum().squareRoot())
                }
            }
            XCTAssertLessThan(worst, 0.02, "\(model)")
        }
    }

    /// One thread or three: the same bytes.
    func testWarpIsTheSameOnAnyThreadCount() throws {
        let cam = camera(LensDistortion(k1: -0.12, k2: 0.03)).sized(width: 320, height: 180)
        let cover = try XCTUnwrap(cam.rectilinear)
        var source = RGBA8Image(width: cover.imageWidth, height: cover.imageHeight)
        for k in 0..<(source.width * source.height) {
            source.pixels[4 * k] = UInt8(k % 251); source.pixels[4 * k + 1] = UInt8((k / 7) % 253); source.pixels[4 * k + 2] = UInt8(k % 13 * 19)
        }
        let a = LensWarp.distort(source, rectilinear: cover, to: cam, threads: 1)
        let b = LensWarp.distort(source, rectilinear: cover, to: cam, threads: 3)
        XCTAssertEqual(a.width, 320)
        XCTAssertTrue(a.pixels == b.pixels)
    }

    /// `LaneBilinear.bilinear8` on sRGB bytes against `LinearImage.bilinear(srgb:)`, float for float (bit patterns), on
    /// images 1 and 2 pixels wide and tall as well as larger: a lane's two texels in a row are read with one 8-byte
    /// load from pixel x1 - 1 when the image is at least 2 wide, so the left border, the right border (x1 = x0) and
    /// the last pixel of the buffer are the cases to get right.
    func testEightLaneBilinearEqualsTheScalarFloatsAtEverySize() {
        var seed: UInt32 = 7
        func next() -> UInt32 { seed = seed &* 1_664_525 &+ 1_013_904_223; return seed >> 8 }
        let scratch = LaneBilinear()
        defer { scratch.deallocate() }
        var checked = 0
        for (w, h) in [(37, 23), (2, 3), (1, 1), (1, 5), (5, 1), (2, 2)] {
            var pixels = [UInt8](repeating: 255, count: w * h * 4)
            for k in 0..<(w * h * 4) where k % 4 != 3 { pixels[k] = UInt8(next() & 255) }
            var points: [Float] = [0, 0.5, 1, 1.5, 2, -3, Float(w) - 0.5, Float(w), Float(w) + 3, Float(h) - 0.5, Float(h), 0.4999]
            for _ in 0..<400 { points.append(Float(next() % 60_000) / 1000 - 5) }
            pixels.withUnsafeBufferPointer { p in
                let image = LinearPixels(floats: nil, bytes: p.baseAddress!, table: SRGB.decodeTableBuffer, width: w, height: h)
                var k = 0
                while k + 16 <= points.count {
                    let xs = SIMD8<Float>(points[k..<(k + 8)]), ys = SIMD8<Float>(points[(k + 8)..<(k + 16)].reversed())
                    let (r, g, b) = scratch.bilinear8(image, xs, ys)
                    for l in 0..<8 {
                        let c = LinearImage.bilinear(srgb: p.baseAddress!, SRGB.decodeTableBuffer, w, h, xs[l], ys[l])
                        XCTAssertEqual([r[l].bitPattern, g[l].bitPattern, b[l].bitPattern],
                                       [c.0.bitPattern, c.1.bitPattern, c.2.bitPattern], "\(w)x\(h) at (\(xs[l]), \(ys[l]))")
                        checked += 1
                    }
                    k += 16
                }
            }
        }
        XCTAssertGreaterThan(checked, 1000)
    }

    /// The warp's eight-lane sampler against its scalar twin (`LinearImage.bilinear(srgb:)`, then `encodeSRGB` per
    /// channel; `fill` where the point is NaN): the same bytes for points inside, on and past every edge, exactly on
    /// texel centres, and NaN.
    func testEightLaneSamplerEqualsTheScalarTwin() {
        let (w, h) = (37, 23)
        var pixels = [UInt8](repeating: 255, count: w * h * 4)
        var seed: UInt32 = 99
        func next() -> UInt32 { seed = seed &* 1_664_525 &+ 1_013_904_223; return seed >> 8 }
        for k in 0..<(w * h * 4) where k % 4 != 3 { pixels[k] = UInt8(next() & 255) }
        let fill = SIMD4<Float>(0.25, 0.5, 0.75, 1)
        let scratch = LaneBilinear()
        defer { scratch.deallocate() }
        var points: [Float] = [0, 0.5, 1, -3, 36.5, 37, 40, 22.5, 23, 1e9, -1e9, .nan, .infinity, -.infinity, 18.25, 0.4999]
        for _ in 0..<800 { points.append(Float(next() % 50_000) / 1000 - 5) }
        var checked = 0
        pixels.withUnsafeBufferPointer { p in
            SRGB.encodeTable.withUnsafeBufferPointer { table in
                var k = 0
                while k + 16 <= points.count {
                    let xs = SIMD8<Float>(points[k..<(k + 8)]), ys = SIMD8<Float>(points[(k + 8)..<(k + 16)].reversed())
                    let image = LinearPixels(floats: nil, bytes: p.baseAddress!, table: SRGB.decodeTableBuffer, width: w,
                                             height: h)
                    // Every other group as a row's short last group: its first 5 words stored, the rest untouched.
                    let count = k / 8 % 2 == 0 ? 8 : 5
                    var words = [UInt32](repeating: 0xDEAD_BEEF, count: 8)
                    words.withUnsafeMutableBytes {
                        scratch.encoded8(image, xs, ys, fill: fill, table: table.baseAddress!, into: $0.baseAddress!, count: count)
                    }
                    XCTAssertEqual(words[count...].filter { $0 != 0xDEAD_BEEF }.count, 0, "words past count")
                    for l in 0..<count {
                        var c = (fill.x, fill.y, fill.z)
                        // The scalar loop's test: NaN in x is the node's "does not undistort" (y is NaN with it).
                        if !xs[l].isNaN && !ys[l].isNaN {
                            c = LinearImage.bilinear(srgb: p.baseAddress!, SRGB.decodeTableBuffer, w, h, xs[l], ys[l])
                        }
                        let want = [encodeSRGB(c.0, table.baseAddress!), encodeSRGB(c.1, table.baseAddress!),
                                    encodeSRGB(c.2, table.baseAddress!)]
                        let word = UInt32(littleEndian: words[l])
                        let got = [UInt8(word & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word >> 16 & 0xFF)]
                        XCTAssertEqual(got, want, "point (\(xs[l]), \(ys[l]))")
                        XCTAssertEqual(word >> 24, 255, "alpha")
                        checked += 1
                    }
                    k += 8
                }
            }
        }
        XCTAssertGreaterThan(checked, 400)
    }
}
