// Mat4: 4x4 single-precision matrices for model, view and projection transforms (column-major, like OpenGL).

/// A 4x4 matrix stored as four columns, so `m * v` transforms a column vector as in OpenGL.
///
/// Conventions (documented in Docs/architecture.md): right-handed, Y up, metres; the camera looks down -Z;
/// `lookAt` and `perspective` mean exactly what `gluLookAt` and `gluPerspective` mean.
public struct Mat4: Equatable, Sendable {
    public var c0: SIMD4<Float>
    public var c1: SIMD4<Float>
    public var c2: SIMD4<Float>
    public var c3: SIMD4<Float>

    @inlinable
    public init(_ c0: SIMD4<Float>, _ c1: SIMD4<Float>, _ c2: SIMD4<Float>, _ c3: SIMD4<Float>) {
        self.c0 = c0; self.c1 = c1; self.c2 = c2; self.c3 = c3
    }

    public static let identity = Mat4([1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1])

    /// Row `r`, column `c`.
    @inlinable
    public subscript(r: Int, c: Int) -> Float {
        switch c {
        case 0: return c0[r]
        case 1: return c1[r]
        case 2: return c2[r]
        default: return c3[r]
        }
    }

    /// `m * v` for a column vector.
    @inlinable
    public static func * (m: Mat4, v: SIMD4<Float>) -> SIMD4<Float> {
        m.c0 * v.x + m.c1 * v.y + m.c2 * v.z + m.c3 * v.w
    }

    @inlinable
    public static func * (a: Mat4, b: Mat4) -> Mat4 {
        Mat4(a * b.c0, a * b.c1, a * b.c2, a * b.c3)
    }

    /// Transforms a point (w = 1) and returns the homogeneous result.
    @inlinable
    public func transformPoint(_ p: SIMD3<Float>) -> SIMD4<Float> {
        c0 * p.x + c1 * p.y + c2 * p.z + c3
    }

    /// Transforms a direction (w = 0).
    @inlinable
    public func transformDirection(_ d: SIMD3<Float>) -> SIMD3<Float> {
        let r = c0 * d.x + c1 * d.y + c2 * d.z
        return SIMD3(r.x, r.y, r.z)
    }

    public var transposed: Mat4 {
        Mat4([c0.x, c1.x, c2.x, c3.x], [c0.y, c1.y, c2.y, c3.y], [c0.z, c1.z, c2.z, c3.z], [c0.w, c1.w, c2.w, c3.w])
    }

    /// The view matrix of `gluLookAt(eye, center, up)`; nil when eye == center or up is parallel to the view.
    public static func lookAt(eye: SIMD3<Float>, center: SIMD3<Float>, up: SIMD3<Float>) -> Mat4? {
        let fwd = center - eye
        guard let f = fwd.normalizedOrNil else { return nil }
        guard let s = f.cross(up).normalizedOrNil else { return nil }
        let u = s.cross(f)
        return Mat4([s.x, u.x, -f.x, 0], [s.y, u.y, -f.y, 0], [s.z, u.z, -f.z, 0],
                    [-s.dot(eye), -u.dot(eye), f.dot(eye), 1])
    }

    /// The projection of `gluPerspective(fovy, aspect, near, far)`, vertical field of view in degrees.
    public static func perspective(fovYDegrees: Float, aspect: Float, near: Float, far: Float) -> Mat4 {
        let f = 1 / (fovYDegrees * .pi / 360).tanApprox
        let d = near - far
        return Mat4([f / aspect, 0, 0, 0], [0, f, 0, 0], [0, 0, (far + near) / d, -1], [0, 0, 2 * far * near / d, 0])
    }

    /// An orthographic projection (glOrtho).
    public static func orthographic(left: Float, right: Float, bottom: Float, top: Float,
                                    near: Float, far: Float) -> Mat4 {
        Mat4([2 / (right - left), 0, 0, 0], [0, 2 / (top - bottom), 0, 0], [0, 0, -2 / (far - near), 0],
             [-(right + left) / (right - left), -(top + bottom) / (top - bottom), -(far + near) / (far - near), 1])
    }

    public static func translation(_ t: SIMD3<Float>) -> Mat4 {
        Mat4([1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [t.x, t.y, t.z, 1])
    }

    public static func scale(_ s: SIMD3<Float>) -> Mat4 {
        Mat4([s.x, 0, 0, 0], [0, s.y, 0, 0], [0, 0, s.z, 0], [0, 0, 0, 1])
    }

    /// Rotation about a unit axis by `degrees`, counter-clockwise looking down the axis (right-handed).
    public static func rotation(axis: SIMD3<Float>, degrees: Float) -> Mat4 {
        let a = axis.normalizedOrNil ?? SIMD3(0, 1, 0)
        let r = Double(degrees) * .pi / 180
        let c = Float(cosD(r)), s = Float(sinD(r)), t = 1 - c
        return Mat4([t * a.x * a.x + c, t * a.x * a.y + s * a.z, t * a.x * a.z - s * a.y, 0],
                    [t * a.x * a.y - s * a.z, t * a.y * a.y + c, t * a.y * a.z + s * a.x, 0],
                    [t * a.x * a.z + s * a.y, t * a.y * a.z - s * a.x, t * a.z * a.z + c, 0],
                    [0, 0, 0, 1])
    }

    /// The inverse, or nil when the matrix is singular (Laplace expansion in Double).
    public var inverse: Mat4? {
        var m = [Double](repeating: 0, count: 16)
        for c in 0..<4 { for r in 0..<4 { m[c * 4 + r] = Double(self[r, c]) } }
        var inv = [Double](repeating: 0, count: 16)
        inv[0] = m[5]*m[10]*m[15] - m[5]*m[11]*m[14] - m[9]*m[6]*m[15] + m[9]*m[7]*m[14] + m[13]*m[6]*m[11] - m[13]*m[7]*m[10]
        inv[4] = -m[4]*m[10]*m[15] + m[4]*m[11]*m[14] + m[8]*m[6]*m[15] - m[8]*m[7]*m[14] - m[12]*m[6]*m[11] + m[12]*m[7]*m[10]
        inv[8] = m[4]*m[9]*m[15] - m[4]*m[11]*m[13] - m[8]*m[5]*m[15] + m[8]*m[7]*m[13] + m[12]*m[5]*m[11] - m[12]*m[7]*m[9]
        inv[12] = -m[4]*m[9]*m[14] + m[4]*m[10]*m[13] + m[8]*m[5]*m[14] - m[8]*m[6]*m[13] - m[12]*m[5]*m[10] + m[12]*m[6]*m[9]
        inv[1] = -m[1]*m[10]*m[15] + m[1]*m[11]*m[14] + m[9]*m[2]*m[15] - m[9]*m[3]*m[14] - m[13]*m[2]*m[11] + m[13]*m[3]*m[10]
        inv[5] = m[0]*m[10]*m[15] - m[0]*m[11]*m[14] - m[8]*m[2]*m[15] + m[8]*m[3]*m[14] + m[12]*m[2]*m[11] - m[12]*m[3]*m[10]
        inv[9] = -m[0]*m[9]*m[15] + m[0]*m[11]*m[13] + m[8]*m[1]*m[15] - m[8]*m[3]*m[13] - m[12]*m[1]*m[11] + m[12]*m[3]*m[9]
        inv[13] = m[0]*m[9]*m[14] - m[0]*m[10]*m[13] - m[8]*m[1]*m[14] + m[8]*m[2]*m[13] + m[12]*m[1]*m[10] - m[12]*m[2]*m[9]
        inv[2] = m[1]*m[6]*m[15] - m[1]*m[7]*m[14] - m[5]*m[2]*m[15] + m[5]*m[3]*m[14] + m[13]*m[2]*m[7] - m[13]*m[3]*m[6]
        inv[6] = -m[0]*m[6]*m[15] + m[0]*m[7]*m[14] + m[4]*m[2]*m[15] - m[4]*m[3]*m[14] - m[12]*m[2]*m[7] + m[12]*m[3]*m[6]
        inv[10] = m[0]*m[5]*m[15] - m[0]*m[7]*m[13] - m[4]*m[1]*m[15] + m[4]*m[3]*m[13] + m[12]*m[1]*m[7] - m[12]*m[3]*m[5]
        inv[14] = -m[0]*m[5]*m[14] + m[0]*m[6]*m[13] + m[4]*m[1]*m[14] - m[4]*m[2]*m[13] - m[12]*m[1]*m[6] + m[12]*m[2]*m[5]
        inv[3] = -m[1]*m[6]*m[11] + m[1]*m[7]*m[10] + m[5]*m[2]*m[11] - m[5]*m[3]*m[10] - m[9]*m[2]*m[7] + m[9]*m[3]*m[6]
        inv[7] = m[0]*m[6]*m[11] - m[0]*m[7]*m[10] - m[4]*m[2]*m[11] + m[4]*m[3]*m[10] + m[8]*m[2]*m[7] - m[8]*m[3]*m[6]
        inv[11] = -m[0]*m[5]*m[11] + m[0]*m[7]*m[9] + m[4]*m[1]*m[11] - m[4]*m[3]*m[9] - m[8]*m[1]*m[7] + m[8]*m[3]*m[5]
        inv[15] = m[0]*m[5]*m[10] - m[0]*m[6]*m[9] - m[4]*m[1]*m[10] + m[4]*m[2]*m[9] + m[8]*m[1]*m[6] - m[8]*m[2]*m[5]
        let det = m[0] * inv[0] + m[1] * inv[4] + m[2] * inv[8] + m[3] * inv[12]
        guard det != 0, det.isFinite else { return nil }
        let s = 1 / det
        func col(_ c: Int) -> SIMD4<Float> {
            SIMD4(Float(inv[c * 4] * s), Float(inv[c * 4 + 1] * s), Float(inv[c * 4 + 2] * s), Float(inv[c * 4 + 3] * s))
        }
        return Mat4(col(0), col(1), col(2), col(3))
    }
}
