// MeshBuilder: builds meshes in code from quads, boxes and cylinders (procedural scenes, tests).

import Geometry
import RasterCore

/// Accumulates flat-shaded primitives into one vertex/index list, then makes a `Mesh`.
///
/// Every primitive gets its own vertices with face normals (no smoothing across edges, except around a
/// cylinder's side) and texture coordinates, so a builder can hold several primitives drawn with one material.
/// Quads and triangles are counter-clockwise seen from the side their normal points to.
public struct MeshBuilder: Sendable {
    public private(set) var positions: [SIMD3<Float>] = []
    public private(set) var normals: [SIMD3<Float>] = []
    public private(set) var uvs: [SIMD2<Float>] = []
    public private(set) var indices: [UInt32] = []

    public init() {}

    public var isEmpty: Bool { indices.isEmpty }

    /// The mesh of everything added so far.
    public func mesh() throws -> Mesh {
        try Mesh(positions: positions, normals: normals, uvs: uvs, indices: indices)
    }

    /// A quad with corners top-left `a`, top-right `b`, bottom-right `c`, bottom-left `d` as seen from its front
    /// (wound counter-clockwise from there); the texture region `uv` maps its top-left to `a` and its
    /// bottom-right to `c`.
    public mutating func addQuad(_ a: SIMD3<Float>, _ b: SIMD3<Float>, _ c: SIMD3<Float>, _ d: SIMD3<Float>,
                                 uv: (min: SIMD2<Float>, max: SIMD2<Float>) = ([0, 0], [1, 1])) {
        let n = (d - a).cross(b - a).normalizedOrNil ?? SIMD3(0, 1, 0)
        let base = UInt32(positions.count)
        positions += [a, b, c, d]
        normals += [n, n, n, n]
        uvs += [uv.min, SIMD2(uv.max.x, uv.min.y), uv.max, SIMD2(uv.min.x, uv.max.y)]
        indices += [base, base + 3, base + 2, base, base + 2, base + 1]
    }

    /// An axis-aligned box standing on `base` (the centre of its bottom face), `size` wide (x), tall (y) and
    /// deep (z), rotated by `yawDegrees` about the vertical axis through `base`. All six faces point outwards.
    public mutating func addBox(base: SIMD3<Float>, size: SIMD3<Float>, yawDegrees: Float = 0) {
        let h = size / 2
        let r = Mat4.translation(base) * Mat4.rotation(axis: [0, 1, 0], degrees: yawDegrees)
        func p(_ x: Float, _ y: Float, _ z: Float) -> SIMD3<Float> {
            let v = r.transformPoint(SIMD3(x * h.x, y * size.y, z * h.z))
            return SIMD3(v.x, v.y, v.z)
        }
        addQuad(p(-1, 1, 1), p(1, 1, 1), p(1, 0, 1), p(-1, 0, 1))     // front (+z)
        addQuad(p(1, 1, -1), p(-1, 1, -1), p(-1, 0, -1), p(1, 0, -1)) // back (-z)
        addQuad(p(1, 1, 1), p(1, 1, -1), p(1, 0, -1), p(1, 0, 1))     // right (+x)
        addQuad(p(-1, 1, -1), p(-1, 1, 1), p(-1, 0, 1), p(-1, 0, -1)) // left (-x)
        addQuad(p(-1, 1, -1), p(1, 1, -1), p(1, 1, 1), p(-1, 1, 1))   // top (+y)
        addQuad(p(-1, 0, 1), p(1, 0, 1), p(1, 0, -1), p(-1, 0, -1))   // bottom (-y)
    }

    /// A closed vertical cylinder standing on `base`, with `segments` sides (smooth normals around the side,
    /// flat caps).
    public mutating func addCylinder(base: SIMD3<Float>, radius: Float, height: Float, segments: Int = 24) {
        let n = max(3, segments)
        func ring(_ i: Int) -> SIMD3<Float> {
            let a = 2 * Double.pi * Double(i) / Double(n)
            return SIMD3(Float(sinD(a)), 0, Float(cosD(a)))
        }
        let top = base + SIMD3(0, height, 0)
        // Side: one strip of 2 (n + 1) vertices, the seam duplicated for its texture coordinate.
        let side = UInt32(positions.count)
        for i in 0...n {
            let d = ring(i)
            let u = Float(i) / Float(n)
            positions += [top + d * radius, base + d * radius]
            normals += [d, d]
            uvs += [SIMD2(u, 0), SIMD2(u, 1)]
        }
        for i in 0..<UInt32(n) {
            let t0 = side + 2 * i, b0 = t0 + 1, t1 = t0 + 2, b1 = t0 + 3
            indices += [t0, b0, b1, t0, b1, t1]
        }
        // Caps: a fan around each centre.
        for (centre, up) in [(top, Float(1)), (base, Float(-1))] {
            let c = UInt32(positions.count)
            positions.append(centre)
            normals.append(SIMD3(0, up, 0))
            uvs.append(SIMD2(0.5, 0.5))
            for i in 0..<n {
                let d = ring(i)
                positions.append(centre + d * radius)
                normals.append(SIMD3(0, up, 0))
                uvs.append(SIMD2(0.5 + d.x / 2, 0.5 - d.z / 2))
            }
            for i in 0..<UInt32(n) {
                let a = c + 1 + i, b = c + 1 + (i + 1) % UInt32(n)
                indices += up > 0 ? [c, a, b] : [c, b, a]
            }
        }
    }
}
