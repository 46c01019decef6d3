// Blitter+Quadrant: the quadrant cell: the 2-colour split of a 2x2 block with the least squared error.

extension Blitter {
    /// Quadrant glyphs by mask of the pixels drawn in the foreground: bit 0 top-left, 1 top-right,
    /// 2 bottom-left, 3 bottom-right. Mask 0 (all background) is a space.
    static let quadrantGlyphs: [Unicode.Scalar] = [
        " ", "\u{2598}", "\u{259D}", "\u{2580}", "\u{2596}", "\u{258C}", "\u{259E}", "\u{259B}",
        "\u{2597}", "\u{259A}", "\u{2590}", "\u{259C}", "\u{2584}", "\u{2599}", "\u{259F}", "\u{2588}",
    ]

    /// The seven ways to split four pixels into two non-empty groups, each named by the group holding the
    /// top-left pixel (the foreground), in the order they are tried: halves first, then diagonals, then corners.
    static let quadrantSplits: [Int] = [0b0011, 0b0101, 0b1001, 0b0001, 0b0111, 0b1011, 0b1101]

    /// The best two-colour cell for a 2x2 block (`block` = top-left, top-right, bottom-left, bottom-right).
    ///
    /// For a split into groups F and B, the squared error around each group's mean is
    /// `sum |p|² - |sum_F p|² / n_F - |sum_B p|² / n_B`, so the best split maximises
    /// `|sum_F|² / n_F + |sum_B|² / n_B`; it is compared exactly as `12 / n` times the squared sums (12 is
    /// divisible by 1, 2 and 3). Ties keep the earlier split in `quadrantSplits`. A block no split improves
    /// (all four pixels equal) becomes a space. Colours are the groups' rounded means.
    static func quadrantCell(_ block: [RGB]) -> Cell {
        var total = SIMD3<Int>(0, 0, 0)
        for p in block { total &+= SIMD3(Int(p.r), Int(p.g), Int(p.b)) }
        let uniformScore = 3 * squaredLength(total)  // 12 / 4
        var bestMask = 0
        var bestScore = uniformScore
        for mask in quadrantSplits {
            var fg = SIMD3<Int>(0, 0, 0)
            var n = 0
            for i in 0..<4 where mask & (1 << i) != 0 {
                fg &+= SIMD3(Int(block[i].r), Int(block[i].g), Int(block[i].b))
                n += 1
            }
            let bg = total &- fg
            let score = (12 / n) * squaredLength(fg) + (12 / (4 - n)) * squaredLength(bg)
            if score > bestScore {
                bestScore = score
                bestMask = mask
            }
        }
        guard bestMask != 0 else { return .blank(mean(total, 4)) }
        var fg = SIMD3<Int>(0, 0, 0)
        var n = 0
        for i in 0..<4 where bestMask & (1 << i) != 0 {
            fg &+= SIMD3(Int(block[i].r), Int(block[i].g), Int(block[i].b))
            n += 1
        }
        return Cell(glyph: quadrantGlyphs[bestMask], fg: mean(fg, n), bg: mean(total &- fg, 4 - n))
    }

    static func squaredLength(_ v: SIMD3<Int>) -> Int { v.x * v.x + v.y * v.y + v.z * v.z }

    /// The rounded mean of `n` colours summed in `sum`.
    static func mean(_ sum: SIMD3<Int>, _ n: Int) -> RGB {
        RGB(UInt8((sum.x + n / 2) / n), UInt8((sum.y + n / 2) / n), UInt8((sum.z + n / 2) / n))
    }
}
