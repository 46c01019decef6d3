// CellGrid+LowBandwidth: fewer distinct colours while the picture moves, chosen in OKLab so that what the eye sees
// barely changes (greys stay exactly grey, hues keep their angle), and neighbouring cells share colour pairs: the
// terminal is sent fewer colour changes (bytes matter over SSH). Full precision returns when the camera stops.

/// How far a low-bandwidth frame may move colours: the grid steps in OKLab units, the tolerances in ΔE_OK2
/// (`OKLab.perceptualDistance`, a and b counted twice; about CIEDE2000 / 100).
///
/// Each colour is snapped to a grid in OKLab: `lightnessStep` along L, `chromaStep` along a and b, with the grid
/// passing through a = b = 0, so every grey stays on the grey axis and comes back exactly grey, and a chromatic
/// colour moves at most `chromaStep / √2` in the a-b plane (its hue angle moves by at most
/// `asin(chromaStep / (√2 · chroma))`). Then, along each row, a cell whose colours are within `runTolerance` of the
/// cell to its left as sent takes that cell's colours, so a row becomes runs of one colour pair (one colour change
/// per run instead of per cell). Given the previous low-bandwidth grid, a cell whose colours are still within
/// `holdTolerance` of that grid's cell keeps it, so it is not sent again (a slow camera move changes most cells a
/// little each frame). The worst error of any colour is the largest of the two tolerances and half the grid's
/// diagonal, measured against this frame's true colours: nothing drifts from frame to frame.
public struct LowBandwidth: Equatable, Sendable {
    public var lightnessStep: Float
    public var chromaStep: Float
    public var runTolerance: Float
    public var holdTolerance: Float

    public init(lightnessStep: Float, chromaStep: Float, runTolerance: Float, holdTolerance: Float = 0) {
        self.lightnessStep = lightnessStep
        self.chromaStep = chromaStep
        self.runTolerance = runTolerance
        self.holdTolerance = holdTolerance
    }

    /// The setting for a moving camera (Docs/tui.md has the measured CIEDE2000 and bytes per frame).
    public static let moving = LowBandwidth(lightnessStep: 0.02, chromaStep: 0.02, runTolerance: 0.04, holdTolerance: 0.044)

    /// `c` snapped to the OKLab grid (exactly grey when `c` is grey or within half a chroma step of the grey axis).
    public func snap(_ lab: OKLab) -> OKLab {
        func q(_ v: Float, _ step: Float) -> Float { step > 0 ? (v / step).rounded() * step : v }
        var out = OKLab(l: q(lab.l, lightnessStep), a: q(lab.a, chromaStep), b: q(lab.b, chromaStep))
        if out.a == 0 { out.a = 0 }  // -0 → 0: the grey test in `RGB.init(OKLab)` is exact
        if out.b == 0 { out.b = 0 }
        return out
    }

    /// The 8-bit colour sent for `c`.
    public func snap(_ c: RGB) -> RGB {
        if c.r == c.g && c.g == c.b {
            // Greys skip the a-b rounding altogether: exactly grey by construction.
            var lab = c.oklab
            lab.a = 0
            lab.b = 0
            return RGB(snap(lab))
        }
        return RGB(snap(c.oklab))
    }
}

extension CellGrid {
    /// This grid for a low-bandwidth frame: colours snapped to `setting`'s OKLab grid, then joined into runs along
    /// each row (see `LowBandwidth`). Cells whose two colours became equal turn into spaces. A space that joins
    /// a run takes the run's foreground too (a space shows only its background), so it shares the run's colour
    /// pair. Pure and deterministic: the same grid gives the same cells.
    ///
    /// `previous` is the low-bandwidth grid made before this one (nil, or another size: no cell is held).
    public func lowBandwidth(_ setting: LowBandwidth = .moving, holding previous: CellGrid? = nil) -> CellGrid {
        let held = previous.flatMap { $0.cols == cols && $0.rows == rows && setting.holdTolerance > 0 ? $0 : nil }
        var memo: [RGB: (lab: OKLab, sent: RGB)] = [:]
        func look(_ c: RGB) -> (lab: OKLab, sent: RGB) {
            if let m = memo[c] { return m }
            let m = (c.oklab, setting.snap(c))
            memo[c] = m
            return m
        }
        var sentLab: [RGB: OKLab] = [:]
        func labOf(_ c: RGB) -> OKLab {
            if let m = sentLab[c] { return m }
            let m = c.oklab
            sentLab[c] = m
            return m
        }
        let tol = setting.runTolerance
        var out = self
        for row in 0..<rows {
            for col in 0..<cols {
                let i = row * cols + col
                let src = cells[i]
                let bg = look(src.bg)
                let fg = src.glyph == " " ? bg : look(src.fg)
                // Candidates: the cell on screen (held), if it still shows both halves closely enough; the left
                // cell's colours (a run), if they are close enough. A held cell that continues the run is best
                // (nothing sent, no colour change); then the run (one colour change fewer); then the held cell.
                var hold: Cell?
                if let held {
                    let p = held.cells[i]
                    let top = p.glyph == " " ? p.bg : p.fg
                    if (p.glyph == src.glyph || p.glyph == " ") && labOf(p.bg).perceptualDistance(to: bg.lab) <= setting.holdTolerance
                        && labOf(top).perceptualDistance(to: fg.lab) <= setting.holdTolerance {
                        hold = p
                    }
                }
                var run: Cell?
                if col > 0 && tol > 0 {
                    let left = out.cells[i - 1]
                    let sameShape = src.glyph == left.glyph || src.glyph == " "
                    if sameShape && labOf(left.bg).perceptualDistance(to: bg.lab) <= tol
                        && (src.glyph == " " || labOf(left.fg).perceptualDistance(to: fg.lab) <= tol) {
                        run = Cell(glyph: src.glyph == " " ? " " : left.glyph, fg: left.fg, bg: left.bg)
                    }
                    if let h = hold, h.fg == left.fg && h.bg == left.bg {
                        out.cells[i] = h
                        continue
                    }
                }
                if let c = run ?? hold {
                    out.cells[i] = c
                    continue
                }
                var cell = Cell(glyph: src.glyph, fg: fg.sent, bg: bg.sent)
                if cell.glyph == " " { cell.fg = cell.bg }
                if cell.fg == cell.bg { cell.glyph = " " }
                out.cells[i] = cell
            }
        }
        return out
    }
}
