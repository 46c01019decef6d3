// SceneErrorTests: one broken scene file per row, one exact `FILE:LINE:COLUMN: error: message` per file.

import FoundationEssentials
import SceneFormat
import XCTest

final class SceneErrorTests: XCTestCase {
    static let fixtures = SceneLoaderTests.root.appendingPathComponent("Tests/Fixtures/yaml")

    /// File in Tests/Fixtures/yaml (see its README) -> the exact message. The loader is given the bare file
    /// name, so paths tried are relative to it.
    static let corpus: [(String, String)] = [
        ("syntax-error.yaml", "syntax-error.yaml:5:11: error: '[' is never closed: expected ',' or ']' before line 6, column 10"),
        ("tab-indent.yaml", "tab-indent.yaml:3:1: error: YAML syntax: a tab character; YAML indents with spaces only"),
        ("empty.yaml", "empty.yaml:1:1: error: the scene file is empty"),
        ("top-level-list.yaml", "top-level-list.yaml:1:1: error: the scene must be a mapping of keys to values, found a list"),
        ("unknown-key.yaml", "unknown-key.yaml:10:7: error: unknown key 'colums' in wall 'main'; did you mean 'columns'?"),
        ("unknown-top-key.yaml", "unknown-top-key.yaml:2:1: error: unknown key 'camera' in the scene; did you mean 'cameras'?"),
        ("unknown-panel.yaml", "unknown-panel.yaml:9:14: error: unknown panel 'BP2.9'; did you mean 'BP2.6'?"),
        ("unknown-camera.yaml", "unknown-camera.yaml:9:13: error: unknown camera 'B'; did you mean 'A'?"),
        ("duplicate-key.yaml", "duplicate-key.yaml:5:3: error: duplicate key 'fps' in render (first given at line 3)"),
        ("wrong-type.yaml", "wrong-type.yaml:11:13: error: 'rows' must be a whole number, found 'eleven'"),
        ("quoted-number.yaml", "quoted-number.yaml:3:8: error: 'fps' must be a frame rate (25, 23.976, 29.97DF, 30000/1001, 59.94DF …), found the quoted text '25'"),
        ("bad-color.yaml", "bad-color.yaml:3:8: error: 'sky' must be a colour (\"#rrggbb\" or [r, g, b] from 0 to 1), found the quoted text '#12345'"),
        ("bad-light.yaml", "bad-light.yaml:3:11: error: 'type' must be one of ambient, directional, point, found 'spot'"),
        ("out-of-range.yaml", "out-of-range.yaml:6:17: error: 'pitch_mm' must be from 0.3 to 100 mm, found 0.1"),
        ("missing-key.yaml", "missing-key.yaml:8:7: error: wall 'main' is missing 'rows'"),
        ("two-shapes.yaml", "two-shapes.yaml:6:7: error: object 'thing' has two shapes, 'box' and 'sphere'; give one"),
        ("flat-with-radius.yaml", "flat-with-radius.yaml:6:49: error: 'radius' is only for curved walls (wall 'w' is flat; add 'shape: curved')"),
        ("missing-mesh.yaml", "missing-mesh.yaml:5:12: error: mesh file 'meshes/statue.obj' not found (tried meshes/statue.obj)"),
    ]

    func testCorpus() throws {
        var seen = Set<String>()
        for (file, expected) in Self.corpus {
            seen.insert(file)
            let bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(file)))
            XCTAssertThrowsError(try SceneLoader.load(bytes: bytes, name: file) { _ in false }, file) { error in
                XCTAssertEqual((error as? SceneError)?.description, expected, file)
            }
        }
        let all = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix(".yaml") }
        XCTAssertEqual(Set(all), seen, "every fixture has a row")
    }

    /// The resolver is told the path tried (scene directory + the path as written) and nothing is read.
    func testMissingMeshNamesThePathTried() {
        var asked: [String] = []
        let yaml = "world:\n  objects:\n    - { name: duck, gltf: assets/duck.glb }\n"
        XCTAssertThrowsError(try SceneLoader.load(bytes: Array(yaml.utf8), name: "Scenes/x.yaml") { asked.append($0); return false }) {
            XCTAssertEqual("\($0)", "Scenes/x.yaml:3:27: error: mesh file 'assets/duck.glb' not found (tried Scenes/assets/duck.glb)")
        }
        XCTAssertEqual(asked, ["Scenes/assets/duck.glb"])
    }

    /// Inline rows: messages that need no fixture file.
    func testInlineRows() {
        let rows: [(String, String)] = [
            ("render: { size: [1920, 1080, 3] }", "t.yaml:1:17: error: 'size' must be a list of 2 whole numbers, found a list"),
            ("render: { fps: 0 }", "t.yaml:1:16: error: 'fps' must be from 1 to 240, found 0"),
            ("stage: { panels: [{ name: P, cabinet_mm: [500, 500] }] }", "t.yaml:1:19: error: panel 'P' needs 'pitch_mm' or 'pixels'"),
            ("stage: { panels: [{ name: P, cabinet_mm: [500, 500], pitch_mm: 2, pixels: [1, 1] }] }",
             "t.yaml:1:67: error: panel 'P' gives both 'pitch_mm' and 'pixels'; give one"),
            ("world: { objects: [{ name: a }] }", "t.yaml:1:20: error: object 'a' needs one shape: box, plane, cylinder, sphere, extrude, obj, gltf"),
            ("world: { objects: [{ obj: a.gltf }] }", "t.yaml:1:27: error: 'obj' must name a Wavefront .obj file, found 'a.gltf'"),
            ("world: { objects: [{ extrude: { points: [[0, 0], [1, 0]], height: 1 } }] }",
             "t.yaml:1:41: error: 'points' must list at least 3 [x, z] corners, found 2"),
            ("lights: [{ type: directional, direction: [0, 0, 0] }]", "t.yaml:1:42: error: 'direction' must not be [0, 0, 0]"),
            ("cameras: [{ name: A, body: { sensor_mm: [36, 24], resolution: [1920, 1080] }, lens: { focal_mm: 35 }, mount: dollly }]",
             "t.yaml:1:110: error: 'mount' must be one of tripod, dolly, crane, handheld, steadicam, found 'dollly'; did you mean 'dolly'?"),
            ("marks: [{ name: m, position: [0, 1] }]", "t.yaml:1:30: error: 'position' must be a list of 3 numbers, found a list of 2"),
            ("name: [a]", "t.yaml:1:7: error: 'name' must be text, found a list"),
            ("stage: { floor: { size: [10, .nan] } }", "t.yaml:1:30: error: 'size' must be a number, found '.nan'"),
        ]
        for (yaml, expected) in rows {
            XCTAssertThrowsError(try SceneLoader.load(bytes: Array(yaml.utf8), name: "t.yaml") { _ in true }, yaml) {
                XCTAssertEqual("\($0)", expected, yaml)
            }
        }
    }

    func testNotUTF8AndTooDeep() {
        XCTAssertThrowsError(try SceneLoader.load(bytes: Array("name: a\n".utf8) + [0xC3, 0x28], name: "u.yaml") { _ in true }) {
            XCTAssertEqual("\($0)", "u.yaml:2:1: error: the file is not UTF-8 text")
        }
        let deep = "a: " + String(repeating: "[", count: 100_000)
        XCTAssertThrowsError(try SceneLoader.load(bytes: Array(deep.utf8), name: "d.yaml") { _ in true }) {
            XCTAssertEqual("\($0)", "d.yaml:1:204: error: lists and mappings nest deeper than 200 levels")
        }
        let dashes = "a:\n" + String(repeating: "- ", count: 100_000) + "1"
        XCTAssertThrowsError(try SceneLoader.load(bytes: Array(dashes.utf8), name: "d.yaml") { _ in true }) {
            XCTAssertEqual("\($0)", "d.yaml:2:401: error: lists and mappings nest deeper than 200 levels")
        }
    }
}
