// FlyCamera: the viewer's camera: eye, look-at point and lens, moved by flying, orbiting and zooming.

import Geometry
import RasterCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A perspective camera looking from `eye` at `lookAt` (world up is +Y), with a vertical field of view.
///
/// Flying moves the eye and the look-at point together; orbiting moves the eye around the look-at point at a
/// fixed distance. The lens is shown as the focal length that gives the same vertical field of view on a
/// 36 x 24 mm full-frame sensor: `f = 12 mm / tan(fovY / 2)`.
public struct FlyCamera: Equatable, Sendable {
    public var eye: SIMD3<Float>
    public var lookAt: SIMD3<Float>
    public var fovYDegrees: Float
    public var near: Float
    public var far: Float
    /// Metres per fly step (shift: 5 steps).
    public var step: Float

    /// Field of view limits: 5° (a 275 mm lens) to 120° (6.9 mm).
    public static let fovRange: ClosedRange<Float> = 5...120
    /// Orbit pitch limit, degrees from the horizontal (keeps the view off the poles where "up" is undefined).
    public static let maxPitch: Double = 85
    /// Half the height of a 36 x 24 mm sensor.
    public static let halfSensorHeight = 12.0

    public init(eye: SIMD3<Float>, lookAt: SIMD3<Float>, fovYDegrees: Float, near: Float = 0.05, far: Float = 500,
                step: Float = 0.25) {
        self.eye = eye
        self.lookAt = lookAt
        self.fovYDegrees = fovYDegrees
        self.near = near
        self.far = far
        self.step = step
    }

    /// The full-frame focal length for this field of view, millimetres.
    public var focalLengthMillimetres: Double {
        FlyCamera.halfSensorHeight / tan(Double(fovYDegrees) * .pi / 360)
    }

    /// The field of view for a full-frame focal length, degrees.
    static func fov(forFocalLength f: Double) -> Float {
        Float(2 * atan(halfSensorHeight / f) * 180 / .pi)
    }

    /// View and projection for a picture `aspect` wide per unit of height (as displayed).
    public func viewSetup(aspect: Float) -> ViewSetup? {
        guard let view = Mat4.lookAt(eye: eye, center: lookAt, up: [0, 1, 0]) else { return nil }
        let proj = Mat4.perspective(fovYDegrees: fovYDegrees, aspect: aspect, near: near, far: far)
        return ViewSetup(view: view, projection: proj)
    }

    /// Unit view direction.
    var forward: SIMD3<Float> { (lookAt - eye).normalizedOrNil ?? [0, 0, -1] }

    /// Moves eye and look-at point by `forward` steps along the view, `right` steps sideways and `up` steps
    /// along world Y.
    mutating func fly(forward f: Float, right r: Float, up u: Float) {
        let fwd = forward
        let side = fwd.cross([0, 1, 0]).normalizedOrNil ?? [1, 0, 0]
        let delta = (fwd * f + side * r + SIMD3(0, 1, 0) * u) * step
        eye += delta
        lookAt += delta
    }

    /// Moves the eye around the look-at point: `yaw` degrees about world Y (positive: to the camera's right),
    /// `pitch` degrees up, keeping the distance.
    mutating func orbit(yaw: Double, pitch: Double) {
        let offset = eye - lookAt
        let radius = Double(offset.length)
        guard radius > 0 else { return }
        var elevation = asin(max(-1, min(1, Double(offset.y) / radius))) * 180 / .pi
        var heading = atan2(Double(offset.x), Double(offset.z)) * 180 / .pi
        heading += yaw
        elevation = max(-FlyCamera.maxPitch, min(FlyCamera.maxPitch, elevation + pitch))
        let e = elevation * .pi / 180, h = heading * .pi / 180
        eye = lookAt + SIMD3(Float(cos(e) * sin(h)), Float(sin(e)), Float(cos(e) * cos(h))) * Float(radius)
    }

    /// Multiplies the focal length by `factor` (> 1 zooms in), within `fovRange`.
    mutating func zoom(by factor: Double) {
        let f = focalLengthMillimetres * factor
        fovYDegrees = min(FlyCamera.fovRange.upperBound, max(FlyCamera.fovRange.lowerBound, FlyCamera.fov(forFocalLength: f)))
    }
}
