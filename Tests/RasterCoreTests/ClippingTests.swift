// ClippingTests: near/far planes in homogeneous space and the x/y guard band.

import Geometry
import RasterCore
import ReferenceRaster
import XCTest
import XRTestSupport

final class ClippingTests: XCTestCase {
    let proj = Mat4.perspective(fovYDegrees: 70, aspect: 4.0 / 3.0, near: 0.5, far: 30)

    /// Triangles crossing the near plane (some vertices behind the camera) against the homogeneous reference:
    /// equal everywhere except pixels within 1/32 px of an edge.
    func testNearPlaneCrossingMatchesHomogeneousReference() throws {
        var rng = SplitMix64(seed: 0xC11B)
        var crossing = 0
        for n in 0..<250 {
            let positions: [SIMD3<Float>] = [SIMD3(rng.float(-4, 4), rng.float(-3, 3), rng.float(-12, -0.6)),
                                              SIMD3(rng.float(-4, 4), rng.float(-3, 3), rng.float(-2, 3)),
                                              SIMD3(rng.float(-4, 4), rng.float(-3, 3), rng.float(-12, 2))]
            let clip = clipTriangles(positions, projection: proj)
            if [clip[0].0, clip[0].1, clip[0].2].contains(where: { $0.z < -$0.w }) { crossing += 1 }
            let got = try renderWithCore(positions: positions, projection: proj, width: 40, height: 30)
            let ref = ReferenceRasterizer.render(clip, width: 40, height: 30)
            assertMatchesReference(got, ref, depthTolerance: 1e-5, "near-crossing triangle \(n)")
        }
        XCTAssertGreaterThan(crossing, 100)
    }

    func testTriangleBehindTheCameraDrawsNothing() throws {
        let out = try renderWithCore(positions: [[-1, -1, 1], [1, -1, 1], [0, 1, 2]], projection: proj, width: 32, height: 24)
        XCTAssertTrue(out.ids.allSatisfy { $0 == -1 })
    }

    func testFarPlaneClipsThePartBeyondIt() throws {
        // A floor strip running from z = -5 to z = -100 (far = 30): only the near part is drawn.
        let positions: [SIMD3<Float>] = [[-1, -1, -5], [1, -1, -5], [0, -1, -100]]
        let clip = clipTriangles(positions, projection: proj)
        let got = try renderWithCore(positions: positions, projection: proj, width: 48, height: 36)
        let ref = ReferenceRasterizer.render(clip, width: 48, height: 36)
        assertMatchesReference(got, ref, depthTolerance: 1e-4, "far plane")
        XCTAssertTrue(got.depth.allSatisfy { $0 <= 1 })
        XCTAssertGreaterThan(got.ids.filter { $0 == 0 }.count, 15)
    }

    /// A triangle far larger than the guard band covers the whole frame, with exact depth.
    func testHugeTriangleBeyondTheGuardBandCoversTheFrame() throws {
        let positions: [SIMD3<Float>] = [[-1e6, -1e6, -0.25], [1e6, -1e6, -0.25], [0, 1e6, -0.25]]
        let got = try renderWithCore(positions: positions, width: 50, height: 40)
        XCTAssertTrue(got.ids.allSatisfy { $0 == 0 })
        XCTAssertTrue(got.depth.allSatisfy { abs($0 - 0.375) < 1e-6 })
        let ref = ReferenceRasterizer.render(clipTriangles(positions, projection: .identity), width: 50, height: 40)
        assertMatchesReference(got, ref, "guard band")
    }
}
