// TerminalProbe: what a terminfo entry says about colour, read before curses starts.

/// The colour capabilities of one terminfo entry.
struct TerminalProbe: Equatable, Sendable {
    /// terminfo `colors` (-1 when absent); 16777216 for direct-colour entries such as `xterm-direct`.
    var colors: Int
    /// terminfo's extended `RGB` flag: colour numbers are 0xRRGGBB.
    var hasRGB: Bool

    /// Direct colour: the RGB flag, or at least 2^24 colours.
    var isDirect: Bool { hasRGB || colors >= 1 << 24 }
}
