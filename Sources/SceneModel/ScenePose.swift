// ScenePose: where a camera is and how it is turned, in the scene's terms (position, pan, tilt, roll, field of view).

import Geometry

/// A camera pose in studio coordinates, as scenes give it (Docs/scene-format.md): position, pan (about the
/// vertical, positive turns right), tilt (positive looks up), roll (positive turns clockwise seen from behind, as in
/// takes), and the vertical field of view of the image.
public struct ScenePose: Sendable, Equatable {
    public var position: SIMD3<Double>
    public var panDegrees: Double
    public var tiltDegrees: Double
    public var rollDegrees: Double
    public var fovYDegrees: Double

    public init(position: SIMD3<Double>, panDegrees: Double = 0, tiltDegrees: Double = 0, rollDegrees: Double = 0,
                fovYDegrees: Double) {
        self.position = position
        self.panDegrees = panDegrees
        self.tiltDegrees = tiltDegrees
        self.rollDegrees = rollDegrees
        self.fovYDegrees = fovYDegrees
    }

    /// Vertical field of view, degrees: 2 atan(sensor height / 2f).
    public static func fovY(sensorHeightMM: Double, focalMM: Double) -> Double {
        2 * atan2D(sensorHeightMM / 2, focalMM) * 180 / Double.pi
    }

    /// Vertical field of view of an image of `aspect` (width / height) framed across the sensor's width, as
    /// cinema cameras record: the horizontal angle is 2 atan(sensor width / 2f), the vertical follows the image.
    public static func fovY(sensorWidthMM: Double, focalMM: Double, aspect: Double) -> Double {
        2 * atan2D(sensorWidthMM / 2 / aspect, focalMM) * 180 / Double.pi
    }

    /// Orientation `Ry(-pan) · Rx(tilt) · Rz(-roll)` applied to a camera-space direction (-Z forward, +Y up):
    /// the takes' convention (Docs/takes.md), so marks and tracked samples mean the same thing — positive pan
    /// turns right, as an operator and FreeD say it.
    public func rotate(_ d: SIMD3<Double>) -> SIMD3<Double> {
        let rolled = Transform(rotateDegrees: [0, 0, -rollDegrees]).apply(d)
        let tilted = Transform(rotateDegrees: [tiltDegrees, 0, 0]).apply(rolled)
        return Transform(rotateDegrees: [0, -panDegrees, 0]).apply(tilted)
    }

    public var forward: SIMD3<Double> { rotate([0, 0, -1]) }
    public var up: SIMD3<Double> { rotate([0, 1, 0]) }
    public var right: SIMD3<Double> { rotate([1, 0, 0]) }
}
