// LEDSurface+Mesh: a mesh screen's geometry: LED pixels laid through the mesh's UVs (a UV-space grid finds the
// triangle under a canvas point), rays traced against its triangles (LEDSurface+MeshBVH.swift).

import Geometry

extension LEDSurface {
    /// An LED surface of any shape, as disguise and nDisplay describe one: a triangle mesh in studio space whose UVs
    /// lay the canvas over it. Canvas point (u, v) metres is UV (u / width, v / height), v down from the top row;
    /// its studio point is where that UV falls on the mesh (linear across each triangle). The LED face is the side
    /// from which the canvas reads unmirrored: per triangle, (∂P/∂v) × (∂P/∂u), as `vAxis × uAxis` for a flat wall.
    public struct Mesh: Sendable, Equatable {
        /// Three corners per triangle, in the file's triangle order, wound counter-clockwise seen from the LED face.
        public let positions: [SIMD3<Double>]
        /// Each corner's canvas coordinates, metres.
        public let canvas: [SIMD2<Double>]
        /// Per triangle: the unit normal of the LED face, and ∂P/∂u, ∂P/∂v (studio metres per canvas metre).
        public let normals: [SIMD3<Double>]
        let du: [SIMD3<Double>], dv: [SIMD3<Double>]
        /// The canvas size in metres.
        public let width: Double, height: Double
        /// The UV lookup: a grid of `cellsX` x `cellsY` cells over the canvas, each listing the triangles whose UV
        /// bounding box touches it (`cellTriangles[cellStart[c]..<cellStart[c + 1]]`).
        let cellsX: Int, cellsY: Int
        let cellStart: [Int32], cellTriangles: [Int32]
        /// The ray lookup (LEDSurface+MeshBVH.swift).
        let bvh: MeshBVH
        /// The area-weighted mean affine map P(u, v) ≈ fitOrigin + fitU·u + fitV·v: exact for a flat mesh, for telling
        /// which edge a missing ray passed.
        let fitOrigin: SIMD3<Double>, fitU: SIMD3<Double>, fitV: SIMD3<Double>

        public var triangleCount: Int { positions.count / 3 }

        /// A mesh screen from triangles (`indices` into `positions` and `uvs`; UVs in the unit square, v down) and
        /// its canvas size in metres. Refuses (naming the triangles, numbered from 1) UVs outside the unit square,
        /// triangles with no area in UV or in space, triangles mirrored in UV against the rest, and triangles that
        /// overlap in UV: each LED pixel must come from one place on the mesh.
        public init(positions ps: [SIMD3<Double>], uvs: [SIMD2<Double>], indices: [Int], width: Double, height: Double)
            throws(MeshProblem) {
            let problems = MeshCheck.problems(positions: ps, uvs: uvs, indices: indices)
            if let first = problems.first { throw first }
            let tris = indices.count / 3
            let scale = SIMD2(width, height)
            var pos: [SIMD3<Double>] = [], cv: [SIMD2<Double>] = []
            var normals: [SIMD3<Double>] = [], dus: [SIMD3<Double>] = [], dvs: [SIMD3<Double>] = []
            pos.reserveCapacity(3 * tris); cv.reserveCapacity(3 * tris)
            var wSum = 0.0, oSum = SIMD3<Double>(), uSum = SIMD3<Double>(), vSum = SIMD3<Double>()
            for k in 0..<tris {
                var c = (indices[3 * k], indices[3 * k + 1], indices[3 * k + 2])
                var (a, b) = Self.affine(ps[c.0], ps[c.1], ps[c.2], uvs[c.0] * scale, uvs[c.1] * scale, uvs[c.2] * scale)
                let n = b.cross(a)
                // Wind counter-clockwise seen from the LED face, so the rasterizer's front faces are the LEDs.
                if (ps[c.1] - ps[c.0]).cross(ps[c.2] - ps[c.0]).dot(n) < 0 {
                    c = (c.0, c.2, c.1)
                    (a, b) = Self.affine(ps[c.0], ps[c.1], ps[c.2], uvs[c.0] * scale, uvs[c.1] * scale, uvs[c.2] * scale)
                }
                for i in [c.0, c.1, c.2] { pos.append(ps[i]); cv.append(uvs[i] * scale) }
                normals.append(n / n.length)
                dus.append(a); dvs.append(b)
                let area = abs(Self.det(cv[3 * k + 1] - cv[3 * k], cv[3 * k + 2] - cv[3 * k])) / 2
                let cp = (ps[c.0] + ps[c.1] + ps[c.2]) / 3, cc = (cv[3 * k] + cv[3 * k + 1] + cv[3 * k + 2]) / 3
                wSum += area
                oSum += (cp - a * cc.x - b * cc.y) * area
                uSum += a * area; vSum += b * area
            }
            positions = pos
            canvas = cv
            self.normals = normals
            du = dus; dv = dvs
            self.width = width; self.height = height
            fitOrigin = oSum / wSum; fitU = uSum / wSum; fitV = vSum / wSum
            // About one triangle per cell, at most 512 x 512 cells.
            let side = max(1, min(512, Int(Double(tris).squareRoot().rounded(.up))))
            cellsX = side; cellsY = side
            var lists = [[Int32]](repeating: [], count: side * side)
            for k in 0..<tris {
                let (x0, x1, y0, y1) = Self.cells(of: cv[(3 * k)..<(3 * k + 3)], width: width, height: height, side: side)
                for y in y0...y1 { for x in x0...x1 { lists[y * side + x].append(Int32(k)) } }
            }
            var start: [Int32] = [0]
            for l in lists { start.append(start.last! + Int32(l.count)) }
            cellStart = start
            cellTriangles = lists.flatMap { $0 }
            bvh = MeshBVH(positions: pos)
        }

        /// The physical size of a UV layout: the area-weighted mean length of ∂P/∂U and ∂P/∂V over the triangles
        /// (UV in the unit square): a flat rectangle's width and height, a curved strip's tessellated arc length.
        public static func canvasSize(positions ps: [SIMD3<Double>], uvs: [SIMD2<Double>], indices: [Int]) -> SIMD2<Double> {
            var w = 0.0, across = 0.0, down = 0.0
            for k in 0..<(indices.count / 3) {
                let (i, j, l) = (indices[3 * k], indices[3 * k + 1], indices[3 * k + 2])
                let area = abs(det(uvs[j] - uvs[i], uvs[l] - uvs[i])) / 2
                guard area > 0 else { continue }
                let (a, b) = affine(ps[i], ps[j], ps[l], uvs[i], uvs[j], uvs[l])
                w += area; across += a.length * area; down += b.length * area
            }
            return w > 0 ? SIMD2(across / w, down / w) : SIMD2(0, 0)
        }

        static func det(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double { a.x * b.y - a.y * b.x }

        /// ∂P/∂u and ∂P/∂v of the affine map taking canvas points c0, c1, c2 to p0, p1, p2: [A B] = [e1 e2]·[d1 d2]⁻¹.
        static func affine(_ p0: SIMD3<Double>, _ p1: SIMD3<Double>, _ p2: SIMD3<Double>,
                           _ c0: SIMD2<Double>, _ c1: SIMD2<Double>, _ c2: SIMD2<Double>) -> (SIMD3<Double>, SIMD3<Double>) {
            let e1 = p1 - p0, e2 = p2 - p0, d1 = c1 - c0, d2 = c2 - c0
            let dt = det(d1, d2)
            return ((e1 * d2.y - e2 * d1.y) / dt, (e2 * d1.x - e1 * d2.x) / dt)
        }

        /// The grid cells a triangle's canvas bounding box touches: x0...x1, y0...y1.
        static func cells(of c: ArraySlice<SIMD2<Double>>, width: Double, height: Double, side: Int) -> (Int, Int, Int, Int) {
            let lo = c.reduce(SIMD2(Double.infinity, .infinity)) { pointwiseMin($0, $1) }
            let hi = c.reduce(SIMD2(-Double.infinity, -.infinity)) { pointwiseMax($0, $1) }
            func cell(_ x: Double, _ size: Double) -> Int { min(side - 1, max(0, Int((x / size * Double(side)).rounded(.down)))) }
            return (cell(lo.x, width), cell(hi.x, width), cell(lo.y, height), cell(hi.y, height))
        }

        /// The triangle whose UV holds canvas point (u, v) metres, and the point's canvas offset from its first
        /// corner; nil where the UVs leave the canvas empty. Points on a shared edge go to the first triangle listed.
        public func locate(u: Double, v: Double) -> (triangle: Int, offset: SIMD2<Double>)? {
            guard u.isFinite, v.isFinite else { return nil }
            let x = min(cellsX - 1, max(0, Int((u / width * Double(cellsX)).rounded(.down))))
            let y = min(cellsY - 1, max(0, Int((v / height * Double(cellsY)).rounded(.down))))
            let c = y * cellsX + x
            let q = SIMD2(u, v)
            for n in Int(cellStart[c])..<Int(cellStart[c + 1]) {
                let k = Int(cellTriangles[n])
                if let off = offsetIfInside(k, q) { return (k, off) }
            }
            return nil
        }

        /// q's offset from triangle k's first corner when q lies in it (a hair of tolerance for shared edges).
        @inline(__always) func offsetIfInside(_ k: Int, _ q: SIMD2<Double>) -> SIMD2<Double>? {
            let c0 = canvas[3 * k], d1 = canvas[3 * k + 1] - c0, d2 = canvas[3 * k + 2] - c0, r = q - c0
            let dt = Self.det(d1, d2)
            let l1 = Self.det(r, d2) / dt, l2 = Self.det(d1, r) / dt
            let eps = -1e-9
            return l1 >= eps && l2 >= eps && 1 - l1 - l2 >= eps ? r : nil
        }

        /// The studio point at canvas (u, v); where the UVs leave the canvas empty, the nearest triangle's plane
        /// extended (for outlines and labels that ask about the canvas's edges).
        public func point(u: Double, v: Double) -> SIMD3<Double> {
            if let (k, off) = locate(u: u, v: v) { return point(triangle: k, offset: off) }
            let k = nearestTriangle(u: u, v: v)
            let off = SIMD2(u, v) - canvas[3 * k]
            return positions[3 * k] + du[k] * off.x + dv[k] * off.y
        }

        /// The point of triangle k at a canvas offset from its first corner (as `locate` gives it).
        @inline(__always) public func point(triangle k: Int, offset off: SIMD2<Double>) -> SIMD3<Double> {
            positions[3 * k] + du[k] * off.x + dv[k] * off.y
        }

        /// The unit LED-face normal at canvas (u, v) (the nearest triangle's where the canvas is empty).
        public func normal(u: Double, v: Double) -> SIMD3<Double> {
            normals[locate(u: u, v: v)?.triangle ?? nearestTriangle(u: u, v: v)]
        }

        /// The triangle whose UV centroid is nearest (u, v): a fallback for canvas points no triangle holds.
        func nearestTriangle(u: Double, v: Double) -> Int {
            var best = 0, bestD = Double.infinity
            let q = SIMD2(u, v)
            for k in 0..<triangleCount {
                let c = (canvas[3 * k] + canvas[3 * k + 1] + canvas[3 * k + 2]) / 3 - q
                let d = c.x * c.x + c.y * c.y
                if d < bestD { bestD = d; best = k }
            }
            return best
        }

        /// The nearest triangle a ray meets beyond `minT` and before `maxT`: parameter, canvas u and v, whether the
        /// LED face is seen.
        public func intersect(origin e: SIMD3<Double>, direction d: SIMD3<Double>, minT: Double, maxT: Double = .infinity)
            -> (t: Double, u: Double, v: Double, front: Bool)? {
            guard let (k, t, b1, b2) = bvh.nearest(origin: e, direction: d, minT: minT, maxT: maxT, positions: positions) else { return nil }
            let c0 = canvas[3 * k]
            let c = c0 + (canvas[3 * k + 1] - c0) * b1 + (canvas[3 * k + 2] - c0) * b2
            return (t, min(max(c.x, 0), width.nextDown), min(max(c.y, 0), height.nextDown), d.dot(normals[k]) < 0)
        }

        /// Where a ray meets the fitted plane from the front, with canvas u and v by the fitted map (least squares
        /// when the axes are not square): exact for a flat mesh, a guide for a curved one.
        public func unboundedHit(origin e: SIMD3<Double>, direction d: SIMD3<Double>) -> (t: Double, u: Double, v: Double)? {
            let n0 = fitV.cross(fitU)
            let len = n0.length
            guard len > 0 else { return nil }
            let n = n0 / len
            let denom = d.dot(n)
            guard denom < 0 else { return nil }
            let t = (fitOrigin - e).dot(n) / denom
            guard t > 0 else { return nil }
            let p = e + d * t - fitOrigin
            let a11 = fitU.dot(fitU), a12 = fitU.dot(fitV), a22 = fitV.dot(fitV)
            let r1 = p.dot(fitU), r2 = p.dot(fitV)
            let dt = a11 * a22 - a12 * a12
            guard dt != 0 else { return nil }
            return (t, (r1 * a22 - r2 * a12) / dt, (a11 * r2 - a12 * r1) / dt)
        }

        /// The mesh's boundary (edges used by one triangle) as pairs of studio points: its outline for the plan view.
        public var boundaryEdges: [(SIMD3<Double>, SIMD3<Double>)] {
            struct Key: Hashable { let a: SIMD3<Double>, b: SIMD3<Double> }
            func key(_ p: SIMD3<Double>, _ q: SIMD3<Double>) -> Key {
                (p.x, p.y, p.z) < (q.x, q.y, q.z) ? Key(a: p, b: q) : Key(a: q, b: p)
            }
            var count: [Key: Int] = [:]
            var order: [Key] = []
            for k in 0..<triangleCount {
                for e in 0..<3 {
                    let kk = key(positions[3 * k + e], positions[3 * k + (e + 1) % 3])
                    if count[kk] == nil { order.append(kk) }
                    count[kk, default: 0] += 1
                }
            }
            return order.filter { count[$0] == 1 }.map { ($0.a, $0.b) }
        }
    }

    /// Why a mesh cannot be an LED surface, naming the triangles (numbered from 1 in the file's order).
    public struct MeshProblem: Error, Sendable, Equatable {
        public var message: String
        /// The triangles at fault, from 1.
        public var triangles: [Int]
        public init(message: String, triangles: [Int]) {
            self.message = message
            self.triangles = triangles
        }
    }
}
