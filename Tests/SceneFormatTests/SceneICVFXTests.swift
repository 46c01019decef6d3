// SceneICVFXTests: take sets, chroma keys and light cards in a scene file, and one message per mistake.

import SceneFormat
import SceneModel
import XCTest

final class SceneICVFXTests: XCTestCase {
    static let base = """
        stage:
          panels: [{ name: P, cabinet_mm: [500, 500], pitch_mm: 2.6 }]
          walls: [{ name: W, panel: P, columns: 20, rows: 8, position: [0, 0, -5] }]
          view_origin: [0, 1.6, 0]
        cameras:
          - { name: A, body: { sensor_mm: [36, 20.25], resolution: [3840, 2160] }, lens: { focal_mm: 35 } }
          - { name: B, body: { sensor_mm: [36, 20.25], resolution: [3840, 2160] }, lens: { focal_mm: 35 },
              chroma_key: { color: "#00ff00", markers: { size_m: 0.1, spacing_m: 0.5 } } }
        takes:
          - { name: a, file: a.csv, camera: A }
          - { name: b, file: b.csv, camera: B }
          - { name: a2, file: a2.csv, camera: A }

        """

    func load(_ extra: String) throws -> Scene {
        try SceneLoader.load(bytes: Array((Self.base + extra).utf8), name: "t.yaml") { _ in true }
    }

    func testTakeSetsKeysAndCards() throws {
        let s = try load("""
            take_sets:
              - { name: both, takes: [b, a], overlap: key, overlap_color: "#0000ff" }
              - { name: planned, takes: [a, b], accept: [frustum_overlap, frustum_in_shot] }
            analysis: { max_frustum_in_shot: 0.05, max_frustum_overlap_m2: 2.5 }
            light_cards:
              - { name: c1, surface: W, centre_m: [2, 1], size_m: [1, 0.5], mode: over, shape: ellipse }
              - { name: c2, surface: W, position: [1, 2, -5], size_m: [1, 1] }
            """)
        XCTAssertEqual(s.takeSets, [TakeSet(name: "both", takes: ["b", "a"], overlap: .key([0, 0, 1])),
                                    TakeSet(name: "planned", takes: ["a", "b"], accepted: [.frustumOverlap, .frustumInShot])])
        XCTAssertEqual(s.analysis.maxFrustumInShot, 0.05)
        XCTAssertEqual(s.analysis.maxFrustumOverlapM2, 2.5)
        XCTAssertEqual(s.cameras[1].chromaKey, ChromaKey(color: [0, 1, 0], markers: .init(color: [1, 1, 1], sizeM: 0.1, spacingM: 0.5)))
        XCTAssertNil(s.cameras[0].chromaKey)
        XCTAssertEqual(s.lightCards[0].mode, .over)
        XCTAssertEqual(s.lightCards[0].shape, .ellipse)
        // Placed by stage position: the wall (10 m wide, 4 m tall, centred on x = 0 at z = -5) meets the line from
        // the view origin through (1, 2, -5) at that very point: u = 1 + 5 = 6, v = 4 - 2 = 2.
        XCTAssertEqual(s.lightCards[1].centreM.x, 6, accuracy: 1e-9)
        XCTAssertEqual(s.lightCards[1].centreM.y, 2, accuracy: 1e-9)
        XCTAssertEqual(s.lightCards[1].mode, .under)
    }

    func testMistakes() {
        let rows: [(String, String)] = [
            ("take_sets: [{ name: s, takes: [a, a2] }]", "t.yaml:13:35: error: take set 's': takes 'a' and 'a2' both drive camera 'A'; one take per camera"),
            ("take_sets: [{ name: s, takes: [a, bb] }]", "t.yaml:13:35: error: take set 's': unknown take 'bb'; did you mean 'b'?"),
            ("take_sets: [{ name: a, takes: [a, b] }]", "t.yaml:13:13: error: take set 'a' has the name of a take; give it its own"),
            ("take_sets: [{ name: s, takes: [a, b], overlap_color: '#00ff00' }]", "t.yaml:13:39: error: 'overlap_color' applies with 'overlap: key'"),
            ("take_sets: [{ name: s, takes: [a, b], accept: [overlap] }]", "t.yaml:13:48: error: 'accept' must be one of overshoot, coverage, moire, wall_in_focus, off_axis, frustum_in_shot, frustum_overlap, found 'overlap'"),
            ("take_sets: [{ name: s, takes: [a, b], accept: [moire, moire] }]", "t.yaml:13:55: error: a rule named 'moire' is already defined at line 13"),
            ("light_cards: [{ surface: X, centre_m: [1, 1], size_m: [1, 1] }]", "t.yaml:13:26: error: light card 'light card 1': unknown LED surface 'X'; did you mean 'W'?"),
            ("light_cards: [{ surface: W, size_m: [1, 1] }]", "t.yaml:13:15: error: light card 'light card 1' needs 'centre_m' (canvas metres) or 'position' (stage)"),
            ("light_cards: [{ surface: W, centre_m: [40, 1], size_m: [1, 1] }]", "t.yaml:13:15: error: light card 'light card 1' lies off 'W' (10 x 4 m)"),
            // The point as the scene writes it, not Swift's "SIMD3<Double>(0.0, 2.0, 10.0)".
            ("light_cards: [{ surface: W, position: [0, 2.5, 10], size_m: [1, 1] }]", "t.yaml:13:39: error: light card 'light card 1': the line from the view origin through [0, 2.5, 10] does not meet 'W'"),
            ("light_cards: [{ surface: W, centre_m: [1, 1], size_m: [1, 1], mode: above }]", "t.yaml:13:69: error: 'mode' must be one of over, under, found 'above'"),
        ]
        for (extra, expected) in rows {
            XCTAssertThrowsError(try load(extra), extra) { XCTAssertEqual("\($0)", expected, extra) }
        }
    }
}
