// Primitive+Mesh: the triangles of each procedural primitive, in its local frame, with the documented counts.

import Geometry

/// Triangles of a primitive in its local frame (metres): per-vertex positions, unit normals and texture
/// coordinates, three indices per triangle. Front faces are counter-clockwise seen from outside, so
/// `(b - a) × (c - a)` points outward for every triangle `(a, b, c)`.
public struct PrimitiveMesh: Sendable, Equatable {
    public var positions: [SIMD3<Double>]
    public var normals: [SIMD3<Double>]
    public var uvs: [SIMD2<Double>]
    public var indices: [UInt32]

    public init(positions: [SIMD3<Double>] = [], normals: [SIMD3<Double>] = [], uvs: [SIMD2<Double>] = [],
                indices: [UInt32] = []) {
        self.positions = positions
        self.normals = normals
        self.uvs = uvs
        self.indices = indices
    }

    public var triangleCount: Int { indices.count / 3 }

    mutating func vertex(_ p: SIMD3<Double>, _ n: SIMD3<Double>, _ uv: SIMD2<Double>) -> UInt32 {
        positions.append(p)
        normals.append(n)
        uvs.append(uv)
        return UInt32(positions.count - 1)
    }

    /// Appends triangle (a, b, c), swapped to (a, c, b) if its winding faces away from `outward`.
    mutating func triangle(_ a: UInt32, _ b: UInt32, _ c: UInt32, outward: SIMD3<Double>) {
        let pa = positions[Int(a)], pb = positions[Int(b)], pc = positions[Int(c)]
        let n = cross3(pb - pa, pc - pa)
        if (n * outward).sum() < 0 {
            indices += [a, c, b]
        } else {
            indices += [a, b, c]
        }
    }

    /// A flat quad a, b, c, d (in order around its edge) with one normal: four vertices, two triangles.
    mutating func quad(_ a: SIMD3<Double>, _ b: SIMD3<Double>, _ c: SIMD3<Double>, _ d: SIMD3<Double>,
                       normal: SIMD3<Double>) {
        let i0 = vertex(a, normal, [0, 0]), i1 = vertex(b, normal, [1, 0])
        let i2 = vertex(c, normal, [1, 1]), i3 = vertex(d, normal, [0, 1])
        triangle(i0, i1, i2, outward: normal)
        triangle(i0, i2, i3, outward: normal)
    }
}

@inline(__always) func cross3(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}

extension Primitive {
    /// The primitive's triangles in its local frame; `triangleCount` of them exactly.
    public var mesh: PrimitiveMesh {
        switch self {
        case .box(let s): return Primitive.boxMesh(s)
        case .plane(let s): return Primitive.planeMesh(s)
        case .cylinder(let r, let h, let s): return Primitive.cylinderMesh(radius: r, height: h, segments: max(s, 3))
        case .sphere(let r, let s, let rings): return Primitive.sphereMesh(radius: r, segments: max(s, 3), rings: max(rings, 2))
        case .extrusion(let pts, let h): return Primitive.extrusionMesh(pts, height: h)
        }
    }

    static func boxMesh(_ s: SIMD3<Double>) -> PrimitiveMesh {
        var m = PrimitiveMesh()
        let x0 = -s.x / 2, x1 = s.x / 2, y0 = 0.0, y1 = s.y, z0 = -s.z / 2, z1 = s.z / 2
        func p(_ x: Double, _ y: Double, _ z: Double) -> SIMD3<Double> { SIMD3(x, y, z) }
        m.quad(p(x1, y0, z1), p(x1, y0, z0), p(x1, y1, z0), p(x1, y1, z1), normal: [1, 0, 0])
        m.quad(p(x0, y0, z0), p(x0, y0, z1), p(x0, y1, z1), p(x0, y1, z0), normal: [-1, 0, 0])
        m.quad(p(x0, y1, z1), p(x1, y1, z1), p(x1, y1, z0), p(x0, y1, z0), normal: [0, 1, 0])
        m.quad(p(x0, y0, z0), p(x1, y0, z0), p(x1, y0, z1), p(x0, y0, z1), normal: [0, -1, 0])
        m.quad(p(x0, y0, z1), p(x1, y0, z1), p(x1, y1, z1), p(x0, y1, z1), normal: [0, 0, 1])
        m.quad(p(x1, y0, z0), p(x0, y0, z0), p(x0, y1, z0), p(x1, y1, z0), normal: [0, 0, -1])
        return m
    }

    static func planeMesh(_ s: SIMD2<Double>) -> PrimitiveMesh {
        var m = PrimitiveMesh()
        let x = s.x / 2, z = s.y / 2
        m.quad([-x, 0, z], [x, 0, z], [x, 0, -z], [-x, 0, -z], normal: [0, 1, 0])
        return m
    }

    /// The point at angle step `j` of `n` around the Y axis (from +X towards -Z, counter-clockwise seen from
    /// above); `j == n` is exactly `j == 0`, so seams close.
    static func around(_ j: Int, of n: Int) -> (cos: Double, sin: Double) {
        let k = j % n
        if k == 0 { return (1, 0) }
        let a = 2 * Double.pi * Double(k) / Double(n)
        return (cosD(a), -sinD(a))
    }

    /// Sides: s quads (2s triangles, smooth normals); caps: fans of s - 2 triangles each.
    static func cylinderMesh(radius r: Double, height h: Double, segments s: Int) -> PrimitiveMesh {
        var m = PrimitiveMesh()
        for j in 0...s {
            let (c, z) = around(j, of: s)
            let n = SIMD3(c, 0, z), u = Double(j) / Double(s)
            _ = m.vertex(SIMD3(r * c, 0, r * z), n, [u, 0])
            _ = m.vertex(SIMD3(r * c, h, r * z), n, [u, 1])
        }
        for j in 0..<s {
            let b0 = UInt32(2 * j), t0 = b0 + 1, b1 = b0 + 2, t1 = b0 + 3
            let (c, z) = around(2 * j + 1, of: 2 * s)
            let out = SIMD3(c, 0, z)
            m.triangle(t0, b0, b1, outward: out)
            m.triangle(t0, b1, t1, outward: out)
        }
        for (y, ny) in [(h, 1.0), (0.0, -1.0)] {
            let first = UInt32(m.positions.count)
            for j in 0..<s {
                let (c, z) = around(j, of: s)
                _ = m.vertex(SIMD3(r * c, y, r * z), [0, ny, 0], [0.5 + c / 2, 0.5 - z / 2])
            }
            for k in 1..<(s - 1) {
                m.triangle(first, first + UInt32(k), first + UInt32(k + 1), outward: [0, ny, 0])
            }
        }
        return m
    }

    /// `rings` bands from pole to pole: a fan row of s triangles at each pole, s quads in each band between.
    static func sphereMesh(radius r: Double, segments s: Int, rings: Int) -> PrimitiveMesh {
        var m = PrimitiveMesh()
        let cols = s + 1
        for i in 0...rings {
            let theta = Double.pi * Double(i) / Double(rings)
            let (st, ct): (Double, Double) = i == 0 ? (0, 1) : i == rings ? (0, -1) : (sinD(theta), cosD(theta))
            for j in 0...s {
                let (c, z) = around(j, of: s)
                let n = SIMD3(st * c, ct, st * z)
                _ = m.vertex(n * r, n, [Double(j) / Double(s), 1 - Double(i) / Double(rings)])
            }
        }
        func v(_ i: Int, _ j: Int) -> UInt32 { UInt32(i * cols + j) }
        for i in 0..<rings {
            for j in 0..<s {
                let a = v(i, j), b = v(i + 1, j), c = v(i + 1, j + 1), d = v(i, j + 1)
                let mid = (m.positions[Int(a)] + m.positions[Int(b)] + m.positions[Int(c)] + m.positions[Int(d)]) / 4
                if i == 0 {
                    m.triangle(a, b, c, outward: mid)  // a (= d) is the north pole
                } else if i == rings - 1 {
                    m.triangle(a, b, d, outward: mid)  // b (= c) is the south pole
                } else {
                    m.triangle(a, b, c, outward: mid)
                    m.triangle(a, c, d, outward: mid)
                }
            }
        }
        return m
    }

    /// Sides: one flat quad per edge (2n triangles); caps: the outline ear-clipped into n - 2 triangles each.
    static func extrusionMesh(_ pts: [SIMD2<Double>], height h: Double) -> PrimitiveMesh {
        var m = PrimitiveMesh()
        let n = pts.count
        guard n >= 3 else { return m }
        // Signed area in the (x, z) plane: positive when the outline runs counter-clockwise in (x, z).
        var area2 = 0.0
        for i in 0..<n {
            let a = pts[i], b = pts[(i + 1) % n]
            area2 += a.x * b.y - b.x * a.y
        }
        let ccw = area2 >= 0
        for i in 0..<n {
            let a = pts[i], b = pts[(i + 1) % n]
            let d = b - a
            var out = ccw ? SIMD3(d.y, 0, -d.x) : SIMD3(-d.y, 0, d.x)
            let len = (out * out).sum().squareRoot()
            out = len > 0 ? out / len : SIMD3(1, 0, 0)
            m.quad(SIMD3(a.x, 0, a.y), SIMD3(b.x, 0, b.y), SIMD3(b.x, h, b.y), SIMD3(a.x, h, a.y), normal: out)
        }
        let tris = earClip(pts, ccw: ccw)
        for (y, ny) in [(h, 1.0), (0.0, -1.0)] {
            let first = UInt32(m.positions.count)
            for p in pts { _ = m.vertex(SIMD3(p.x, y, p.y), [0, ny, 0], p) }
            for t in tris {
                m.triangle(first + UInt32(t.0), first + UInt32(t.1), first + UInt32(t.2), outward: [0, ny, 0])
            }
        }
        return m
    }

    /// Ear clipping of a simple polygon: always exactly n - 2 triangles (a degenerate or self-touching outline
    /// falls back to clipping the current vertex, so the count holds).
    static func earClip(_ pts: [SIMD2<Double>], ccw: Bool) -> [(Int, Int, Int)] {
        var ring = Array(0..<pts.count)
        if !ccw { ring.reverse() }
        func cross(_ o: SIMD2<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        func inside(_ p: SIMD2<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>, _ c: SIMD2<Double>) -> Bool {
            cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0
        }
        var out: [(Int, Int, Int)] = []
        var i = 0, misses = 0
        while ring.count > 3 {
            let k = ring.count
            let ip = ring[(i + k - 1) % k], ic = ring[i % k], inx = ring[(i + 1) % k]
            let a = pts[ip], b = pts[ic], c = pts[inx]
            var ear = cross(a, b, c) > 0
            if ear {
                for q in ring where q != ip && q != ic && q != inx {
                    let p = pts[q]
                    if p == a || p == b || p == c { continue }
                    if inside(p, a, b, c) { ear = false; break }
                }
            }
            if ear || misses >= k {
                out.append((ip, ic, inx))
                let at = i % k
                ring.remove(at: at)
                i = (at + k - 2) % (k - 1)
                misses = 0
            } else {
                i = (i + 1) % k
                misses += 1
            }
        }
        out.append((ring[0], ring[1], ring[2]))
        return out
    }
}

extension Transform {
    /// Where the transform takes a direction-like normal: R(n / scale), unit length (the inverse transpose of
    /// the linear part, so normals stay perpendicular under non-uniform scale).
    public func applyNormal(_ n: SIMD3<Double>) -> SIMD3<Double> {
        let t = Transform(translate: .zero, rotateDegrees: rotateDegrees, scale: [1, 1, 1])
        let v = t.apply(n / scale)
        let len = (v * v).sum().squareRoot()
        return len > 0 ? v / len : n
    }
}
