// TextureSampler: trilinear sampling of 8 pixels at once from a texture's never-moving level store.

/// A plain-value view of a `Texture` for the shading loops: pointers and sizes only, so sampling retains
/// nothing (calling the class's methods per pixel cost a retain and a release each, 17% of a textured frame).
///
/// `sample8` is the SIMD twin of `Texture.sampleTrilinear`, lane for lane the same arithmetic (tested bit for
/// bit): address and weight computation in 8 lanes, then each lane's four texels read as one 16-byte vector
/// each and blended, level by level; the two levels around λ are blended in 8 lanes.
struct TextureSampler {
    let store: UnsafePointer<SIMD4<Float>>
    let info: UnsafePointer<Texture.LevelInfo>
    let lastLevel: Int32
    let maxLOD: Float
    /// 8, as a stored value: the trip count of `bilinear8`'s lane loop, which must not be unrolled (see there).
    let lanesToBlend: Int
    /// The base level's width and height in texels.
    let size: SIMD2<Float>
    let wrapS: Texture.Wrap
    let wrapT: Texture.Wrap

    init(_ t: Texture) {
        store = UnsafePointer(t.store)
        info = UnsafePointer(t.info)
        lastLevel = Int32(t.levels.count - 1)
        maxLOD = t.maxLOD
        lanesToBlend = 8
        size = SIMD2(Float(t.levels[0].width), Float(t.levels[0].height))
        wrapS = t.wrapS
        wrapT = t.wrapT
    }

    /// Scratch floats `sample8` needs (index and weight columns, then 8 lanes' blended texels).
    static let scratchFloats = 8 * 12

    /// Four channels of 8 lanes.
    typealias Lanes = (r: SIMD8<Float>, g: SIMD8<Float>, b: SIMD8<Float>, a: SIMD8<Float>)

    /// Trilinear samples of 8 lanes at (u, v) with levels of detail `lod` (clamped to [0, last level], as
    /// `vlod` gives). Returns linear r, g, b, a per lane.
    @inline(__always)
    func sample8(u: SIMD8<Float>, v: SIMD8<Float>, lod: SIMD8<Float>, scratch: UnsafeMutablePointer<Float>) -> Lanes {
        let l0 = vfloorSmall(lod)  // lod >= 0
        let f = lod - vfloat(l0)
        let work = scratch
        let lo = Int(l0.min()), hi = Int(l0.max())
        // The lanes' levels usually agree (λ changes slowly across 8 pixels); each level in [lo, hi + 1] is read
        // once for all lanes, and each lane keeps the blend of its own two levels.
        var c = bilinear8(u, v, level: lo, work: work)
        // Every lane on a whole level (magnified, or at the end of the chain): the blend would return it as is.
        if lo == hi && !anyLane(nonZeroMask(unsafeBitCast(f, to: SIMD8<UInt32>.self))) { return c }
        var out: Lanes = (SIMD8(), SIMD8(), SIMD8(), SIMD8())
        var level = lo
        while true {
            let n = bilinear8(u, v, level: min(level + 1, Int(lastLevel)), work: work)
            let blend: Lanes = (c.r + (n.r - c.r) * f, c.g + (n.g - c.g) * f, c.b + (n.b - c.b) * f, c.a + (n.a - c.a) * f)
            if lo == hi { return blend }
            // Keep the lanes whose level is this one.
            let m = nonZeroMask(unsafeBitCast(l0 &- Int32(level), to: SIMD8<UInt32>.self))  // -1 where not
            @inline(__always) func pick(_ old: SIMD8<Float>, _ new: SIMD8<Float>) -> SIMD8<Float> {
                float((bits(old) & m) | (bits(new) & ~m))
            }
            out = (pick(out.r, blend.r), pick(out.g, blend.g), pick(out.b, blend.b), pick(out.a, blend.a))
            if level == hi { return out }
            level += 1
            c = n
        }
    }

    /// Bilinear samples of 8 lanes in each lane's nearest mip level (`Texture.Filter.bilinearNearestMip`, the
    /// default filter): the SIMD twin of `Texture.sample(u:v:level:)` at `level(forSquaredFootprint:)`, lane for
    /// lane the same floats (tested bit for bit). Each level the lanes use is read once for all of them, as in
    /// `sample8`. Nil when a lane's coordinates reach 4·10⁶ base-level texels or are not finite: that rare group
    /// takes the scalar path, whose range (±10⁸, then texel 0) is wider than `bilinear8`'s (±2^22).
    @inline(__always)
    func sampleNearestMip8(u: SIMD8<Float>, v: SIMD8<Float>, foot2: SIMD8<Float>,
                           scratch: UnsafeMutablePointer<Float>) -> Lanes? {
        // |u| W0 < 4e6 bounds |u w_k - 0.5| below 2^22 at every level; NaN and infinity fail the comparison.
        let magnitude = SIMD8<Int32>(repeating: 0x7FFF_FFFF), limit = bits(SIMD8<Float>(repeating: 4e6))
        let au = float(bits(u) & magnitude) * size.x, av = float(bits(v) & magnitude) * size.y
        let far = ~((bits(au) &- limit) &>> 31) | ~((bits(av) &- limit) &>> 31)  // -1 where not below the limit
        if anyLane(far) { return nil }
        let level = nearestLevels(foot2)
        let lo = Int(level.min()), hi = Int(level.max())
        var c = bilinear8(u, v, level: lo, work: scratch)
        if lo == hi { return c }
        for l in (lo + 1)...hi {
            let n = bilinear8(u, v, level: l, work: scratch)
            let m = nonZeroMask(unsafeBitCast(level &- Int32(l), to: SIMD8<UInt32>.self))  // -1 where not level l
            @inline(__always) func pick(_ old: SIMD8<Float>, _ new: SIMD8<Float>) -> SIMD8<Float> {
                float((bits(old) & m) | (bits(new) & ~m))
            }
            c = (pick(c.r, n.r), pick(c.g, n.g), pick(c.b, n.b), pick(c.a, n.a))
        }
        return c
    }

    /// `Texture.level(forSquaredFootprint:)` for 8 lanes, the same operations: 0 unless 1 < ρ² < infinity, else
    /// ⌊(e + m) / 2 + ½⌋ (e the exponent, m the mantissa's fraction), at most the last level.
    @inline(__always)
    func nearestLevels(_ foot2: SIMD8<Float>) -> SIMD8<Int32> {
        let b = bits(foot2)
        // 1 < ρ² < infinity: between the bit patterns of 1 and infinity as signed integers (negative floats and
        // NaNs with the sign bit are negative integers; NaNs without it are above infinity).
        let valid = ((SIMD8<Int32>(repeating: 0x3F80_0000) &- b) & (b &- SIMD8<Int32>(repeating: 0x7F80_0000))) &>> 31
        let e = vfloat(((b &>> 23) & SIMD8(repeating: 0xFF)) &- SIMD8(repeating: 127))
        // The 23-bit mantissa as a float, exactly (vfloat's magic number covers 22 bits; 2^23's covers 23).
        let mantissa = float((b & SIMD8(repeating: 0x7F_FFFF)) | SIMD8(repeating: 0x4B00_0000)) - 8_388_608
        let l = (e + mantissa / 8_388_608) * 0.5
        return vmin(vfloorSmall(l + 0.5), SIMD8(repeating: lastLevel)) & valid
    }

    /// Largest number of taps of the anisotropic filter.
    static let maxAnisotropy: Int32 = 8

    /// Anisotropic samples of 8 lanes (`Texture.Filter.anisotropic`) from the footprint's axes in base-level
    /// texels per pixel, X = (dux, dvx) and Y = (duy, dvy): N = clamp(⌈sqrt(ρ_max² / ρ_min²)⌉, 1, 8) taps at
    /// (u, v) + A ((k + ½) / N − ½), k < N, A the longer axis in texture coordinates, each trilinear at
    /// λ = ½ log2(ρ_max² / N²), averaged. Each lane uses only its own N taps (lanes with fewer taps skip the
    /// rest), so a pixel's value never depends on its neighbours.
    @inline(__always)
    func sampleAnisotropic8(u: SIMD8<Float>, v: SIMD8<Float>, dux: SIMD8<Float>, dvx: SIMD8<Float>, duy: SIMD8<Float>,
                            dvy: SIMD8<Float>, scratch: UnsafeMutablePointer<Float>) -> Lanes {
        let px2: SIMD8<Float> = dux * dux + dvx * dvx, py2: SIMD8<Float> = duy * duy + dvy * dvy
        let xMajor = bits(py2 - px2) &>> 31  // -1 where X is the longer axis
        let major2 = vmaxf(px2, py2), minor2 = vminf(px2, py2)
        let ratio2 = vminf(vmaxf(major2 / vmaxf(minor2, SIMD8(repeating: 1e-30)), SIMD8(repeating: 1)),
                           SIMD8(repeating: 256))
        let ratio = ratio2 * vrsqrt(ratio2)
        var n = vfloorSmall(ratio)
        n &-= (bits(vfloat(n) - ratio) &>> 31)  // below the ratio: one more (ceiling)
        n = vmin(vmax(n, SIMD8(repeating: 1)), SIMD8(repeating: TextureSampler.maxAnisotropy))
        let nf = vfloat(n)
        let lod = vlod(major2 / (nf * nf), maxLOD: maxLOD)
        let lv = info[0]
        let ax = float((bits(dux) & xMajor) | (bits(duy) & ~xMajor)) / Float(lv.width)
        let ay = float((bits(dvx) & xMajor) | (bits(dvy) & ~xMajor)) / Float(lv.height)
        UnsafeMutableRawPointer(scratch).storeBytes(of: n, as: SIMD8<Int32>.self)
        var taps: Int32 = 1
        scratch.withMemoryRebound(to: Int32.self, capacity: 8) { p in for i in 0..<8 { taps = max(taps, p[i]) } }
        var sum: Lanes = (SIMD8(), SIMD8(), SIMD8(), SIMD8())
        for k in 0..<taps {
            let t = (SIMD8<Float>(repeating: Float(k)) + 0.5) / nf - 0.5
            let s = sample8(u: u + ax * t, v: v + ay * t, lod: lod, scratch: scratch)
            let on = (SIMD8<Int32>(repeating: k) &- n) &>> 31  // -1 where k < n
            @inline(__always) func add(_ acc: SIMD8<Float>, _ x: SIMD8<Float>) -> SIMD8<Float> {
                float((bits(acc + x) & on) | (bits(acc) & ~on))
            }
            sum = (add(sum.r, s.r), add(sum.g, s.g), add(sum.b, s.b), add(sum.a, s.a))
        }
        return (sum.r / nf, sum.g / nf, sum.b / nf, sum.a / nf)
    }

    /// Bilinear samples of one level for 8 lanes.
    @inline(__always)
    func bilinear8(_ u: SIMD8<Float>, _ v: SIMD8<Float>, level: Int, work: UnsafeMutablePointer<Float>) -> Lanes {
        let lv = info[level]
        var fu = u * Float(lv.width) - 0.5
        var fv = v * Float(lv.height) - 0.5
        // Lanes outside ±2^22 texels (or not finite) read texel 0 with zero weights, as the scalar twin does.
        let ok = inRange(fu) & inRange(fv)
        fu = float(bits(fu) & ok); fv = float(bits(fv) & ok)
        let iu = vfloorSmall(fu), iv = vfloorSmall(fv)
        let tu = fu - vfloat(iu), tv = fv - vfloat(iv)
        let (x0, x1) = addresses(iu, n: lv.width, mask: lv.maskX, wrapS, work)
        let (y0, y1) = addresses(iv, n: lv.height, mask: lv.maskY, wrapT, work)
        let w = SIMD8<Int32>(repeating: Int32(lv.width)), o = SIMD8<Int32>(repeating: Int32(lv.offset))
        let r0 = o &+ y0 &* w, r1 = o &+ y1 &* w
        // Through memory once (wide stores, narrow loads: forwarded): per-lane reads of indices and weights.
        let ip = UnsafeMutableRawPointer(work)
        ip.storeBytes(of: r0 &+ x0, toByteOffset: 0, as: SIMD8<Int32>.self)
        ip.storeBytes(of: r0 &+ x1, toByteOffset: 32, as: SIMD8<Int32>.self)
        ip.storeBytes(of: r1 &+ x0, toByteOffset: 64, as: SIMD8<Int32>.self)
        ip.storeBytes(of: r1 &+ x1, toByteOffset: 96, as: SIMD8<Int32>.self)
        ip.storeBytes(of: tu, toByteOffset: 128, as: SIMD8<Float>.self)
        ip.storeBytes(of: tv, toByteOffset: 160, as: SIMD8<Float>.self)
        let idx = UnsafeRawPointer(work).assumingMemoryBound(to: Int32.self)
        // Each lane blended in 128-bit vectors (`Texture.blend`'s operations), one lane per trip of a loop whose
        // count the compiler cannot see: unrolled, the 8 lanes' blends were re-vectorised across lanes, with about
        // 250 shuffles a level to move the texels into channels. The results go through memory as the 16-byte
        // vectors they are (forwarded) and are transposed once.
        let results = UnsafeMutableRawPointer(work + 64)
        var i = 0
        while i < lanesToBlend {
            let a = store[Int(idx[i])], b = store[Int(idx[8 + i])]
            let c = store[Int(idx[16 + i])], d = store[Int(idx[24 + i])]
            let su = work[32 + i], sv = work[40 + i]
            let top = a + (b - a) * su
            let bottom = c + (d - c) * su
            results.storeBytes(of: top + (bottom - top) * sv, toByteOffset: 16 * i, as: SIMD4<Float>.self)
            i += 1
        }
        return transposeLanes(results)
    }

    /// Texel addresses i and i + 1 on an axis of n texels: masks for repeat on power-of-two sizes, integer
    /// min/max for clamp; other cases lane by lane through `Texture.pair` (`addressesLaneByLane`, out of line so
    /// that this stays small enough to inline: called, it returned its vectors through memory, 18% of a frame).
    @inline(__always)
    func addresses(_ i: SIMD8<Int32>, n: Int, mask: Int, _ mode: Texture.Wrap, _ work: UnsafeMutablePointer<Float>)
        -> (SIMD8<Int32>, SIMD8<Int32>) {
        let one = SIMD8<Int32>(repeating: 1)
        if mode == .repeat && mask >= 0 {
            let m = SIMD8<Int32>(repeating: Int32(mask))
            return (i & m, (i &+ one) & m)
        }
        if mode == .clamp {
            let hi = SIMD8<Int32>(repeating: Int32(n - 1)), zero = SIMD8<Int32>()
            return (vmin(vmax(i, zero), hi), vmin(vmax(i &+ one, zero), hi))
        }
        let p = UnsafeMutableRawPointer(work + 48)
        p.storeBytes(of: i, as: SIMD8<Int32>.self)
        TextureSampler.addressesLaneByLane(p.assumingMemoryBound(to: Int32.self),
                                           UnsafeMutableRawPointer(work + 56).assumingMemoryBound(to: Int32.self),
                                           n: n, mask: mask, mode)
        return (UnsafeRawPointer(work + 48).loadUnaligned(as: SIMD8<Int32>.self),
                UnsafeRawPointer(work + 56).loadUnaligned(as: SIMD8<Int32>.self))
    }

    /// `Texture.pair` for 8 lanes: `lanes` holds i and receives the first address, `second` the other.
    @inline(never)
    static func addressesLaneByLane(_ lanes: UnsafeMutablePointer<Int32>, _ second: UnsafeMutablePointer<Int32>, n: Int,
                                    mask: Int, _ mode: Texture.Wrap) {
        for k in 0..<8 {
            let (x0, x1) = Texture.pair(Int(lanes[k]), n, mask, mode)
            lanes[k] = Int32(x0)
            second[k] = Int32(x1)
        }
    }
}

/// -1 in lanes where |x| < 2^22 (finite, small enough for `vfloorSmall`), else 0. Scalar twin: abs(x) < 4194304.
@inline(__always)
func inRange(_ x: SIMD8<Float>) -> SIMD8<Int32> {
    ((bits(x) & SIMD8(repeating: 0x7FFF_FFFF)) &- SIMD8(repeating: 0x4A80_0000)) &>> 31
}

/// floor(x) per lane for |x| < 2^22. Scalar twin: Int32(x.rounded(.down)).
@inline(__always)
@inlinable package func vfloorSmall(_ x: SIMD8<Float>) -> SIMD8<Int32> {
    let r = vroundSmall(x)
    return r &+ (bits(x - vfloat(r)) &>> 31)  // rounded up past x: one less
}

/// Int32 lanes to Float for |i| < 2^22, through the mantissa (SIMD8<Float>(i) is a generic out-of-line call).
/// Scalar twin: Float(i).
@inline(__always)
@inlinable package func vfloat(_ i: SIMD8<Int32>) -> SIMD8<Float> {
    float(i &+ SIMD8(repeating: 0x4B40_0000)) - SIMD8<Float>(repeating: 12_582_912)
}
