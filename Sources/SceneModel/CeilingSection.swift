// CeilingSection: a flat LED section hung above the stage, facing down.

/// A horizontal (or tilted) LED ceiling: `grid.columns` run along X, `grid.rows` along Z before `yawDegrees`.
public struct CeilingSection: Sendable, Equatable {
    public var name: String
    public var grid: CabinetGrid
    /// Centre of the section's face, metres (y is the height above the floor).
    public var centre: SIMD3<Double>
    /// Rotation about +Y, degrees.
    public var yawDegrees: Double
    /// Tilt about the section's X axis, degrees (0 = facing straight down; positive tips the far edge down).
    public var tiltDegrees: Double

    public init(name: String, grid: CabinetGrid, centre: SIMD3<Double>, yawDegrees: Double = 0,
                tiltDegrees: Double = 0) {
        self.name = name
        self.grid = grid
        self.centre = centre
        self.yawDegrees = yawDegrees
        self.tiltDegrees = tiltDegrees
    }
}
