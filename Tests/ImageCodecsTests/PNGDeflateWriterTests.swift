// PNGDeflateWriterTests: PNG `fast` (the shim's own writer and run encoder) read back by libpng and by an
// independent reader (Tests/PNG/png-decode.py: Python's zlib and the spec's unfiltering), sample for sample.

import CImageShims
import Foundation
@testable import ImageCodecs
import Imaging
import XCTest

final class PNGDeflateWriterTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let reader = root.appendingPathComponent("Tests/PNG/png-decode.py").path

    /// The independent reader's samples for a PNG file's bytes (8-bit samples, or 16-bit big-endian pairs).
    func independentlyDecoded(_ png: [UInt8]) throws -> [UInt8] {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            XCTFail("\(python) is missing: install python3 (make test does)"); return []
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pngdeflate-\(UUID().uuidString).png")
        try Data(png).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [Self.reader, file.path]
        let output = Pipe(), errors = Pipe()
        p.standardOutput = output; p.standardError = errors
        try p.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, err)
        return [UInt8](data)
    }

    /// The RGB samples of an RGBA image (what `dropAlpha` must store), taken apart here by hand.
    func rgbSamples(_ image: RGBA8Image) -> [UInt8] {
        var out: [UInt8] = []
        for i in stride(from: 0, to: image.pixels.count, by: 4) { out += image.pixels[i..<(i + 3)] }
        return out
    }

    func testFastRGBIsReadIdenticallyByLibpngAndAnIndependentReader() throws {
        for (w, h) in [(1, 1), (7, 3), (61, 9)] {
            let image = TestImages.rgba(width: w, height: h, seed: UInt64(w * 100 + h))
            let png = try PNGCodec.encode(image, compression: .fast, dropAlpha: true)
            XCTAssertEqual(try independentlyDecoded(png), rgbSamples(image), "\(w)x\(h)")
            var opaque = image
            for i in stride(from: 3, to: opaque.pixels.count, by: 4) { opaque.pixels[i] = 255 }
            XCTAssertEqual(try PNGCodec.decodeRGBA8(png), opaque, "\(w)x\(h)")
        }
    }

    func testFastRGBAIsReadIdenticallyByBothReaders() throws {
        let image = TestImages.rgba(width: 33, height: 5, seed: 7)
        let png = try PNGCodec.encode(image, compression: .fast)
        XCTAssertEqual(try independentlyDecoded(png), image.pixels)
        XCTAssertEqual(try PNGCodec.decodeRGBA8(png), image)
    }

    /// 16-bit grey is stored big-endian: sample 0x1234 is the bytes 0x12, 0x34.
    func testFastGray16IsBigEndianAndReadBackExactly() throws {
        var image = Gray16Image(width: 5, height: 2)
        let values: [UInt16] = [0, 1, 0x1234, 0xFFFF, 0x8000, 65534, 255, 256, 0x00FF, 0xFF00]
        image.samples = values
        let png = try PNGCodec.encode(image, compression: .fast)
        XCTAssertEqual(try independentlyDecoded(png), values.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        XCTAssertEqual(try PNGCodec.decodeGray16(png).samples, values)
    }

    /// The file is signature, IHDR (13 bytes: size, depth 8, colour type 2, deflate, adaptive filters, no
    /// interlace), one IDAT, IEND; every row of `fast` uses filter 2 (Up), which the reader's raw stream shows.
    func testFastFileLayoutIsFourChunksWithTheUpFilter() throws {
        let image = TestImages.rgba(width: 3, height: 2)
        let png = try PNGCodec.encode(image, compression: .fast, dropAlpha: true)
        XCTAssertEqual(Array(png[0..<8]), [137, 80, 78, 71, 13, 10, 26, 10])
        XCTAssertEqual(Array(png[8..<16]), [0, 0, 0, 13] + Array("IHDR".utf8))
        XCTAssertEqual(Array(png[16..<29]), [0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0])
        XCTAssertEqual(Array(png[37..<41]), Array("IDAT".utf8))
        let idatLength = png[33..<37].reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(png.count, 33 + 12 + idatLength + 12)
        XCTAssertEqual(Array(png[(png.count - 12)...]), [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82])
    }

    /// The run encoder's edges, each image read back by both readers: runs of every length from 1 to 260 bytes
    /// and around multiples of 258 (a copy is 3-258 bytes, so a run of 259 or 260 is split unevenly), whole rows
    /// equal to the row above (long zero runs after the Up filter), a constant image past the encoder's 1 MiB blocks,
    /// and noise (no runs: every byte a literal, whose Huffman code then spans all 256 values).
    func testFastRunsOfEveryLengthAcrossBlocksAreReadExactly() throws {
        var images: [(String, RGBA8Image)] = []
        // Stripes: pixel runs of 1...87 pixels (3...261 bytes, r = g = b), a different value each, rows shifted.
        var stripes = RGBA8Image(width: 400, height: 24)
        for y in 0..<stripes.height {
            var x = 0, length = 1 + y
            while x < stripes.width {
                let v = UInt8(truncatingIfNeeded: length &* 37 &+ y)
                for i in x..<min(stripes.width, x + length) { stripes[i, y] = (v, v, v, 255) }
                x += length
                length = length % 87 + 1
            }
        }
        images.append(("stripes", stripes))
        // Rows of 86, 87, 172 and 173 pixels (258, 261, 516 and 519 bytes), each row repeated 1-4 times.
        for width in [86, 87, 172, 173] {
            var rows = RGBA8Image(width: width, height: 12)
            for y in 0..<rows.height {
                for x in 0..<width {
                    let v = UInt8(truncatingIfNeeded: (y / (1 + y % 4)) &* 53 &+ (x < width / 2 ? 0 : 1))
                    rows[x, y] = (v, v &+ 1, v, 255)
                }
            }
            images.append(("rows of \(width)", rows))
        }
        // One colour over 700 x 640 (1.3 MB of filtered RGB: two of the encoder's blocks).
        var constant = RGBA8Image(width: 700, height: 640)
        for i in stride(from: 0, to: constant.pixels.count, by: 4) { constant.pixels[i..<(i + 4)] = [90, 90, 90, 255] }
        images.append(("constant", constant))
        images.append(("noise", TestImages.rgba(width: 300, height: 300, seed: 99)))
        for (name, image) in images {
            let png = try PNGCodec.encode(image, compression: .fast, dropAlpha: true)
            XCTAssertEqual(try independentlyDecoded(png), rgbSamples(image), name)
            var opaque = image  // dropAlpha: libpng's reader gives alpha 255
            for i in stride(from: 3, to: opaque.pixels.count, by: 4) { opaque.pixels[i] = 255 }
            XCTAssertEqual(try PNGCodec.decodeRGBA8(png), opaque, name)
        }
    }

    /// The writer's libdeflate path (no longer `fast`'s, kept for `Tests/PNG/encode-bench.c`'s comparisons) and its
    /// per-row filter choice, read back by both readers: levels 0 (stored), 2 and 12, Up alone and all five filters.
    func testLibdeflateLevelsAndPerRowFiltersAreReadExactly() throws {
        let image = TestImages.smooth(width: 97, height: 31)
        for level: Int32 in [0, 2, 12] {
            for filters in [CImageShims_PNG_FILTER_UP, CImageShims_PNG_FILTER_ALL] {
                let png = try CodecShim.pngEncodeDeflate(image.pixels, width: image.width, height: image.height,
                                                         inBytesPerPixel: 4, channels: 3, bitDepth: 8, level: level,
                                                         filters: filters)
                XCTAssertEqual(try independentlyDecoded(png), rgbSamples(image), "level \(level), filters \(filters)")
                XCTAssertEqual(try PNGCodec.decodeRGBA8(png), image, "level \(level), filters \(filters)")
            }
        }
    }

    func testFastOnASmoothFrameIsSmallerThanRawAndDecodesExactly() throws {
        let image = TestImages.smooth(width: 320, height: 180)
        let png = try PNGCodec.encode(image, compression: .fast, dropAlpha: true)
        XCTAssertLessThan(png.count, 320 * 180 * 3 / 2)
        XCTAssertEqual(try PNGCodec.decodeRGBA8(png), image)
    }
}
