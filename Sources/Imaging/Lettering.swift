// Lettering: text drawn into frames in the built-in 5x7 font, or in GNU Unifont when that font lacks a character.

/// The font a block of text (a burn-in, a title) is drawn in, and at what size.
///
/// Text the built-in `BitmapFont` can draw whole stays in it, so ASCII burn-ins and golden frames look as they
/// always have. Text with any other character (a Chinese take or camera name at the Tianjin stage, an accented
/// name) is drawn, every line of the block, in GNU Unifont when the caller has it: glyphs 16 pixels high, each
/// font pixel a `scale` square, with `scale` chosen so the line is about as tall as the built-in font's line
/// (`unifontScale(forBuiltIn:)`). Without Unifont the built-in font draws such characters as `?`
/// (`undrawable(in:unifont:)` tells the caller which, to warn).
public struct Lettering: Sendable {
    public enum Face: Sendable {
        case builtIn
        case unifont(Unifont)
    }

    public var face: Face
    /// The side of one font pixel, in image pixels.
    public var scale: Int

    public init(face: Face, scale: Int) {
        self.face = face
        self.scale = BitmapFont.clampScale(scale)
    }

    /// The lettering for `lines` at built-in scale `scale`: the built-in font when it has every character,
    /// else Unifont when given, else the built-in font (with `?` for what it lacks).
    public static func choose(for lines: [String], scale: Int, unifont: Unifont?) -> Lettering {
        if let unifont, lines.contains(where: { !builtInDraws($0) }) {
            return Lettering(face: .unifont(unifont), scale: unifontScale(forBuiltIn: BitmapFont.clampScale(scale)))
        }
        return Lettering(face: .builtIn, scale: scale)
    }

    /// Unifont's pixel size for a built-in pixel size `s`: 16 rows times it nearest 7 rows times `s`, at least 1
    /// (1 up to `s` = 3, 2 at 4, 4 at 8).
    public static func unifontScale(forBuiltIn s: Int) -> Int { max(1, (7 * s + 8) / 16) }

    /// True when the built-in font has a glyph for every character of `text` (lower case included).
    public static func builtInDraws(_ text: String) -> Bool {
        text.allSatisfy { BitmapFont.glyph($0) != nil }
    }

    /// The characters of `lines` that the lettering `choose` makes would draw as a placeholder (`?` in the
    /// built-in font, U+FFFD in Unifont), each once, in order of first appearance.
    public static func undrawable(in lines: [String], unifont: Unifont?) -> [Character] {
        var seen = Set<Character>(), out: [Character] = []
        for line in lines {
            for ch in line where !seen.contains(ch) {
                seen.insert(ch)
                let drawn: Bool
                if let unifont {
                    drawn = ch.unicodeScalars.allSatisfy { unifont.glyph($0) != nil || Lettering.isInvisible($0) }
                } else {
                    drawn = BitmapFont.glyph(ch) != nil
                }
                if !drawn { out.append(ch) }
            }
        }
        return out
    }

    /// Height of one line, pixels.
    public var lineHeight: Int {
        switch face {
        case .builtIn: return BitmapFont.glyphHeight * scale
        case .unifont: return Unifont.glyphHeight * scale
        }
    }

    /// Space between lines of a block, pixels: two built-in pixels' worth.
    public var lineGap: Int {
        switch face {
        case .builtIn: return 2 * scale
        case .unifont: return scale
        }
    }

    /// Width of `text` on one line, pixels (0 for the empty string).
    public func width(of text: String) -> Int {
        switch face {
        case .builtIn:
            return BitmapFont.size(of: text, scale: scale).width
        case .unifont(let font):
            var w = 0
            for u in text.unicodeScalars { w += advance(u, font) }
            return w * scale
        }
    }

    /// Draws `text` with its top-left corner at (`x`, `y`), clipped to the image.
    public func draw(_ text: String, into image: inout RGBA8Image, x: Int, y: Int,
                     color: (r: UInt8, g: UInt8, b: UInt8, a: UInt8)) {
        switch face {
        case .builtIn:
            BitmapFont.draw(text, into: &image, x: x, y: y, scale: scale, color: color)
        case .unifont(let font):
            let s = scale
            guard image.width > 0, image.height > 0, x < image.width, y < image.height,
                  y > -Unifont.glyphHeight * s else { return }
            var cx = x
            for u in text.unicodeScalars {
                if cx >= image.width { break }
                if Lettering.isInvisible(u) { continue }
                let mark = Lettering.isCombiningMark(u)
                guard let g = font.glyph(u) ?? font.glyph("\u{FFFD}") else { continue }
                // A combining mark is drawn over the end of the glyph before it, as Unifont's offsets place it.
                let gx = mark ? cx - g.width * s : cx
                if gx > -g.width * s {
                    for r in 0..<Unifont.glyphHeight {
                        let bits = font.row(r, of: g)
                        guard bits != 0 else { continue }
                        for c in 0..<g.width where bits & (0x8000 >> UInt16(c)) != 0 {
                            BitmapFont.fillRect(&image, x: gx + c * s, y: y + r * s, width: s, height: s, color: color)
                        }
                    }
                }
                if !mark {
                    if cx > Int.max - 16 * s { break }
                    cx += g.width * s
                }
            }
        }
    }

    /// Unifont pixels `u` moves the pen: its glyph's width (U+FFFD's when it has none), none for marks and
    /// invisible characters.
    func advance(_ u: Unicode.Scalar, _ font: Unifont) -> Int {
        if Lettering.isInvisible(u) || Lettering.isCombiningMark(u) { return 0 }
        return (font.glyph(u) ?? font.glyph("\u{FFFD}"))?.width ?? 0
    }

    /// Controls and format characters (zero-width space and joiners, byte order marks): nothing to draw.
    static func isInvisible(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .control, .format: return true
        default: return false
        }
    }

    static func isCombiningMark(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
