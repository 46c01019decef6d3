// LEDSurface+MeshBVH: a bounding-volume hierarchy over a mesh screen's triangles, for the nearest ray hit.

import Geometry

/// A binary BVH: nodes hold a box; leaves a run of `order` (at most 4 triangles), inner nodes two children.
/// Built by splitting each node's triangles at the median centroid along the box's longest axis: deterministic,
/// depth about log2(n / 4).
struct MeshBVH: Sendable, Equatable {
    struct Node: Sendable, Equatable {
        var lo: SIMD3<Double>, hi: SIMD3<Double>
        /// Leaf: the first index into `order`; inner: the left child (the right child is `right`).
        var first: Int32
        var right: Int32
        /// Triangles in a leaf; 0 for an inner node.
        var count: Int32
    }

    var nodes: [Node] = []
    var order: [Int32] = []

    static let leafSize = 4

    init(positions p: [SIMD3<Double>]) {
        let tris = p.count / 3
        order = (0..<tris).map(Int32.init)
        let centroid = (0..<tris).map { (k: Int) -> SIMD3<Double> in
            let sum: SIMD3<Double> = p[3 * k] + p[3 * k + 1] + p[3 * k + 2]
            return sum / 3
        }
        guard tris > 0 else { return }
        _ = build(0, tris, p, centroid)
    }

    private mutating func build(_ a: Int, _ b: Int, _ p: [SIMD3<Double>], _ centroid: [SIMD3<Double>]) -> Int32 {
        var lo = SIMD3(repeating: Double.infinity), hi = SIMD3(repeating: -Double.infinity)
        var clo = lo, chi = hi
        for i in a..<b {
            let k = Int(order[i])
            for c in 0..<3 { lo = pointwiseMin(lo, p[3 * k + c]); hi = pointwiseMax(hi, p[3 * k + c]) }
            clo = pointwiseMin(clo, centroid[k]); chi = pointwiseMax(chi, centroid[k])
        }
        let me = Int32(nodes.count)
        nodes.append(Node(lo: lo, hi: hi, first: Int32(a), right: -1, count: Int32(b - a)))
        guard b - a > Self.leafSize else { return me }
        let ext = chi - clo
        let axis = ext.x >= ext.y && ext.x >= ext.z ? 0 : (ext.y >= ext.z ? 1 : 2)
        // Sort by centroid on the axis, ties by triangle number, so the split is the same on every machine.
        order[a..<b].sort { (centroid[Int($0)][axis], $0) < (centroid[Int($1)][axis], $1) }
        let mid = (a + b) / 2
        let left = build(a, mid, p, centroid)
        let right = build(mid, b, p, centroid)
        nodes[Int(me)].first = left
        nodes[Int(me)].right = right
        nodes[Int(me)].count = 0
        return me
    }

    /// Whether the ray meets the box before `tMax` (slab test; infinities from zero direction components are fine).
    @inline(__always) static func meets(_ n: Node, _ e: SIMD3<Double>, _ inv: SIMD3<Double>, _ tMin: Double, _ tMax: Double) -> Bool {
        let t0 = (n.lo - e) * inv, t1 = (n.hi - e) * inv
        let near = pointwiseMin(t0, t1), far = pointwiseMax(t0, t1)
        // A NaN lane (0 · ∞: the ray runs in a face's plane) does not limit the interval.
        var enter = tMin, leave = tMax
        for i in 0..<3 {
            if !near[i].isNaN { enter = max(enter, near[i]) }
            if !far[i].isNaN { leave = min(leave, far[i]) }
        }
        return enter <= leave
    }

    /// The nearest triangle the ray e + t·d meets with t in (minT, maxT): its number, t and barycentrics b1, b2
    /// (Möller–Trumbore; ties go to the lower triangle number, so the answer does not depend on traversal order).
    func nearest(origin e: SIMD3<Double>, direction d: SIMD3<Double>, minT: Double, maxT: Double, positions p: [SIMD3<Double>])
        -> (Int, Double, Double, Double)? {
        guard !nodes.isEmpty else { return nil }
        let inv = SIMD3(1 / d.x, 1 / d.y, 1 / d.z)
        var best: (Int, Double, Double, Double)?
        var tBest = maxT
        // A median split halves each node, so the depth is under 64 for any mesh; the stack holds at most depth + 1.
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 66) { stack in
            var top = 1
            stack[0] = 0
            while top > 0 {
                top -= 1
                let n = nodes[Int(stack[top])]
                guard Self.meets(n, e, inv, minT, tBest) else { continue }
                if n.count == 0 { stack[top] = n.right; stack[top + 1] = n.first; top += 2; continue }
                for i in Int(n.first)..<Int(n.first + n.count) {
                    let k = Int(order[i])
                    let p0 = p[3 * k], e1 = p[3 * k + 1] - p0, e2 = p[3 * k + 2] - p0
                    let pv = d.cross(e2)
                    let det = e1.dot(pv)
                    guard det != 0 else { continue }
                    let invDet = 1 / det
                    let tv = e - p0
                    let b1 = tv.dot(pv) * invDet
                    guard b1 >= 0, b1 <= 1 else { continue }
                    let qv = tv.cross(e1)
                    let b2 = d.dot(qv) * invDet
                    guard b2 >= 0, b1 + b2 <= 1 else { continue }
                    let t = e2.dot(qv) * invDet
                    guard t > minT else { continue }
                    if t < tBest || (t == tBest && best.map { k < $0.0 } ?? false) {
                        tBest = t
                        best = (k, t, b1, b2)
                    }
                }
            }
            return best
        }
    }
}
