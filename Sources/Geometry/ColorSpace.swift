// ColorSpace: the sRGB transfer curve, exact formulas and the lookup tables the shaders use.

/// The sRGB transfer function (IEC 61966-2-1): shading happens in linear light, files and terminals get sRGB.
public enum SRGB {
    /// Linear [0, 1] to encoded [0, 1].
    @inlinable
    public static func encode(_ l: Double) -> Double {
        if !(l > 0) { return 0 }
        if l >= 1 { return 1 }
        return l <= 0.0031308 ? 12.92 * l : 1.055 * powD(l, 1 / 2.4) - 0.055
    }

    /// Encoded [0, 1] to linear [0, 1].
    @inlinable
    public static func decode(_ e: Double) -> Double {
        if !(e > 0) { return 0 }
        if e >= 1 { return 1 }
        return e <= 0.04045 ? e / 12.92 : powD((e + 0.055) / 1.055, 2.4)
    }

    /// Bits of the linear quantisation used by `encodeTable` (4096 steps keep the darkest codes distinct).
    public static let linearBits = 12

    /// Linear value quantised to `linearBits` (round to nearest) -> 8-bit sRGB code.
    public static let encodeTable: [UInt8] = {
        let n = 1 << linearBits
        return (0..<n).map { i in UInt8((encode(Double(i) / Double(n - 1)) * 255).rounded()) }
    }()

    /// sRGB components 0...1 -> linear light, as the rasterizer's colours are given.
    public static func decode(_ c: SIMD3<Double>) -> SIMD3<Float> {
        SIMD3(Float(decode(c.x)), Float(decode(c.y)), Float(decode(c.z)))
    }

    /// 8-bit sRGB code -> linear float.
    public static let decodeTable: [Float] = (0..<256).map { Float(decode(Double($0) / 255)) }
}

/// x^y for x > 0 via exp(y ln x), in Double, without Foundation.
@inlinable
public func powD(_ x: Double, _ y: Double) -> Double { expD(y * lnD(x)) }

/// Natural logarithm for x > 0 (range reduction by the exponent, then atanh series).
public func lnD(_ x: Double) -> Double {
    guard x > 0 else { return -.infinity }
    let e = x.exponent
    let m = x.significand  // [1, 2)
    var mm = m, ee = Double(e)
    if mm > 1.4142135623730951 { mm /= 2; ee += 1 }
    let t = (mm - 1) / (mm + 1), t2 = t * t
    var sum = 0.0, p = t, n = 1.0
    for _ in 0..<40 { sum += p / n; p *= t2; n += 2 }
    return 2 * sum + ee * 0.6931471805599453
}

/// e^x (range reduction by ln 2, then Taylor series).
public func expD(_ x: Double) -> Double {
    if x > 709 { return .infinity }
    if x < -745 { return 0 }
    let k = (x / 0.6931471805599453).rounded()
    let r = x - k * 0.6931471805599453
    var term = 1.0, sum = 1.0
    for n in 1...30 { term *= r / Double(n); sum += term }
    return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
}
