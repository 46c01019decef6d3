// FacetedWallTests: a faceted wall (flat cabinet columns on an arc) against the smooth cylinder: its corners worked
// by hand, its coverage held between the cylinders through its edges and through its facets' middles, and one facet
// seen straight on as a flat canvas.

import Geometry
import SceneModel
import ShotAnalysis
import XCTest

final class FacetedWallTests: XCTestCase {
    static let panel = LEDPanelType(name: "P", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pitch(mm: 2.6))

    static func wall(_ shape: LEDWall.Shape, columns: Int, rows: Int = 8) -> LEDWall {
        LEDWall(name: "volume", grid: CabinetGrid(panel: panel, columns: columns, rows: rows), shape: shape)
    }

    /// Radius 4 m, 0.5 m cabinets, leaning back 10°, 1 m high. The chord angle δ = 2 asin(0.5 / 8). Facet 0's bottom
    /// corners are on the circle at angles 0 and δ: (0, 0, −4) and (4 sin δ, 0, −4 cos δ). Its top is 1 m up the
    /// leaning face: up = cos 10° · Y + sin 10° · (the outward radial through the chord's middle, angle δ/2).
    func testFacetCornersByHand() throws {
        let w = Self.wall(.faceted(radius: 4, startDegrees: 0, leanDegrees: 10), columns: 3, rows: 2)
        let s = w.surface
        guard case .facets(let f) = s.shape else { return XCTFail("faceted") }
        let d = 2 * asin(0.5 / 8.0), l = 10 * Double.pi / 180
        let b0 = SIMD3<Double>(0, 0, -4), b1 = SIMD3<Double>(4 * sin(d), 0, -4 * cos(d))
        let outward = SIMD3<Double>(sin(d / 2), 0, -cos(d / 2))
        let up = SIMD3<Double>(0, cos(l), 0) + outward * sin(l)
        XCTAssertLessThan((f.origins[0] - (b0 + up)).length, 1e-12)
        XCTAssertLessThan((s.point(u: 0.5 - 1e-12, v: 1) - b1).length, 1e-9)   // facet 0's bottom right
        XCTAssertLessThan((s.point(u: 0.25, v: 0.5) - (b0 + (b1 - b0) / 2 + up / 2)).length, 1e-12)
        // The LEDs face the axis, tipped up by the lean (a wall leaning back looks slightly upwards): the normal is
        // −cos λ · outward + sin λ · Y.
        let n = s.normal(u: 0.25)
        XCTAssertEqual(n.dot(outward), -cos(l), accuracy: 1e-12)
        XCTAssertEqual(n.y, sin(l), accuracy: 1e-12)
        XCTAssertEqual(w.spanDegrees, 3 * d * 180 / Double.pi, accuracy: 1e-12)
        // A ray from the axis at 1 m height straight at facet 1's middle meets it there.
        let mid = s.point(u: 0.75, v: 0.5)
        let h = try XCTUnwrap(s.intersect(origin: [0, mid.y, 0], direction: mid - [0, mid.y, 0]))
        XCTAssertEqual(h.u, 0.75, accuracy: 1e-12)
        XCTAssertEqual(h.v, 0.5, accuracy: 1e-12)
        XCTAssertTrue(h.front)
    }

    /// A 270° volume of radius 6 m, 4 m high, seen from inside. Every ray from inside the circle of the facets'
    /// middles (radius r cos δ/2) meets that circle, then the facets, then the circle through their edges (radius r),
    /// in that order and rising (or falling) the whole way, so whether it meets LED pixels is sandwiched: the faceted
    /// coverage lies between the smooth cylinders of radius r and r cos δ/2 (same span). The difference from the
    /// smooth r cylinder is then at most theirs.
    func testFacetedCoverageLiesBetweenTheCylindersThroughItsEdgesAndItsMiddles() {
        let r = 6.0, cw = 0.5
        let delta = LEDSurface.Facets.chordAngle(width: cw, radius: r)
        let facetedColumns = Int((270 * Double.pi / 180 / delta).rounded())
        let span = Double(facetedColumns) * delta * 180 / Double.pi
        // Smooth cylinders of the same span (whole cabinets: within half a cabinet's angle of it).
        func smooth(_ radius: Double) -> LEDWall {
            let columns = Int((span * Double.pi / 180 * radius / cw).rounded())
            let exactSpan = Double(columns) * cw / radius * 180 / Double.pi
            return Self.wall(.curved(radius: radius, startDegrees: -exactSpan / 2), columns: columns)
        }
        let faceted = Self.wall(.faceted(radius: r, startDegrees: -span / 2, leanDegrees: 0), columns: facetedColumns)
        let outer = smooth(r), inner = smooth(r * cos(delta / 2))
        var worst = 0.0
        for (pos, pan, tilt) in [(SIMD3<Double>(0, 1.7, 0), 0.0, 12.0), (SIMD3(1, 1.5, 2), -35.0, 18.0),
                                 (SIMD3(-2, 2.5, -1), 60.0, -20.0), (SIMD3(0.5, 1, 3), 10.0, 25.0)] {
            let cam = ShotAnalysisTests.camera(pos, pan: pan, tilt: tilt, focal: 24)
            let c = [faceted, outer, inner].map { ShotAnalyzer(stage: Stage(panels: [Self.panel], walls: [$0])).measure(cam).coverage }
            // One sample of 128 x 72 is the granularity of a coverage figure.
            let sample = 1.0 / (128 * 72)
            XCTAssertGreaterThanOrEqual(c[0], c[1] - sample, "\(pos): faceted \(c[0]) vs edges' cylinder \(c[1])")
            XCTAssertLessThanOrEqual(c[0], c[2] + sample, "\(pos): faceted \(c[0]) vs middles' cylinder \(c[2])")
            XCTAssertLessThan(c[0], 1, "the top or bottom edge must be in the frame to mean something")
            worst = max(worst, abs(c[0] - c[1]))
        }
        // The documented difference (Docs/analysis.md): under 0.2% of the frame for this volume.
        XCTAssertLessThan(worst, 0.002)
    }

    /// A camera on the axis facing facet 10's middle: along an image row the canvas u of the hits is linear in the
    /// image coordinate (a flat canvas square to the view), and v constant; on the smooth arc u bends (r·atan).
    func testOneFacetSeenStraightOnIsAFlatCanvas() throws {
        let faceted = Self.wall(.faceted(radius: 6, startDegrees: -60, leanDegrees: 0), columns: 24).surface
        let arc = Self.wall(.curved(radius: 6, startDegrees: -60), columns: 24).surface
        guard case .facets(let f) = faceted.shape else { return XCTFail("faceted") }
        let k = 10
        let middle = faceted.point(u: (Double(k) + 0.5) * f.columnWidth, v: 2)
        let eye = SIMD3<Double>(0, 2, 0)
        let forward = (middle - eye) / (middle - eye).length
        let right = forward.cross([0, 1, 0])
        func us(_ s: LEDSurface) throws -> [(Double, Double)] {
            try (-4...4).map { i in
                let d = forward + right * (Double(i) * 0.005)
                let h = try XCTUnwrap(s.intersect(origin: eye, direction: d))
                return (h.u, h.v)
            }
        }
        let onFacet = try us(faceted), onArc = try us(arc)
        for i in 1..<(onFacet.count - 1) {
            XCTAssertEqual(onFacet[i - 1].0 - 2 * onFacet[i].0 + onFacet[i + 1].0, 0, accuracy: 1e-12)
            XCTAssertEqual(onFacet[i].1, 2, accuracy: 1e-12)
        }
        // r·atan(x) bends by about r·2x·Δx² away from the middle: 6 · 2 · 0.015 · 0.005² ≈ 4.5e-6 m at the edge.
        XCTAssertGreaterThan(abs(onArc[0].0 - 2 * onArc[1].0 + onArc[2].0), 1e-6)
    }
}
