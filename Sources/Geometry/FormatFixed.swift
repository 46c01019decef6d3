// FormatFixed: numbers with a fixed count of decimals, for parseable output lines and status lines.

/// `v` with `decimals` digits after the point, rounded half away from zero ("12.345"), without Foundation's
/// locale-dependent formatting. Magnitudes whose digits do not fit an Int (10^15 and more with three decimals;
/// error messages quote whatever a file held) are written as Swift writes them ("1e+19").
public func formatFixed(_ v: Double, _ decimals: Int) -> String {
    guard v.isFinite else { return "\(v)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let n = (abs(v) * scale).rounded()
    guard n < 9e15 else { return "\(v)" }
    let whole = Int(n / scale), frac = Int(n - Double(whole) * scale)
    var f = String(frac)
    while f.count < decimals { f = "0" + f }
    return (v < 0 && n != 0 ? "-" : "") + "\(whole)" + (decimals > 0 ? "." + f : "")
}
