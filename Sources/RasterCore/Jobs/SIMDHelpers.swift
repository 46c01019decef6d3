// SIMDHelpers: lane-wise min/max/clamp/round/rsqrt written so they compile to vector code in Swift 6.3.
//
// `package` and inlinable: StagePasses' per-pixel loops (the lens warp) use the same helpers.
//
// The standard library's generic versions (pointwiseMin/Max, SIMD8<Int32>(_:rounding:), squareRoot()) compile
// to out-of-line generic calls or per-lane libm calls here (checked with -emit-assembly, see
// Docs/performance.md), which made shading 10x slower. Each helper says its scalar twin.

/// min(a, b) per lane, for |a - b| < 2^31 (coordinates here are < 2^24). Scalar twin: a < b ? a : b.
@inline(__always)
@inlinable package func vmin(_ a: SIMD8<Int32>, _ b: SIMD8<Int32>) -> SIMD8<Int32> {
    let d = a &- b
    return b &+ (d & (d &>> 31))
}

/// max(a, b) per lane, for |a - b| < 2^31. Scalar twin: a < b ? b : a.
@inline(__always)
@inlinable package func vmax(_ a: SIMD8<Int32>, _ b: SIMD8<Int32>) -> SIMD8<Int32> {
    let d = a &- b
    return a &- (d & (d &>> 31))
}

@inline(__always) @inlinable package func bits(_ v: SIMD8<Float>) -> SIMD8<Int32> { unsafeBitCast(v, to: SIMD8<Int32>.self) }
@inline(__always) @inlinable package func float(_ v: SIMD8<Int32>) -> SIMD8<Float> { unsafeBitCast(v, to: SIMD8<Float>.self) }

/// max(a, b) per lane for finite values. Scalar twin: a - b < 0 ? b : a.
@inline(__always)
@inlinable package func vmaxf(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    let m = bits(a - b) &>> 31
    return float((bits(a) & ~m) | (bits(b) & m))
}

/// min(a, b) per lane for finite values. Scalar twin: a - b < 0 ? a : b.
@inline(__always)
@inlinable package func vminf(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    let m = bits(a - b) &>> 31
    return float((bits(a) & m) | (bits(b) & ~m))
}

/// Clamps to [0, 1]; NaN and infinite lanes become 0 or 1 deterministically. Scalar twin: x > 0 ? min(x, 1) : 0.
@inline(__always)
@inlinable package func vclamp01(_ x: SIMD8<Float>) -> SIMD8<Float> {
    // Integer compares on the bit patterns: negative floats (sign bit) → 0; above 1.0 (0x3F800000), incl.
    // +inf and NaN → 1.
    var b = bits(x)
    b &= ~(b &>> 31)
    let over = (SIMD8<Int32>(repeating: 0x3F80_0000) &- b) &>> 31
    return float((b & ~over) | (SIMD8<Int32>(repeating: 0x3F80_0000) & over))
}

/// Round to nearest even, to Int32, for |x| < 2^22: adding 1.5 * 2^23 leaves the integer in the mantissa.
/// Scalar twin: Int32(x.rounded(.toNearestOrEven)).
@inline(__always)
@inlinable package func vroundSmall(_ x: SIMD8<Float>) -> SIMD8<Int32> {
    bits(x + SIMD8<Float>(repeating: 12_582_912)) &- SIMD8<Int32>(repeating: 0x4B40_0000)
}

/// Round to nearest even, to Int32, for |x| < 2^31, through Double (1.5 * 2^52 leaves the integer in the low
/// bits). Exact for every Float input. Scalar twin: Int32(Double(x).rounded(.toNearestOrEven)).
@inline(__always)
func vround(_ x: SIMD8<Float>) -> SIMD8<Int32> {
    let d = SIMD8<Double>(x) + SIMD8<Double>(repeating: 6_755_399_441_055_744)
    return SIMD8<Int32>(truncatingIfNeeded: unsafeBitCast(d, to: SIMD8<Int64>.self))
}

/// 1 / sqrt(x) per lane: the classic bit-level estimate refined by three Newton steps (about 1 ulp for normal
/// positive x). Scalar twin: 1 / x.squareRoot().
@inline(__always)
func vrsqrt(_ x: SIMD8<Float>) -> SIMD8<Float> {
    var y = float(SIMD8<Int32>(repeating: 0x5F37_5A86) &- (bits(x) &>> 1))
    let h = x * 0.5
    y = y * (1.5 - h * y * y)
    y = y * (1.5 - h * y * y)
    y = y * (1.5 - h * y * y)
    return y
}

/// True when any lane of a 0 / -1 mask is set (a sum of k lanes of -1 is -k, never 0 for k in 1...8).
/// `mask != .zero` compiles to a lane-by-lane loop through memory; this is a horizontal add.
@inline(__always)
@inlinable package func anyLane(_ mask: SIMD8<Int32>) -> Bool { mask.wrappedSum() != 0 }

/// -1 in lanes where `v` is non-zero, else 0. Scalar twin: v != 0 ? -1 : 0.
@inline(__always)
func nonZeroMask(_ v: SIMD8<UInt32>) -> SIMD8<Int32> {
    unsafeBitCast(v | (0 &- v), to: SIMD8<Int32>.self) &>> 31
}

/// Eight lanes' 4-vectors, stored one after another as 16-byte vectors at `p` (lane l at byte 16 l), as four vectors
/// of eight lanes: channel c of every lane. Pairs of lanes (0, 4), (1, 5), (2, 6), (3, 7) are loaded as 8-vectors
/// and transposed 4 x 4 in each 128-bit half, in registers (the texture and canvas samplers' per-lane blends end here).
@inline(__always)
@inlinable package func transposeLanes(_ p: UnsafeRawPointer)
    -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
    @inline(__always) func pair(_ i: Int) -> SIMD8<Float> {
        SIMD8(lowHalf: p.load(fromByteOffset: 16 * i, as: SIMD4<Float>.self),
              highHalf: p.load(fromByteOffset: 16 * (i + 4), as: SIMD4<Float>.self))
    }
    let p0 = pair(0), p1 = pair(1), p2 = pair(2), p3 = pair(3)
    let t0 = SIMD8(p0[0], p1[0], p0[1], p1[1], p0[4], p1[4], p0[5], p1[5])
    let t1 = SIMD8(p0[2], p1[2], p0[3], p1[3], p0[6], p1[6], p0[7], p1[7])
    let t2 = SIMD8(p2[0], p3[0], p2[1], p3[1], p2[4], p3[4], p2[5], p3[5])
    let t3 = SIMD8(p2[2], p3[2], p2[3], p3[3], p2[6], p3[6], p2[7], p3[7])
    return (SIMD8(t0[0], t0[1], t2[0], t2[1], t0[4], t0[5], t2[4], t2[5]),
            SIMD8(t0[2], t0[3], t2[2], t2[3], t0[6], t0[7], t2[6], t2[7]),
            SIMD8(t1[0], t1[1], t3[0], t3[1], t1[4], t1[5], t3[4], t3[5]),
            SIMD8(t1[2], t1[3], t3[2], t3[3], t1[6], t1[7], t3[6], t3[7]))
}
