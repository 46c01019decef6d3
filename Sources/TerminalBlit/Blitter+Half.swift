// Blitter+Half: the half-block cell: the upper pixel as the foreground of ▀, the lower as the background.

extension Blitter {
    /// Upper half block U+2580.
    static let upperHalf: Unicode.Scalar = "\u{2580}"

    /// `▀` in `top` over `bottom`; a space when the two are equal (no glyph to mis-draw on terminals that make
    /// the ambiguous-width `▀` wide, and one colour pair for runs of flat colour).
    static func halfCell(top: RGB, bottom: RGB) -> Cell {
        top == bottom ? .blank(top) : Cell(glyph: upperHalf, fg: top, bg: bottom)
    }
}
