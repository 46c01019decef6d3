// ScaledDecodeTests: textures larger than needed decode scaled — PNG rows streamed and box-filtered by a power of
// two, JPEG through libjpeg's scaled IDCT — exactly, and without holding the full image.

import ImageCodecs
import Imaging
import XCTest
import XRTestSupport

final class ScaledDecodeTests: XCTestCase {
    /// The reference: each output pixel the rounded mean of its f x f box (edge boxes hold fewer pixels).
    func boxFiltered(_ image: RGBA8Image, by f: Int) -> RGBA8Image {
        let w = (image.width + f - 1) / f, h = (image.height + f - 1) / f
        var out = [UInt8](repeating: 0, count: w * h * 4)
        for y in 0..<h {
            for x in 0..<w {
                var sums = [Int](repeating: 0, count: 4), n = 0
                for yy in y * f..<min(image.height, (y + 1) * f) {
                    for xx in x * f..<min(image.width, (x + 1) * f) {
                        for c in 0..<4 { sums[c] += Int(image.pixels[(yy * image.width + xx) * 4 + c]) }
                        n += 1
                    }
                }
                for c in 0..<4 { out[(y * w + x) * 4 + c] = UInt8((sums[c] + n / 2) / n) }
            }
        }
        return RGBA8Image(width: w, height: h, pixels: out)
    }

    func testPNGIsBoxFilteredByAPowerOfTwo() throws {
        var rng = SplitMix64(seed: 4)
        for (w, h, limit, f) in [(1001, 601, 256, 4), (640, 480, 640, 1), (300, 90, 100, 4), (97, 513, 64, 16)] {
            let pixels = (0..<w * h * 4).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let image = RGBA8Image(width: w, height: h, pixels: pixels)
            let png = try PNGCodec.encode(image, compression: .fast)
            let got = try ImageFile.decode(png, fitting: limit)
            let want = boxFiltered(image, by: f)
            XCTAssertEqual(got.width, want.width, "\(w)x\(h)")
            XCTAssertEqual(got.height, want.height, "\(w)x\(h)")
            XCTAssertEqual(got.pixels, want.pixels, "\(w)x\(h) fitting \(limit)")
        }
    }

    /// A 16384 x 2048 PNG (128 MiB as RGBA8) decodes to 4096 x 512 from streamed rows (the 16384 x 16384 case runs
    /// through the binary in SceneFaultCommandTests, with its peak memory).
    func testHugePNGDecodesToTheLimit() throws {
        let png = HugePNG.grey(width: 16384, height: 2048) { x in UInt8(x / 4 % 256) }
        XCTAssertLessThan(png.count, 4_000_000)
        let image = try ImageFile.decode(png, fitting: 4096)
        XCTAssertEqual([image.width, image.height], [4096, 512])
        for x in [0, 1, 63, 64, 4095] {
            let p = image[x, 300]
            XCTAssertEqual([p.r, p.g, p.b, p.a], [UInt8(x % 256), UInt8(x % 256), UInt8(x % 256), 255], "x \(x)")
        }
    }

    func testJPEGDecodesAtAScale() throws {
        let image = RGBA8Image(width: 2000, height: 1000, fill: (180, 90, 40, 255))
        let jpeg = try JPEGCodec.encode(image, quality: 90)
        for (limit, w, h) in [(0, 2000, 1000), (2000, 2000, 1000), (1999, 1000, 500), (600, 500, 250), (100, 250, 125)] {
            let got = try ImageFile.decode(jpeg, fitting: limit)
            XCTAssertEqual([got.width, got.height], [w, h], "fitting \(limit)")
            let p = got[got.width / 2, got.height / 2]
            XCTAssertEqual(Int(p.r), 180, accuracy: 3)
            XCTAssertEqual(Int(p.b), 40, accuracy: 3)
        }
    }
}
