// PairTable: turns a cell's colours into a curses colour pair for the current colour depth.

import TerminalBlit

/// Colour numbers and pairs for each colour depth on one terminal.
///
/// - Indexed terminals (256 or 16/8 colours): static tables, defined once on first use, so a frame needs no pair
///   work at all: `1 + fg * n + bg` for the n = 16 (or 8) ANSI colours, where a space in colour c (c > 0) uses
///   pair (0, c) so the table needs only pairs 1...n² - 1 (an 8-colour `xterm` has exactly 64 pairs), and `base + (fg - 16) * 240 + (bg - 16)`
///   for the 240 palette entries 16-255 (57,600 pairs, ≈ 30 ms to define). When `COLOR_PAIRS` is too small for
///   a table, that depth uses the `PairCache` instead.
/// - Direct-colour terminals: colour numbers are 0xRRGGBB and pairs come from the `PairCache`.
/// - Monochrome: pair 0 (the terminal's default colours).
final class PairTable {
    let direct: Bool
    let colorPairs: Int
    /// ANSI colours the terminal has (8 or 16).
    let ansiCount: Int
    let cache: PairCache?

    private let ansiBase: Int32 = 1
    private let paletteBase: Int32
    private let ansiTableFits: Bool
    private let paletteTableFits: Bool
    private var ansiDefined = false
    private var paletteDefined = false

    init(direct: Bool, colors: Int, colorPairs: Int) {
        self.direct = direct
        self.colorPairs = colorPairs
        ansiCount = direct || colors >= 16 ? 16 : 8
        let n = Int32(ansiCount)
        paletteBase = 1 + n * n
        ansiTableFits = !direct && Int(n * n) <= colorPairs
        paletteTableFits = !direct && colors >= 256 && Int(paletteBase) + 240 * 240 <= colorPairs
        let first: Int32 = ansiTableFits ? 1 + n * n : 1
        cache = (direct || !paletteTableFits) && colorPairs > Int(first) + 1
            ? PairCache(range: first..<Int32(min(colorPairs, Int(Int32.max)))) : nil
    }

    /// The colour number the terminal uses for `c` at `depth`.
    ///
    /// On direct-colour entries, values 0-7 select palette colours (xterm-direct's `setaf` treats them as ANSI),
    /// so the near-blacks #000000-#000007 become #000008.
    func colorNumber(_ c: RGB, depth: ColorDepth) -> Int32 {
        if direct { return max(c.packed, 8) }
        switch depth {
        case .palette256: return Int32(XtermPalette.nearest256(c))
        case .palette16, .truecolor: return Int32(XtermPalette.nearestANSI(c, count: ansiCount))
        case .monochrome: return -1
        }
    }

    /// The pair showing `cell`'s colours at `depth`; nil when the cache is exhausted for this frame.
    func pair(for cell: Cell, depth: ColorDepth) -> Int32? {
        if depth == .monochrome { return 0 }
        let fg = colorNumber(cell.fg, depth: depth), bg = colorNumber(cell.bg, depth: depth)
        if !direct {
            if depth == .palette256 && paletteTableFits {
                definePaletteTable()
                return paletteBase + (fg - 16) * 240 + (bg - 16)
            }
            if depth != .palette256 && ansiTableFits && (fg != bg || cell.glyph == " ") {
                defineANSITable()
                return PairTable.ansiPair(fg: fg, bg: bg, count: Int32(ansiCount))
            }
        }
        return cache?.pair(fg: fg, bg: bg) ?? (cache == nil ? 0 : nil)
    }

    /// Forgets every pair, cached and static (`reset_color_pairs` clears them all).
    func reset() {
        if let cache { cache.reset() } else { Curses.resetPairs() }
        ansiDefined = false
        paletteDefined = false
    }

    /// The static pair of ANSI colours (fg, bg) among `count`: `1 + fg * count + bg`, except that (c, c), only ever
    /// a space, which shows its background alone, uses (0, c); so pairs 1...count² - 1 cover every cell.
    static func ansiPair(fg: Int32, bg: Int32, count: Int32) -> Int32 {
        1 + (fg == bg ? 0 : fg) * count + bg
    }

    private func defineANSITable() {
        guard !ansiDefined else { return }
        ansiDefined = true
        let n = Int32(ansiCount)
        for fg in 0..<n {
            for bg in 0..<n where fg != bg || fg == 0 { Curses.initPair(PairTable.ansiPair(fg: fg, bg: bg, count: n), fg: fg, bg: bg) }
        }
    }

    private func definePaletteTable() {
        guard !paletteDefined else { return }
        paletteDefined = true
        for fg in Int32(16)...255 {
            for bg in Int32(16)...255 { Curses.initPair(paletteBase + (fg - 16) * 240 + (bg - 16), fg: fg, bg: bg) }
        }
    }
}
