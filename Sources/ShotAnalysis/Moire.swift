// Moire: whether an LED grid reaches the photosites sharp and fine enough to alias — the blur disc's modulation
// transfer (2 J1(x)/x) at the grid's fundamental and first harmonic, per axis (Docs/analysis.md, "Moiré").

import Geometry

/// The moiré test for one LED hit, per axis. Lengths in millimetres on the sensor, frequencies in cycles/mm.
public enum Moire {
    /// Bessel function of the first kind, order 1: Abramowitz & Stegun 9.4.4 (|x| ≤ 3, error < 1.3e-8 in J1(x)/x)
    /// and 9.4.6 (|x| > 3, errors < 4e-8 in f1 and 9e-8 in θ1). Pure Swift: layer 2 links no libm wrappers.
    public static func besselJ1(_ x: Double) -> Double {
        let a = abs(x)
        let sign: Double = x < 0 ? -1 : 1
        if a <= 3 {
            let y = (a / 3) * (a / 3)
            let p = 0.5 + y * (-0.56249985 + y * (0.21093573 + y * (-0.03954289 + y * (0.00443319
                + y * (-0.00031761 + y * 0.00001109)))))
            return x * p
        }
        let y = 3 / a
        let f1 = 0.79788456 + y * (0.00000156 + y * (0.01659667 + y * (0.00017105 + y * (-0.00249511
            + y * (0.00113653 + y * -0.00020033)))))
        let t1 = a - 2.35619449 + y * (0.12499612 + y * (0.00005650 + y * (-0.00637879 + y * (0.00074348
            + y * (0.00079824 + y * -0.00029166)))))
        return sign * f1 * cosD(t1) / a.squareRoot()
    }

    /// Modulation transfer of a uniform disc of diameter `blurMM` at frequency ν: 2 J1(π c ν) / (π c ν), signed
    /// (negative: contrast with inverted phase). First zero at π c ν = 3.8317, then a −13.2% lobe to 7.0156.
    public static func discMTF(blurMM c: Double, frequency nu: Double) -> Double {
        let x = Double.pi * c * nu
        guard x.isFinite else { return 0 }
        if abs(x) < 1e-9 { return 1 }
        return 2 * besselJ1(x) / x
    }

    /// Harmonics of the LED grid tested: the fundamental (k = 1) and the first harmonic (k = 2). LED emitters are
    /// small beside their pitch, so the harmonic carries about the fundamental's amplitude before the blur.
    public static let harmonics = 1...2

    /// The largest contrast |MTF| with which a grid of image pitch `pitchMM` (fundamental or first harmonic) reaches
    /// photosites of pitch `photositeMM` at a frequency above the aliasing limit 1 / (`maxPitchRatio` · photosite);
    /// 0 when no component is fine enough to alias.
    public static func aliasingContrast(pitchMM p: Double, photositeMM ps: Double, blurMM c: Double,
                                        maxPitchRatio r: Double) -> Double {
        guard p > 0, p.isFinite, ps > 0 else { return 0 }
        let limit = 1 / (r * ps)
        var worst = 0.0
        for k in harmonics {
            let nu = Double(k) / p
            if nu > limit { worst = max(worst, abs(discMTF(blurMM: c, frequency: nu))) }
        }
        return worst
    }

    /// Length of `pitch` along unit wall axis `axis` as seen across the line of sight `ray` (unit):
    /// pitch · √(1 − (axis · ray)²) = pitch · cos θ, θ the viewing angle in the plane of that axis.
    public static func foreshortened(_ pitch: Double, axis: SIMD3<Double>, ray: SIMD3<Double>) -> Double {
        let c = axis.dot(ray)
        return pitch * max(0, 1 - c * c).squareRoot()
    }
}
