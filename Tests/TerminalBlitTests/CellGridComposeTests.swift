// CellGridComposeTests: a pane drawn over a grid: its cells land where asked, clipped, inside a frame.

import Imaging
import TerminalBlit
import XCTest

final class CellGridComposeTests: XCTestCase {
    func testPaneLandsInTheCornerInsideItsFrame() {
        let base = CellGrid(cols: 8, rows: 5, fill: Cell(glyph: ".", fg: RGB(9, 9, 9), bg: RGB(0, 0, 0)))
        let pane = CellGrid(cols: 3, rows: 2, fill: Cell(glyph: "#", fg: RGB(200, 0, 0), bg: RGB(0, 0, 0)))
        let out = base.pasting(pane, col: 5, row: 0, frame: RGB(100, 100, 100))
        XCTAssertEqual((0..<5).map { out.text(row: $0) }, [
            "....│###",
            "....│###",
            "....└───",
            "........",
            "........",
        ])
        XCTAssertEqual(out[5, 0].fg, RGB(200, 0, 0))
        XCTAssertEqual(out[4, 2].fg, RGB(100, 100, 100))
        // Without a frame, and clipped at the grid's edge.
        let clipped = base.pasting(pane, col: 6, row: 4)
        XCTAssertEqual(clipped.text(row: 4), "......##")
        XCTAssertEqual(clipped.text(row: 3), "........")
    }
}

final class CellGridCoarsenTests: XCTestCase {
    func testCoarsenedRoundsEachChannelToItsLevels() {
        let g = CellGrid(cols: 3, rows: 1, cells: [
            Cell(glyph: "\u{2580}", fg: RGB(0, 17, 255), bg: RGB(20, 200, 128)),
            Cell(glyph: " ", fg: RGB(1, 2, 3), bg: RGB(127, 128, 130)),
            Cell(glyph: "\u{2580}", fg: RGB(36, 36, 36), bg: RGB(40, 40, 40)),
        ])
        let c = g.coarsened(bits: 3)  // 8 levels: 0, 36, 73, 109, 146, 182, 219, 255
        XCTAssertEqual(c[0, 0].fg, RGB(0, 0, 255))
        XCTAssertEqual(c[0, 0].bg, RGB(20, 200, 128).snapped3)
        XCTAssertEqual(c[0, 0].bg, RGB(36, 182, 146))
        XCTAssertEqual(c[1, 0].bg, RGB(109, 146, 146))
        XCTAssertEqual(c[1, 0].fg, c[1, 0].bg, "a space takes its background")
        XCTAssertEqual(c[2, 0].glyph, " ", "colours that became equal make a space")
        XCTAssertEqual(g.coarsened(bits: 8), g)
    }

    func testNearColoursJoinTheRunOnTheirLeft() {
        let a = Cell(glyph: "\u{2580}", fg: RGB(100, 100, 100), bg: RGB(10, 10, 10))
        let near = Cell(glyph: "\u{2580}", fg: RGB(120, 90, 100), bg: RGB(0, 20, 10))
        let far = Cell(glyph: "\u{2580}", fg: RGB(200, 90, 100), bg: RGB(0, 20, 10))
        let g = CellGrid(cols: 3, rows: 2, cells: [a, near, far, far, near, a])
        let m = g.mergingNearColors(tolerance: 36)
        XCTAssertEqual(m[1, 0], a, "within tolerance: takes the left cell's colours")
        XCTAssertEqual(m[2, 0], far, "too far: kept")
        XCTAssertEqual(m[0, 1], far, "a row's first cell is kept")
        XCTAssertEqual(m[1, 1], near)
        XCTAssertEqual(g.mergingNearColors(tolerance: 0), g)
    }
}

private extension RGB {
    /// Each channel to the nearest of 8 levels (what `coarsened(bits: 3)` does), written out for the test.
    var snapped3: RGB {
        func s(_ v: UInt8) -> UInt8 { let l = (Int(v) * 7 + 127) / 255; return UInt8((l * 255 + 3) / 7) }
        return RGB(s(r), s(g), s(b))
    }
}
