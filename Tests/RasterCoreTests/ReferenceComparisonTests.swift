// ReferenceComparisonTests: RasterCore against the reference rasterizer on thousands of random triangles.

import Geometry
import RasterCore
import ReferenceRaster
import XCTest
import XRTestSupport

final class ReferenceComparisonTests: XCTestCase {
    /// Random triangles of every shape at w = 1, each with its own constant depth so visibility is exact:
    /// small, medium, huge (far beyond the screen), slivers, degenerate and off-screen ones, in small frames.
    func testRandomTrianglesCoverageAndDepthMatchReference() throws {
        var rng = SplitMix64(seed: 0x5EED_0001)
        var triangles = 0
        for frame in 0..<150 {
            let w = 17 + rng.int(60), h = 9 + rng.int(50)
            var positions: [SIMD3<Float>] = []
            let count = 4 + rng.int(24)
            for t in 0..<count {
                let z = -0.9 + 1.8 * Float(t * 7919 % count) / Float(count)  // distinct constant depths
                let kind = rng.int(6)
                var pts: [SIMD2<Float>] = []
                switch kind {
                case 0:  // small
                    let c = SIMD2(rng.float(-1.1, 1.1), rng.float(-1.1, 1.1))
                    for _ in 0..<3 { pts.append(c + SIMD2(rng.float(-0.15, 0.15), rng.float(-0.15, 0.15))) }
                case 1:  // sliver: two nearly coincident points and a far one
                    let a = SIMD2(rng.float(-1.5, 1.5), rng.float(-1.5, 1.5)), b = SIMD2(rng.float(-1.5, 1.5), rng.float(-1.5, 1.5))
                    pts = [a, b, a + (b - a) * rng.float(0, 1) + SIMD2(rng.float(-0.02, 0.02), rng.float(-0.02, 0.02))]
                case 2:  // huge, reaching far outside the viewport (inside the exact range)
                    for _ in 0..<3 { pts.append(SIMD2(rng.float(-200, 200), rng.float(-200, 200))) }
                case 3:  // off-screen
                    let o = SIMD2<Float>(rng.float(1.2, 5), rng.float(-5, 5))
                    for _ in 0..<3 { pts.append(o + SIMD2(rng.float(0, 1), rng.float(-1, 1))) }
                case 4:  // axis-aligned, on exact pixel centres (fill-rule cases)
                    func snap(_ v: Float, _ n: Int) -> Float { (Float(Int(v * Float(n) / 2)) + 0.5) * 2 / Float(n) - 1 }
                    let x0 = snap(rng.float(-1, 1), w), x1 = snap(rng.float(-1, 1), w)
                    let y0 = snap(rng.float(-1, 1), h), y1 = snap(rng.float(-1, 1), h)
                    pts = rng.int(2) == 0 ? [SIMD2(x0, y0), SIMD2(x1, y0), SIMD2(x0, y1)] : [SIMD2(x0, y0), SIMD2(x1, y1), SIMD2(x1, y0)]
                default:  // medium
                    for _ in 0..<3 { pts.append(SIMD2(rng.float(-1.3, 1.3), rng.float(-1.3, 1.3))) }
                }
                for p in pts { positions.append(SIMD3(p.x, p.y, z)) }
            }
            triangles += count
            let got = try renderWithCore(positions: positions, width: w, height: h)
            let ref = ReferenceRasterizer.render(clipTriangles(positions, projection: .identity), width: w, height: h)
            assertMatchesReference(got, ref, "frame \(frame) (\(w)x\(h))")
        }
        XCTAssertGreaterThan(triangles, 2000)
    }

    /// Perspective triangles, each alone in the frame: coverage exact, depth within float precision.
    func testPerspectiveTrianglesMatchReference() throws {
        var rng = SplitMix64(seed: 0x5EED_0002)
        let proj = Mat4.perspective(fovYDegrees: 60, aspect: 4.0 / 3.0, near: 0.5, far: 50)
        for n in 0..<400 {
            let w = 24 + rng.int(40), h = 18 + rng.int(30)
            let c = SIMD3(rng.float(-3, 3), rng.float(-3, 3), rng.float(-20, -1))
            let s = rng.int(3) == 0 ? rng.float(2, 8) : rng.float(0.05, 2)
            var positions: [SIMD3<Float>] = []
            for _ in 0..<3 { positions.append(c + SIMD3(rng.float(-s, s), rng.float(-s, s), rng.float(-s, s) * 0.5)) }
            let clip = clipTriangles(positions, projection: proj)
            // Keep the exact path: in front of the near plane (crossing cases are tested separately).
            guard [clip[0].0, clip[0].1, clip[0].2].allSatisfy({ $0.w > 0.5 && $0.z >= -$0.w && $0.z <= $0.w }) else { continue }
            let got = try renderWithCore(positions: positions, projection: proj, width: w, height: h)
            let ref = ReferenceRasterizer.render(clip, width: w, height: h)
            assertMatchesReference(got, ref, depthTolerance: 1e-5, "perspective triangle \(n)")
        }
    }

    /// Back-face and front-face culling agree with the reference's winding (counter-clockwise is front).
    func testCullingMatchesReference() throws {
        var rng = SplitMix64(seed: 0x5EED_0003)
        for (mode, refMode) in [(CullMode.back, ReferenceRasterizer.Cull.back), (.front, .front), (.none, .none)] {
            var positions: [SIMD3<Float>] = []
            for t in 0..<30 {
                for _ in 0..<3 { positions.append(SIMD3(rng.float(-1.2, 1.2), rng.float(-1.2, 1.2), -0.9 + Float(t) * 0.05)) }
            }
            let got = try renderWithCore(positions: positions, width: 40, height: 30, cull: mode)
            let ref = ReferenceRasterizer.render(clipTriangles(positions, projection: .identity), width: 40, height: 30,
                                                 cull: refMode)
            assertMatchesReference(got, ref, "cull \(mode)")
        }
    }
}
