// PNGDeflateWriterTests: PNG `fast` (the shim's own writer over libdeflate) read back by libpng and by an
// independent reader (Tests/PNG/png-decode.py: Python's zlib and the spec's unfiltering), sample for sample.

import Foundation
import ImageCodecs
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

    func testFastOnASmoothFrameIsSmallerThanRawAndDecodesExactly() throws {
        let image = TestImages.smooth(width: 320, height: 180)
        let png = try PNGCodec.encode(image, compression: .fast, dropAlpha: true)
        XCTAssertLessThan(png.count, 320 * 180 * 3 / 2)
        XCTAssertEqual(try PNGCodec.decodeRGBA8(png), image)
    }
}
