// SampleStage+Art: the LED pictures of the sample stage, painted in code (dusk skyline wall, cloudy ceiling).

import Geometry
import Imaging

extension SampleStage {
    /// The wall picture: a dusk sky with a low sun, a hazy skyline of towers (a TV tower with its sphere, a big
    /// observation wheel over the river), and in front a row of two- and three-storey villas in brick, cream and
    /// ochre with pitched roofs and lit windows, trees between them, and the street. 1056 x 264 pixels (24 per
    /// cabinet), sRGB.
    public static func wallImage() -> RGBA8Image {
        let w = wallColumns * pixelsPerCabinet, h = wallRows * pixelsPerCabinet
        var c = Canvas(width: w, height: h)
        let horizon = Int(Double(h) * 0.66)
        // Sky: deep blue overhead to a warm glow at the horizon.
        for y in 0..<horizon {
            let t = Double(y) / Double(horizon - 1)
            let col = mix((18, 32, 92), (92, 78, 150), min(1, t * 1.6))
            let warm = mix(col, (250, 164, 104), max(0, (t - 0.55) / 0.45))
            c.fill(x0: 0, y0: y, x1: w, y1: y + 1, warm)
        }
        // The sun, low on the right, with a soft halo.
        let sun = (x: Double(w) * 0.64, y: Double(horizon) - 30)
        c.disc(cx: sun.x, cy: sun.y, r: 40, (255, 196, 130), alpha: 0.25)
        c.disc(cx: sun.x, cy: sun.y, r: 24, (255, 214, 150), alpha: 0.5)
        c.disc(cx: sun.x, cy: sun.y, r: 14, (255, 236, 190), alpha: 1)
        // Distant towers in haze.
        let haze: Colour = (78, 84, 128)
        var x = 0
        var k = 0
        while x < w {
            let bw = 10 + Int(hash(k) % 22)
            let bh = 18 + Int(hash(k + 101) % 64)
            c.fill(x0: x, y0: horizon - bh, x1: x + bw, y1: horizon, haze)
            if hash(k + 7) % 3 == 0 { c.fill(x0: x + bw / 2 - 1, y0: horizon - bh - 10, x1: x + bw / 2 + 1, y1: horizon - bh, haze) }
            x += bw + Int(hash(k + 33) % 12)
            k += 1
        }
        // A TV tower: a shaft, a sphere and an antenna.
        let tx = Double(w) * 0.3
        c.fill(x0: Int(tx) - 3, y0: horizon - 150, x1: Int(tx) + 3, y1: horizon, (70, 74, 116))
        c.disc(cx: tx, cy: Double(horizon - 150), r: 11, (86, 90, 136), alpha: 1)
        c.fill(x0: Int(tx) - 1, y0: horizon - 196, x1: Int(tx) + 1, y1: horizon - 160, (70, 74, 116))
        // An observation wheel: rim, spokes and a pedestal.
        let wheel = (x: Double(w) * 0.86, y: Double(horizon) - 62, r: 52.0)
        c.ring(cx: wheel.x, cy: wheel.y, r: wheel.r, thickness: 3, (226, 210, 236))
        for s in 0..<16 {
            let a = Double(s) * .pi / 8
            c.line(wheel.x, wheel.y, wheel.x + wheel.r * cosD(a), wheel.y + wheel.r * sinD(a), (180, 170, 206))
        }
        for s in 0..<32 {
            let a = Double(s) * .pi / 16
            c.disc(cx: wheel.x + wheel.r * cosD(a), cy: wheel.y + wheel.r * sinD(a), r: 2.2, (255, 236, 180), alpha: 1)
        }
        c.line(wheel.x, wheel.y, wheel.x - 24, Double(horizon), (150, 140, 176))
        c.line(wheel.x, wheel.y, wheel.x + 24, Double(horizon), (150, 140, 176))
        // Villas along the street: two or three storeys, pitched roofs, lit windows; trees between some.
        let street = Int(Double(h) * 0.86)
        let walls: [Colour] = [(168, 78, 58), (222, 202, 160), (200, 140, 72), (150, 120, 100), (190, 96, 70)]
        x = 4
        k = 0
        while x < w {
            let bw = 46 + Int(hash(k + 500) % 40)
            let storeys = 2 + Int(hash(k + 600) % 2)
            let bh = storeys * 22 + 6
            let top = street - bh
            let wall = walls[Int(hash(k + 700) % UInt32(walls.count))]
            c.fill(x0: x, y0: top, x1: x + bw, y1: street, wall)
            // Roof: a stepped triangle in dark red-brown.
            let roofH = 14 + Int(hash(k + 800) % 8)
            for r in 0..<roofH {
                let inset = r * bw / (2 * roofH)
                c.fill(x0: x - 3 + inset, y0: top - r - 1, x1: x + bw + 3 - inset, y1: top - r, (96, 40, 34))
            }
            // Windows: warm when lit, dark otherwise.
            for s in 0..<storeys {
                var wx = x + 6
                var n = 0
                while wx + 6 <= x + bw - 4 {
                    let lit = hash(k * 31 + s * 7 + n) % 5 != 0
                    c.fill(x0: wx, y0: top + 6 + s * 22, x1: wx + 6, y1: top + 16 + s * 22,
                           lit ? (255, 214, 128) : (60, 52, 60))
                    wx += 12
                    n += 1
                }
            }
            x += bw
            if hash(k + 900) % 2 == 0 {
                c.disc(cx: Double(x + 10), cy: Double(street - 26), r: 13, (46, 92, 58), alpha: 1)
                c.fill(x0: x + 9, y0: street - 16, x1: x + 12, y1: street, (70, 50, 36))
                x += 22
            }
            x += 4
            k += 1
        }
        // Street and pavement, with street lamps.
        c.fill(x0: 0, y0: street, x1: w, y1: street + 6, (120, 116, 112))
        c.fill(x0: 0, y0: street + 6, x1: w, y1: h, (44, 44, 50))
        for lx in stride(from: 30, to: w, by: 96) {
            c.fill(x0: lx, y0: street - 34, x1: lx + 2, y1: street, (30, 30, 34))
            c.disc(cx: Double(lx + 1), cy: Double(street - 36), r: 4, (255, 230, 170), alpha: 1)
        }
        return c.image
    }

    /// The ceiling picture: a pale evening sky with soft clouds, 256 x 192 pixels, sRGB.
    public static func ceilingImage() -> RGBA8Image {
        let w = 256, h = 192
        var c = Canvas(width: w, height: h)
        for y in 0..<h {
            let t = Double(y) / Double(h - 1)
            c.fill(x0: 0, y0: y, x1: w, y1: y + 1, mix((40, 60, 130), (120, 140, 200), t))
        }
        for k in 0..<14 {
            let cx = Double(hash(k + 40) % UInt32(w)), cy = Double(hash(k + 80) % UInt32(h))
            for p in 0..<5 {
                let ox = Double(Int(hash(k * 5 + p + 120) % 40) - 20), oy = Double(Int(hash(k * 5 + p + 160) % 16) - 8)
                c.disc(cx: cx + ox, cy: cy + oy, r: 10 + Double(hash(k * 5 + p + 200) % 10), (236, 226, 240), alpha: 0.35)
            }
        }
        return c.image
    }
}

/// An 8-bit sRGB colour.
typealias Colour = (r: Int, g: Int, b: Int)

/// Linear interpolation between two colours (in sRGB values: this is a picture, not light).
private func mix(_ a: Colour, _ b: Colour, _ t: Double) -> Colour {
    let u = max(0, min(1, t))
    return (a.r + Int((Double(b.r - a.r) * u).rounded()), a.g + Int((Double(b.g - a.g) * u).rounded()),
            a.b + Int((Double(b.b - a.b) * u).rounded()))
}

/// A deterministic 32-bit hash of `i` (the stage's only source of variety; no random numbers).
private func hash(_ i: Int) -> UInt32 {
    var x = UInt32(truncatingIfNeeded: i &* 0x9E37_79B9 &+ 0x7F4A_7C15)
    x ^= x >> 16
    x &*= 0x85EB_CA6B
    x ^= x >> 13
    x &*= 0xC2B2_AE35
    x ^= x >> 16
    return x
}

/// The painting surface behind the pictures: clipped rectangles, discs, rings and lines with coverage-free
/// alpha blending.
private struct Canvas {
    var image: RGBA8Image

    init(width: Int, height: Int) { image = RGBA8Image(width: width, height: height, fill: (0, 0, 0, 255)) }

    mutating func blend(_ x: Int, _ y: Int, _ c: Colour, _ alpha: Double) {
        guard x >= 0, y >= 0, x < image.width, y < image.height else { return }
        let p = image[x, y]
        func ch(_ old: UInt8, _ new: Int) -> UInt8 {
            UInt8(max(0, min(255, Int((Double(old) * (1 - alpha) + Double(new) * alpha).rounded()))))
        }
        image[x, y] = (ch(p.r, c.r), ch(p.g, c.g), ch(p.b, c.b), 255)
    }

    mutating func fill(x0: Int, y0: Int, x1: Int, y1: Int, _ c: Colour) {
        let xa = max(0, x0), xb = min(image.width, x1), ya = max(0, y0), yb = min(image.height, y1)
        guard xa < xb, ya < yb else { return }
        for y in ya..<yb {
            for x in xa..<xb { blend(x, y, c, 1) }
        }
    }

    mutating func disc(cx: Double, cy: Double, r: Double, _ c: Colour, alpha: Double) {
        for y in Int(cy - r - 1)...Int(cy + r + 1) {
            for x in Int(cx - r - 1)...Int(cx + r + 1) {
                let dx = Double(x) + 0.5 - cx, dy = Double(y) + 0.5 - cy
                if dx * dx + dy * dy <= r * r { blend(x, y, c, alpha) }
            }
        }
    }

    mutating func ring(cx: Double, cy: Double, r: Double, thickness: Double, _ c: Colour) {
        for y in Int(cy - r - thickness)...Int(cy + r + thickness) {
            for x in Int(cx - r - thickness)...Int(cx + r + thickness) {
                let dx = Double(x) + 0.5 - cx, dy = Double(y) + 0.5 - cy
                let d = (dx * dx + dy * dy).squareRoot()
                if abs(d - r) <= thickness / 2 { blend(x, y, c, 1) }
            }
        }
    }

    mutating func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ c: Colour) {
        let n = Int(max(abs(x1 - x0), abs(y1 - y0)).rounded(.up)) + 1
        for i in 0...n {
            let t = Double(i) / Double(n)
            blend(Int((x0 + (x1 - x0) * t).rounded(.down)), Int((y0 + (y1 - y0) * t).rounded(.down)), c, 1)
        }
    }
}
