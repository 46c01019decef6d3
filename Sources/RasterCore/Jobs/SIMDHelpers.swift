// SIMDHelpers: lane-wise min/max/clamp written with sign-bit arithmetic, which compiles to vector code.

/// min(a, b) per lane, for |a - b| < 2^31 (coordinates here are < 2^24). Scalar twin: a < b ? a : b.
@inline(__always)
func vmin(_ a: SIMD8<Int32>, _ b: SIMD8<Int32>) -> SIMD8<Int32> {
    let d = a &- b
    return b &+ (d & (d &>> 31))
}

/// max(a, b) per lane, for |a - b| < 2^31. Scalar twin: a < b ? b : a.
@inline(__always)
func vmax(_ a: SIMD8<Int32>, _ b: SIMD8<Int32>) -> SIMD8<Int32> {
    let d = a &- b
    return a &- (d & (d &>> 31))
}

/// Clamps to [0, 1]; NaN lanes become 0. Scalar twin: x > 0 ? min(x, 1) : 0.
@inline(__always)
func vclamp01(_ x: SIMD8<Float>) -> SIMD8<Float> {
    pointwiseMin(pointwiseMax(x.replacingNaN(), SIMD8<Float>()), SIMD8<Float>(repeating: 1))
}
