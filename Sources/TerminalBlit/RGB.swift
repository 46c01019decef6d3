// RGB: an sRGB-encoded colour of one terminal cell side, with the colour metric every quantiser here uses.

/// An 8-bit sRGB colour (the values a terminal's `38;2;R;G;B` or a palette entry means).
///
/// Terminals work in display-referred colour, so cells keep the encoded values of the source image; the
/// metric below compares encoded values too, which is what the terminal's palette is specified in.
public struct RGB: Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    @inlinable
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    public static let black = RGB(0, 0, 0)
    public static let white = RGB(255, 255, 255)

    /// `0xRRGGBB`, the colour number a direct-colour terminfo entry (`xterm-direct`) expects.
    @inlinable
    public var packed: Int32 { Int32(r) << 16 | Int32(g) << 8 | Int32(b) }

    /// Rec. 601 luma of the encoded values, 0...255 (`(77 R + 150 G + 29 B) / 256`), for glyph ramps and
    /// monochrome dithering.
    @inlinable
    public var luma: Int { (77 * Int(r) + 150 * Int(g) + 29 * Int(b)) >> 8 }

    public var description: String { "#" + hex(r) + hex(g) + hex(b) }

    /// `2 dR² + 4 dG² + 3 dB²`: the distance every quantiser in TerminalBlit minimises.
    ///
    /// A fixed-weight approximation of perceived difference that counts green most and red least (the "2, 4, 3"
    /// weighting of compuphase's low-cost colour metric). Fixed weights keep the metric separable per channel,
    /// which is what lets `XtermPalette` find the exact nearest 256-palette entry in O(1).
    @inlinable
    public func distance(to o: RGB) -> Int {
        let dr = Int(r) - Int(o.r), dg = Int(g) - Int(o.g), db = Int(b) - Int(o.b)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}

private func hex(_ v: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(v >> 4)], digits[Int(v & 15)]])
}
