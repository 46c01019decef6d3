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
