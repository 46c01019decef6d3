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
    /// `ansiCount` limits `.palette16` to the first 8 ANSI colours on 8-colour terminals. `.truecolor` and
    /// `.monochrome` keep colours as they are (monochrome grids carry no colour the terminal uses).
    public func quantized(to depth: ColorDepth, ansiCount: Int = 16) -> CellGrid {
        let map: (RGB) -> RGB
        switch depth {
        case .truecolor, .monochrome:
            return self
        case .palette256:
            map = { XtermPalette.rgb(XtermPalette.nearest256($0)) }
        case .palette16:
            map = { XtermPalette.rgb(XtermPalette.nearestANSI($0, count: ansiCount)) }
        }
        var out = self
        var memo: [RGB: RGB] = [:]
        func snap(_ c: RGB) -> RGB {
            if let m = memo[c] { return m }
            let m = map(c)
            memo[c] = m
            return m
        }
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
