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
