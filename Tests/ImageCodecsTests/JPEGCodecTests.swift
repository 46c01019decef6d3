// JPEGCodecTests: JPEG round trips (PSNR), greyscale and CMYK input, and real third-party JPEGs checked against djpeg.

import Foundation
import ImageCodecs
import Imaging
import XCTest

final class JPEGCodecTests: XCTestCase {
    func testRoundTripAtQuality90IsAbove30dB() throws {
        let image = TestImages.smooth(width: 128, height: 96)
        let bytes = try JPEGCodec.encode(image, quality: 90)
        XCTAssertEqual(ImageFormat.sniff(bytes), .jpeg)
        let decoded = try JPEGCodec.decode(bytes)
        XCTAssertEqual(decoded.width, 128)
        XCTAssertEqual(decoded.height, 96)
        let psnr = TestImages.psnr(image, decoded)
        XCTAssertGreaterThan(psnr, 30, "PSNR \(psnr) dB")
    }

    func testRoundTripSizesKeepAFlatColourAndOpaqueAlpha() throws {
        for size in TestImages.sizes {
            let image = RGBA8Image(width: size.width, height: size.height, fill: (200, 100, 50, 255))
            let decoded = try JPEGCodec.decode(JPEGCodec.encode(image, quality: 90))
            XCTAssertEqual(decoded.width, size.width)
            XCTAssertEqual(decoded.height, size.height)
            for (i, value) in decoded.pixels.enumerated() {
                XCTAssertLessThanOrEqual(abs(Int(value) - Int(image.pixels[i])), 3, "\(size) byte \(i)")
            }
        }
        let strip = TestImages.smooth(width: 256, height: 17)
        XCTAssertGreaterThan(TestImages.psnr(strip, try JPEGCodec.decode(JPEGCodec.encode(strip, quality: 90))), 30)
    }

    func testAlphaIsIgnoredWhenEncoding() throws {
        var translucent = TestImages.smooth(width: 16, height: 16)
        for i in stride(from: 3, to: translucent.pixels.count, by: 4) {
            translucent.pixels[i] = 0
        }
        let opaque = TestImages.smooth(width: 16, height: 16)
        XCTAssertEqual(try JPEGCodec.encode(translucent, quality: 80), try JPEGCodec.encode(opaque, quality: 80))
    }

    func testLowerQualityIsSmaller() throws {
        let image = TestImages.rgba(width: 64, height: 64)
        XCTAssertLessThan(
            try JPEGCodec.encode(image, quality: 10).count, try JPEGCodec.encode(image, quality: 95).count)
    }

    func testQualityOutsideRangeThrows() {
        for quality in [0, 101, -5] {
            XCTAssertThrowsError(try JPEGCodec.encode(TestImages.smooth(width: 2, height: 2), quality: quality)) {
                XCTAssertEqual(String(describing: $0), "JPEG: quality \(quality) is outside 1-100")
            }
        }
    }

    func testEncodingOversizedOrEmptyImageThrows() {
        XCTAssertThrowsError(try JPEGCodec.encode(RGBA8Image(width: 1, height: 65536), quality: 90)) {
            XCTAssertEqual(String(describing: $0), "JPEG: image too large: 1x65536")
        }
        XCTAssertThrowsError(try JPEGCodec.encode(RGBA8Image(width: 0, height: 3), quality: 90)) {
            XCTAssertEqual(String(describing: $0), "JPEG: image is empty: 0x3")
        }
    }

    /// 16x8 greyscale made with `cjpeg -grayscale -quality 95` from a PGM whose pixel (x, y) is (16x + 8y) mod 256.
    /// Expected rows are `djpeg -pnm` output (libjpeg-turbo 2.1.5).
    func testGreyscaleJPEGDecodesToGreyRGB() throws {
        let image = try JPEGCodec.decode(Self.greyscale16x8)
        XCTAssertEqual(image.width, 16)
        XCTAssertEqual(image.height, 8)
        let firstRow: [UInt8] = [0, 16, 32, 48, 64, 80, 97, 112, 128, 143, 160, 175, 193, 210, 222, 241]
        let lastRow: [UInt8] = [56, 71, 88, 104, 120, 136, 152, 168, 185, 198, 218, 231, 248, 8, 23, 41]
        for x in 0..<16 {
            XCTAssertTrue(image[x, 0] == (firstRow[x], firstRow[x], firstRow[x], 255), "x \(x)")
            XCTAssertTrue(image[x, 7] == (lastRow[x], lastRow[x], lastRow[x], 255), "x \(x)")
        }
        let sum = stride(from: 0, to: image.pixels.count, by: 4).reduce(0) { $0 + Int(image.pixels[$1]) }
        XCTAssertEqual(sum, 15873)
    }

    /// 8x8 CMYK JPEG (Adobe APP14) written by Pillow 13: refused with a clear message, not mis-coloured.
    func testCMYKJPEGIsRefusedClearly() {
        XCTAssertThrowsError(try JPEGCodec.decode(Self.cmyk8x8)) {
            XCTAssertEqual(String(describing: $0), "JPEG: CMYK/YCCK JPEGs are not supported (convert the image to RGB)")
        }
    }

    /// SpiderTex.jpg is 249x250 baseline YCbCr. Expected values are `djpeg -ppm` output (libjpeg-turbo 2.1.5,
    /// default islow DCT and fancy upsampling, the same settings the shim uses).
    func testDecodesSpiderTextureLikeDjpeg() throws {
        guard let bytes = SharedAssets.bytes("obj-spider-mtl-jpeg/SpiderTex.jpg") else { return }
        let image = try JPEGCodec.decode(bytes)
        XCTAssertEqual(image.width, 249)
        XCTAssertEqual(image.height, 250)
        let expected: [(x: Int, y: Int, rgb: (UInt8, UInt8, UInt8))] = [
            (0, 0, (53, 45, 26)), (124, 125, (254, 226, 176)), (10, 200, (89, 81, 62)),
            (248, 249, (57, 48, 33)), (200, 30, (74, 72, 57)),
        ]
        for pixel in expected {
            let p = image[pixel.x, pixel.y]
            XCTAssertTrue(p == (pixel.rgb.0, pixel.rgb.1, pixel.rgb.2, 255), "(\(pixel.x), \(pixel.y)): \(p)")
        }
        let rgbSum = image.pixels.enumerated().reduce(0) { $1.offset & 3 == 3 ? $0 : $0 + Int($1.element) }
        XCTAssertEqual(rgbSum, 14_027_083)
    }

    /// A progressive JPEG from the same set decodes too (size from `file`).
    func testDecodesProgressiveJPEG() throws {
        guard let bytes = SharedAssets.bytes("obj-spider-mtl-jpeg/engineflare1.jpg") else { return }
        let image = try JPEGCodec.decode(bytes)
        XCTAssertEqual(image.width, 128)
        XCTAssertEqual(image.height, 128)
    }

    static let greyscale16x8 = [UInt8](
        Data(
            base64Encoded: """
                /9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJBwYGCAsICQoK\
                CgoKBggLDAsKDAkKCgr/wAALCAAIABABAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUF\
                BAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVW\
                V1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi\
                4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/APk//gm3+zb/AMeH+gf3f4a/UD9rD9ob/h2J/wAE4fEnx+8Nt5HjfWfK8MfDP/R9\
                23XryOTyrj5reeE/ZYYrm92ToIpvsfklg0q5/9k=
                """)!)

    static let cmyk8x8 = [UInt8](
        Data(
            base64Encoded: """
                /9j/7gAOQWRvYmUAZAAAAAAA/9sAQwADAgIDAgIDAwMDBAMDBAUIBQUEBAUKBwcGCAwKDAwLCgsLDQ4SEA0OEQ4LCxAWEBETFBUV\
                FQwPFxgWFBgSFBUU/8AAFAgACAAIBEMRAE0RAFkRAEsRAP/EAB8AAAEFAQEBAQEBAAAAAAAAAAABAgMEBQYHCAkKC//EALUQAAIB\
                AwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZH\
                SElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV\
                1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+v/aAA4EQwBNAFkASwAAPwD9U6ZX5VV+qdf/2Q==
                """)!)
}
