// Transform: translate, rotate (degrees) and scale, applied scale first, then rotation, then translation.

import Geometry

/// A placement: `p' = translate + R(scale * p)`, where R turns about the fixed X axis, then Y, then Z, by
/// `rotateDegrees.x`, `.y`, `.z` (right-handed: positive angles turn counter-clockwise looking down the axis).
public struct Transform: Sendable, Equatable {
    public var translate: SIMD3<Double>
    public var rotateDegrees: SIMD3<Double>
    public var scale: SIMD3<Double>

    public init(translate: SIMD3<Double> = .zero, rotateDegrees: SIMD3<Double> = .zero, scale: SIMD3<Double> = [1, 1, 1]) {
        self.translate = translate
        self.rotateDegrees = rotateDegrees
        self.scale = scale
    }

    public static let identity = Transform()

    /// Where the transform takes a point.
    public func apply(_ p: SIMD3<Double>) -> SIMD3<Double> {
        var v = p * scale
        let r = rotateDegrees * (Double.pi / 180)
        if r.x != 0 {
            let (s, c) = (sinD(r.x), cosD(r.x))
            v = SIMD3(v.x, c * v.y - s * v.z, s * v.y + c * v.z)
        }
        if r.y != 0 {
            let (s, c) = (sinD(r.y), cosD(r.y))
            v = SIMD3(c * v.x + s * v.z, v.y, -s * v.x + c * v.z)
        }
        if r.z != 0 {
            let (s, c) = (sinD(r.z), cosD(r.z))
            v = SIMD3(c * v.x - s * v.y, s * v.x + c * v.y, v.z)
        }
        return v + translate
    }

    /// The axis-aligned box around the transformed corners of a local box.
    public func apply(bounds b: (min: SIMD3<Double>, max: SIMD3<Double>)) -> (min: SIMD3<Double>, max: SIMD3<Double>) {
        var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
        for i in 0..<8 {
            let c = SIMD3(i & 1 == 0 ? b.min.x : b.max.x, i & 2 == 0 ? b.min.y : b.max.y, i & 4 == 0 ? b.min.z : b.max.z)
            let p = apply(c)
            lo = pointwiseMin(lo, p)
            hi = pointwiseMax(hi, p)
        }
        return (lo, hi)
    }
}
