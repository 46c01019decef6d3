// UnifontTests: the .hex parser, and Lettering drawing names the built-in font cannot (Chinese, accents) in
// Unifont pixel for pixel, against glyph bits written out by hand here.

import Imaging
import XCTest

final class UnifontTests: XCTestCase {
    /// Made-up glyphs in Unifont's form (not the font's own): an 'A' (8 wide), a framed cross at 天 (U+5929, 16
    /// wide), an acute accent (U+0301, 8 wide, its marks in the top rows) and U+FFFD, with a CRLF line, a blank
    /// line and a glyph beyond the BMP.
    static let sample = """
        0041:00003C4242427E424242420000000000\r
        5929:FFFF8001818181819FF9818181818001842188119009A005C00380018001FFFF

        0301:0C300000000000000000000000000000
        1F600:00000000000000000000000000000000
        FFFD:00007E424242424242424242427E0000
        """

    func font() throws -> Unifont { try Unifont(hex: Array(UnifontTests.sample.utf8)) }

    /// The glyph's pixels from its hex digits, worked here without the parser: rows of width/4 digits.
    func bits(_ hex: String, width: Int) -> [[Bool]] {
        let d = Array(hex)
        let per = width / 4
        return (0..<16).map { r in
            let v = Int(String(d[(r * per)..<((r + 1) * per)]), radix: 16)!
            return (0..<width).map { c in v & (1 << (width - 1 - c)) != 0 }
        }
    }

    func testParsesWidthsRowsAndSkipsWhatIsNotBMP() throws {
        let f = try font()
        XCTAssertEqual(f.count, 4)
        let a = try XCTUnwrap(f.glyph("A")), tian = try XCTUnwrap(f.glyph("天"))
        XCTAssertEqual(a.width, 8)
        XCTAssertEqual(tian.width, 16)
        XCTAssertNil(f.glyph("B"))
        XCTAssertNil(f.glyph("😀"), "beyond the BMP")
        XCTAssertEqual(f.row(3, of: a), 0x4200, "row 3 of A is 42, leftmost pixel in bit 15")
        XCTAssertEqual(f.row(4, of: tian), 0x9FF9)
        XCTAssertEqual(f.row(11, of: tian), 0xA005)
        // A later line for the same code point replaces the earlier one.
        let twice = try Unifont(hex: Array((UnifontTests.sample + "\n0041:FF000000000000000000000000000000").utf8))
        XCTAssertEqual(twice.count, 4)
        XCTAssertEqual(twice.row(0, of: try XCTUnwrap(twice.glyph("A"))), 0xFF00)
    }

    func testMalformedLinesAreNamed() {
        let cases: [(String, Int, String)] = [
            ("0041:00\n", 1, "2 hex digits of rows"),
            ("0041:00003C4242427E424242420000000000\nnot a glyph\n", 2, "no ':'"),
            ("\n\nXYZ:00003C4242427E424242420000000000", 3, "code point"),
            ("0041:0000000018242442427E42424242000G", 1, "not hex digits"),
            ("1234567:00003C4242427E424242420000000000", 1, "code point"),
        ]
        for (text, line, reason) in cases {
            XCTAssertThrowsError(try Unifont(hex: Array(text.utf8)), text) { e in
                let f = e as? Unifont.FormatError
                XCTAssertEqual(f?.line, line, text)
                XCTAssertTrue(f?.reason.contains(reason) ?? false, "\(text): \(String(describing: f))")
            }
        }
        XCTAssertEqual(try Unifont(hex: []).count, 0)
    }

    func testBuiltInFontKeepsWhatItCanDraw() throws {
        let f = try font()
        let lines = ["TC 10:00:00:00  FRAME 0", "take 3 (dolly)"]
        let l = Lettering.choose(for: lines, scale: 4, unifont: f)
        guard case .builtIn = l.face else { return XCTFail("ASCII lines stay in the built-in font") }
        XCTAssertEqual(l.scale, 4)
        // Byte for byte what the built-in font draws, so ASCII burn-ins and goldens are unchanged.
        var a = RGBA8Image(width: 400, height: 40), b = a
        l.draw(lines[1], into: &a, x: 3, y: 5, color: (255, 255, 255, 255))
        BitmapFont.draw(lines[1], into: &b, x: 3, y: 5, scale: 4, color: (255, 255, 255, 255))
        XCTAssertEqual(a, b)
        XCTAssertEqual(l.width(of: lines[1]), BitmapFont.size(of: lines[1], scale: 4).width)
    }

    func testUnifontDrawsTheWholeBlockPixelForPixel() throws {
        let f = try font()
        // One line the built-in font lacks a character of: every line of the block goes to Unifont.
        let l = Lettering.choose(for: ["A", "天A"], scale: 4, unifont: f)
        guard case .unifont = l.face else { return XCTFail("天 needs Unifont") }
        XCTAssertEqual(l.scale, 2, "16 rows x 2 is nearest 7 rows x 4")
        XCTAssertEqual(l.lineHeight, 32)
        XCTAssertEqual(l.width(of: "天A"), (16 + 8) * 2)
        var img = RGBA8Image(width: 60, height: 40, fill: (0, 0, 0, 255))
        l.draw("天A", into: &img, x: 5, y: 3, color: (255, 255, 255, 255))
        let tian = bits("FFFF8001818181819FF9818181818001842188119009A005C00380018001FFFF", width: 16)
        let a = bits("00003C4242427E424242420000000000", width: 8)
        for y in 0..<40 {
            for x in 0..<60 {
                var on = false
                let gy = (y - 3) / 2
                if y >= 3 && gy < 16 {
                    if x >= 5 && x < 5 + 32 { on = tian[gy][(x - 5) / 2] }
                    if x >= 37 && x < 37 + 16 { on = a[gy][(x - 37) / 2] }
                }
                XCTAssertEqual(img[x, y].r, on ? 255 : 0, "pixel \(x),\(y)")
            }
        }
    }

    func testMarksInvisiblesAndMissingGlyphs() throws {
        let f = try font()
        let l = Lettering(face: .unifont(f), scale: 1)
        // A combining acute over the A before it: no advance, drawn in A's cell.
        XCTAssertEqual(l.width(of: "A\u{301}"), 8)
        var img = RGBA8Image(width: 20, height: 16, fill: (0, 0, 0, 255))
        l.draw("A\u{301}", into: &img, x: 0, y: 0, color: (255, 255, 255, 255))
        XCTAssertEqual(img[4, 0].r, 255, "the accent's row 0 (0C) lights columns 4 and 5 of A's cell")
        XCTAssertEqual(img[2, 1].r, 255, "row 1 (30): columns 2 and 3")
        XCTAssertEqual(img[12, 0].r, 0, "nothing after the cell")
        // Zero-width and format characters take no space; a character without a glyph draws U+FFFD.
        XCTAssertEqual(l.width(of: "A\u{200B}A\u{FEFF}"), 16)
        var missing = RGBA8Image(width: 8, height: 16), replacement = missing
        l.draw("B", into: &missing, x: 0, y: 0, color: (255, 255, 255, 255))
        l.draw("\u{FFFD}", into: &replacement, x: 0, y: 0, color: (255, 255, 255, 255))
        XCTAssertEqual(missing, replacement)
        XCTAssertEqual(Lettering.undrawable(in: ["AB天", "B😀"], unifont: f), ["B", "😀"])
        XCTAssertEqual(Lettering.undrawable(in: ["A天é"], unifont: nil), ["天", "é"])
    }

    func testBurnInBoxGrowsToUnifontLines() throws {
        let f = try font()
        let lines = ["TC 10:00:00:00", "天"]
        let ascii = try XCTUnwrap(BurnIn.region(width: 1920, height: 1080, lines: ["A", "A"]))
        XCTAssertEqual(ascii.height, 2 * 28 + 8 + 16, "two 7x4 lines, an 8 gap, 2x4 padding each side")
        let wide = try XCTUnwrap(BurnIn.region(width: 1920, height: 1080, lines: lines, unifont: f))
        XCTAssertEqual(wide.height, 2 * 32 + 2 + 16, "two 16x2 lines, a 2 gap, the same padding")
        XCTAssertEqual(wide.y + wide.height, 1080 - 4)
        // Without Unifont the same lines keep the built-in box (天 as '?').
        XCTAssertEqual(BurnIn.region(width: 1920, height: 1080, lines: lines)!.height, ascii.height)
        var img = RGBA8Image(width: 1920, height: 1080, fill: (90, 140, 200, 255))
        BurnIn.stamp(&img, lines: lines, unifont: f)
        // Row 4 of 天 is 9FF9: 12 lit font pixels, each 2x2, on the second line.
        let y = wide.y + 8 + 32 + 2 + 4 * 2
        let lit = (wide.x + 8..<(wide.x + 8 + 32)).filter { img[$0, y].r == 255 }.count
        XCTAssertEqual(lit, 24)
    }
}
