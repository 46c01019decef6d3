// DisplayWidth: how many terminal columns text takes, so text with Chinese names (the viewer's chrome, report
// columns) still fits its line and lines up.

/// Terminal columns of text, as terminals count them (wcwidth): East Asian wide and fullwidth characters (CJK
/// ideographs and punctuation, kana, hangul, fullwidth forms, most emoji) take two, combining marks and format
/// characters (a zero-width joiner) none, everything else one. The viewer's own chrome is one column a character,
/// but scene, take and file names are the user's: `滨海XR影棚` is 10 columns, not 6.
public enum DisplayWidth {
    /// Ranges of East Asian Wide (W) and Fullwidth (F) characters (Unicode's EastAsianWidth.txt, its large blocks).
    private static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF,
        0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248,
        0x1F250...0x1F251, 0x1F260...0x1F265, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB,
        0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// Columns one scalar takes: 0, 1 or 2.
    public static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x300 { return 1 }  // ASCII and Latin-1: the chrome's own text
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        var lo = 0, hi = wide.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if v < wide[mid].lowerBound { hi = mid - 1 } else if v > wide[mid].upperBound { lo = mid + 1 } else { return 2 }
        }
        return 1
    }

    /// Columns a text takes.
    public static func of(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + of($1) } }

    /// The longest start of `text` that fits in `columns` (a wide character that would be cut is left out whole).
    public static func prefix(_ text: String, columns: Int) -> String {
        var out = String.UnicodeScalarView()
        var used = 0
        for s in text.unicodeScalars {
            let w = of(s)
            if used + w > columns { break }
            out.append(s)
            used += w
        }
        return String(out)
    }

    /// `text` in at most `columns` columns: as it is when it fits, else cut and marked with `mark` (`…`, or `...`
    /// where that cannot be shown) at its end, or at its start when `keepEnd` (a path, whose file name matters
    /// most). A mark wider than `columns` is left out.
    public static func shortened(_ text: String, columns: Int, mark: String, keepEnd: Bool = false) -> String {
        guard of(text) > columns else { return text }
        let room = columns - of(mark)
        guard room > 0 else { return prefix(text, columns: max(0, columns)) }
        if !keepEnd { return prefix(text, columns: room) + mark }
        var tail = String.UnicodeScalarView()
        var used = 0
        for s in text.unicodeScalars.reversed() {
            let w = of(s)
            if used + w > room { break }
            tail.insert(s, at: tail.startIndex)
            used += w
        }
        return mark + String(tail)
    }

    /// `text` cut or padded with spaces to exactly `columns` columns.
    public static func pad(_ text: String, _ columns: Int) -> String {
        guard columns > 0 else { return "" }
        let cut = prefix(text, columns: columns)
        return cut + String(repeating: " ", count: max(0, columns - of(cut)))
    }
}
