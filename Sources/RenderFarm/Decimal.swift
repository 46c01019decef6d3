// Decimal: numbers with a fixed count of decimals for progress lines and reports, without Foundation.

/// `v` rounded to `digits` decimals (0...6): `decimal(4.06, 1)` is "4.1"; non-finite values print as "-".
func decimal(_ v: Double, _ digits: Int) -> String {
    guard v.isFinite else { return "-" }
    let d = max(0, min(6, digits))
    var scale = 1.0
    for _ in 0..<d { scale *= 10 }
    let r = (abs(v) * scale).rounded()
    let whole = Int(r / scale), frac = Int(r - Double(whole) * scale)
    let sign = v < 0 && r > 0 ? "-" : ""
    guard d > 0 else { return sign + "\(whole)" }
    let f = String(frac)
    return sign + "\(whole)." + String(repeating: "0", count: d - f.count) + f
}
