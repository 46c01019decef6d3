// BitmapFont: a small built-in 5x7 pixel font for labels and burn-ins (an original design, no font files).

/// A 5x7 pixel font: digits, upper-case letters (lower case draws as upper case, except `x`, which has its
/// own small glyph for sizes such as "1920x1080"), space and `: ; . , - _ / ( ) % + = # [ ] ' " ? ! *`.
///
/// Each glyph is 7 rows of 5 bits, top row first, bit 4 the leftmost pixel. Characters advance 6 pixels
/// (one blank column between glyphs) times the scale; a line is 7 pixels times the scale. Characters the
/// font does not have draw as `?`.
public enum BitmapFont {
    public static let glyphWidth = 5
    public static let glyphHeight = 7
    /// Horizontal distance from one character to the next, before scaling.
    public static let advance = 6
    /// Largest scale honoured; larger values are clamped (keeps the arithmetic far from overflow).
    public static let maxScale = 1024

    /// Every character with a glyph of its own (space included; lower-case letters other than `x` are
    /// drawn with the upper-case glyphs and are not listed).
    public static let supportedCharacters: [Character] = table.map { $0.0 }

    /// The 7 bit rows of `c` (bit 4 leftmost), or nil when the font has no glyph for it.
    public static func glyph(_ c: Character) -> [UInt8]? {
        guard let a = c.asciiValue else { return nil }
        var code = Int(a)
        if code >= 97 && code <= 122 && code != 120 { code -= 32 }  // a-z → A-Z, but x keeps its own glyph
        return lookup[code]
    }

    /// The size in pixels of `text` drawn on one line at `scale`: (0, 0) for the empty string.
    public static func size(of text: String, scale: Int = 1) -> (width: Int, height: Int) {
        let s = clampScale(scale)
        let n = text.count
        guard n > 0 else { return (0, 0) }
        return ((n * advance - 1) * s, glyphHeight * s)
    }

    /// Draws `text` with its top-left corner at (`x`, `y`), each font pixel a `scale` x `scale` square,
    /// blending `color` over the image by its alpha. Anything outside the image is clipped; any position
    /// (negative, far outside) is safe.
    public static func draw(_ text: String, into image: inout RGBA8Image, x: Int, y: Int, scale: Int = 1,
                            color: (r: UInt8, g: UInt8, b: UInt8, a: UInt8) = (255, 255, 255, 255)) {
        let s = clampScale(scale)
        guard !text.isEmpty, image.width > 0, image.height > 0 else { return }
        // Reject positions that cannot touch the image before doing any arithmetic with them.
        guard x < image.width, y < image.height, y > -glyphHeight * s else { return }
        var cx = x
        for ch in text {
            if cx >= image.width { break }
            if cx > -glyphWidth * s, let rows = glyph(ch) ?? lookup[63] {
                for (r, bits) in rows.enumerated() where bits != 0 {
                    for c in 0..<glyphWidth where bits & (0x10 >> UInt8(c)) != 0 {
                        fillRect(&image, x: cx + c * s, y: y + r * s, width: s, height: s, color: color)
                    }
                }
            }
            // Stop before cx could overflow (only possible for absurd starting positions).
            if cx > Int.max - advance * s { break }
            cx += advance * s
        }
    }

    /// Blends `color` over the rectangle, clipped to the image.
    public static func fillRect(_ image: inout RGBA8Image, x: Int, y: Int, width: Int, height: Int,
                         color: (r: UInt8, g: UInt8, b: UInt8, a: UInt8)) {
        guard width > 0, height > 0 else { return }
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = x > image.width - width ? image.width : x + width  // min(x + width, image.width) without overflow
        let y1 = y > image.height - height ? image.height : y + height
        guard x0 < x1, y0 < y1 else { return }
        let a = Int(color.a), ia = 255 - a
        let src = (Int(color.r), Int(color.g), Int(color.b))
        image.pixels.withUnsafeMutableBufferPointer { px in
            for yy in y0..<y1 {
                var i = (yy * image.width + x0) * 4
                for _ in x0..<x1 {
                    if a == 255 {
                        px[i] = color.r; px[i + 1] = color.g; px[i + 2] = color.b; px[i + 3] = 255
                    } else if a > 0 {
                        px[i] = UInt8((src.0 * a + Int(px[i]) * ia + 127) / 255)
                        px[i + 1] = UInt8((src.1 * a + Int(px[i + 1]) * ia + 127) / 255)
                        px[i + 2] = UInt8((src.2 * a + Int(px[i + 2]) * ia + 127) / 255)
                        px[i + 3] = UInt8(a + (Int(px[i + 3]) * ia + 127) / 255)
                    }
                    i += 4
                }
            }
        }
    }

    static func clampScale(_ s: Int) -> Int { min(max(1, s), maxScale) }

    /// ASCII code → rows.
    static let lookup: [[UInt8]?] = {
        var t = [[UInt8]?](repeating: nil, count: 128)
        for (c, rows) in table { t[Int(c.asciiValue!)] = rows }
        return t
    }()

    // The glyphs, 7 rows each, bit 4 leftmost. Designed for this project on a 5x7 grid.
    static let table: [(Character, [UInt8])] = [
        (" ", [0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000]),
        ("0", [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110]),
        ("1", [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110]),
        ("2", [0b01110, 0b10001, 0b00001, 0b00110, 0b01000, 0b10000, 0b11111]),
        ("3", [0b11110, 0b00001, 0b00001, 0b01110, 0b00001, 0b00001, 0b11110]),
        ("4", [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010]),
        ("5", [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110]),
        ("6", [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110]),
        ("7", [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000]),
        ("8", [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110]),
        ("9", [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100]),
        ("A", [0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001]),
        ("B", [0b11110, 0b10001, 0b10001, 0b11110, 0b10001, 0b10001, 0b11110]),
        ("C", [0b01111, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b01111]),
        ("D", [0b11110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11110]),
        ("E", [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111]),
        ("F", [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000]),
        ("G", [0b01111, 0b10000, 0b10000, 0b10011, 0b10001, 0b10001, 0b01111]),
        ("H", [0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001]),
        ("I", [0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110]),
        ("J", [0b00111, 0b00010, 0b00010, 0b00010, 0b00010, 0b10010, 0b01100]),
        ("K", [0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001]),
        ("L", [0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111]),
        ("M", [0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001]),
        ("N", [0b10001, 0b11001, 0b10101, 0b10011, 0b10001, 0b10001, 0b10001]),
        ("O", [0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110]),
        ("P", [0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000]),
        ("Q", [0b01110, 0b10001, 0b10001, 0b10001, 0b10101, 0b10010, 0b01101]),
        ("R", [0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001]),
        ("S", [0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110]),
        ("T", [0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100]),
        ("U", [0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110]),
        ("V", [0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100]),
        ("W", [0b10001, 0b10001, 0b10001, 0b10101, 0b10101, 0b10101, 0b01010]),
        ("X", [0b10001, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b10001]),
        ("Y", [0b10001, 0b10001, 0b01010, 0b00100, 0b00100, 0b00100, 0b00100]),
        ("Z", [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b11111]),
        ("x", [0b00000, 0b00000, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001]),
        (":", [0b00000, 0b01100, 0b01100, 0b00000, 0b01100, 0b01100, 0b00000]),
        (";", [0b00000, 0b01100, 0b01100, 0b00000, 0b01100, 0b00100, 0b01000]),
        (".", [0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b01100]),
        (",", [0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b00100, 0b01000]),
        ("-", [0b00000, 0b00000, 0b00000, 0b01110, 0b00000, 0b00000, 0b00000]),
        ("_", [0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b11111]),
        ("/", [0b00001, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b10000]),
        ("(", [0b00010, 0b00100, 0b01000, 0b01000, 0b01000, 0b00100, 0b00010]),
        (")", [0b01000, 0b00100, 0b00010, 0b00010, 0b00010, 0b00100, 0b01000]),
        ("%", [0b11001, 0b11001, 0b00010, 0b00100, 0b01000, 0b10011, 0b10011]),
        ("+", [0b00000, 0b00100, 0b00100, 0b11111, 0b00100, 0b00100, 0b00000]),
        ("=", [0b00000, 0b00000, 0b11111, 0b00000, 0b11111, 0b00000, 0b00000]),
        ("#", [0b01010, 0b01010, 0b11111, 0b01010, 0b11111, 0b01010, 0b01010]),
        ("[", [0b01110, 0b01000, 0b01000, 0b01000, 0b01000, 0b01000, 0b01110]),
        ("]", [0b01110, 0b00010, 0b00010, 0b00010, 0b00010, 0b00010, 0b01110]),
        ("'", [0b00100, 0b00100, 0b01000, 0b00000, 0b00000, 0b00000, 0b00000]),
        ("\"", [0b01010, 0b01010, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000]),
        ("?", [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b00000, 0b00100]),
        ("!", [0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00000, 0b00100]),
        ("*", [0b00000, 0b10101, 0b01110, 0b11111, 0b01110, 0b10101, 0b00000]),
    ]
}
