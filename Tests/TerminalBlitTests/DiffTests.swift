// DiffTests: changed-cell runs between two grids.

import TerminalBlit
import XCTest

final class DiffTests: XCTestCase {
    let a = Cell.blank(RGB(1, 2, 3))
    let b = Cell(glyph: "\u{2580}", fg: RGB(9, 9, 9), bg: RGB(0, 0, 0))

    func testIdenticalGridsHaveNoChanges() {
        let g = CellGrid(cols: 7, rows: 3, fill: a)
        XCTAssertEqual(g.diff(g), [])
        XCTAssertEqual(g.diff(g, joiningGap: 3), [])
    }

    func testNoPreviousGridRepaintsEveryRow() {
        let g = CellGrid(cols: 4, rows: 2, fill: a)
        XCTAssertEqual(g.diff(nil), [CellSpan(row: 0, column: 0, count: 4), CellSpan(row: 1, column: 0, count: 4)])
        XCTAssertEqual(g.diff(CellGrid(cols: 3, rows: 2, fill: a)).count, 2)
    }

    func testChangedCellsComeAsRuns() {
        let old = CellGrid(cols: 8, rows: 2, fill: a)
        var new = old
        new[1, 0] = b; new[2, 0] = b; new[5, 0] = b
        new[7, 1] = b
        XCTAssertEqual(new.diff(old), [
            CellSpan(row: 0, column: 1, count: 2), CellSpan(row: 0, column: 5, count: 1),
            CellSpan(row: 1, column: 7, count: 1),
        ])
        // Joining gaps of up to 2 unchanged cells merges the first two runs.
        XCTAssertEqual(new.diff(old, joiningGap: 2), [
            CellSpan(row: 0, column: 1, count: 5), CellSpan(row: 1, column: 7, count: 1),
        ])
    }

    func testAColourChangeAloneIsAChange() {
        let old = CellGrid(cols: 2, rows: 1, fill: b)
        var new = old
        new[0, 0].fg = RGB(10, 9, 9)
        XCTAssertEqual(new.diff(old), [CellSpan(row: 0, column: 0, count: 1)])
    }
}
