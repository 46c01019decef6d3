// VisibleText: text from files (names, paths, values) made safe to print to a terminal.

/// `text` with its control characters (C0 but line feed, DEL, C1: an ESC sequence in a file or take name would be a
/// terminal command, a NUL would end a C string) shown as `\xNN`. Everything xrstudio prints to stderr that may hold
/// a file's text goes through this.
public func visibleText(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for c in text.unicodeScalars {
        if (c.value < 0x20 && c != "\n") || c.value == 0x7F || (0x80...0x9F).contains(c.value) {
            out.append(contentsOf: ("\\x" + hexDigits(c.value, atLeast: 2)).unicodeScalars)
        } else {
            out.append(c)
        }
    }
    return String(out)
}

/// `value` in upper-case hex, zero-padded to at least `n` digits (`U+` code points take 4, `\x` escapes 2).
public func hexDigits(_ value: UInt32, atLeast n: Int) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, n - hex.count)) + hex
}
