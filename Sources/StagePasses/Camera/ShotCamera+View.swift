// ShotCamera+View: the rasterizer's view and projection for a shot camera, with or without overscan.

import Geometry
import RasterCore
import SceneModel

extension ShotCamera {
    /// View and projection of this camera's image widened by `overscan` (0.1: 10% wider and taller). nil when the
    /// pose is degenerate (up parallel to forward).
    public func viewSetup(overscan: Double = 0, near: Float = 0.05, far: Float = 2000) -> ViewSetup? {
        let eye = SIMD3<Float>(pose.position)
        guard let view = Mat4.lookAt(eye: eye, center: eye + SIMD3<Float>(pose.forward), up: SIMD3<Float>(pose.up)) else {
            return nil
        }
        let fovY = 2 * atan2D(tanHalfY * (1 + overscan), 1) * 180 / Double.pi
        let proj = Mat4.perspective(fovYDegrees: Float(fovY), aspect: Float(aspect), near: near, far: far)
        return ViewSetup(view: view, projection: proj)
    }
}

/// A 4x4 matrix as sixteen scalars in rows, for per-pixel loops that must not go through generic SIMD code.
struct RowMatrix: Sendable {
    var m: (Float, Float, Float, Float, Float, Float, Float, Float, Float, Float, Float, Float, Float, Float, Float, Float)

    init(_ a: Mat4) {
        m = (a[0, 0], a[0, 1], a[0, 2], a[0, 3], a[1, 0], a[1, 1], a[1, 2], a[1, 3],
             a[2, 0], a[2, 1], a[2, 2], a[2, 3], a[3, 0], a[3, 1], a[3, 2], a[3, 3])
    }

    /// x, y and w of M · (p, 1) (clip space without z).
    @inline(__always) func xyw(_ x: Float, _ y: Float, _ z: Float) -> (Float, Float, Float) {
        (m.0 * x + m.1 * y + m.2 * z + m.3, m.4 * x + m.5 * y + m.6 * z + m.7, m.12 * x + m.13 * y + m.14 * z + m.15)
    }
}
