// ColorDepth: how many colours the terminal shows, and quantising a cell grid down to them.

/// The colours a viewport may use, from direct RGB down to none.
public enum ColorDepth: String, CaseIterable, Sendable {
    /// 24-bit RGB per cell (`38;2;R;G;B`): needs a direct-colour terminfo entry.
    case truecolor
    /// The xterm palette's entries 16-255.
    case palette256 = "256"
    /// The 16 ANSI colours (8 on terminals that have only 8).
    case palette16 = "16"
    /// No colour: glyphs only (`NO_COLOR`, monochrome terminals).
    case monochrome = "none"

    /// Short name for the status line.
    public var label: String { rawValue }
}

extension CellGrid {
    /// This grid with every colour replaced by the palette colour the terminal will show for it, and cells whose
    /// two colours became equal turned into spaces (so they share a colour pair and nothing can mis-draw).
    ///
    /// Palette depths go through `PaletteDither`: nearest entries in OKLab, ordered-dithered between two entries
    /// (a cell's foreground is the pixel at (col, 2 row), its background the one at (col, 2 row + 1), as the
    /// half-block blitter lays them out; a space, one flat colour, is dithered at (col, row) so that a flat area
    /// meets all sixteen thresholds), greys among greys only. `ansiCount` limits `.palette16` to the first 8
    /// ANSI colours on 8-colour terminals. `.truecolor` and `.monochrome` keep colours as they are (monochrome
    /// grids carry no colour the terminal uses). Deterministic: the same grid gives the same cells.
    public func quantized(to depth: ColorDepth, ansiCount: Int = 16) -> CellGrid {
        guard var dither = PaletteDither.forDepth(depth, ansiCount: ansiCount) else { return self }
        dither.adoptSharedPlans()
        defer { dither.shareMyPlans() }
        var out = self
        for row in 0..<rows {
            for col in 0..<cols {
                let i = row * cols + col
                var cell = out.cells[i]
                if cell.glyph == " " {
                    // A space is one flat colour: dithered at cell resolution, so a flat area uses every threshold.
                    cell.bg = XtermPalette.rgb(dither.index(cell.bg, x: col, y: row))
                    cell.fg = cell.bg
                    out.cells[i] = cell
                    continue
                }
                cell.bg = XtermPalette.rgb(dither.index(cell.bg, x: col, y: 2 * row + 1))
                cell.fg = XtermPalette.rgb(dither.index(cell.fg, x: col, y: 2 * row))
                if cell.fg == cell.bg { cell.glyph = " " }
                out.cells[i] = cell
            }
        }
        return out
    }
}
