// Blitter+Braille: the braille cell: 2x4 dots, lit where a pixel is brighter than the cell's mean.

extension Blitter {
    /// U+2800 plus this bit for the dot at (x, y) of a 2x4 cell: dots 1-2-3-7 down the left column,
    /// 4-5-6-8 down the right, bit n - 1 for dot n.
    static let brailleBits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    /// A braille cell for a 2x4 block (row-major, 8 pixels): dots where luma is above the block's mean luma,
    /// fg the mean colour of the dots, bg the mean of the rest. A flat block is a space.
    static func brailleCell(_ block: [RGB]) -> Cell {
        var lumaSum = 0
        var total = SIMD3<Int>(0, 0, 0)
        for p in block {
            lumaSum += p.luma
            total &+= SIMD3(Int(p.r), Int(p.g), Int(p.b))
        }
        var bits: UInt32 = 0
        var fg = SIMD3<Int>(0, 0, 0)
        var n = 0
        for y in 0..<4 {
            for x in 0..<2 {
                let p = block[y * 2 + x]
                // luma > mean, compared as 8 * luma > sum.
                if 8 * p.luma > lumaSum {
                    bits |= brailleBits[y][x]
                    fg &+= SIMD3(Int(p.r), Int(p.g), Int(p.b))
                    n += 1
                }
            }
        }
        guard n > 0 else { return .blank(mean(total, 8)) }
        return Cell(glyph: Unicode.Scalar(0x2800 + bits)!, fg: mean(fg, n), bg: mean(total &- fg, 8 - n))
    }
}
