// FillRuleTests: who owns a pixel centre that lies exactly on an edge (left and bottom edges, y-down image).

import Geometry
import RasterCore
import XCTest

final class FillRuleTests: XCTestCase {
    /// NDC of the centre of pixel (px, py) in a w x h frame (row 0 at the top).
    func ndc(_ px: Float, _ py: Float, _ w: Int, _ h: Int) -> SIMD2<Float> {
        SIMD2((px + 0.5) / Float(w) * 2 - 1, 1 - (py + 0.5) / Float(h) * 2)
    }

    /// A vertical edge through pixel centres: the centres belong to the triangle on the right (its left edge).
    func testVerticalSharedEdgeGoesToTheRightTriangle() throws {
        let w = 16, h = 16
        let top = ndc(8, -4, w, h), bottom = ndc(8, 20, w, h)
        let left = ndc(-4, 8, w, h), right = ndc(20, 8, w, h)
        let positions: [SIMD3<Float>] = [
            SIMD3(top.x, top.y, 0), SIMD3(left.x, left.y, 0), SIMD3(bottom.x, bottom.y, 0),   // triangle 0: left
            SIMD3(top.x, top.y, 0), SIMD3(bottom.x, bottom.y, 0), SIMD3(right.x, right.y, 0), // triangle 1: right
        ]
        let out = try renderWithCore(positions: positions, width: w, height: h)
        for y in 2..<14 {
            XCTAssertEqual(out.ids[y * w + 8], 1, "row \(y): the centre on the edge belongs to the right triangle")
            XCTAssertEqual(out.ids[y * w + 7], 0)
        }
    }

    /// A horizontal edge through pixel centres: they belong to the triangle above it (its bottom edge).
    func testHorizontalSharedEdgeGoesToTheTriangleAbove() throws {
        let w = 16, h = 16
        let l = ndc(-4, 8, w, h), r = ndc(20, 8, w, h), up = ndc(8, -8, w, h), down = ndc(8, 24, w, h)
        let positions: [SIMD3<Float>] = [
            SIMD3(l.x, l.y, 0), SIMD3(r.x, r.y, 0), SIMD3(up.x, up.y, 0),     // triangle 0: above
            SIMD3(l.x, l.y, 0), SIMD3(down.x, down.y, 0), SIMD3(r.x, r.y, 0), // triangle 1: below
        ]
        let out = try renderWithCore(positions: positions, width: w, height: h)
        for x in 4..<12 {
            XCTAssertEqual(out.ids[8 * w + x], 0, "column \(x): the centre on the edge belongs to the upper triangle")
            XCTAssertEqual(out.ids[9 * w + x], 1)
        }
    }

    /// A lone axis-aligned rectangle (two triangles) with corners on pixel centres covers its left and
    /// bottom rows of centres but not its right column or top row.
    func testRectangleOwnsLeftAndBottomBoundaries() throws {
        let w = 12, h = 10
        let a = ndc(2, 2, w, h), b = ndc(7, 2, w, h), c = ndc(7, 6, w, h), d = ndc(2, 6, w, h)
        let positions: [SIMD3<Float>] = [SIMD3(a.x, a.y, 0), SIMD3(d.x, d.y, 0), SIMD3(c.x, c.y, 0),
                                          SIMD3(a.x, a.y, 0), SIMD3(c.x, c.y, 0), SIMD3(b.x, b.y, 0)]
        let out = try renderWithCore(positions: positions, width: w, height: h)
        for y in 0..<h {
            for x in 0..<w {
                let expected = x >= 2 && x < 7 && y > 2 && y <= 6
                XCTAssertEqual(out.ids[y * w + x] >= 0, expected, "pixel (\(x),\(y))")
            }
        }
    }

    /// Zero-area triangles (after snapping) draw nothing.
    func testDegenerateTrianglesDrawNothing() throws {
        let positions: [SIMD3<Float>] = [SIMD3(-0.5, -0.5, 0), SIMD3(0.5, 0.5, 0), SIMD3(0, 0, 0),
                                          SIMD3(0.1, 0.2, 0), SIMD3(0.1, 0.2, 0), SIMD3(0.6, -0.3, 0),
                                          SIMD3(0.3, 0.3, 0), SIMD3(0.3 + 1e-6, 0.3, 0), SIMD3(0.3, 0.3 + 1e-6, 0)]
        let out = try renderWithCore(positions: positions, width: 32, height: 32)
        XCTAssertTrue(out.ids.allSatisfy { $0 == -1 })
    }
}
