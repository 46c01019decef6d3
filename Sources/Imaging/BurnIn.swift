// BurnIn: stamp lines of text (timecode, frame, lens, camera) into a frame's bottom-left corner.

/// Burns text into a frame: the lines, top to bottom, in white glyphs on a translucent dark box in the
/// bottom-left corner: the built-in `BitmapFont`, or GNU Unifont for text it cannot draw (`Lettering`).
///
/// Layout at scale `s`: the box starts `s` pixels from the left and bottom edges; inside it `2s` padding,
/// lines `7s` tall with `2s` between them (Unifont: `16u` tall with `u` between, `u` from
/// `Lettering.unifontScale`); the box is as wide as the longest line. Everything is clipped
/// to the image, so a long line on a small frame is cut off, never wrapped.
public enum BurnIn {
    /// The box colour: black at 62% opacity.
    public static let boxColor: (r: UInt8, g: UInt8, b: UInt8, a: UInt8) = (0, 0, 0, 160)
    public static let textColor: (r: UInt8, g: UInt8, b: UInt8, a: UInt8) = (255, 255, 255, 255)

    /// The scale used when none is given: 1 up to 404 pixels high, then one more per 270 rows
    /// (2 at 480p, 3 at 720p, 4 at 1080p, 8 at 2160p).
    public static func defaultScale(height: Int) -> Int { max(1, (height + 135) / 270) }

    /// Stamps `lines` into the bottom-left corner of `image`. Empty `lines` leaves the image unchanged. Lines
    /// the built-in font cannot draw whole (a Chinese take name) are drawn, with the rest of the block, in
    /// `unifont` when given (`Lettering`).
    public static func stamp(_ image: inout RGBA8Image, lines: [String], scale: Int? = nil, unifont: Unifont? = nil) {
        guard !lines.isEmpty else { return }
        let s = BitmapFont.clampScale(scale ?? defaultScale(height: image.height))
        let letters = Lettering.choose(for: lines, scale: s, unifont: unifont)
        let box = region(height: image.height, lines: lines, scale: s, letters: letters)
        BitmapFont.fillRect(&image, x: box.x, y: box.y, width: box.width, height: box.height, color: boxColor)
        var y = box.y + 2 * s
        for line in lines {
            letters.draw(line, into: &image, x: box.x + 2 * s, y: y, color: textColor)
            y += letters.lineHeight + letters.lineGap
        }
    }

    /// The rectangle `stamp` darkens for an image of this size (it may reach outside a small image;
    /// drawing is clipped). Nil when there is nothing to draw.
    public static func region(width: Int, height: Int, lines: [String], scale: Int? = nil, unifont: Unifont? = nil)
        -> (x: Int, y: Int, width: Int, height: Int)?
    {
        guard !lines.isEmpty else { return nil }
        let s = BitmapFont.clampScale(scale ?? defaultScale(height: height))
        return region(height: height, lines: lines, scale: s,
                      letters: Lettering.choose(for: lines, scale: s, unifont: unifont))
    }

    /// The box: `2s` padding around the lines, `s` from the left and bottom edges.
    static func region(height: Int, lines: [String], scale s: Int, letters: Lettering)
        -> (x: Int, y: Int, width: Int, height: Int)
    {
        let textW = lines.map { letters.width(of: $0) }.max() ?? 0
        let textH = lines.count * letters.lineHeight + (lines.count - 1) * letters.lineGap
        let w = textW + 4 * s, h = textH + 4 * s
        return (s, height - s - h, w, h)
    }
}
