// SceneFacetedWallTests: `shape: faceted` in a scene file: columns from a span by the chord angle, the lean, and
// the keys that belong to other shapes refused.

import SceneFormat
import SceneModel
import XCTest

final class SceneFacetedWallTests: XCTestCase {
    static let head = """
    stage:
      panels: [{ name: P, cabinet_mm: [500, 500], pitch_mm: 2.6 }]
      walls:

    """

    func load(_ wall: String) throws -> Scene {
        try SceneLoader.load(bytes: Array((Self.head + "    - " + wall + "\n").utf8), name: "f.yaml") { _ in true }
    }

    /// 270° at 6 m of 0.5 m chords: δ = 2 asin(0.5 / 12) = 4.775°, 270 / 4.775 = 56.5 → 57 columns (a smooth arc's
    /// 0.5 m of arc is 4.775° too to four figures, but 270° · 6 m / 0.5 m = 56.55 → 57 as well).
    func testSpanGivesColumnsByTheChordAngle() throws {
        let wall = try load("{ name: v, panel: P, shape: faceted, radius: 6, span_deg: 270, rows: 8, lean_deg: 3 }").stage.walls[0]
        let delta = 2 * asin(0.5 / 12.0)
        XCTAssertEqual(wall.grid.columns, Int((270 * Double.pi / 180 / delta).rounded()))
        XCTAssertEqual(wall.grid.columns, 57)
        guard case .faceted(let r, let start, let lean) = wall.shape else { return XCTFail("faceted") }
        XCTAssertEqual(r, 6)
        XCTAssertEqual(lean, 3)
        XCTAssertEqual(start, -57 * delta * 180 / Double.pi / 2, accuracy: 1e-12)
        XCTAssertEqual(wall.surface.circumference!, 2 * Double.pi / delta * 0.5, accuracy: 1e-9)
    }

    /// A whole turn (the span's documented maximum) is as many whole cabinets as fit: 360° at 1 m of 0.5 m cabinets
    /// is 12.57 of them, 12 (13 were counted and refused as going round more than once).
    func testAWholeTurnHoldsTheCabinetsThatFit() throws {
        XCTAssertEqual(try load("{ name: v, panel: P, shape: curved, radius: 1, span_deg: 360, rows: 2 }").stage.walls[0].grid.columns, 12)
        XCTAssertEqual(try load("{ name: v, panel: P, shape: curved, radius: 1, span_deg: 359.9999, rows: 2 }").stage.walls[0].grid.columns, 12)
        XCTAssertEqual(try load("{ name: v, panel: P, shape: faceted, radius: 1, span_deg: 360, rows: 2 }").stage.walls[0].grid.columns, 12)
    }

    func testKeysOfOtherShapesAreRefused() {
        let rows: [(String, String)] = [
            ("{ name: v, panel: P, shape: curved, radius: 6, columns: 10, rows: 2, lean_deg: 3 }", "'lean_deg' is only for faceted walls"),
            ("{ name: v, panel: P, columns: 10, rows: 2, lean_deg: 3 }", "'lean_deg' is only for faceted walls"),
            ("{ name: v, panel: P, shape: faceted, radius: 6, columns: 10, rows: 2, lean_deg: 50 }", "'lean_deg' must be from -45 to 45"),
            ("{ name: v, panel: P, shape: faceted, radius: 0.5, columns: 7, rows: 2 }", "go round a 0.5 m radius more than once"),
            ("{ name: v, panel: P, shape: faceted, radius: 1, columns: 20, rows: 2 }", "go round a 1 m radius more than once"),
            // A span is held to the 2000 columns 'columns' may give: 360° at 1000 m of 0.5 m cabinets is 12566 of them
            // (it loaded, and asked for a 3,304,858 px wide canvas).
            ("{ name: v, panel: P, shape: curved, radius: 1000, span_deg: 360, rows: 2 }",
             "f.yaml:4:67: error: a span of 360° at radius 1000 m is 12566 columns of 500 mm cabinets; a wall has at most 2000"),
            ("{ name: v, panel: P, shape: faceted, radius: 200, span_deg: 300, rows: 2 }", "is 2094 columns"),
        ]
        for (wall, expected) in rows {
            XCTAssertThrowsError(try load(wall), wall) { XCTAssertTrue("\($0)".contains(expected), "\(wall): \($0)") }
        }
    }
}
