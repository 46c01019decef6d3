// LEDWall: a standing LED wall, flat, curved along an arc, faceted (flat cabinets on an arc) or a mesh, with its placement.

/// A vertical LED wall built from one panel type.
///
/// Flat: the bottom edge's middle is at `position`, the face looks along -Z rotated by `yawDegrees` about +Y
/// (so yaw 0 faces a camera at +Z). Curved: the cabinets stand on an arc of `radius` around `position` (the arc's
/// centre, on the floor), facing inwards; the arc runs from `startDegrees` clockwise seen from above, where 0° is
/// straight ahead (-Z) and positive angles go towards +X, spanning `spanDegrees`. Faceted: as curved, but each
/// column of cabinets is flat, as a real curved volume is built: the columns' vertical edges stand on the arc, each
/// column a chord, optionally leaning back by `leanDegrees` (Docs/analysis.md compares the two). Mesh: any shape,
/// the canvas laid over a triangle mesh by its UVs (`position`, `yaw` and `elevation` were applied when it was read).
public struct LEDWall: Sendable, Equatable {
    public enum Shape: Sendable, Equatable {
        case flat
        /// An arc of the given radius (metres) starting at the given angle (degrees).
        case curved(radius: Double, startDegrees: Double)
        /// Flat cabinet columns whose vertical edges stand on an arc of the given radius (metres), from the given
        /// angle (degrees), each column leaning back (top away from the axis) by `leanDegrees`.
        case faceted(radius: Double, startDegrees: Double, leanDegrees: Double)
        /// A mesh screen in studio space (its placement already applied), the canvas laid on by its UVs.
        case mesh(LEDSurface.Mesh)
    }

    public var name: String
    public var grid: CabinetGrid
    public var shape: Shape
    /// Flat: bottom centre of the wall; curved: centre of the arc on the floor. Metres.
    public var position: SIMD3<Double>
    /// Rotation of the whole wall about +Y, degrees.
    public var yawDegrees: Double
    /// Height of the bottom cabinet row above the floor, metres.
    public var elevation: Double

    public init(name: String, grid: CabinetGrid, shape: Shape = .flat, position: SIMD3<Double> = .zero,
                yawDegrees: Double = 0, elevation: Double = 0) {
        self.name = name
        self.grid = grid
        self.shape = shape
        self.position = position
        self.yawDegrees = yawDegrees
        self.elevation = elevation
    }

    /// The angle the arc covers, degrees: columns x cabinet width / radius for a curved wall, columns x the angle
    /// of one cabinet's chord (2 asin(width / 2r)) for a faceted one; 0 for a flat wall.
    public var spanDegrees: Double {
        switch shape {
        case .flat, .mesh: return 0
        case .curved(let r, _): return grid.widthM / r * 180 / Double.pi
        case .faceted(let r, _, _): return Double(grid.columns) * LEDSurface.Facets.chordAngle(width: grid.panel.cabinetSize.x, radius: r) * 180 / Double.pi
        }
    }

    public var isCurved: Bool { if case .curved = shape { return true } else { return false } }
    public var isFaceted: Bool { if case .faceted = shape { return true } else { return false } }
    public var isMesh: Bool { if case .mesh = shape { return true } else { return false } }
}
