// SurfaceTracerTests: the eight-lane ray/surface kernel against its scalar twin, lane by lane and bit for bit, on
// random rays from inside and outside flat walls, ceilings, arcs and faceted walls; and the lane arctangent against
// the scalar one.

@testable import StagePasses
import SceneModel
import XCTest

final class SurfaceTracerTests: XCTestCase {
    struct Rng {
        var s: UInt64
        mutating func next() -> Float {
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Float(s >> 40) / Float(1 << 24)
        }
        mutating func range(_ a: Float, _ b: Float) -> Float { a + (b - a) * next() }
    }

    static let panel = LEDPanelType(name: "P", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pitch(mm: 2.6))

    func testEightLanesEqualTheScalarHitBitForBit() {
        let surfaces: [LEDSurface] = [
            LEDWall(name: "flat", grid: CabinetGrid(panel: Self.panel, columns: 16, rows: 8), yawDegrees: 20).surface,
            LEDWall(name: "arc", grid: CabinetGrid(panel: Self.panel, columns: 44, rows: 11),
                    shape: .curved(radius: 9, startDegrees: -70), position: [0, 0, 1]).surface,
            LEDWall(name: "wide arc", grid: CabinetGrid(panel: Self.panel, columns: 100, rows: 6),
                    shape: .curved(radius: 6, startDegrees: 200), position: [1, 0, 0], yawDegrees: -30, elevation: 0.5).surface,
            CeilingSection(name: "ceiling", grid: CabinetGrid(panel: Self.panel, columns: 12, rows: 10), centre: [0, 6, -2],
                           tiltDegrees: 10).surface,
            LEDWall(name: "faceted", grid: CabinetGrid(panel: Self.panel, columns: 40, rows: 8),
                    shape: .faceted(radius: 5, startDegrees: -120, leanDegrees: 0), position: [0, 0, 1]).surface,
            LEDWall(name: "leaning facets", grid: CabinetGrid(panel: Self.panel, columns: 30, rows: 6),
                    shape: .faceted(radius: 7, startDegrees: 150, leanDegrees: -8), position: [1, 0, 0], yawDegrees: 15).surface,
        ]
        var rng = Rng(s: 42)
        var hits = 0
        for s in surfaces {
            let traced = TracedSurface(s)
            for _ in 0..<1200 {
                // Eyes inside and outside the stage; rays in every direction, some limited by a nearer depth.
                let e = SIMD3<Float>(rng.range(-12, 12), rng.range(0.2, 8), rng.range(-12, 12))
                var dx = SIMD8<Float>(), dy = SIMD8<Float>(), dz = SIMD8<Float>(), tMax = SIMD8<Float>()
                for l in 0..<8 {
                    dx[l] = rng.range(-1, 1); dy[l] = rng.range(-1, 1); dz[l] = rng.range(-1, 1)
                    tMax[l] = l % 3 == 0 ? rng.range(0, 20) : .infinity
                }
                // Edge cases in two lanes: a vertical ray (no horizontal part: an arc's a = 0) and signed zeros.
                (dx[1], dz[1]) = (0, -0.0)
                dx[4] = -0.0
                dy[4] = 0
                var lanes = HitLanes(t: tMax)
                traced.hit8(e.x, e.y, e.z, dx, dy, dz, index: 7, into: &lanes)
                for l in 0..<8 {
                    let scalar = traced.hit(e.x, e.y, e.z, dx[l], dy[l], dz[l], tMax: tMax[l])
                    if let h = scalar {
                        hits += 1
                        XCTAssertEqual(lanes.index[l], 7)
                        XCTAssertEqual(lanes.t[l].bitPattern, h.t.bitPattern, "\(s.name) lane \(l)")
                        XCTAssertEqual(lanes.u[l].bitPattern, h.u.bitPattern, "\(s.name) lane \(l)")
                        XCTAssertEqual(lanes.v[l].bitPattern, h.v.bitPattern, "\(s.name) lane \(l)")
                        XCTAssertEqual(lanes.front[l] != 0, h.front, "\(s.name) lane \(l)")
                    } else {
                        XCTAssertEqual(lanes.index[l], -1, "\(s.name) lane \(l): a miss")
                        XCTAssertEqual(lanes.t[l].bitPattern, tMax[l].bitPattern)
                    }
                }
            }
        }
        XCTAssertGreaterThan(hits, 1500, "the random rays must hit often enough to mean something")
    }

    func testLaneArctangentEqualsTheScalarOne() {
        var rng = Rng(s: 7)
        for _ in 0..<500 {
            var y = SIMD8<Float>(), x = SIMD8<Float>()
            for l in 0..<8 { y[l] = rng.range(-5, 5); x[l] = rng.range(-5, 5) }
            y[0] = 0; x[0] = 0; x[1] = 0; y[2] = 0; x[3] = -0.0
            let lanes = fastAtan2(y, x)
            for l in 0..<8 { XCTAssertEqual(lanes[l].bitPattern, fastAtan2(y[l], x[l]).bitPattern, "(\(y[l]), \(x[l]))") }
        }
    }

    /// `vtruncSmall` (the composite's LED column and row in lanes) equals Int(x) across its range: zero, signed
    /// zero, just either side of whole numbers, negatives, and values up to 2^22.
    func testLaneTruncationEqualsInt() {
        var rng = SystemRandomNumberGenerator()
        var values: [Float] = [0, -0, 0.5, -0.5, 1, -1, 4_194_303.5, -4_194_303.5, 8447.999, 2111.0001]
        for k in 1..<200 { let f = Float(k); values += [f, f.nextUp, f.nextDown, -f.nextDown, -f.nextUp] }
        for _ in 0..<4000 { values.append(Float.random(in: -4_194_000...4_194_000, using: &rng)) }
        for g in stride(from: 0, to: values.count - 7, by: 8) {
            let x = SIMD8<Float>(values[g..<(g + 8)])
            let lanes = vtruncSmall(x)
            for l in 0..<8 { XCTAssertEqual(Int(lanes[l]), Int(x[l]), "\(x[l])") }
        }
    }
}
