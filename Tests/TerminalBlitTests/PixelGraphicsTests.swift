// PixelGraphicsTests: kitty and sixel byte sequences decoded back to the image they carry, base64 against RFC 4648's
// vectors, and the probe reply read the way terminals answer it.

import Imaging
import TerminalBlit
import XCTest

final class PixelGraphicsTests: XCTestCase {
    func testBase64MatchesRFC4648Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, coded) in vectors {
            XCTAssertEqual(String(decoding: PixelGraphics.base64(Array(plain.utf8)), as: UTF8.self), coded, plain)
        }
    }

    func testProbeRepliesAsTerminalsSendThem() {
        // tmux answers DA1 itself: no kitty reply, no sixel attribute.
        XCTAssertEqual(PixelGraphics.parseProbeReply(Array("\u{1B}[?1;2c".utf8)), [])
        // kitty: the query's OK, then DA1.
        XCTAssertEqual(PixelGraphics.parseProbeReply(Array("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[?62;c".utf8)), [.kitty])
        // xterm -ti vt340: attribute 4 is sixel.
        XCTAssertEqual(PixelGraphics.parseProbeReply(Array("\u{1B}[?63;1;2;4;6;9;15;22c".utf8)), [.sixel])
        // Not complete until DA1's reply ends.
        XCTAssertNil(PixelGraphics.parseProbeReply(Array("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[?62;4".utf8)))
        XCTAssertNil(PixelGraphics.parseProbeReply([]))
        // The leading 62/63 is the terminal class, not an attribute: "4" there is no sixel.
        XCTAssertEqual(PixelGraphics.parseProbeReply(Array("\u{1B}[?4c".utf8)), [])
    }

    func testSixelRegisterRepliesAsTerminalsSendThem() {
        // xterm -ti vt340 granted 256 (measured, xterm 379).
        XCTAssertEqual(PixelGraphics.parseSixelRegistersReply(Array("\u{1B}[?1;0;256S\u{1B}[?63;1;2;4;6;9;15;16;22;28c".utf8)), 256)
        // xterm without sixel refuses with status 3: a VT340's 16 is all one may count on.
        XCTAssertEqual(PixelGraphics.parseSixelRegistersReply(Array("\u{1B}[?1;3S\u{1B}[?64;1;2;6;9;15;16;17;18;21;22;28c".utf8)), 16)
        // No XTSMGRAPHICS at all: DA1 only, the assumed count.
        XCTAssertEqual(PixelGraphics.parseSixelRegistersReply(Array("\u{1B}[?62;4c".utf8), assumed: 64), 64)
        // Incomplete until DA1 ends; garbage never crashes.
        XCTAssertNil(PixelGraphics.parseSixelRegistersReply(Array("\u{1B}[?1;0;256S\u{1B}[?63;4".utf8)))
        XCTAssertNil(PixelGraphics.parseSixelRegistersReply(Array("\u{1B}[?1;0;256S".utf8)))
        XCTAssertEqual(PixelGraphics.parseSixelRegistersReply(Array("\u{1B}[?1;x;;S\u{1B}[?1c".utf8)), 256)
        XCTAssertEqual(String(decoding: PixelGraphics.sixelRegistersRequest(256), as: UTF8.self), "\u{1B}[?1;3;256S\u{1B}[c")
    }

    func testKittyChunksCarryTheImage() throws {
        var img = RGBA8Image(width: 50, height: 40)
        for i in 0..<(50 * 40) {
            img.pixels[4 * i] = UInt8(i & 255); img.pixels[4 * i + 1] = UInt8((i >> 3) & 255); img.pixels[4 * i + 2] = 7
        }
        let bytes = PixelGraphics.kitty(img, cols: 20, rows: 10, id: 3)
        let text = String(decoding: bytes, as: UTF8.self)
        let chunks = text.components(separatedBy: "\u{1B}\\").filter { !$0.isEmpty }
        XCTAssertEqual(chunks.count, Int((Double(50 * 40 * 3 * 4 / 3) / 4096).rounded(.up)))
        XCTAssertTrue(chunks[0].hasPrefix("\u{1B}_Ga=T,f=24,s=50,v=40,c=20,r=10,i=3,p=1,C=1,q=2,m=1;"), chunks[0])
        XCTAssertTrue(chunks.last!.hasPrefix("\u{1B}_Gm=0;"))
        let payload = chunks.map { String($0[$0.index(after: $0.firstIndex(of: ";")!)...]) }.joined()
        let decoded = try XCTUnwrap(Data(base64Encoded: payload))
        XCTAssertEqual(decoded.count, 50 * 40 * 3)
        for i in [0, 1, 777, 1999] {
            XCTAssertEqual(Array(decoded[(3 * i)..<(3 * i + 3)]), [img.pixels[4 * i], img.pixels[4 * i + 1], img.pixels[4 * i + 2]])
        }
    }

    /// A minimal sixel reader: the register each pixel was painted with, and the registers' RGB definitions.
    func decodeSixel(_ bytes: [UInt8], width: Int, height: Int) -> [Int] { decodeSixelColours(bytes, width: width, height: height).registers }

    func decodeSixelColours(_ bytes: [UInt8], width: Int, height: Int) -> (registers: [Int], defined: [Int: RGB]) {
        var out = [Int](repeating: -1, count: width * height)
        var defined: [Int: RGB] = [:]
        let s = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        var i = s.firstIndex(of: "q")! + 1
        var x = 0, y = 0, colour = 0
        func number() -> Int { var n = 0; while i < s.count, let d = Int(String(s[i])) { n = n * 10 + d; i += 1 }; return n }
        while i < s.count {
            let c = s[i]
            switch c {
            case "\"": i += 1; _ = number(); i += 1; _ = number(); i += 1; _ = number(); i += 1; _ = number()
            case "#":
                i += 1
                colour = number()
                if i < s.count && s[i] == ";" {
                    var v: [Int] = []
                    for _ in 0..<4 { i += 1; v.append(number()) }
                    XCTAssertEqual(v[0], 2, "RGB colour space")
                    func level(_ pct: Int) -> UInt8 { UInt8((pct * 255 + 50) / 100) }
                    defined[colour] = RGB(level(v[1]), level(v[2]), level(v[3]))
                }
            case "$": x = 0; i += 1
            case "-": x = 0; y += 6; i += 1
            case "!":
                i += 1
                let n = number()
                let bits = Int(s[i].value) - 63
                for _ in 0..<n { for k in 0..<6 where bits & (1 << k) != 0 && y + k < height { out[(y + k) * width + x] = colour }; x += 1 }
                i += 1
            case "\u{1B}": i = s.count
            default:
                let bits = Int(c.value) - 63
                if (0...63).contains(bits) {
                    for k in 0..<6 where bits & (1 << k) != 0 && y + k < height { out[(y + k) * width + x] = colour }
                    x += 1
                }
                i += 1
            }
        }
        return (out, defined)
    }

    func testSixelPaintsEveryPixelWithItsOwnColour() {
        var img = RGBA8Image(width: 23, height: 14)
        let colours: [RGB] = [RGB(255, 0, 0), RGB(0, 95, 255), RGB(128, 128, 128), RGB(20, 200, 30), RGB(55, 53, 55)]
        for y in 0..<14 { for x in 0..<23 {
            let c = colours[(x / 5 + y / 4) % colours.count]
            let p = 4 * (y * 23 + x)
            img.pixels[p] = c.r; img.pixels[p + 1] = c.g; img.pixels[p + 2] = c.b
        } }
        for registers in [16, 256] {
            let bytes = PixelGraphics.sixel(img, registers: registers)
            XCTAssertEqual(Array(bytes.prefix(2)), [0x1B, UInt8(ascii: "P")])
            XCTAssertEqual(Array(bytes.suffix(2)), [0x1B, 0x5C])
            XCTAssertTrue(String(decoding: bytes, as: UTF8.self).hasPrefix("\u{1B}Pq\"1;1;23;14#"))
            let (painted, defined) = decodeSixelColours(bytes, width: 23, height: 14)
            XCTAssertLessThanOrEqual(defined.keys.max() ?? 0, registers - 1)
            for y in 0..<14 { for x in 0..<23 {
                let c = colours[(x / 5 + y / 4) % colours.count]
                // Five colours fit any palette: each comes back within the percent scale's rounding.
                guard let got = defined[painted[y * 23 + x]] else { return XCTFail("pixel \(x),\(y): register undefined") }
                for (a, b) in [(got.r, c.r), (got.g, c.g), (got.b, c.b)] { XCTAssertLessThanOrEqual(abs(Int(a) - Int(b)), 2, "pixel \(x),\(y)") }
            } }
            // Three bands of six rows for 14 rows.
            XCTAssertEqual(bytes.filter { $0 == UInt8(ascii: "-") }.count, 3)
        }
    }

    func testSixelKeepsToTheTerminalsRegisters() {
        // A smooth gradient has far more colours than registers: none beyond the count, and the error stays small.
        let w = 64, h = 30
        var img = RGBA8Image(width: w, height: h)
        for y in 0..<h { for x in 0..<w {
            let p = 4 * (y * w + x)
            img.pixels[p] = UInt8(x * 4); img.pixels[p + 1] = UInt8(y * 8); img.pixels[p + 2] = UInt8(255 - x * 2)
        } }
        for (registers, bound) in [(16, 24.0), (256, 6.0)] {
            let (painted, defined) = decodeSixelColours(PixelGraphics.sixel(img, registers: registers), width: w, height: h)
            XCTAssertLessThanOrEqual(defined.count, registers)
            XCTAssertLessThan(defined.keys.max() ?? 0, registers)
            var error = 0.0
            for p in 0..<(w * h) {
                guard let got = defined[painted[p]] else { return XCTFail("pixel \(p) unpainted or undefined") }
                error += Double(abs(Int(got.r) - Int(img.pixels[4 * p])) + abs(Int(got.g) - Int(img.pixels[4 * p + 1]))
                    + abs(Int(got.b) - Int(img.pixels[4 * p + 2]))) / 3
            }
            XCTAssertLessThan(error / Double(w * h), bound, "\(registers) registers")
        }
    }
}
