// XtermPalette: the xterm 256-colour palette and nearest-colour search for its 240 fixed and 16 ANSI entries.

/// The xterm palette: 16 ANSI colours (0-15), a 6x6x6 colour cube (16-231) and a 24-step grey ramp (232-255).
///
/// Quantisation to 256 colours uses **indices 16-255 only**: entries 0-15 are themed by most terminals, so
/// their real colours are unknown (chafa's advice). Quantisation to 16 colours has no choice but 0-15 and
/// assumes xterm's default values. "Nearest" is under `RGB.distance(to:)`.
public enum XtermPalette {
    /// The cube's channel levels, index 0...5.
    public static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// xterm's default ANSI colours 0-15.
    public static let ansi: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The colour of palette entry `index` (0...255).
    public static func rgb(_ index: Int) -> RGB {
        precondition((0...255).contains(index), "xterm palette index \(index) is outside 0...255")
        if index < 16 { return ansi[index] }
        if index < 232 {
            let i = index - 16
            return RGB(cubeLevels[i / 36], cubeLevels[i / 6 % 6], cubeLevels[i % 6])
        }
        let v = UInt8(8 + 10 * (index - 232))
        return RGB(v, v, v)
    }

    /// The cube level index nearest to `v` (midpoints 47.5, 115, 155, 195, 235; ties go to the lower level).
    @inlinable
    static func cubeIndex(_ v: UInt8) -> Int {
        v <= 47 ? 0 : v <= 115 ? 1 : v <= 155 ? 2 : v <= 195 ? 3 : v <= 235 ? 4 : 5
    }

    /// The nearest entry among 16-255, exactly, in O(1).
    ///
    /// The metric is a fixed-weight sum over channels, so the nearest cube colour is the nearest level per
    /// channel. Over greys g the distance is `W (g - g*)² + const` with `g* = (2R + 4G + 3B) / 9`, so the
    /// nearest grey is the ramp step nearest to g*. The answer is the closer of the two; ties go to the
    /// lower index (the same answer as a brute-force search in index order, which the tests check).
    public static func nearest256(_ c: RGB) -> Int {
        let cube = 16 + 36 * cubeIndex(c.r) + 6 * cubeIndex(c.g) + cubeIndex(c.b)
        // Grey step k has value 8 + 10k; compare 9 * value with S = 9 g*.
        let s = 2 * Int(c.r) + 4 * Int(c.g) + 3 * Int(c.b)
        var k = max(0, min(23, (s - 72) / 90))
        if k < 23, abs(9 * (18 + 10 * k) - s) < abs(9 * (8 + 10 * k) - s) { k += 1 }
        let grey = 232 + k
        return c.distance(to: rgb(grey)) < c.distance(to: rgb(cube)) ? grey : cube
    }

    /// The nearest of the first `count` ANSI colours (16, or 8 on an 8-colour terminal); ties go to the lower
    /// index.
    public static func nearestANSI(_ c: RGB, count: Int = 16) -> Int {
        var best = 0
        var bestDistance = Int.max
        for i in 0..<min(max(count, 1), 16) {
            let d = c.distance(to: ansi[i])
            if d < bestDistance {
                bestDistance = d
                best = i
            }
        }
        return best
    }
}
