// LEDPanelType: one kind of LED cabinet: its size, pixel density and rated viewing angle.

/// A cabinet model (for example a 500 x 500 mm cabinet at 2.6 mm pitch).
public struct LEDPanelType: Sendable, Equatable {
    /// How the pixel density was given: a pitch (pixel centre spacing) or pixels per cabinet.
    public enum Density: Sendable, Equatable {
        /// Millimetres between pixel centres; pixels per cabinet = cabinet size / pitch, rounded.
        case pitch(mm: Double)
        /// Pixels across and down one cabinet.
        case pixels(width: Int, height: Int)
    }

    public var name: String
    /// Cabinet width and height, millimetres.
    public var cabinetWidthMM: Double
    public var cabinetHeightMM: Double
    public var density: Density
    /// The rated viewing angle (full angle, degrees): where brightness falls to 50%. Not a colour limit: panels
    /// shift colour visibly far inside it.
    public var viewingAngleDegrees: Double
    /// The panel's measured colour shift of white against the angle off its normal: (degrees, Δu′v′) points in
    /// rising angle, from a stage measurement (a spectroradiometer or the camera on a D65 white at 0/15/30/45/60°).
    public var colorShift: [ColorShiftPoint]
    /// The off-axis angle the stage gives directly instead of a measurement (`color_shift_deg`).
    public var colorShiftDegrees: Double?

    public struct ColorShiftPoint: Sendable, Equatable {
        public var degrees: Double
        public var deltaUV: Double
        public init(degrees: Double, deltaUV: Double) { self.degrees = degrees; self.deltaUV = deltaUV }
    }

    /// One just-noticeable colour difference for colours side by side (1 JNCD, Δu′v′ 0.004): an LED wall's shift is
    /// seen as a gradient across the frame or a step at a seam, so the adjacent threshold applies (Docs/analysis.md).
    public static let justNoticeableDeltaUV = 0.004

    /// The off-axis default without a measurement, degrees: where a modelled red vs green/blue emission mismatch of
    /// SMD packages crosses 1 JNCD (Docs/analysis.md gives the model, its sources, and why no published measurement
    /// could be used).
    public static let defaultColorShiftDegrees = 40.0

    public init(name: String, cabinetWidthMM: Double, cabinetHeightMM: Double, density: Density,
                viewingAngleDegrees: Double = 160, colorShift: [ColorShiftPoint] = [], colorShiftDegrees: Double? = nil) {
        self.name = name
        self.cabinetWidthMM = cabinetWidthMM
        self.cabinetHeightMM = cabinetHeightMM
        self.density = density
        self.viewingAngleDegrees = viewingAngleDegrees
        self.colorShift = colorShift
        self.colorShiftDegrees = colorShiftDegrees
    }

    /// The angle off the normal beyond which this panel's colour visibly shifts: `color_shift_deg` as given, else
    /// where the measured curve first reaches 1 JNCD (linear between points; past the last point when it never does),
    /// else the default.
    public var colorShiftLimitDegrees: Double {
        if let d = colorShiftDegrees { return d }
        guard let first = colorShift.first else { return Self.defaultColorShiftDegrees }
        let jnd = Self.justNoticeableDeltaUV
        if first.deltaUV >= jnd { return first.degrees }
        for (a, b) in zip(colorShift, colorShift.dropFirst()) where b.deltaUV >= jnd {
            return a.degrees + (b.degrees - a.degrees) * (jnd - a.deltaUV) / (b.deltaUV - a.deltaUV)
        }
        return colorShift.last!.degrees
    }

    /// Pixels across and down one cabinet (500 mm at 2.6 mm pitch: 500 / 2.6 = 192.3, so 192).
    public var pixelsPerCabinet: (width: Int, height: Int) {
        switch density {
        case .pixels(let w, let h): return (w, h)
        case .pitch(let mm):
            return (Int((cabinetWidthMM / mm).rounded()), Int((cabinetHeightMM / mm).rounded()))
        }
    }

    /// Horizontal pixel pitch in millimetres (given, or cabinet width / pixels).
    public var pitchMM: Double {
        switch density {
        case .pitch(let mm): return mm
        case .pixels(let w, _): return cabinetWidthMM / Double(w)
        }
    }

    /// Vertical pixel pitch in millimetres: the horizontal one for a given pitch, else cabinet height / pixels (an
    /// nDisplay viewport stretched over its screen has pixels that are not square).
    public var verticalPitchMM: Double {
        switch density {
        case .pitch(let mm): return mm
        case .pixels(_, let h): return cabinetHeightMM / Double(h)
        }
    }

    /// Cabinet width and height in metres.
    public var cabinetSize: SIMD2<Double> { SIMD2(cabinetWidthMM, cabinetHeightMM) / 1000 }
}
