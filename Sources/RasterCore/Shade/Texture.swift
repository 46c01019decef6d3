// Texture: a mip-mapped texture in linear light, sampled bilinearly with wrap, clamp or mirror addressing.

import Geometry
import Imaging

/// A texture ready for sampling: sRGB texels decoded to linear floats once, with a full mip chain.
///
/// Sampling is bilinear within the mip level chosen from the screen-space footprint (nearest level), which
/// keeps minified LED-wall and floor textures from aliasing in previews.
public final class Texture: @unchecked Sendable {
    public enum Wrap: Sendable { case `repeat`, clamp, mirror }

    /// One level: `width * height` linear RGBA texels, row 0 at v = 0 (the top of the source image).
    public struct Level: Sendable {
        public let width: Int
        public let height: Int
        public let texels: [SIMD4<Float>]
    }

    public let levels: [Level]
    public let wrapS: Wrap
    public let wrapT: Wrap

    /// Decodes `image` (sRGB colour, linear alpha) and builds the mip chain by 2x2 box filtering.
    public init(image: RGBA8Image, wrapS: Wrap = .repeat, wrapT: Wrap = .repeat) {
        precondition(image.width > 0 && image.height > 0, "a texture needs at least one texel")
        let table = SRGB.decodeTable
        var base = [SIMD4<Float>](repeating: .zero, count: image.width * image.height)
        image.pixels.withUnsafeBufferPointer { p in
            for i in 0..<base.count {
                base[i] = SIMD4(table[Int(p[4 * i])], table[Int(p[4 * i + 1])], table[Int(p[4 * i + 2])],
                                Float(p[4 * i + 3]) / 255)
            }
        }
        var levels = [Level(width: image.width, height: image.height, texels: base)]
        while let last = levels.last, last.width > 1 || last.height > 1 {
            let w = max(1, last.width / 2), h = max(1, last.height / 2)
            var t = [SIMD4<Float>](repeating: .zero, count: w * h)
            for y in 0..<h {
                let y0 = min(2 * y, last.height - 1), y1 = min(2 * y + 1, last.height - 1)
                for x in 0..<w {
                    let x0 = min(2 * x, last.width - 1), x1 = min(2 * x + 1, last.width - 1)
                    let s = last.texels[y0 * last.width + x0] + last.texels[y0 * last.width + x1]
                        + last.texels[y1 * last.width + x0] + last.texels[y1 * last.width + x1]
                    t[y * w + x] = s * 0.25
                }
            }
            levels.append(Level(width: w, height: h, texels: t))
        }
        self.levels = levels
        self.wrapS = wrapS
        self.wrapT = wrapT
    }

    @inline(__always)
    static func address(_ i: Int, _ n: Int, _ mode: Wrap) -> Int {
        switch mode {
        case .clamp: return i < 0 ? 0 : (i >= n ? n - 1 : i)
        case .repeat:
            let r = i % n
            return r < 0 ? r + n : r
        case .mirror:
            let p = 2 * n
            var r = i % p
            if r < 0 { r += p }
            return r < n ? r : p - 1 - r
        }
    }

    /// Bilinear sample of mip `level` at texture coordinates (u, v); v = 0 is the image's top row (glTF, and
    /// OBJ after the importer flips its bottom-up v).
    @inline(__always)
    public func sample(u: Float, v: Float, level: Int) -> SIMD4<Float> {
        let lv = levels[min(max(level, 0), levels.count - 1)]
        let fu = u * Float(lv.width) - 0.5
        let fv = v * Float(lv.height) - 0.5
        guard fu.isFinite, fv.isFinite, abs(fu) < 1e8, abs(fv) < 1e8 else { return lv.texels[0] }
        let iu = fu.rounded(.down), iv = fv.rounded(.down)
        let tu = fu - iu, tv = fv - iv
        let x0 = Texture.address(Int(iu), lv.width, wrapS), x1 = Texture.address(Int(iu) + 1, lv.width, wrapS)
        let y0 = Texture.address(Int(iv), lv.height, wrapT), y1 = Texture.address(Int(iv) + 1, lv.height, wrapT)
        return lv.texels.withUnsafeBufferPointer { t in
            let a = t[y0 * lv.width + x0], b = t[y0 * lv.width + x1]
            let c = t[y1 * lv.width + x0], d = t[y1 * lv.width + x1]
            let top = a + (b - a) * tu
            let bottom = c + (d - c) * tu
            return top + (bottom - top) * tv
        }
    }

    /// The mip level for a footprint whose square is `texelsPerPixelSquared` (base-level texels per pixel,
    /// squared): nearest level, from log2 by the float's exponent and a linear mantissa term (monotonic and
    /// deterministic), halved for the square root.
    @inline(__always)
    public func level(forSquaredFootprint texelsPerPixelSquared: Float) -> Int {
        guard texelsPerPixelSquared > 1, texelsPerPixelSquared.isFinite else { return 0 }
        let bits = texelsPerPixelSquared.bitPattern
        let e = Int((bits >> 23) & 0xFF) - 127
        let m = Float(bits & 0x7FFFFF) / Float(1 << 23)
        let l = (Float(e) + m) * 0.5
        return min(Int((l + 0.5).rounded(.down)), levels.count - 1)
    }
}
