// CorruptInputTests: one broken input per row, one expected message; every row must throw, never crash.

import ImageCodecs
import Imaging
import XCTest
import XRTestSupport

final class CorruptInputTests: XCTestCase {
    /// Which decoder a row feeds.
    enum Decoder: String {
        case pngRGBA8, pngGray16, jpeg, sniffing

        func decode(_ bytes: [UInt8]) throws {
            switch self {
            case .pngRGBA8: _ = try PNGCodec.decodeRGBA8(bytes)
            case .pngGray16: _ = try PNGCodec.decodeGray16(bytes)
            case .jpeg: _ = try JPEGCodec.decode(bytes)
            case .sniffing: _ = try ImageFile.decode(bytes)
            }
        }
    }

    /// One broken input: what it is, how to make it from a good file, which decoder, and the message it must give.
    struct Row {
        let name: String
        let decoder: Decoder
        let expected: String
        let input: () -> [UInt8]?

        init(_ name: String, _ decoder: Decoder, _ expected: String, input: @escaping () -> [UInt8]?) {
            self.name = name
            self.decoder = decoder
            self.expected = expected
            self.input = input
        }
    }

    /// Our own small PNGs, so the PNG rows run even where ../shared/assets is missing.
    static let noisePNG = try! PNGCodec.encode(TestImages.rgba(width: 64, height: 64, seed: 9))
    static let depthPNG = try! PNGCodec.encode(TestImages.gray16(width: 64, height: 64))

    static var rows: [Row] {
        let spot = { SharedAssets.bytes("obj-spot-quads/spot_texture.png") }
        let spider = { SharedAssets.bytes("obj-spider-mtl-jpeg/SpiderTex.jpg") }
        var random = SplitMix64(seed: 42)
        let noise = (0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let truncatedPNG = "PNG: Read Error: the data ends early (truncated file)"
        let truncatedJPEG = "JPEG: Premature end of JPEG file"
        let notPNG = "PNG: not a PNG file (bad signature)"
        let notJPEG = "JPEG: Not a JPEG file: starts with 0x\(hex(noise[0])) 0x\(hex(noise[1]))"
        let unknown = "not a PNG or JPEG file (starts with 0x\(hex(noise[0]).uppercased()) "
        let halfSpider = { spider().map { Array($0.prefix($0.count / 2)) } }
        return [
            Row("PNG cut to its first 100 bytes", .pngRGBA8, truncatedPNG) { spot().map { Array($0.prefix(100)) } },
            Row("PNG cut in half", .pngRGBA8, truncatedPNG) { spot().map { Array($0.prefix($0.count / 2)) } },
            Row("our PNG cut in half", .pngRGBA8, truncatedPNG) { Array(noisePNG.prefix(noisePNG.count / 2)) },
            Row("PNG without its IEND chunk", .pngRGBA8, truncatedPNG) { Array(noisePNG.dropLast(12)) },
            Row("PNG: the signature alone", .pngRGBA8, truncatedPNG) { Array(noisePNG.prefix(8)) },
            Row("depth PNG cut in half", .pngGray16, truncatedPNG) { Array(depthPNG.prefix(depthPNG.count / 2)) },
            Row("PNG with a bad signature", .pngRGBA8, notPNG) { spot().map { flip($0, at: 1) } },
            Row("PNG with a bad IHDR CRC", .pngRGBA8, "PNG: IHDR: CRC error") { flip(noisePNG, at: 32) },
            Row("PNG with a flipped byte in IDAT", .pngRGBA8, "PNG: IDAT: CRC error") { flip(noisePNG, at: 60) },
            Row("PNG: random bytes", .pngRGBA8, notPNG) { noise },
            Row("PNG: empty", .pngRGBA8, "PNG: empty input (0 bytes)") { [] },
            Row("depth PNG: empty", .pngGray16, "PNG: empty input (0 bytes)") { [] },
            Row("JPEG cut in half", .jpeg, truncatedJPEG, input: halfSpider),
            Row("JPEG without its EOI marker", .jpeg, truncatedJPEG) { spider().map { Array($0.dropLast(2)) } },
            Row("JPEG: SOI marker alone", .jpeg, truncatedJPEG) { [0xFF, 0xD8] },
            Row("JPEG: SOI and APP0 then random bytes", .jpeg, truncatedJPEG) { [0xFF, 0xD8, 0xFF, 0xE0] + noise },
            Row("JPEG with damaged scan data", .jpeg, "JPEG: Corrupt JPEG data: premature end of data segment") {
                spider().map { (8000..<8100).reduce(into: $0) { bytes, i in if i % 3 == 2 { bytes[i] = 0xFF } } }
            },
            Row("JPEG: random bytes", .jpeg, notJPEG) { noise },
            Row("JPEG: empty", .jpeg, "JPEG: empty input (0 bytes)") { [] },
            Row("sniffing: random bytes", .sniffing, unknown) { noise },
            Row("sniffing: empty", .sniffing, "empty file (0 bytes)") { [] },
            Row("sniffing: truncated PNG", .sniffing, truncatedPNG) { Array(noisePNG.prefix(200)) },
            Row("sniffing: truncated JPEG", .sniffing, truncatedJPEG, input: halfSpider),
        ]
    }

    func testEveryCorruptInputThrowsItsMessage() {
        for row in Self.rows {
            guard let bytes = row.input() else { continue }  // SharedAssets already recorded why
            XCTAssertThrowsError(try row.decoder.decode(bytes), row.name) { error in
                XCTAssertTrue(error is ImageCodecError, "\(row.name): \(type(of: error))")
                let message = String(describing: error)
                XCTAssertTrue(message.hasPrefix(row.expected), "\(row.name): got \"\(message)\"")
            }
        }
    }

    /// Flipping single bytes all over a real PNG and JPEG must only ever throw or succeed, never crash or print.
    func testSingleByteDamageNeverCrashes() {
        var inputs: [(String, [UInt8], Decoder)] = [("our PNG", Self.noisePNG, .pngRGBA8)]
        if let spider = SharedAssets.bytes("obj-spider-mtl-jpeg/SpiderTex.jpg") {
            inputs.append(("SpiderTex.jpg", spider, .jpeg))
        }
        var random = SplitMix64(seed: 7)
        for (name, good, decoder) in inputs {
            var failures = 0
            for _ in 0..<200 {
                var bad = good
                let index = Int(random.next() % UInt64(bad.count))
                bad[index] ^= UInt8(truncatingIfNeeded: random.next() | 1)
                do { try decoder.decode(bad) } catch { failures += 1 }
            }
            XCTAssertGreaterThan(failures, 0, name)
        }
    }

    /// `bytes` with every bit of one byte inverted.
    private static func flip(_ bytes: [UInt8], at index: Int) -> [UInt8] {
        var copy = bytes
        copy[index] ^= 0xFF
        return copy
    }

    private static func hex(_ byte: UInt8) -> String {
        let text = String(byte, radix: 16)
        return text.count == 1 ? "0" + text : text
    }
}
