// MeshScreenCanvasTests: a mesh screen's canvas and traced hits against the flat wall it copies; the lane kernel
// against its scalar twin on a mesh; LED pixels a UV layout leaves empty.

import Geometry
import Imaging
import RasterCore
import SceneModel
@testable import StagePasses
import XCTest

final class MeshScreenCanvasTests: XCTestCase {
    /// `s`'s canvas on a mesh of nx x ny quads, every corner placed by `s` (the same canvas, another shape).
    static func meshOf(_ s: LEDSurface, nx: Int, ny: Int, skip: Set<Int> = []) throws -> LEDSurface {
        var pos: [SIMD3<Double>] = [], uv: [SIMD2<Double>] = [], idx: [Int] = []
        for j in 0...ny {
            for i in 0...nx {
                let a = Double(i) / Double(nx), b = Double(j) / Double(ny)
                pos.append(s.point(u: a * s.widthM, v: b * s.heightM))
                uv.append([a, b])
            }
        }
        for j in 0..<ny {
            for i in 0..<nx where !skip.contains(j * nx + i) {
                let k = j * (nx + 1) + i
                idx += [k, k + nx + 1, k + nx + 2, k, k + nx + 2, k + 1]
            }
        }
        let m = try LEDSurface.Mesh(positions: pos, uvs: uv, indices: idx, width: s.widthM, height: s.heightM)
        return LEDSurface(name: s.name, kind: s.kind, grid: s.grid, shape: .mesh(m))
    }

    /// A horizontal and vertical ramp, so a misplaced LED pixel shows as a different colour.
    static func ramp(width: Int, height: Int) -> LinearImage {
        var rgb: [Float] = []
        for y in 0..<height { for x in 0..<width { rgb += [Float(x) / Float(width), Float(y) / Float(height), 0.25] } }
        return LinearImage(width: width, height: height, rgb: rgb)
    }

    /// The 16 x 10 m wall (512 x 320 LED pixels) and its copy as 5 x 4 quads, under a ramp inner frustum with a soft
    /// edge and a blue outer frustum. Each mesh LED pixel's point is the flat one through the triangle's affine map
    /// (double precision, then one rounding to Float, as the flat wall's is), so the frustum coordinates agree to a
    /// few Float ulps: an 8-bit value may differ by 1 where the linear value sits on a rounding boundary, and
    /// nowhere by more.
    func testFlatRectangleMeshGivesTheFlatWallsCanvas() throws {
        let flat = StagePassesTests.wall(columns: 32, rows: 20)
        let mesh = try Self.meshOf(flat, nx: 5, ny: 4)
        let cam = StagePassesTests.camera([1, 5, 8])
        let inner = InnerFrustum(camera: cam, overscan: 0.1, image: Self.ramp(width: 96, height: 54), view: cam.viewSetup(overscan: 0.1)!)
        let outer = try StagePassesTests.emptyOuter([0, 0, 0.6])
        let a = WallCanvas(surfaces: [flat], inner: inner, outer: outer, softEdge: 0.05).image(surface: 0)
        let b = WallCanvas(surfaces: [mesh], inner: inner, outer: outer, softEdge: 0.05).image(surface: 0, threads: 3)
        XCTAssertEqual(b.width, 512); XCTAssertEqual(b.height, 320)
        var differing = 0, worst = 0
        for k in 0..<a.pixels.count {
            let d = abs(Int(a.pixels[k]) - Int(b.pixels[k]))
            worst = max(worst, d)
            if d > 0 { differing += 1 }
        }
        XCTAssertLessThanOrEqual(worst, 1)
        XCTAssertLessThan(differing, a.pixels.count / 1000, "rounding-boundary values only")
        // The ramp is really on it: the canvas is not one colour.
        XCTAssertNotEqual(Array(a.pixels[0..<3]), Array(a.pixels[4 * (160 * 512 + 256)..<(4 * (160 * 512 + 256) + 3)]))
    }

    /// Rays at the flat wall and at its mesh copy: the same hit (t, u, v within 1e-4 m in Float), the same face, and
    /// the same LED pixel centre; the eight-lane kernel equals the scalar hit bit for bit on the mesh.
    func testMeshHitsAreTheFlatWallsHitsAndLanesEqualScalar() throws {
        let flat = LEDWall(name: "w", grid: CabinetGrid(panel: SurfaceTracerTests.panel, columns: 16, rows: 8), position: [0, 0, -2],
                           yawDegrees: 25).surface
        let tf = TracedSurface(flat), tm = TracedSurface(try Self.meshOf(flat, nx: 7, ny: 3))
        var rng = SurfaceTracerTests.Rng(s: 7)
        var hits = 0
        for _ in 0..<400 {
            let e = SIMD3<Float>(rng.range(-6, 6), rng.range(0.2, 5), rng.range(-6, 6))
            var dx = SIMD8<Float>(), dy = SIMD8<Float>(), dz = SIMD8<Float>()
            for l in 0..<8 { dx[l] = rng.range(-1, 1); dy[l] = rng.range(-1, 1); dz[l] = rng.range(-1, 1) }
            var lanes = HitLanes(t: SIMD8(repeating: .infinity))
            tm.hit8(e.x, e.y, e.z, dx, dy, dz, index: 3, into: &lanes)
            for l in 0..<8 {
                let a = tf.hit(e.x, e.y, e.z, dx[l], dy[l], dz[l], tMax: .infinity)
                let b = tm.hit(e.x, e.y, e.z, dx[l], dy[l], dz[l], tMax: .infinity)
                XCTAssertEqual(lanes.index[l] == 3, b != nil)
                if let b { XCTAssertEqual(lanes.t[l].bitPattern, b.t.bitPattern); XCTAssertEqual(lanes.u[l].bitPattern, b.u.bitPattern) }
                guard let a, let b else {
                    // Only a ray grazing an edge may hit one and not the other.
                    if let h = a ?? b { XCTAssertTrue(min(h.u, h.v, flat.grid.widthM.float - h.u, flat.grid.heightM.float - h.v) < 1e-3) }
                    continue
                }
                hits += 1
                XCTAssertEqual(b.t, a.t, accuracy: 1e-4 * max(1, a.t)); XCTAssertEqual(b.u, a.u, accuracy: 1e-4)
                XCTAssertEqual(b.v, a.v, accuracy: 1e-4); XCTAssertEqual(b.front, a.front)
                let p = (e.x + a.t * dx[l], e.y + a.t * dy[l], e.z + a.t * dz[l])
                let ca = tf.pixelCentre(u: a.u, v: a.v, px: p.0, py: p.1, pz: p.2)
                let cb = tm.pixelCentre(u: b.u, v: b.v, px: p.0, py: p.1, pz: p.2)
                if ca.3 == cb.3 && ca.4 == cb.4 {
                    XCTAssertEqual(cb.0, ca.0, accuracy: 1e-4); XCTAssertEqual(cb.1, ca.1, accuracy: 1e-4); XCTAssertEqual(cb.2, ca.2, accuracy: 1e-4)
                }
            }
        }
        XCTAssertGreaterThan(hits, 300)
    }

    /// Quad 2 of a 2 x 2 mesh left out (the bottom-left quarter of the UV square): those LED pixels are black, the
    /// rest show the outer frustum's colour.
    func testPixelsTheUVsLeaveEmptyAreBlack() throws {
        let flat = StagePassesTests.wall(columns: 4, rows: 4)   // 2 x 2 m, 64 x 64 LED pixels
        let mesh = try Self.meshOf(flat, nx: 2, ny: 2, skip: [2])
        let outer = try StagePassesTests.emptyOuter([0, 1, 0])
        let img = WallCanvas(surfaces: [mesh], inner: nil, outer: outer, softEdge: 0).image(surface: 0)
        func px(_ x: Int, _ y: Int) -> [UInt8] { Array(img.pixels[(4 * (y * 64 + x))..<(4 * (y * 64 + x) + 3)]) }
        XCTAssertEqual(px(10, 50), [0, 0, 0])
        XCTAssertEqual(px(50, 50), [0, 255, 0])
        XCTAssertEqual(px(10, 10), [0, 255, 0])
    }

    /// Drawn from outside, a mesh screen is its own triangles, wound so the LED face is the front face.
    func testStageGeometryDrawsTheMeshTrianglesFacingTheLEDs() throws {
        let flat = StagePassesTests.wall(columns: 4, rows: 2)
        let mesh = try Self.meshOf(flat, nx: 3, ny: 2)
        let draws = StageGeometry.surfaceMeshes(mesh, canvas: nil)
        XCTAssertEqual(draws.count, 2)
        let m = draws[0].mesh
        XCTAssertEqual(m.indices.count, 3 * 12)
        for t in 0..<12 {
            let p = (0..<3).map { m.positions[Int(m.indices[3 * t + $0])] }
            XCTAssertGreaterThan((p[1] - p[0]).cross(p[2] - p[0]).z, 0, "the wall faces +Z")
        }
    }
}

private extension Double { var float: Float { Float(self) } }
