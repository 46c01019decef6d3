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
    /// The rated viewing angle (full angle, degrees) beyond which colour and brightness shift.
    public var viewingAngleDegrees: Double

    public init(name: String, cabinetWidthMM: Double, cabinetHeightMM: Double, density: Density,
                viewingAngleDegrees: Double = 160) {
        self.name = name
        self.cabinetWidthMM = cabinetWidthMM
        self.cabinetHeightMM = cabinetHeightMM
        self.density = density
        self.viewingAngleDegrees = viewingAngleDegrees
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

    /// Cabinet width and height in metres.
    public var cabinetSize: SIMD2<Double> { SIMD2(cabinetWidthMM, cabinetHeightMM) / 1000 }
}
