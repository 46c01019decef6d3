// PaletteTests: the 256- and 16-colour palettes and nearest-colour mapping of pure colours and greys.

import TerminalBlit
import XCTest

final class PaletteTests: XCTestCase {
    func testPaletteEntries() {
        XCTAssertEqual(XtermPalette.rgb(16), RGB(0, 0, 0))
        XCTAssertEqual(XtermPalette.rgb(196), RGB(255, 0, 0))
        XCTAssertEqual(XtermPalette.rgb(46), RGB(0, 255, 0))
        XCTAssertEqual(XtermPalette.rgb(21), RGB(0, 0, 255))
        XCTAssertEqual(XtermPalette.rgb(231), RGB(255, 255, 255))
        XCTAssertEqual(XtermPalette.rgb(102), RGB(135, 135, 135))
        XCTAssertEqual(XtermPalette.rgb(232), RGB(8, 8, 8))
        XCTAssertEqual(XtermPalette.rgb(255), RGB(238, 238, 238))
        XCTAssertEqual(XtermPalette.rgb(9), RGB(255, 0, 0))
    }

    func testPureColoursMapToTheCubeCorners() {
        XCTAssertEqual(XtermPalette.nearest256(RGB(255, 0, 0)), 196)
        XCTAssertEqual(XtermPalette.nearest256(RGB(0, 255, 0)), 46)
        XCTAssertEqual(XtermPalette.nearest256(RGB(0, 0, 255)), 21)
        XCTAssertEqual(XtermPalette.nearest256(RGB(255, 255, 0)), 226)
        XCTAssertEqual(XtermPalette.nearest256(RGB(0, 255, 255)), 51)
        XCTAssertEqual(XtermPalette.nearest256(RGB(255, 0, 255)), 201)
        XCTAssertEqual(XtermPalette.nearest256(RGB(255, 255, 255)), 231)
        XCTAssertEqual(XtermPalette.nearest256(RGB(0, 0, 0)), 16)
    }

    func testGreysMapToTheGreyRamp() {
        // 128 = 8 + 10 * 12 exactly -> 244; the cube's nearest grey (135) is farther.
        XCTAssertEqual(XtermPalette.nearest256(RGB(128, 128, 128)), 244)
        XCTAssertEqual(XtermPalette.nearest256(RGB(8, 8, 8)), 232)
        XCTAssertEqual(XtermPalette.nearest256(RGB(12, 12, 12)), 232)   // 12 is nearer 8 than 18
        XCTAssertEqual(XtermPalette.nearest256(RGB(14, 14, 14)), 233)
        XCTAssertEqual(XtermPalette.nearest256(RGB(238, 238, 238)), 255)
        XCTAssertEqual(XtermPalette.nearest256(RGB(250, 250, 250)), 231)  // nearer 255 (cube) than 238
        XCTAssertEqual(XtermPalette.nearest256(RGB(3, 3, 3)), 16)         // nearer 0 (cube) than 8
        XCTAssertEqual(XtermPalette.nearest256(RGB(135, 135, 135)), 102)  // exactly the cube's grey
    }

    func testEveryEntryMapsToItself() {
        for i in 16...255 { XCTAssertEqual(XtermPalette.nearest256(XtermPalette.rgb(i)), i, "entry \(i)") }
        for i in 0..<16 { XCTAssertEqual(XtermPalette.nearestANSI(XtermPalette.rgb(i)), i, "ANSI \(i)") }
    }

    func testFastSearchMatchesBruteForce() {
        func brute(_ c: RGB) -> Int {
            var best = 16, bestDistance = Int.max
            for i in 16...255 {
                let d = c.distance(to: XtermPalette.rgb(i))
                if d < bestDistance { bestDistance = d; best = i }
            }
            return best
        }
        var checked = 0
        for r in stride(from: 0, through: 255, by: 7) {
            for g in stride(from: 0, through: 255, by: 9) {
                for b in stride(from: 0, through: 255, by: 5) {
                    let c = RGB(UInt8(r), UInt8(g), UInt8(b))
                    XCTAssertEqual(XtermPalette.nearest256(c), brute(c), "\(c)")
                    checked += 1
                }
            }
        }
        for v in 0...255 {
            let c = RGB(UInt8(v), UInt8(v), UInt8(v))
            XCTAssertEqual(XtermPalette.nearest256(c), brute(c), "\(c)")
        }
        XCTAssertGreaterThan(checked, 50_000)
    }

    func testSixteenColours() {
        XCTAssertEqual(XtermPalette.nearestANSI(RGB(255, 0, 0)), 9)
        XCTAssertEqual(XtermPalette.nearestANSI(RGB(200, 0, 0)), 1)
        XCTAssertEqual(XtermPalette.nearestANSI(RGB(0, 0, 0)), 0)
        XCTAssertEqual(XtermPalette.nearestANSI(RGB(128, 128, 128)), 8)
        XCTAssertEqual(XtermPalette.nearestANSI(RGB(250, 250, 250)), 15)
        // With only 8 colours, bright red falls back to red and white to light grey.
        XCTAssertEqual(XtermPalette.nearestANSI(RGB(255, 0, 0), count: 8), 1)
        XCTAssertEqual(XtermPalette.nearestANSI(RGB(255, 255, 255), count: 8), 7)
    }

    func testQuantizedGridSnapsColoursAndTurnsEqualPairsIntoSpaces() {
        // Two reds that land on the same palette entry (exactly on it: no dithering): the half block becomes a space.
        let grid = CellGrid(cols: 2, rows: 1, cells: [
            Cell(glyph: "\u{2580}", fg: RGB(255, 0, 0), bg: RGB(255, 0, 0)),
            Cell(glyph: "\u{2580}", fg: RGB(255, 0, 0), bg: RGB(0, 0, 255)),
        ])
        let q = grid.quantized(to: .palette256)
        XCTAssertEqual(q[0, 0], Cell.blank(RGB(255, 0, 0)))
        XCTAssertEqual(q[1, 0], Cell(glyph: "\u{2580}", fg: RGB(255, 0, 0), bg: RGB(0, 0, 255)))
        XCTAssertEqual(grid.quantized(to: .truecolor), grid)
        // In 16 colours pure blue is shown by the blue entries (ANSI 4 (0, 0, 238), dithered with 12 (92, 92, 255)).
        let blue = grid.quantized(to: .palette16)[1, 0]
        XCTAssertEqual(blue.fg, RGB(255, 0, 0))
        XCTAssertTrue([RGB(0, 0, 238), RGB(92, 92, 255)].contains(blue.bg), "\(blue.bg)")
    }
}
