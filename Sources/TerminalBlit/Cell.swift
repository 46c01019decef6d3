// Cell: one terminal character cell of a blitted image: a glyph drawn in a foreground over a background.

/// One character cell: `glyph` drawn in `fg` over `bg`.
///
/// A space shows only `bg`; blitters and `CellGrid.quantized(to:)` store `fg == bg` for spaces so that equal
/// backgrounds share one colour pair in the terminal.
public struct Cell: Hashable, Sendable {
    public var glyph: Unicode.Scalar
    public var fg: RGB
    public var bg: RGB

    @inlinable
    public init(glyph: Unicode.Scalar, fg: RGB, bg: RGB) {
        self.glyph = glyph
        self.fg = fg
        self.bg = bg
    }

    /// A space showing `color`.
    @inlinable
    public static func blank(_ color: RGB) -> Cell { Cell(glyph: " ", fg: color, bg: color) }
}
