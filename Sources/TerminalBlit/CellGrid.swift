// CellGrid: a whole terminal picture as cells, built from an image by a blitter, then quantised and diffed.

/// `cols` x `rows` cells, row-major, top row first: what the viewport shows, built without any terminal I/O.
///
/// The TUI builds a grid per frame (`init(image:blitter:monochrome:)`), snaps it to the terminal's colours
/// (`quantized(to:)`), and sends only the cells `diff(_:)` reports, so a still camera costs nothing.
public struct CellGrid: Equatable, Sendable {
    public let cols: Int
    public let rows: Int
    /// `cols * rows` cells, row-major.
    public var cells: [Cell]

    /// A grid filled with one cell.
    public init(cols: Int, rows: Int, fill: Cell = .blank(.black)) {
        precondition(cols >= 0 && rows >= 0, "grid size must not be negative")
        self.cols = cols
        self.rows = rows
        self.cells = [Cell](repeating: fill, count: cols * rows)
    }

    /// Wraps existing cells; `cells.count` must be `cols * rows`.
    public init(cols: Int, rows: Int, cells: [Cell]) {
        precondition(cols >= 0 && rows >= 0 && cells.count == cols * rows, "cells do not match the grid size")
        self.cols = cols
        self.rows = rows
        self.cells = cells
    }

    /// The cell at column `col`, row `row` (row 0 is the top).
    @inlinable
    public subscript(col: Int, row: Int) -> Cell {
        get { cells[row * cols + col] }
        set { cells[row * cols + col] = newValue }
    }

    /// The glyphs of one row as a string (tests and debugging).
    public func text(row: Int) -> String {
        var s = String.UnicodeScalarView()
        for c in 0..<cols { s.append(self[c, row].glyph) }
        return String(s)
    }
}
