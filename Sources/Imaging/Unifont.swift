// Unifont: GNU Unifont's glyphs, parsed from its .hex form, for text the built-in 5x7 font cannot draw.

/// GNU Unifont's bitmaps (unifoundry.com): 16 rows of 8 or 16 pixels for every visible character of Unicode's
/// Basic Multilingual Plane, Chinese, Japanese and Korean included. Parsed from the `.hex` form that Debian's
/// `unifont` package installs (`/usr/share/unifont/unifont.hex`; reading the file is the caller's business, this
/// layer does no I/O): one glyph a line, four hex digits of code point, `:`, then 32 hex digits (8 pixels wide)
/// or 64 (16 wide), rows top first, the most significant bit leftmost.
public struct Unifont: Sendable {
    public static let glyphHeight = 16

    /// A malformed line: its number (1-based) and what is wrong with it.
    public struct FormatError: Error, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// One glyph: its width in pixels (8 or 16) and where its rows start in `bits`.
    public struct Glyph: Sendable, Equatable {
        public var width: Int
        var offset: Int
    }

    /// Per BMP code point: the row offset into `bits` shifted left once, plus 1 for a 16-pixel glyph; -1 for none.
    private var slots: [Int32]
    /// Rows: one byte each for 8-pixel glyphs, two (big-endian) for 16-pixel ones.
    private var bits: [UInt8]
    /// How many glyphs were read.
    public private(set) var count: Int

    /// Parses `.hex` text. Blank lines are skipped, and so are glyphs beyond U+FFFF (Unifont's upper-plane files
    /// hold a few; this font is for the BMP). Throws on anything else that is not a glyph line, naming the line;
    /// a later line for the same code point replaces the earlier one.
    public init(hex: [UInt8]) throws {
        slots = [Int32](repeating: -1, count: 0x10000)
        bits = []
        count = 0
        bits.reserveCapacity(min(hex.count / 2, 4 << 20))
        var line = 0
        var i = 0
        let n = hex.count
        while i < n {
            line += 1
            var end = i
            while end < n && hex[end] != 0x0A { end += 1 }
            var last = end
            if last > i && hex[last - 1] == 0x0D { last -= 1 }  // CRLF
            defer { i = end + 1 }
            if last == i { continue }
            guard let colon = hex[i..<last].firstIndex(of: 0x3A) else {
                throw FormatError(line: line, reason: "no ':' between code point and rows")
            }
            let digits = colon - i
            guard digits >= 1, digits <= 6, let code = Unifont.hexValue(hex[i..<colon]) else {
                throw FormatError(line: line, reason: "code point is not 1-6 hex digits")
            }
            let rowDigits = last - colon - 1
            guard rowDigits == 32 || rowDigits == 64 else {
                throw FormatError(line: line, reason: "\(rowDigits) hex digits of rows (a glyph has 32 or 64)")
            }
            if code > 0xFFFF { continue }
            let offset = bits.count
            var k = colon + 1
            while k < last {
                guard let hi = Unifont.nibble(hex[k]), let lo = Unifont.nibble(hex[k + 1]) else {
                    throw FormatError(line: line, reason: "rows are not hex digits")
                }
                bits.append(hi << 4 | lo)
                k += 2
            }
            if slots[code] < 0 { count += 1 }
            slots[code] = Int32(offset << 1 | (rowDigits == 64 ? 1 : 0))
        }
    }

    /// The glyph for `scalar`, or nil when the font has none (or it lies beyond the BMP).
    public func glyph(_ scalar: Unicode.Scalar) -> Glyph? {
        let v = Int(scalar.value)
        guard v < slots.count else { return nil }
        let s = Int(slots[v])
        guard s >= 0 else { return nil }
        return Glyph(width: s & 1 == 1 ? 16 : 8, offset: s >> 1)
    }

    /// Row `row` (0 at the top) of `glyph`, its leftmost pixel in bit 15.
    public func row(_ row: Int, of glyph: Glyph) -> UInt16 {
        if glyph.width == 16 {
            let o = glyph.offset + 2 * row
            return UInt16(bits[o]) << 8 | UInt16(bits[o + 1])
        }
        return UInt16(bits[glyph.offset + row]) << 8
    }

    static func nibble(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    static func hexValue(_ digits: ArraySlice<UInt8>) -> Int? {
        var v = 0
        for d in digits {
            guard let x = nibble(d) else { return nil }
            v = v << 4 | Int(x)
        }
        return v
    }
}
