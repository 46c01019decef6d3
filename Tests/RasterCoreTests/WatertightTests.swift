// WatertightTests: triangles sharing edges never both cover, nor both miss, a pixel centre on the edge.

import Geometry
import RasterCore
import ReferenceRaster
import XCTest
import XRTestSupport

final class WatertightTests: XCTestCase {
    /// Coverage of each triangle drawn alone, as sets of pixel indices.
    func coverages(_ positions: [SIMD3<Float>], projection: Mat4 = .identity, width: Int, height: Int) throws -> [Set<Int>] {
        var out: [Set<Int>] = []
        for t in 0..<(positions.count / 3) {
            let r = try renderWithCore(positions: Array(positions[(3 * t)..<(3 * t + 3)]), projection: projection,
                                       width: width, height: height)
            out.append(Set(r.ids.indices.filter { r.ids[$0] == 0 }))
        }
        return out
    }

    func assertNoOverlap(_ cov: [Set<Int>], file: StaticString = #filePath, line: UInt = #line) -> Set<Int> {
        var seen = Set<Int>()
        var doubles = 0
        for c in cov {
            doubles += seen.intersection(c).count
            seen.formUnion(c)
        }
        XCTAssertEqual(doubles, 0, "pixels covered twice", file: file, line: line)
        return seen
    }

    /// A fan of 600 needles around a centre: no pixel covered twice, and together they cover exactly what the
    /// fan's outline (a convex polygon) covers — no holes along the shared edges.
    func testNeedleFanIsWatertight() throws {
        let w = 96, h = 80, n = 600
        var positions: [SIMD3<Float>] = []
        var outline: [SIMD2<Float>] = []
        for k in 0...n {
            let a = Double(k) / Double(n) * 2 * .pi + 0.013
            outline.append(SIMD2(Float(0.93 * cosD(a)), Float(0.91 * sinD(a))))
        }
        let centre = SIMD2<Float>(0.031, -0.017)
        for k in 0..<n {
            positions += [SIMD3(centre.x, centre.y, 0), SIMD3(outline[k].x, outline[k].y, 0),
                          SIMD3(outline[k + 1].x, outline[k + 1].y, 0)]
        }
        let union = assertNoOverlap(try coverages(positions, width: w, height: h))
        // The outline as a fan from its first vertex: same boundary edges, different interior edges.
        var poly: [SIMD3<Float>] = []
        for k in 1..<(n - 1) {
            poly += [SIMD3(outline[0].x, outline[0].y, 0), SIMD3(outline[k].x, outline[k].y, 0),
                     SIMD3(outline[k + 1].x, outline[k + 1].y, 0)]
        }
        let polyUnion = assertNoOverlap(try coverages(poly, width: w, height: h))
        XCTAssertEqual(union, polyUnion, "the needle fan and the outline cover different pixels")
        XCTAssertGreaterThan(union.count, w * h / 2)
    }

    /// A jittered grid of quads in perspective: shared edges are covered exactly once, and the inside of the
    /// grid has no holes.
    func testJitteredPerspectiveGridIsWatertight() throws {
        var rng = SplitMix64(seed: 0xAB)
        let w = 64, h = 48, cells = 9
        let proj = Mat4.perspective(fovYDegrees: 50, aspect: Float(w) / Float(h), near: 0.1, far: 100)
        var grid = [[SIMD3<Float>]](repeating: [], count: cells + 1)
        for j in 0...cells {
            for i in 0...cells {
                let edge = i == 0 || j == 0 || i == cells || j == cells
                let jx: Float = edge ? 0 : rng.float(-0.04, 0.04), jy: Float = edge ? 0 : rng.float(-0.04, 0.04)
                let x = -1 + 2 * Float(i) / Float(cells) + jx, y = -1 + 2 * Float(j) / Float(cells) + jy
                grid[j].append(SIMD3(x, y * 0.8, -3 - y * 1.5 + rng.float(-0.05, 0.05)))
            }
        }
        var positions: [SIMD3<Float>] = []
        for j in 0..<cells {
            for i in 0..<cells {
                let a = grid[j][i], b = grid[j][i + 1], c = grid[j + 1][i + 1], d = grid[j + 1][i]
                positions += [a, b, c, a, c, d]
            }
        }
        let union = assertNoOverlap(try coverages(positions, projection: proj, width: w, height: h))
        // No holes: the whole grid rendered at once covers exactly the union.
        let all = try renderWithCore(positions: positions, projection: proj, width: w, height: h)
        XCTAssertEqual(Set(all.ids.indices.filter { all.ids[$0] >= 0 }), union)
        XCTAssertGreaterThan(union.count, 500)
    }

    /// A closed mesh (an octahedron seen from outside, no culling): every pixel inside the silhouette is covered
    /// by exactly one front-facing triangle.
    func testClosedMeshFrontFacesTileTheSilhouette() throws {
        let proj = Mat4.perspective(fovYDegrees: 40, aspect: 1, near: 0.1, far: 100)
        let v: [SIMD3<Float>] = [[1, 0, -4], [-1, 0, -4], [0, 1, -4], [0, -1, -4], [0, 0, -3], [0, 0, -5]]
        let faces: [(Int, Int, Int)] = [(0, 2, 4), (2, 1, 4), (1, 3, 4), (3, 0, 4), (2, 0, 5), (1, 2, 5), (3, 1, 5), (0, 3, 5)]
        var positions: [SIMD3<Float>] = []
        for f in faces { positions += [v[f.0], v[f.1], v[f.2]] }
        let front = try coverages(positions, projection: proj, width: 70, height: 70)
        // Front faces (towards +z) are the first four: they must not overlap.
        let union = assertNoOverlap(Array(front[0..<4]))
        let back = assertNoOverlap(Array(front[4..<8]))
        XCTAssertEqual(union, back, "front and back halves of a closed mesh must cover the same silhouette")
        XCTAssertGreaterThan(union.count, 300)
    }
}
