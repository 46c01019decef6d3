// Floor: the stage floor: a rectangle at y = 0 with a colour and an optional grid.

/// The physical floor, centred on `centre` (x, z) at y = 0.
public struct Floor: Sendable, Equatable {
    /// Width along X and depth along Z, metres.
    public var size: SIMD2<Double>
    public var centre: SIMD2<Double>
    /// sRGB colour, components 0...1.
    public var color: SIMD3<Double>
    /// Spacing of the drawn grid lines, metres (0 = no grid).
    public var gridSpacing: Double

    public init(size: SIMD2<Double> = [20, 20], centre: SIMD2<Double> = .zero, color: SIMD3<Double> = [0.3, 0.3, 0.31],
                gridSpacing: Double = 1) {
        self.size = size
        self.centre = centre
        self.color = color
        self.gridSpacing = gridSpacing
    }

    public var areaM2: Double { size.x * size.y }
}
