// Texture: a mip-mapped texture in linear light, sampled bilinearly or trilinearly with wrap, clamp or mirror
// addressing.

import Geometry
import Imaging

/// A texture ready for sampling: sRGB texels decoded to linear floats once, with a full mip chain.
///
/// Two filters (`Filter`): bilinear within the nearest mip level (the original look, kept bit for bit for the
/// frames recorded with it), and trilinear (OpenGL's LINEAR_MIPMAP_LINEAR): bilinear in the two levels around
/// the level of detail, blended by its fraction. Texels are linear light, so filtering averages light, not codes.
public final class Texture: @unchecked Sendable {
    public enum Wrap: Sendable { case `repeat`, clamp, mirror }

    /// Minification filter.
    public enum Filter: Sendable, Equatable {
        /// Bilinear in the mip level nearest to the footprint (`level(forSquaredFootprint:)`).
        case bilinearNearestMip
        /// Bilinear in levels floor(λ) and floor(λ) + 1, blended by fract(λ); λ = log2 of the footprint in
        /// base-level texels (`lod(forSquaredFootprint:)`), clamped to the chain; λ <= 0 is level 0 (magnified).
        case trilinear
        /// Anisotropic (as EXT_texture_filter_anisotropic describes it): N = min(⌈ρ_max / ρ_min⌉, 8) trilinear
        /// taps spread evenly along the footprint's longer axis, each at λ = log2(ρ_max / N), averaged. Sharper
        /// than trilinear at grazing angles, up to 8x the taps there.
        case anisotropic
    }

    /// A level's place in `store`, and its size; `maskX`/`maskY` are size - 1 for power-of-two sizes (repeat
    /// addressing is then a bit mask), else -1.
    struct LevelInfo {
        var offset: Int
        var width: Int
        var height: Int
        var maskX: Int
        var maskY: Int
    }

    /// One level: `width * height` linear RGBA texels, row 0 at v = 0 (the top of the source image), a view into
    /// the texture's one store (valid while the texture lives).
    public struct Level: @unchecked Sendable {
        public let width: Int
        public let height: Int
        public let texels: UnsafeBufferPointer<SIMD4<Float>>
    }

    public let levels: [Level]
    public let wrapS: Wrap
    public let wrapT: Wrap

    /// Decodes `image` (sRGB colour, linear alpha) and builds the mip chain by 2x2 box filtering, every level in
    /// one never-moving store (the shading loops read it without array retain/release per sample), built in place:
    /// the texture's memory is its texels and nothing more, 4/3 of the base level (a 4096² texture: 358 MB).
    public init(image: RGBA8Image, wrapS: Wrap = .repeat, wrapT: Wrap = .repeat) {
        precondition(image.width > 0 && image.height > 0, "a texture needs at least one texel")
        var sizes = [(image.width, image.height)]
        while let (w, h) = sizes.last, w > 1 || h > 1 { sizes.append((max(1, w / 2), max(1, h / 2))) }
        let total = sizes.reduce(0) { $0 + $1.0 * $1.1 }
        let store = UnsafeMutablePointer<SIMD4<Float>>.allocate(capacity: total)
        let info = UnsafeMutablePointer<LevelInfo>.allocate(capacity: sizes.count)
        var offset = 0
        for (k, (w, h)) in sizes.enumerated() {
            info[k] = LevelInfo(offset: offset, width: w, height: h,
                                maskX: w.nonzeroBitCount == 1 ? w - 1 : -1, maskY: h.nonzeroBitCount == 1 ? h - 1 : -1)
            offset += w * h
        }
        let table = SRGB.decodeTable
        image.pixels.withUnsafeBufferPointer { p in
            for i in 0..<(image.width * image.height) {
                (store + i).initialize(to: SIMD4(table[Int(p[4 * i])], table[Int(p[4 * i + 1])], table[Int(p[4 * i + 2])],
                                                 Float(p[4 * i + 3]) / 255))
            }
        }
        for k in sizes.indices.dropFirst() {
            let last = info[k - 1], lv = info[k]
            let src = store + last.offset, dst = store + lv.offset
            for y in 0..<lv.height {
                let y0 = min(2 * y, last.height - 1), y1 = min(2 * y + 1, last.height - 1)
                for x in 0..<lv.width {
                    let x0 = min(2 * x, last.width - 1), x1 = min(2 * x + 1, last.width - 1)
                    let s = src[y0 * last.width + x0] + src[y0 * last.width + x1]
                        + src[y1 * last.width + x0] + src[y1 * last.width + x1]
                    (dst + y * lv.width + x).initialize(to: s * 0.25)
                }
            }
        }
        levels = (0..<sizes.count).map { k in
            Level(width: info[k].width, height: info[k].height,
                  texels: UnsafeBufferPointer(start: store + info[k].offset, count: info[k].width * info[k].height))
        }
        self.store = store
        self.info = info
        self.wrapS = wrapS
        self.wrapT = wrapT
        maxLOD = Float(sizes.count - 1)
    }

    deinit {
        store.deallocate()
        info.deallocate()
    }

    /// Every level's texels, level 0 first (see `info`).
    let store: UnsafeMutablePointer<SIMD4<Float>>
    let info: UnsafeMutablePointer<LevelInfo>
    /// The last level's index as a float: λ is clamped to [0, maxLOD].
    let maxLOD: Float

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
        return Texture.blend(lv.texels.baseAddress!, lv.width, x0, x1, y0, y1, tu, tv)
    }

    /// The bilinear blend of texels (x0, y0), (x1, y0), (x0, y1), (x1, y1) of a level `width` wide at `t`, by
    /// (tu, tv): both filters' last step, the same operations in the same order.
    @inline(__always)
    static func blend(_ t: UnsafePointer<SIMD4<Float>>, _ width: Int, _ x0: Int, _ x1: Int, _ y0: Int, _ y1: Int,
                      _ tu: Float, _ tv: Float) -> SIMD4<Float> {
        let a = t[y0 * width + x0], b = t[y0 * width + x1]
        let c = t[y1 * width + x0], d = t[y1 * width + x1]
        let top = a + (b - a) * tu
        let bottom = c + (d - c) * tu
        return top + (bottom - top) * tv
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

    // MARK: - Trilinear

    /// The level of detail λ = log2(ρ) for a footprint whose square is ρ² (`texelsPerPixelSquared`, base-level
    /// texels per pixel, squared), clamped to [0, last level]: λ = ½ log2(ρ²), with log2 from the float's
    /// exponent and a series for the mantissa (`vlog2`, within 2e-5 of log2). Scalar twin of `vlod`.
    public func lod(forSquaredFootprint texelsPerPixelSquared: Float) -> Float {
        vlod(SIMD8(repeating: texelsPerPixelSquared), maxLOD: maxLOD)[0]
    }

    /// Trilinear sample at (u, v) with level of detail `lod` (clamped to [0, last level], as `lod(...)` gives):
    /// bilinear in levels ⌊λ⌋ and ⌊λ⌋ + 1 (the last level twice at the end of the chain), blended by the
    /// fraction. Scalar twin of `TextureSampler.sample8`, operation for operation.
    public func sampleTrilinear(u: Float, v: Float, lod: Float) -> SIMD4<Float> {
        let l0 = Int(lod)  // lod >= 0: truncation is floor
        let f = lod - Float(l0)
        let a = bilinear(u, v, info[l0])
        let b = bilinear(u, v, info[min(l0 + 1, levels.count - 1)])
        return a + (b - a) * f
    }

    /// Bilinear sample of one level from `store`. Coordinates beyond ±2^22 texels (or not finite) read texel 0.
    func bilinear(_ u: Float, _ v: Float, _ lv: LevelInfo) -> SIMD4<Float> {
        let t = store + lv.offset
        let fu = u * Float(lv.width) - 0.5
        let fv = v * Float(lv.height) - 0.5
        guard abs(fu) < 4_194_304, abs(fv) < 4_194_304 else { return t[0] }
        let iu = fu.rounded(.down), iv = fv.rounded(.down)
        let tu = fu - iu, tv = fv - iv
        let (x0, x1) = Texture.pair(Int(iu), lv.width, lv.maskX, wrapS)
        let (y0, y1) = Texture.pair(Int(iv), lv.height, lv.maskY, wrapT)
        return Texture.blend(t, lv.width, x0, x1, y0, y1, tu, tv)
    }

    /// Addresses of texels i and i + 1 on an axis of n texels: a bit mask for repeat on power-of-two sizes
    /// (the common case, no division), else `address`.
    @inline(__always)
    static func pair(_ i: Int, _ n: Int, _ mask: Int, _ mode: Wrap) -> (Int, Int) {
        if mode == .repeat && mask >= 0 { return (i & mask, (i + 1) & mask) }
        let a = address(i, n, mode)
        if mode == .repeat { return (a, a + 1 == n ? 0 : a + 1) }
        return (a, address(i + 1, n, mode))
    }
}

/// λ for 8 lanes: ½ log2 of the squared footprint, clamped to [0, maxLOD]; zero, infinite and NaN footprints
/// give 0 or maxLOD. Scalar twin: min(max(0.5 * log2(foot2), 0), maxLOD).
@inline(__always)
func vlod(_ foot2: SIMD8<Float>, maxLOD: Float) -> SIMD8<Float> {
    let l = vlog2(foot2) * 0.5
    return vminf(vmaxf(l, SIMD8<Float>()), SIMD8(repeating: maxLOD))
}

/// log2(x) per lane for positive normal x, within 2e-5: the exponent plus log2 of the mantissa m in [1, 2) by
/// the series 2/ln 2 · (t + t³/3 + t⁵/5 + t⁷/7), t = (m - 1)/(m + 1) ≤ 1/3. Zero and subnormals give about
/// -127, infinity and NaN about 128. Scalar twin: log2(x).
@inline(__always)
func vlog2(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let b = bits(x)
    let e = ((b &>> 23) & SIMD8(repeating: 0xFF)) &- SIMD8(repeating: 127)
    let m = float((b & SIMD8(repeating: 0x7F_FFFF)) | SIMD8(repeating: 0x3F80_0000))
    let t: SIMD8<Float> = (m - 1) / (m + 1)
    let t2: SIMD8<Float> = t * t
    let c3 = SIMD8<Float>(repeating: 1.0 / 3), c5 = SIMD8<Float>(repeating: 1.0 / 5), c7 = SIMD8<Float>(repeating: 1.0 / 7)
    let inner: SIMD8<Float> = c3 + t2 * (c5 + t2 * c7)
    let series: SIMD8<Float> = t * (1 + t2 * inner)
    // e as a float through the mantissa (|e| < 2^22): SIMD8<Float>(e) is a generic out-of-line conversion.
    let ef = float(e &+ SIMD8(repeating: 0x4B40_0000)) - SIMD8<Float>(repeating: 12_582_912)
    return ef + series * 2.885_390_1
}
