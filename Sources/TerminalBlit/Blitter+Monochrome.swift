// Blitter+Monochrome: cells without colour: ordered-dithered block glyphs, or an ASCII brightness ramp.

extension Blitter {
    /// ASCII brightness ramp, darkest first.
    static let asciiRamp: [Unicode.Scalar] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    /// 4x4 Bayer matrix: a pixel is lit when `luma * 16 > (threshold + 0.5) * 256`, i.e. when
    /// `luma * 2 > threshold * 32 + 16`, spreading 17 grey levels evenly over each 4x4 area.
    static let bayer4: [[Int]] = [[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]]

    /// Whether the pixel at image position (x, y) is lit under ordered dithering.
    static func lit(_ p: RGB, x: Int, y: Int) -> Bool {
        p.luma * 2 > bayer4[y & 3][x & 3] * 32 + 16
    }

    /// A white-on-black cell for `block` (the blitter's pixels, row-major) whose top-left pixel is at (x0, y0).
    static func monochromeCell(_ blitter: Blitter, _ block: [RGB], x0: Int, y0: Int) -> Cell {
        switch blitter {
        case .ascii:
            let level = block[0].luma * asciiRamp.count / 256
            return Cell(glyph: asciiRamp[level], fg: .white, bg: .black)
        case .half:
            let top = lit(block[0], x: x0, y: y0), bottom = lit(block[1], x: x0, y: y0 + 1)
            let glyph: Unicode.Scalar = top ? (bottom ? "\u{2588}" : "\u{2580}") : (bottom ? "\u{2584}" : " ")
            return Cell(glyph: glyph, fg: .white, bg: .black)
        case .quadrant:
            var mask = 0
            for i in 0..<4 where lit(block[i], x: x0 + (i & 1), y: y0 + (i >> 1)) { mask |= 1 << i }
            return Cell(glyph: quadrantGlyphs[mask], fg: .white, bg: .black)
        case .braille:
            var bits: UInt32 = 0
            for y in 0..<4 {
                for x in 0..<2 where lit(block[y * 2 + x], x: x0 + x, y: y0 + y) { bits |= brailleBits[y][x] }
            }
            return Cell(glyph: Unicode.Scalar(0x2800 + bits)!, fg: .white, bg: .black)
        }
    }
}
