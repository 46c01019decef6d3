// CellGrid+Coarsen: fewer colour levels while the picture moves, so neighbouring cells share colours and the
// terminal is sent fewer colour changes (bytes matter over SSH); full precision returns when the camera stops.

extension CellGrid {
    /// This grid with each colour channel rounded to `bits` bits (2^bits levels spread over 0...255, e.g. 4 bits:
    /// 0, 17, 34 … 255), and cells whose two colours became equal turned into spaces, as `quantized` does.
    public func coarsened(bits: Int) -> CellGrid {
        let b = min(max(bits, 1), 8)
        guard b < 8 else { return self }
        let levels = (1 << b) - 1
        var table = [UInt8](repeating: 0, count: 256)
        for v in 0..<256 {
            let level = (v * levels + 127) / 255
            table[v] = UInt8((level * 255 + levels / 2) / levels)
        }
        func snap(_ c: RGB) -> RGB { RGB(table[Int(c.r)], table[Int(c.g)], table[Int(c.b)]) }
        var out = self
        for i in 0..<out.cells.count {
            var cell = out.cells[i]
            cell.bg = snap(cell.bg)
            cell.fg = cell.glyph == " " ? cell.bg : snap(cell.fg)
            if cell.fg == cell.bg { cell.glyph = " " }
            out.cells[i] = cell
        }
        return out
    }
}

extension CellGrid {
    /// This grid with each cell that is within `tolerance` (every channel of both colours) of the cell to its left
    /// given that cell's colours, so a row becomes longer runs of one colour pair: each run costs the terminal
    /// one colour change instead of one per cell. Rows are independent; the first cell of a row is kept.
    public func mergingNearColors(tolerance: Int) -> CellGrid {
        guard tolerance > 0 else { return self }
        func near(_ a: RGB, _ b: RGB) -> Bool {
            abs(Int(a.r) - Int(b.r)) <= tolerance && abs(Int(a.g) - Int(b.g)) <= tolerance && abs(Int(a.b) - Int(b.b)) <= tolerance
        }
        var out = self
        for row in 0..<rows {
            for col in 1..<max(cols, 1) {
                let left = out[col - 1, row]
                var cell = out[col, row]
                guard cell.glyph == left.glyph || cell.glyph == " " || left.glyph == " " else { continue }
                if near(cell.bg, left.bg) && (cell.glyph == " " || near(cell.fg, left.fg)) {
                    cell.bg = left.bg
                    if cell.glyph != " " { cell.fg = left.fg }
                    out[col, row] = cell
                }
            }
        }
        return out
    }
}
