// Optics: depth of field, defocus blur and the LED grid's image on the sensor — the thin-lens formulas the
// shot analysis uses (Docs/analysis.md gives them with their sources).

/// Thin-lens optics of one camera setting. Lengths in millimetres unless named otherwise.
public struct Optics: Sendable, Equatable {
    public var focalMM: Double
    public var fStop: Double
    public var focusMM: Double
    /// Circle of confusion, millimetres on the sensor.
    public var cocMM: Double

    public init(focalMM: Double, fStop: Double, focusMM: Double, cocMM: Double) {
        self.focalMM = focalMM
        self.fStop = fStop
        self.focusMM = focusMM
        self.cocMM = cocMM
    }

    /// Hyperfocal distance: H = f² / (N c) + f.
    public var hyperfocalMM: Double { focalMM * focalMM / (fStop * cocMM) + focalMM }

    /// Near limit of the depth of field: s (H - f) / (H + s - 2f).
    public var nearLimitMM: Double {
        let h = hyperfocalMM, f = focalMM, s = focusMM
        return s * (h - f) / (h + s - 2 * f)
    }

    /// Far limit: s (H - f) / (H - s), infinite when focused at or beyond the hyperfocal distance.
    public var farLimitMM: Double {
        let h = hyperfocalMM, f = focalMM, s = focusMM
        return s >= h ? .infinity : s * (h - f) / (h - s)
    }

    /// Diameter on the sensor of the blur disc of a point at distance d: f² |d - s| / (N (s - f) d).
    public func blurDiameterMM(atMM d: Double) -> Double {
        let f = focalMM, s = focusMM
        guard s > f, d > 0 else { return .infinity }
        return f * f * abs(d - s) / (fStop * (s - f) * d)
    }

    /// Size on the sensor of something `sizeMM` across at distance d: sizeMM · f / (d - f).
    public func imageSizeMM(of sizeMM: Double, atMM d: Double) -> Double {
        guard d > focalMM else { return .infinity }
        return sizeMM * focalMM / (d - focalMM)
    }

    public func inFocus(atMM d: Double) -> Bool { d >= nearLimitMM && d <= farLimitMM }
}
