// LowBandwidthFramesTests: moving frames hold cells of the grid the viewer shows, not of the last one encoded.

import TerminalBlit
import XCTest
@testable import StudioTUI

final class LowBandwidthFramesTests: XCTestCase {
    /// A grid of spaces whose background is `c` everywhere.
    private func flat(_ c: RGB, cols: Int = 8, rows: Int = 4) -> CellGrid {
        var g = CellGrid(cols: cols, rows: rows)
        for i in g.cells.indices { g.cells[i] = Cell(glyph: " ", fg: c, bg: c) }
        return g
    }

    /// A moving frame holds cells of the low-bandwidth grid on screen whose colours moved less than the hold
    /// tolerance (the painter then sends none of them); a grid encoded but never shown is not the reference, and
    /// neither is a full-precision grid on screen.
    func testHoldsTheShownLowBandwidthGrid() {
        let frames = LowBandwidthFrames()
        let first = frames.encode(flat(RGB(120, 90, 60)))
        frames.shown(first)
        _ = frames.encode(flat(RGB(20, 200, 20)))  // encoded, never shown
        let moved = frames.encode(flat(RGB(121, 91, 60)))
        XCTAssertEqual(moved.diff(first).reduce(0) { $0 + $1.count }, 0, "every cell still shows the screen's colour")
        // A colour beyond the hold tolerance is sent, within the setting's grid of the truth.
        let far = frames.encode(flat(RGB(160, 90, 60)))
        XCTAssertEqual(far.diff(first).reduce(0) { $0 + $1.count }, 32)
        XCTAssertLessThanOrEqual(far.cells[0].bg.oklab.distance(to: RGB(160, 90, 60).oklab), 0.032)
        // A full-precision frame on screen: nothing is held (its colours are not sent again as they are).
        let still = flat(RGB(120, 90, 60))
        frames.shown(still)
        let after = frames.encode(flat(RGB(120, 90, 60)))
        XCTAssertEqual(after, first, "the snapped colours, not the full-precision ones on screen")
        XCTAssertNotEqual(after, still)
    }
}
