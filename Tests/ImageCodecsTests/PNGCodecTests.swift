// PNGCodecTests: PNG round trips, every colour type the decoder must expand, and a real third-party PNG.

import Foundation
import ImageCodecs
import Imaging
import XCTest

final class PNGCodecTests: XCTestCase {
    // MARK: Round trips through our encoder

    func testRGBARoundTripIsExactAtEverySizeAndCompression() throws {
        for size in TestImages.sizes {
            for compression in PNGCompression.allCases {
                let image = TestImages.rgba(width: size.width, height: size.height)
                let bytes = try PNGCodec.encode(image, compression: compression)
                XCTAssertEqual(ImageFormat.sniff(bytes), .png)
                XCTAssertEqual(bytes[25], 6, "colour type RGBA in IHDR")
                XCTAssertEqual(try PNGCodec.decodeRGBA8(bytes), image, "\(size) \(compression)")
            }
        }
    }

    func testDropAlphaWritesRGBAndDecodesOpaque() throws {
        for size in TestImages.sizes {
            let image = TestImages.rgba(width: size.width, height: size.height, seed: 2)
            let bytes = try PNGCodec.encode(image, dropAlpha: true)
            XCTAssertEqual(bytes[24], 8, "bit depth in IHDR")
            XCTAssertEqual(bytes[25], 2, "colour type RGB in IHDR")
            var expected = image
            for i in stride(from: 3, to: expected.pixels.count, by: 4) {
                expected.pixels[i] = 255
            }
            XCTAssertEqual(try PNGCodec.decodeRGBA8(bytes), expected, "\(size)")
        }
    }

    func testGray16RoundTripKeepsZeroOneAndMax() throws {
        for size in TestImages.sizes {
            for compression in PNGCompression.allCases {
                let image = TestImages.gray16(width: size.width, height: size.height)
                let bytes = try PNGCodec.encode(image, compression: compression)
                XCTAssertEqual(bytes[24], 16, "bit depth in IHDR")
                XCTAssertEqual(bytes[25], 0, "colour type grey in IHDR")
                let decoded = try PNGCodec.decodeGray16(bytes)
                XCTAssertEqual(decoded, image, "\(size) \(compression)")
            }
        }
        let single = try PNGCodec.decodeGray16(
            PNGCodec.encode(Gray16Image(width: 3, height: 1, samples: [0, 1, 65535])))
        XCTAssertEqual(single.samples, [0, 1, 65535])
    }

    func testGray16HasNoGammaOrChromaticityChunks() throws {
        let bytes = try PNGCodec.encode(TestImages.gray16(width: 7, height: 3))
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertFalse(text.contains("gAMA"))
        XCTAssertFalse(text.contains("cHRM"))
    }

    func testGray16DecodedAsRGBA8IsRoundedTo8Bits() throws {
        let samples: [UInt16] = [0, 1, 65535, 100 * 257, 128 * 257, 32767]
        let bytes = try PNGCodec.encode(Gray16Image(width: 6, height: 1, samples: samples))
        let image = try PNGCodec.decodeRGBA8(bytes)
        // libpng's scale: (v * 255 + 32767) / 65535, rounded.
        let expected: [UInt8] = [0, 0, 255, 100, 128, 127]
        for (x, value) in expected.enumerated() {
            XCTAssertTrue(image[x, 0] == (value, value, value, 255), "pixel \(x): \(image[x, 0])")
        }
    }

    func testBestIsNoLargerThanFast() throws {
        let image = TestImages.smooth(width: 256, height: 128)
        let fast = try PNGCodec.encode(image, compression: .fast)
        let best = try PNGCodec.encode(image, compression: .best)
        XCTAssertLessThanOrEqual(best.count, fast.count)
        XCTAssertEqual(try PNGCodec.decodeRGBA8(fast), try PNGCodec.decodeRGBA8(best))
    }

    func testConcurrentCallsAreIndependent() {
        let images = (0..<8).map { TestImages.rgba(width: 33, height: 9, seed: UInt64($0)) }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let image = images[i % images.count]
            do {
                let png = try PNGCodec.decodeRGBA8(PNGCodec.encode(image, compression: .fast))
                let jpeg = try JPEGCodec.decode(JPEGCodec.encode(image, quality: 90))
                if png != image || jpeg.width != image.width { failures.add("iteration \(i): wrong result") }
            } catch {
                failures.add("iteration \(i): \(error)")
            }
        }
        XCTAssertEqual(failures.messages, [])
    }

    // MARK: Hand-built files (not from libpng) for every expansion

    func testGrey8ExpandsToRGBAAndTo16Bits() throws {
        let png = PNGBuilder(width: 3, height: 2, bitDepth: 8, colorType: 0, rows: [[0, 7, 255], [1, 128, 254]]).bytes()
        let rgba = try PNGCodec.decodeRGBA8(png)
        XCTAssertEqual(rgba.pixels, [0, 7, 255, 1, 128, 254].flatMap { [$0, $0, $0, 255] })
        let grey = try PNGCodec.decodeGray16(png)
        XCTAssertEqual(grey.samples, [0, 7, 255, 1, 128, 254].map { UInt16($0) * 257 })
    }

    func testGrey1BitExpandsToBlackAndWhite() throws {
        let png = PNGBuilder(width: 8, height: 1, bitDepth: 1, colorType: 0, rows: [[0b1011_0010]]).bytes()
        let bits: [UInt8] = [1, 0, 1, 1, 0, 0, 1, 0]
        XCTAssertEqual(
            try PNGCodec.decodeRGBA8(png).pixels, bits.flatMap { $0 == 1 ? [255, 255, 255, 255] : [0, 0, 0, 255] })
        XCTAssertEqual(try PNGCodec.decodeGray16(png).samples, bits.map { $0 == 1 ? 65535 : 0 })
    }

    func testGreyWithTRNSBecomesAlphaButDepthIgnoresIt() throws {
        let png = PNGBuilder(
            width: 3, height: 1, bitDepth: 8, colorType: 0, chunks: [("tRNS", [0, 7])],
            rows: [[7, 8, 9]]
        ).bytes()
        XCTAssertEqual(try PNGCodec.decodeRGBA8(png).pixels, [7, 7, 7, 0, 8, 8, 8, 255, 9, 9, 9, 255])
        XCTAssertEqual(try PNGCodec.decodeGray16(png).samples, [7 * 257, 8 * 257, 9 * 257])
    }

    func testGreyAlphaExpandsToRGBA() throws {
        let png = PNGBuilder(width: 2, height: 1, bitDepth: 8, colorType: 4, rows: [[10, 20, 200, 255]]).bytes()
        XCTAssertEqual(try PNGCodec.decodeRGBA8(png).pixels, [10, 10, 10, 20, 200, 200, 200, 255])
    }

    func testPaletteWithTRNSExpandsToRGBA() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255]
        let png = PNGBuilder(
            width: 4, height: 1, bitDepth: 8, colorType: 3,
            chunks: [("PLTE", palette), ("tRNS", [255, 128])], rows: [[0, 1, 2, 1]]
        ).bytes()
        XCTAssertEqual(
            try PNGCodec.decodeRGBA8(png).pixels,
            [255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 255, 0, 255, 0, 128])
    }

    func testRGB16IsRoundedTo8Bits() throws {
        let row: [UInt8] = [0xFF, 0xFF, 0x00, 0x00, 0x80, 0x80, 0x00, 0x01, 0x12, 0x34, 0xFE, 0xFF]
        let png = PNGBuilder(width: 2, height: 1, bitDepth: 16, colorType: 2, rows: [row]).bytes()
        // (v * 255 + 32767) / 65535: 0xFFFF -> 255, 0 -> 0, 0x8080 -> 128, 1 -> 0, 0x1234 -> 18, 0xFEFF -> 254.
        XCTAssertEqual(try PNGCodec.decodeRGBA8(png).pixels, [255, 0, 128, 255, 0, 18, 254, 255])
    }

    func testDecodeGray16RefusesColourAndAlpha() throws {
        let cases: [(PNGBuilder, String)] = [
            (PNGBuilder(width: 1, height: 1, bitDepth: 8, colorType: 2, rows: [[1, 2, 3]]), "colour type RGB"),
            (PNGBuilder(width: 1, height: 1, bitDepth: 8, colorType: 4, rows: [[1, 2]]), "colour type grey+alpha"),
            (
                PNGBuilder(width: 1, height: 1, bitDepth: 8, colorType: 3, chunks: [("PLTE", [1, 2, 3])], rows: [[0]]),
                "colour type palette"
            ),
        ]
        for (builder, expected) in cases {
            XCTAssertThrowsError(try PNGCodec.decodeGray16(builder.bytes())) { error in
                let message = String(describing: error)
                XCTAssertTrue(message.hasPrefix("PNG: not a 1-channel PNG"), message)
                XCTAssertTrue(message.contains(expected), message)
            }
        }
        let rgba = try PNGCodec.encode(TestImages.rgba(width: 2, height: 2))
        XCTAssertThrowsError(try PNGCodec.decodeGray16(rgba)) { error in
            XCTAssertTrue(String(describing: error).contains("colour type RGBA"), "\(error)")
        }
    }

    // MARK: Size guard

    func testHugeHeadersAreRefusedBeforeAllocating() {
        for (width, height) in [(70000, 1), (20000, 20000)] as [(UInt32, UInt32)] {
            let png = PNGBuilder(width: width, height: height, bitDepth: 8, colorType: 0, rows: [[0]]).bytes()
            XCTAssertThrowsError(try PNGCodec.decodeRGBA8(png)) { error in
                XCTAssertEqual(String(describing: error), "PNG: image too large: \(width)x\(height)")
            }
        }
    }

    func testEncodingAnOversizedOrEmptyImageThrows() {
        XCTAssertThrowsError(try PNGCodec.encode(RGBA8Image(width: 65536, height: 1))) { error in
            XCTAssertEqual(String(describing: error), "PNG: image too large: 65536x1")
        }
        XCTAssertThrowsError(try PNGCodec.encode(RGBA8Image(width: 0, height: 0))) { error in
            XCTAssertEqual(String(describing: error), "PNG: image is empty: 0x0")
        }
        XCTAssertThrowsError(try PNGCodec.encode(Gray16Image(width: 5, height: 0))) { error in
            XCTAssertEqual(String(describing: error), "PNG: image is empty: 5x0")
        }
    }

    // MARK: Real files from ../shared/assets

    /// Expected values were read independently with Pillow 13 (its own PNG decoder over zlib, not libpng).
    func testDecodesSpotTexture() throws {
        guard let bytes = SharedAssets.bytes("obj-spot-quads/spot_texture.png") else { return }
        let image = try PNGCodec.decodeRGBA8(bytes)
        XCTAssertEqual(image.width, 1024)
        XCTAssertEqual(image.height, 1024)
        let expected: [(x: Int, y: Int, rgb: (UInt8, UInt8, UInt8))] = [
            (0, 0, (255, 238, 230)), (700, 200, (64, 64, 64)), (439, 76, (226, 212, 205)),
            (740, 613, (255, 235, 224)), (241, 856, (255, 198, 167)), (734, 779, (63, 64, 64)),
        ]
        for pixel in expected {
            let p = image[pixel.x, pixel.y]
            XCTAssertTrue(p == (pixel.rgb.0, pixel.rgb.1, pixel.rgb.2, 255), "(\(pixel.x), \(pixel.y)): \(p)")
        }
        XCTAssertEqual(channelSums(image), [253_759_104, 234_048_429, 224_447_276, 255 * 1024 * 1024])
        // Our encoder's output decodes to the same pixels.
        XCTAssertEqual(try PNGCodec.decodeRGBA8(PNGCodec.encode(image, compression: .fast, dropAlpha: true)), image)
    }

    /// A 2048x2048 8-bit palette PNG with no tRNS; expected values from Pillow 13.
    func testDecodesPaletteTexture() throws {
        guard let bytes = SharedAssets.bytes("gltf-cesium-milk-truck/CesiumMilkTruck.png") else { return }
        let image = try PNGCodec.decodeRGBA8(bytes)
        XCTAssertEqual(image.width, 2048)
        XCTAssertEqual(image.height, 2048)
        XCTAssertTrue(image[253, 1624] == (108, 173, 223, 255))
        XCTAssertTrue(image[1186, 1716] == (92, 135, 39, 255))
        XCTAssertTrue(image[1500, 400] == (61, 61, 61, 255))
        XCTAssertEqual(channelSums(image), [721_334_532, 739_456_000, 733_479_401, 1_069_547_520])
    }

    private func channelSums(_ image: RGBA8Image) -> [Int] {
        var sums = [0, 0, 0, 0]
        for (i, value) in image.pixels.enumerated() {
            sums[i & 3] += Int(value)
        }
        return sums
    }
}

/// Collects messages from concurrent iterations.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []

    func add(_ message: String) {
        lock.lock()
        list.append(message)
        lock.unlock()
    }

    var messages: [String] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}
