// Primitive: procedural shapes a scene can use without mesh files, with their triangle counts and local bounds.

/// A procedural shape in its local frame (metres). Boxes, cylinders and extrusions stand on y = 0, centred on
/// the Y axis; planes lie at y = 0 facing +Y; spheres are centred on the origin.
///
/// `triangleCount` is the contract for the mesher: box 12; plane 2; cylinder 4s - 4 (2s sides, s - 2 per fan
/// cap); sphere 2s(r - 1) (one fan row at each pole, quads between); extrusion of n points 4n - 4 (2n sides,
/// n - 2 per cap).
public enum Primitive: Sendable, Equatable {
    /// Width (X), height (Y), depth (Z).
    case box(size: SIMD3<Double>)
    /// Width (X), depth (Z).
    case plane(size: SIMD2<Double>)
    case cylinder(radius: Double, height: Double, segments: Int)
    case sphere(radius: Double, segments: Int, rings: Int)
    /// A simple polygon in the XZ plane (points as (x, z), metres) pushed up by `height`.
    case extrusion(points: [SIMD2<Double>], height: Double)

    public var kind: String {
        switch self {
        case .box: return "box"
        case .plane: return "plane"
        case .cylinder: return "cylinder"
        case .sphere: return "sphere"
        case .extrusion: return "extrude"
        }
    }

    public var triangleCount: Int {
        switch self {
        case .box: return 12
        case .plane: return 2
        case .cylinder(_, _, let s): return 4 * s - 4
        case .sphere(_, let s, let r): return 2 * s * (r - 1)
        case .extrusion(let pts, _): return 4 * pts.count - 4
        }
    }

    /// The local axis-aligned bounds.
    public var bounds: (min: SIMD3<Double>, max: SIMD3<Double>) {
        switch self {
        case .box(let s): return (SIMD3(-s.x / 2, 0, -s.z / 2), SIMD3(s.x / 2, s.y, s.z / 2))
        case .plane(let s): return (SIMD3(-s.x / 2, 0, -s.y / 2), SIMD3(s.x / 2, 0, s.y / 2))
        case .cylinder(let r, let h, _): return (SIMD3(-r, 0, -r), SIMD3(r, h, r))
        case .sphere(let r, _, _): return (SIMD3(-r, -r, -r), SIMD3(r, r, r))
        case .extrusion(let pts, let h):
            var lo = SIMD2<Double>(repeating: .infinity), hi = SIMD2<Double>(repeating: -.infinity)
            for p in pts {
                lo = pointwiseMin(lo, p)
                hi = pointwiseMax(hi, p)
            }
            return (SIMD3(lo.x, 0, lo.y), SIMD3(hi.x, h, hi.y))
        }
    }
}
