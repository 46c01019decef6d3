// Thumbnail: box-filter downscaling of an image, for contact sheets and previews.

/// Downscales an `RGBA8Image` with a box filter: each output pixel is the area-weighted average of the
/// source pixels it covers (fractional coverage at the edges counts by its fraction).
///
/// Colour is averaged in linear light by default (sRGB decoded, averaged, encoded again), so a fine
/// black-and-white checker becomes sRGB 188 (half the light), not 128; pass `linearLight: false` for plain
/// averaging of the encoded values. Alpha is always averaged plainly, and colour is not weighted by alpha
/// (frames are opaque).
public enum Thumbnail {
    /// The output height for `width`, keeping the aspect ratio (rounded, at least 1).
    public static func height(forWidth width: Int, sourceWidth: Int, sourceHeight: Int) -> Int {
        guard sourceWidth > 0 else { return max(1, sourceHeight) }
        return max(1, (sourceHeight * width + sourceWidth / 2) / sourceWidth)
    }

    /// `image` scaled to `width` pixels wide, height keeping the aspect ratio.
    public static func downscale(_ image: RGBA8Image, toWidth width: Int, linearLight: Bool = true) -> RGBA8Image {
        let w = max(1, width)
        return resize(image, width: w, height: height(forWidth: w, sourceWidth: image.width, sourceHeight: image.height),
                      linearLight: linearLight)
    }

    /// `image` box-filtered to exactly `width` x `height` (each at least 1). Upscaling works too (each
    /// output pixel then takes the one or two source pixels under it).
    public static func resize(_ image: RGBA8Image, width: Int, height: Int, linearLight: Bool = true) -> RGBA8Image {
        let ow = max(1, width), oh = max(1, height)
        guard image.width > 0, image.height > 0 else { return RGBA8Image(width: ow, height: oh, fill: (0, 0, 0, 0)) }
        if ow == image.width && oh == image.height { return image }
        let xs = spans(source: image.width, target: ow), ys = spans(source: image.height, target: oh)
        let decode = linearLight ? srgbToLinear : plain
        // Horizontal pass into floats (source rows x output columns), then vertical.
        var row = [Float](repeating: 0, count: image.height * ow * 4)
        image.pixels.withUnsafeBufferPointer { src in
            for y in 0..<image.height {
                let base = y * image.width * 4
                for (ox, span) in xs.enumerated() {
                    var acc: (Float, Float, Float, Float) = (0, 0, 0, 0)
                    for (sx, wt) in span {
                        let i = base + sx * 4
                        acc.0 += decode[Int(src[i])] * wt
                        acc.1 += decode[Int(src[i + 1])] * wt
                        acc.2 += decode[Int(src[i + 2])] * wt
                        acc.3 += Float(src[i + 3]) * wt
                    }
                    let o = (y * ow + ox) * 4
                    row[o] = acc.0; row[o + 1] = acc.1; row[o + 2] = acc.2; row[o + 3] = acc.3
                }
            }
        }
        var out = [UInt8](repeating: 0, count: ow * oh * 4)
        for (oy, span) in ys.enumerated() {
            for ox in 0..<ow {
                var acc: (Float, Float, Float, Float) = (0, 0, 0, 0)
                for (sy, wt) in span {
                    let i = (sy * ow + ox) * 4
                    acc.0 += row[i] * wt; acc.1 += row[i + 1] * wt; acc.2 += row[i + 2] * wt; acc.3 += row[i + 3] * wt
                }
                let o = (oy * ow + ox) * 4
                out[o] = encode(acc.0, linearLight)
                out[o + 1] = encode(acc.1, linearLight)
                out[o + 2] = encode(acc.2, linearLight)
                out[o + 3] = UInt8(max(0, min(255, acc.3 + 0.5)))
            }
        }
        return RGBA8Image(width: ow, height: oh, pixels: out)
    }

    /// For each output index, the source indices it covers and their weights (summing to 1).
    static func spans(source: Int, target: Int) -> [[(Int, Float)]] {
        let step = Double(source) / Double(target)
        return (0..<target).map { o in
            let a = Double(o) * step, b = Double(o + 1) * step
            var list: [(Int, Float)] = []
            var i = Int(a)
            while Double(i) < b && i < source {
                let cover = min(b, Double(i + 1)) - max(a, Double(i))
                if cover > 1e-9 { list.append((i, Float(cover / step))) }
                i += 1
            }
            if list.isEmpty { list.append((min(source - 1, Int(a)), 1)) }
            return list
        }
    }

    static let plain: [Float] = (0..<256).map { Float($0) }

    /// sRGB code → linear light (0...1), IEC 61966-2-1.
    static let srgbToLinear: [Float] = (0..<256).map { c in
        let v = Double(c) / 255
        if v <= 0.04045 { return Float(v / 12.92) }
        let t = (v + 0.055) / 1.055
        return Float(t * t * fifthRoot(t * t))  // t^2.4 = t^2 * (t^2)^(1/5)
    }

    /// Midpoints between consecutive entries of `srgbToLinear`: a linear value rounds to the code whose
    /// interval holds it.
    static let thresholds: [Float] = (0..<255).map { (srgbToLinear[$0] + srgbToLinear[$0 + 1]) / 2 }

    static func encode(_ v: Float, _ linear: Bool) -> UInt8 {
        if !linear { return UInt8(max(0, min(255, v + 0.5))) }
        var lo = 0, hi = 255  // first code whose threshold is above v
        while lo < hi {
            let mid = (lo + hi) / 2
            if thresholds[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return UInt8(lo)
    }

    /// a^(1/5) for a in (0, 1], by Newton's method from above (no Foundation in this layer).
    static func fifthRoot(_ a: Double) -> Double {
        var y = 1.0
        for _ in 0..<60 {
            let y4 = y * y * y * y
            let next = y - (y4 * y - a) / (5 * y4)
            if abs(next - y) < 1e-15 { return next }
            y = next
        }
        return y
    }
}
