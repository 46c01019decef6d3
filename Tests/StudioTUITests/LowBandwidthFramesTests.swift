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

    /// After a full-precision frame is shown, a moving frame whose colours moved less than the hold tolerance keeps
    /// the cells on screen (the painter then sends none of them); an encoded frame that was never shown is not the
    /// reference.
    func testHoldsTheShownGrid() {
        let frames = LowBandwidthFrames()
        let still = flat(RGB(120, 90, 60))
        frames.shown(still)
        // Encoded but never shown: far from both.
        _ = frames.encode(flat(RGB(20, 200, 20)))
        let moved = flat(RGB(121, 90, 60))
        let out = frames.encode(moved)
        XCTAssertEqual(out.diff(still).reduce(0) { $0 + $1.count }, 0, "every cell still shows the screen's colour")
        // Without a shown grid nothing can be held: the cells are the snapped colours, which differ from the screen.
        let fresh = LowBandwidthFrames().encode(moved)
        XCTAssertGreaterThan(fresh.diff(still).reduce(0) { $0 + $1.count }, 0)
        // A colour beyond the hold tolerance is sent, within the setting's grid of the truth.
        let far = frames.encode(flat(RGB(160, 90, 60)))
        XCTAssertEqual(far.diff(still).reduce(0) { $0 + $1.count }, 32)
        XCTAssertLessThanOrEqual(far.cells[0].bg.oklab.distance(to: RGB(160, 90, 60).oklab), 0.032)
    }
}
