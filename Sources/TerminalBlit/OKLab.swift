// OKLab: a perceptual colour space (Björn Ottosson, 2020) for quantising and matching cell colours by what the eye
// sees: equal steps look about equally different, and a = b = 0 is exactly the grey axis.

import Geometry

/// A colour in OKLab: `l` lightness 0...1, `a` green–red, `b` blue–yellow (both about -0.4...0.4).
public struct OKLab: Equatable, Sendable {
    public var l: Float
    public var a: Float
    public var b: Float

    @inlinable
    public init(l: Float, a: Float, b: Float) {
        self.l = l
        self.a = a
        self.b = b
    }

    /// Euclidean distance (ΔE_OK; about 0.01 is one just-noticeable difference under CIEDE2000's scale / 100).
    @inlinable
    public func distance(to o: OKLab) -> Float {
        let dl = l - o.l, da = a - o.a, db = b - o.b
        return (dl * dl + da * da + db * db).squareRoot()
    }

    /// ΔE_OK2: the distance with a and b counted twice. Ottosson found a scale of slightly more than 2 on a and b
    /// fits the COMBVD and OSA-UCS colour-difference data best (2.016 and 2.045); plain `distance` lets a dark
    /// green pass for a dark brown (16,28,13 against 30,26,16: 0.027 apart, CIEDE2000 10.3), this one does not
    /// (0.050). Used wherever a colour may stand in for another.
    @inlinable
    public func perceptualDistance(to o: OKLab) -> Float {
        let dl = l - o.l, da = 2 * (a - o.a), db = 2 * (b - o.b)
        return (dl * dl + da * da + db * db).squareRoot()
    }

    /// Chroma, the distance from the grey axis.
    public var chroma: Float { (a * a + b * b).squareRoot() }
}

/// sRGB 8-bit to linear light, one entry per code (Geometry's `SRGB.decode`).
let srgbDecode: [Float] = (0..<256).map { Float(SRGB.decode(Double($0) / 255)) }

/// Cube root of `x` (any sign): a bit-level first guess refined by three Newton steps (relative error < 1e-6 for
/// the 0...1 range used here). Pure Swift, because layer 2 has no libm.
@inlinable
func cubeRoot(_ x: Float) -> Float {
    if x == 0 { return 0 }
    let m = abs(x)
    var y = Float(bitPattern: m.bitPattern / 3 + 709_921_077)
    for _ in 0..<3 { y = (2 * y + m / (y * y)) / 3 }
    return x < 0 ? -y : y
}

extension RGB {
    /// This colour in OKLab (sRGB decoded to linear, then Ottosson's two matrices with a cube root between).
    public var oklab: OKLab {
        OKLab(linear: SIMD3(srgbDecode[Int(r)], srgbDecode[Int(g)], srgbDecode[Int(b)]))
    }

    /// The 8-bit sRGB colour nearest to `lab`, each channel clamped to the displayable range. On the grey axis
    /// (a = b = 0 exactly) the result is exactly grey (r == g == b), whatever the rounding of the matrices.
    public init(_ lab: OKLab) {
        if lab.a == 0 && lab.b == 0 {
            let v = RGB.encode(lab.l * lab.l * lab.l)
            self.init(v, v, v)
            return
        }
        let l = lab.l + 0.3963377774 * lab.a + 0.2158037573 * lab.b
        let m = lab.l - 0.1055613458 * lab.a - 0.0638541728 * lab.b
        let s = lab.l - 0.0894841775 * lab.a - 1.2914855480 * lab.b
        let l3 = l * l * l, m3 = m * m * m, s3 = s * s * s
        self.init(RGB.encode(4.0767416621 * l3 - 3.3077115913 * m3 + 0.2309699292 * s3),
                  RGB.encode(-1.2684380046 * l3 + 2.6097574011 * m3 - 0.3413193965 * s3),
                  RGB.encode(-0.0041960863 * l3 - 0.7034186147 * m3 + 1.7076147010 * s3))
    }

    /// Linear light (clamped to 0...1) to the 8-bit sRGB code, through Geometry's 4096-step table.
    @inlinable
    static func encode(_ linear: Float) -> UInt8 {
        let n = Float(SRGB.encodeTable.count - 1)
        let x = linear.isNaN ? 0 : min(max(linear, 0), 1)
        return SRGB.encodeTable[Int(x * n + 0.5)]
    }
}
