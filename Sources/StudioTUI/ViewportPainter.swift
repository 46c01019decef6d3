// ViewportPainter: sends a cell grid to the screen, only the cells that changed, keeping pair use counted.

import TerminalBlit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws successive `CellGrid`s into a rectangle of the screen.
///
/// It remembers what it drew last (`shown`) and the pair of every cell (`pairs`), so each frame sends only the
/// runs `CellGrid.diff` reports (one `wadd_wchnstr` per run, through `Curses.putCells`) and the `PairCache`
/// knows which pairs are still on screen.
final class ViewportPainter {
    private(set) var origin: (col: Int, row: Int) = (0, 0)
    private var shown: CellGrid?
    private var shownDepth: ColorDepth?
    private var pairs: [Int32] = []
    private var glyphBuffer: [UInt32] = []
    private var pairBuffer: [Int32] = []
    /// Cells sent by the last `paint` (for the debug figures in the status line).
    private(set) var lastCellsSent = 0
    /// `XRSTUDIO_TUI_GRID=FILE`: after each paint has been sent, the grid as drawn is written there and a marker
    /// goes to the terminal (`afterUpdate`; a test hook: the real-pty tests compare the grid with what a terminal
    /// emulator fed the bytes up to the marker shows, to find stale cells).
    private let gridPath: String? = getenv("XRSTUDIO_TUI_GRID").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    private var paints = 0
    /// The last paint's grid as drawn, until `afterUpdate` writes it.
    private var drawnNotDumped: CellGrid?

    /// Forgets what is on screen, releasing its pairs: the next `paint` sends every cell.
    func invalidate(table: PairTable) {
        for p in pairs { table.cache?.release(p) }
        pairs = []
        shown = nil
    }

    /// Moves the viewport (after a resize); everything is repainted.
    func move(to origin: (col: Int, row: Int), table: PairTable) {
        self.origin = origin
        invalidate(table: table)
    }

    /// Paints `grid` at `depth`, sending only changed cells; if the pair cache runs out, resets all pairs and
    /// repaints the whole grid.
    func paint(_ grid: CellGrid, depth: ColorDepth, table: PairTable, screenCells: Int) {
        if shownDepth != depth || pairs.count != grid.cols * grid.rows {
            invalidate(table: table)
            pairs = [Int32](repeating: 0, count: grid.cols * grid.rows)
            shownDepth = depth
        }
        // Redefinition budget ≈ 4 ms of ncurses' whole-screen scans (≈ 1.6 ns per cell each).
        table.cache?.budget = max(32, 2_500_000 / max(screenCells, 1))
        table.cache?.beginFrame()
        let spans = grid.diff(shown)
        if !send(spans, of: grid, depth: depth, table: table, fallback: false) {
            table.reset()
            pairs = [Int32](repeating: 0, count: grid.cols * grid.rows)
            table.cache?.beginFrame()
            _ = send(grid.diff(nil), of: grid, depth: depth, table: table, fallback: true)
        }
        shown = grid
        // Cells drawn in a stand-in pair are not what the grid says: the next frame sends them again, so no cell
        // stays wrong (this was the stale-block bug: they were remembered as drawn and never re-sent).
        for i in standIns { shown?.cells[i] = ViewportPainter.unknown }
        paints += 1
        if gridPath != nil {
            // What was drawn: the grid, with the stand-in colours where a pair could not be had. Written by
            // `afterUpdate`, once curses has sent it.
            var drawn = grid
            for (i, c) in drawnInstead { drawn.cells[i] = c }
            drawnNotDumped = drawn
        }
    }

    /// The test hook's second half, called right after the update that sent the last `paint` to the terminal:
    /// writes the grid as drawn to `XRSTUDIO_TUI_GRID` and returns the marker to write to the terminal after
    /// it, `ESC _ xrstudio-painted N ESC \` (an APC string, which terminals ignore). A checker feeding the bytes
    /// into a screen model compares the screen at the marker with the grid: every byte of paint N precedes it,
    /// none of a later paint does, so no timing guess is involved. Nil when nothing was painted since, or
    /// without the hook.
    func afterUpdate() -> [UInt8]? {
        guard let gridPath, let drawn = drawnNotDumped else { return nil }
        drawnNotDumped = nil
        Self.write(drawn, paint: paints, origin: origin, to: gridPath)
        return Array("\u{1B}_xrstudio-painted \(paints)\u{1B}\\".utf8)
    }

    /// The pair among `made` whose colours are nearest to `cell`'s (0, the terminal's default, if none).
    private static func nearest(_ cell: Cell, among made: [(pair: Int32, fg: OKLab, bg: OKLab, cell: Cell)])
        -> (pair: Int32, fg: OKLab, bg: OKLab, cell: Cell)? {
        let fg = cell.fg.oklab, bg = cell.bg.oklab
        var best: (pair: Int32, fg: OKLab, bg: OKLab, cell: Cell)?, bestDistance = Float.infinity
        for m in made {
            let d = (cell.glyph == " " ? 0 : m.fg.distance(to: fg)) + m.bg.distance(to: bg)
            if d < bestDistance {
                bestDistance = d
                best = m
            }
        }
        return best
    }

    /// Writes `grid` atomically (a temporary file, then `rename`): a header line
    /// `xrstudio-grid PAINT COLS ROWS COL ROW`, then per cell, row-major, the glyph as 4 bytes little-endian and
    /// fg, bg as R G B bytes.
    private static func write(_ grid: CellGrid, paint: Int, origin: (col: Int, row: Int), to path: String) {
        var bytes = Array("xrstudio-grid \(paint) \(grid.cols) \(grid.rows) \(origin.col) \(origin.row)\n".utf8)
        bytes.reserveCapacity(bytes.count + grid.cells.count * 10)
        for c in grid.cells {
            let g = c.glyph.value
            bytes += [UInt8(g & 255), UInt8(g >> 8 & 255), UInt8(g >> 16 & 255), UInt8(g >> 24), c.fg.r, c.fg.g, c.fg.b, c.bg.r, c.bg.g, c.bg.b]
        }
        let temporary = path + ".tmp"
        guard let f = fopen(temporary, "wb") else { return }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
        if written == bytes.count { rename(temporary, path) }
    }

    /// A cell no grid contains: what `shown` holds where the screen is not known to match the grid.
    static let unknown = Cell(glyph: "\u{FFFF}", fg: .black, bg: .black)
    /// Cells of the last paint drawn in a stand-in pair (`send` with `fallback`), and the colours they show.
    private var standIns: [Int] = []
    private var drawnInstead: [Int: Cell] = [:]

    /// Sends each span; false as soon as a pair cannot be had. With `fallback` (after every pair was reset) a
    /// cell whose pair cannot be had is drawn in the nearest pair (OKLab, both colours) defined for an earlier
    /// cell of this frame, and listed in `standIns` so that the next frame sends it again.
    private func send(_ spans: [CellSpan], of grid: CellGrid, depth: ColorDepth, table: PairTable,
                      fallback: Bool) -> Bool {
        lastCellsSent = 0
        standIns.removeAll(keepingCapacity: true)
        drawnInstead.removeAll(keepingCapacity: true)
        var made: [(pair: Int32, fg: OKLab, bg: OKLab, cell: Cell)] = []
        var madeKeys = Set<Int32>()
        for span in spans {
            glyphBuffer.removeAll(keepingCapacity: true)
            pairBuffer.removeAll(keepingCapacity: true)
            for c in span.column..<(span.column + span.count) {
                let i = span.row * grid.cols + c
                let cell = grid.cells[i]
                var p: Int32
                if let q = table.pair(for: cell, depth: depth) {
                    p = q
                    if fallback && madeKeys.insert(q).inserted { made.append((q, cell.fg.oklab, cell.bg.oklab, cell)) }
                } else if fallback {
                    let stand = ViewportPainter.nearest(cell, among: made)
                    p = stand?.pair ?? 0
                    standIns.append(i)
                    drawnInstead[i] = stand.map { Cell(glyph: cell.glyph, fg: $0.cell.fg, bg: $0.cell.bg) } ?? cell
                } else {
                    return false
                }
                if pairs[i] != p {
                    table.cache?.retain(p)
                    table.cache?.release(pairs[i])
                    pairs[i] = p
                }
                glyphBuffer.append(cell.glyph.value)
                pairBuffer.append(p)
            }
            glyphBuffer.withUnsafeBufferPointer { g in
                pairBuffer.withUnsafeBufferPointer { p in
                    Curses.putCells(row: origin.row + span.row, col: origin.col + span.column,
                                    glyphs: g.baseAddress!, pairs: p.baseAddress!, count: span.count)
                }
            }
            lastCellsSent += span.count
        }
        return true
    }
}
