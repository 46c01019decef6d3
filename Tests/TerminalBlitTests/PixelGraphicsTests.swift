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

    /// A minimal sixel reader: the register each pixel was painted with.
    func decodeSixel(_ bytes: [UInt8], width: Int, height: Int) -> [Int] {
        var out = [Int](repeating: -1, count: width * height)
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
                if i < s.count && s[i] == ";" { for _ in 0..<4 { i += 1; _ = number() } }
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
        return out
    }

    func testSixelPaintsEveryPixelWithItsPaletteColour() {
        var img = RGBA8Image(width: 23, height: 14)
        let colours: [RGB] = [RGB(255, 0, 0), RGB(0, 95, 255), RGB(128, 128, 128), RGB(20, 200, 30)]
        for y in 0..<14 { for x in 0..<23 {
            let c = colours[(x / 5 + y / 4) % colours.count]
            let p = 4 * (y * 23 + x)
            img.pixels[p] = c.r; img.pixels[p + 1] = c.g; img.pixels[p + 2] = c.b
        } }
        let bytes = PixelGraphics.sixel(img)
        XCTAssertEqual(Array(bytes.prefix(2)), [0x1B, UInt8(ascii: "P")])
        XCTAssertEqual(Array(bytes.suffix(2)), [0x1B, 0x5C])
        let registers = decodeSixel(bytes, width: 23, height: 14)
        for y in 0..<14 { for x in 0..<23 {
            let c = colours[(x / 5 + y / 4) % colours.count]
            XCTAssertEqual(registers[y * 23 + x], XtermPalette.nearest256(c) - 16, "pixel \(x),\(y)")
        } }
        // Three bands of six rows for 14 rows.
        XCTAssertEqual(bytes.filter { $0 == UInt8(ascii: "-") }.count, 3)
    }
}
