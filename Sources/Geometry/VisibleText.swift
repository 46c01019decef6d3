// VisibleText: text from files (names, paths, values) made safe to print to a terminal.

/// `text` with its control characters (C0 but line feed, DEL, C1: an ESC sequence in a file or take name would be a
/// terminal command, a NUL would end a C string) shown as `\xNN`. Everything xrstudio prints to stderr that may hold
/// a file's text goes through this.
public func visibleText(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for c in text.unicodeScalars {
        if (c.value < 0x20 && c != "\n") || c.value == 0x7F || (0x80...0x9F).contains(c.value) {
            let hex = String(c.value, radix: 16, uppercase: true)
            out.append(contentsOf: ("\\x" + (hex.count < 2 ? "0" : "") + hex).unicodeScalars)
        } else {
            out.append(c)
        }
    }
    return String(out)
}
