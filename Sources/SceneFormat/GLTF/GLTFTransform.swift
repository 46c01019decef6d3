// GLTFTransform: node transforms in double precision (matrix or TRS), composed down the hierarchy.

/// A 4x4 affine transform in Double, column-major like glTF, so deep hierarchies round only once to Float.
struct GLTFTransform {
    /// Columns: `m[c][r]`.
    var m: [SIMD4<Double>]

    static let identity = GLTFTransform(m: [SIMD4(1, 0, 0, 0), SIMD4(0, 1, 0, 0), SIMD4(0, 0, 1, 0), SIMD4(0, 0, 0, 1)])

    /// From glTF's 16 column-major numbers.
    init(columnMajor a: [Double]) {
        m = (0..<4).map { c in SIMD4(a[c * 4], a[c * 4 + 1], a[c * 4 + 2], a[c * 4 + 3]) }
    }

    init(m: [SIMD4<Double>]) { self.m = m }

    /// T * R * S, the glTF order; the quaternion is (x, y, z, w) and is normalised first.
    init(translation t: SIMD3<Double>, rotation q0: SIMD4<Double>, scale s: SIMD3<Double>) {
        let len = (q0 * q0).sum().squareRoot()
        let q = len > 0 ? q0 / len : SIMD4(0, 0, 0, 1)
        let x = q.x, y = q.y, z = q.z, w = q.w
        let c0 = SIMD4(1 - 2 * (y * y + z * z), 2 * (x * y + z * w), 2 * (x * z - y * w), 0) * s.x
        let c1 = SIMD4(2 * (x * y - z * w), 1 - 2 * (x * x + z * z), 2 * (y * z + x * w), 0) * s.y
        let c2 = SIMD4(2 * (x * z + y * w), 2 * (y * z - x * w), 1 - 2 * (x * x + y * y), 0) * s.z
        m = [c0, c1, c2, SIMD4(t.x, t.y, t.z, 1)]
    }

    static func * (a: GLTFTransform, b: GLTFTransform) -> GLTFTransform {
        GLTFTransform(m: b.m.map { col in a.m[0] * col.x + a.m[1] * col.y + a.m[2] * col.z + a.m[3] * col.w })
    }

    func point(_ p: SIMD3<Double>) -> SIMD3<Double> {
        let r = m[0] * p.x + m[1] * p.y + m[2] * p.z + m[3]
        return SIMD3(r.x, r.y, r.z)
    }

    private var a0: SIMD3<Double> { SIMD3(m[0].x, m[0].y, m[0].z) }
    private var a1: SIMD3<Double> { SIMD3(m[1].x, m[1].y, m[1].z) }
    private var a2: SIMD3<Double> { SIMD3(m[2].x, m[2].y, m[2].z) }

    /// Determinant of the upper 3x3: negative means the transform mirrors (winding flips).
    var determinant: Double { dot(a0, cross(a1, a2)) }

    /// Columns of the cofactor matrix of the upper 3x3, i.e. det * inverse-transpose: maps normals correctly
    /// (up to scale, fixed by normalising) and exists even for a singular matrix.
    var normalColumns: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>) {
        let sign: Double = determinant < 0 ? -1 : 1
        // Rows of the inverse are cross products of columns; inverse-transpose columns are those same vectors.
        return (cross(a1, a2) * sign, cross(a2, a0) * sign, cross(a0, a1) * sign)
    }

    private func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }
    private func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
    }
}
