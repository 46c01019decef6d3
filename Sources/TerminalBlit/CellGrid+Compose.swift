// CellGrid+Compose: one grid drawn over part of another (a pane inside the viewport), with an optional frame.

extension CellGrid {
    /// This grid with `pane` drawn at (`col`, `row`), clipped to this grid; with `frame`, a one-cell border in
    /// that colour is drawn around the pane (inside this grid) on the sides that do not touch this grid's edge.
    public func pasting(_ pane: CellGrid, col: Int, row: Int, frame: RGB? = nil) -> CellGrid {
        var out = self
        for r in 0..<pane.rows where row + r >= 0 && row + r < rows {
            for c in 0..<pane.cols where col + c >= 0 && col + c < cols {
                out[col + c, row + r] = pane[c, r]
            }
        }
        guard let frame else { return out }
        let line = { (glyph: Unicode.Scalar, c: Int, r: Int) in
            if c >= 0 && c < cols && r >= 0 && r < rows { out[c, r] = Cell(glyph: glyph, fg: frame, bg: RGB(0, 0, 0)) }
        }
        let left = col - 1, bottom = row + pane.rows, top = row - 1, right = col + pane.cols
        for r in max(row, 0)..<min(row + pane.rows, rows) {
            line("\u{2502}", left, r)
            line("\u{2502}", right, r)
        }
        for c in max(col, 0)..<min(col + pane.cols, cols) {
            line("\u{2500}", c, bottom)
            line("\u{2500}", c, top)
        }
        line("\u{2514}", left, bottom)
        line("\u{2518}", right, bottom)
        line("\u{250C}", left, top)
        line("\u{2510}", right, top)
        return out
    }
}
