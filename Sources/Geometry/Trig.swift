// Trig: sin and cos in Double without Foundation (layer 0 imports only the standard library).

/// sin(x) to full double precision: argument reduction by pi/2, then Taylor series on [-pi/4, pi/4].
public func sinD(_ x: Double) -> Double {
    let (r, q) = reduceQuarter(x)
    switch q & 3 {
    case 0: return sinKernel(r)
    case 1: return cosKernel(r)
    case 2: return -sinKernel(r)
    default: return -cosKernel(r)
    }
}

/// cos(x) to full double precision.
public func cosD(_ x: Double) -> Double {
    let (r, q) = reduceQuarter(x)
    switch q & 3 {
    case 0: return cosKernel(r)
    case 1: return -sinKernel(r)
    case 2: return -cosKernel(r)
    default: return sinKernel(r)
    }
}

/// atan2 in Double (series after reduction to |t| <= tan(pi/12)).
public func atan2D(_ y: Double, _ x: Double) -> Double {
    if x == 0 && y == 0 { return 0 }
    let ax = abs(x), ay = abs(y)
    var a = ay > ax ? Double.pi / 2 - atanUnit(ax / ay) : atanUnit(ay / ax)
    if x < 0 { a = Double.pi - a }
    return y < 0 ? -a : a
}

private func atanUnit(_ t: Double) -> Double {  // t in [0, 1]
    let k = 0.2679491924311227  // tan(pi/12)
    if t > k {
        let u = (t - k) / (1 + t * k)
        return Double.pi / 12 + atanSeries(u)
    }
    return atanSeries(t)
}

private func atanSeries(_ t: Double) -> Double {
    var sum = 0.0, p = t
    let t2 = t * t
    var n = 1.0, sign = 1.0
    for _ in 0..<30 { sum += sign * p / n; p *= t2; n += 2; sign = -sign }
    return sum
}

private func reduceQuarter(_ x: Double) -> (Double, Int) {
    // A file can carry any angle (1e300 trapped in Int(q), found by fuzzing OpenTrackIO; Docs/reliability.md).
    // NaN and infinity give NaN; beyond 1e6 the angle is folded to one turn first (fmod is exact), so the result
    // stays a sine, and q small.
    guard x.isFinite else { return (.nan, 0) }
    let x = abs(x) > 1e6 ? x.truncatingRemainder(dividingBy: 2 * Double.pi) : x
    let halfPi = Double.pi / 2
    let q = (x / halfPi).rounded()
    // Cody-Waite style two-part pi/2 keeps the reduction accurate for the angles we use (|x| < 1e6).
    let r = (x - q * 1.5707963267341256) - q * 6.077100506506192e-11
    return (r, Int(q))
}

private func sinKernel(_ x: Double) -> Double {
    let x2 = x * x
    var term = x, sum = x
    for n in stride(from: 2.0, through: 26.0, by: 2.0) { term *= -x2 / (n * (n + 1)); sum += term }
    return sum
}

private func cosKernel(_ x: Double) -> Double {
    let x2 = x * x
    var term = 1.0, sum = 1.0
    for n in stride(from: 1.0, through: 25.0, by: 2.0) { term *= -x2 / (n * (n + 1)); sum += term }
    return sum
}
