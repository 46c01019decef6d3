// DecimalText: plain decimal numbers read straight from bytes, exactly as Double(String) and Int(String) read them.

/// Numbers in take files, read without making a `String` per cell (a CSV take has millions of them).
///
/// Each function reads only the plain form it can read exactly and returns nil for anything else; the caller then
/// falls back to `Double(String)` / `Int(String)`, so every text gets the value (or the refusal) those give.
enum DecimalText {
    /// 10^0 ... 10^22: every one is exact in a Double.
    private static let exactPowersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    /// `[+-]digits[.digits][(e|E)[+-]digits]` when its value is w·10^e with w <= 2^53 and |e| <= 22, else nil.
    ///
    /// Then w and 10^|e| are both exact Doubles, so the one multiplication or division rounds once, to nearest:
    /// the correctly rounded value that `strtod` (behind `Double(String)`) returns (Clinger's fast path). Digits are
    /// gathered with wrapping arithmetic and a number of more than 19 significant digits (where w may have wrapped)
    /// returns nil, as do bigger numbers, `.5`, `5.`, hex, `inf` and `nan`.
    static func double(_ p: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = p.count
        var i = 0
        guard n > 0 else { return nil }
        let negative = p[0] == UInt8(ascii: "-")
        if negative || p[0] == UInt8(ascii: "+") { i = 1 }
        var w: UInt64 = 0
        var significant = 0, exponent = 0
        let intStart = i
        while i < n, case let d = p[i] &- 48, d < 10 {
            if w != 0 || d != 0 { significant += 1 }
            w = w &* 10 &+ UInt64(d)
            i += 1
        }
        guard i > intStart else { return nil }
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            let fracStart = i
            while i < n, case let d = p[i] &- 48, d < 10 {
                if w != 0 || d != 0 { significant += 1 }
                w = w &* 10 &+ UInt64(d)
                exponent -= 1
                i += 1
            }
            guard i > fracStart else { return nil }
        }
        // Past 19 significant digits w may have wrapped; such a number is the slow path's.
        guard significant <= 19 else { return nil }
        if i < n, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var negativeExponent = false
            if i < n, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                negativeExponent = p[i] == UInt8(ascii: "-")
                i += 1
            }
            let expStart = i
            var e = 0
            while i < n, case let d = p[i] &- 48, d < 10, i - expStart < 4 {
                e = e * 10 + Int(d)
                i += 1
            }
            guard i > expStart else { return nil }
            exponent += negativeExponent ? -e : e
        }
        guard i == n, w <= 1 << 53 else { return nil }
        var v = Double(w)
        if w != 0 {
            if exponent < 0 {
                guard exponent >= -22 else { return nil }
                v /= exactPowersOf10[-exponent]
            } else if exponent > 0 {
                guard exponent <= 22 else { return nil }
                v *= exactPowersOf10[exponent]
            }
        }
        return negative ? -v : v
    }

    /// `[+-]digits` of at most 18 digits (no overflow is possible), else nil.
    static func int(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = p.count
        var i = 0
        guard n > 0 else { return nil }
        let negative = p[0] == UInt8(ascii: "-")
        if negative || p[0] == UInt8(ascii: "+") { i = 1 }
        guard n - i > 0, n - i <= 18 else { return nil }
        var v = 0
        while i < n {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
            i += 1
        }
        return negative ? -v : v
    }
}
