// ViewerScreen: the terminal as the viewer uses it — keys in; viewport cells and text lines out — so the viewer
// runs on curses in a terminal and on a recording fake in unit tests (pictures go through `PixelPresenter`).

import TerminalBlit

/// What the viewer needs from a terminal. `CursesScreen` is the real one.
protocol ViewerScreen: AnyObject {
    /// Columns and rows now.
    var size: (cols: Int, rows: Int) { get }
    /// Ctrl-C, Ctrl-\, SIGTERM or SIGHUP arrived.
    var quitRequested: Bool { get }
    /// ANSI colours of the terminal's palette the cell quantiser may use (8 or 16).
    var ansiCount: Int { get }
    /// The keys waiting: up to `ViewerApp.pollMilliseconds` for the first, then every one already there (64 at most).
    func readKeys() -> [KeyInput]
    /// The viewport's cells from the top-left corner; only cells that changed since the last paint are sent.
    func paintViewport(_ grid: CellGrid, depth: ColorDepth)
    /// Forgets what the viewport shows, so the next paint sends every cell (after an overlay closes).
    func invalidateViewport()
    /// Clears the whole screen (after a resize).
    func erase()
    func putText(row: Int, col: Int, _ text: String, width: Int, style: TextStyle)
    /// A row of coloured glyphs (the timeline).
    func putCells(row: Int, col: Int, _ cells: [Cell], depth: ColorDepth)
    /// Makes what was drawn visible.
    func update()
    /// Redraws everything on the next update (Ctrl-L).
    func forceFullRepaint()
    /// Painter and colour-pair counters for the debug hint line.
    var counters: String { get }
}

/// The terminal through ncursesw: the viewport painted by `ViewportPainter` with colour pairs from `PairTable`.
final class CursesScreen: ViewerScreen {
    private let table: PairTable
    private let painter = ViewportPainter()

    init(table: PairTable) {
        self.table = table
    }

    var size: (cols: Int, rows: Int) { Curses.screenSize() }
    var quitRequested: Bool { Curses.quitSignal != 0 }
    var ansiCount: Int { table.ansiCount }

    func readKeys() -> [KeyInput] {
        guard let first = Curses.readKey() else { return [] }
        var keys = [first]
        // Take every key already waiting, so keys that piled up during a slow update cost one render.
        Curses.setReadTimeout(0)
        while keys.count < 64, let k = Curses.readKey() { keys.append(k) }
        Curses.setReadTimeout(ViewerApp.pollMilliseconds)
        return KeyInput.droppingTerminalReports(keys)
    }

    func paintViewport(_ grid: CellGrid, depth: ColorDepth) {
        let (cols, rows) = size
        painter.paint(grid, depth: depth, table: table, screenCells: cols * rows)
    }

    func invalidateViewport() { painter.invalidate(table: table) }

    func erase() {
        Curses.erase()
        painter.move(to: (0, 0), table: table)
    }

    func putText(row: Int, col: Int, _ text: String, width: Int, style: TextStyle) {
        Curses.putText(row: row, col: col, text, width: width, style: style)
    }

    func putCells(row: Int, col: Int, _ cells: [Cell], depth: ColorDepth) {
        let glyphs = cells.map { $0.glyph.value }
        let pairs = cells.map { table.pair(for: $0, depth: depth) ?? 0 }
        Curses.putCells(row: row, col: col, glyphs: glyphs, pairs: pairs, count: cells.count)
    }

    func update() {
        Curses.update()
        if let marker = painter.afterUpdate() { Curses.writeRaw(marker) }
    }
    func forceFullRepaint() { Curses.forceFullRepaint() }

    var counters: String {
        let c = table.cache
        return "cells sent \(painter.lastCellsSent)  pairs \(c?.defined ?? 0)  redefined \(c?.redefinitions ?? 0)"
            + "  resets \(c?.resets ?? 0)"
    }
}
