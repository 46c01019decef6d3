// NDisplayHostileTests: broken and hostile nDisplay configs give one located error naming the key path, never a
// crash or a hang (table-driven: one config, one expected message).

import SceneFormat
import SceneModel
import XCTest

final class NDisplayHostileTests: XCTestCase {
    func load(_ config: [UInt8], file: String = "stage.ndisplay") throws -> Scene {
        try SceneLoader.load(bytes: Array("stage: { ndisplay: \(file) }".utf8), name: "s.yaml", fileExists: { _ in true },
                             readFile: { _ in config })
    }

    func testHostileConfigs() throws {
        let one = NDisplayImportTests.oneScreen
        let rows: [(String, String, String)] = [
            ("missing parent", one("", "", "\"width\": 100, \"height\": 50", "\"x\": 0, \"y\": 0, \"w\": 2, \"h\": 2", "simple", "5.00", "nowhere"),
             "nDisplay.scene.screens.s.parentId: no component 'nowhere' to be the parent of 's'"),
            ("cycle", """
             {"nDisplay": {"version": "5.00", "scene": {"xforms": {"a": {"parentId": "b"}, "b": {"parentId": "c"}, "c": {"parentId": "a"}},
               "screens": {"s": {"size": {"width": 1, "height": 1}, "parentId": "a"}}},
               "cluster": {"nodes": {"n": {"viewports": {"v": {"region": {"x": 0, "y": 0, "w": 2, "h": 2},
                 "projectionPolicy": {"type": "simple", "parameters": {"screen": "s"}}}}}}}}}
             """, "the parent chain loops: s → a → b → c → a"),
            ("NaN size", one("", "", "\"width\": NaN, \"height\": 50", "\"x\": 0, \"y\": 0, \"w\": 2, \"h\": 2", "simple", "5.00", ""),
             "nDisplay.scene.screens.s.size.width: 'N' cannot start a JSON value"),
            ("infinite size", one("", "", "\"width\": 1e400, \"height\": 50", "\"x\": 0, \"y\": 0, \"w\": 2, \"h\": 2", "simple", "5.00", ""),
             "nDisplay.scene.screens.s.size.width: must be a finite number"),
            ("zero size", one("", "", "\"width\": 0, \"height\": 50", "\"x\": 0, \"y\": 0, \"w\": 2, \"h\": 2", "simple", "5.00", ""),
             "nDisplay.scene.screens.s.size.width: must be at least 0.1 cm"),
            ("sub-millimetre size (an LED pitch of 10^-22 m crashed every view)",
             one("", "", "\"width\": 1e-20, \"height\": 50", "\"x\": 0, \"y\": 0, \"w\": 300, \"h\": 300", "simple", "5.00", ""),
             "nDisplay.scene.screens.s.size.width: must be at least 0.1 cm, found 1e-20"),
            ("10^9-pixel region", one("", "", "\"width\": 1, \"height\": 1", "\"x\": 0, \"y\": 0, \"w\": 40000, \"h\": 25000", "simple", "5.00", ""),
             "nDisplay.cluster.nodes.n.viewports.v.region.w: must be a whole number of pixels from 1 to 16384"),
            ("fractional region", one("", "", "\"width\": 1, \"height\": 1", "\"x\": 0, \"y\": 0, \"w\": 2.5, \"h\": 2", "simple", "5.00", ""),
             "nDisplay.cluster.nodes.n.viewports.v.region.w: must be a whole number"),
            ("unknown policy", one("", "", "\"width\": 1, \"height\": 1", "\"x\": 0, \"y\": 0, \"w\": 2, \"h\": 2", "simpel", "5.00", ""),
             "nDisplay.cluster.nodes.n.viewports.v.projectionPolicy.type: unknown projection policy \"simpel\""),
            ("wrong type: size", one("", "", "", "\"x\": 0, \"y\": 0, \"w\": 2, \"h\": 2", "simple", "5.00", "")
                .replacingOccurrences(of: "\"size\": {}", with: "\"size\": \"big\""),
             "nDisplay.scene.screens.s.size: must be an object, found the string \"big\""),
            ("wrong type: width", one("", "", "\"width\": \"100\", \"height\": 50", "\"x\": 0, \"y\": 0, \"w\": 2, \"h\": 2", "simple", "5.00", ""),
             "nDisplay.scene.screens.s.size.width: must be a number, found the string \"100\""),
            ("wrong type: location", one("\"x\": [1]", "", "\"width\": 1, \"height\": 1", "\"x\": 0, \"y\": 0, \"w\": 2, \"h\": 2", "simple", "5.00", ""),
             "nDisplay.scene.screens.s.location.x: must be a number, found an array"),
            ("absurd location", one("\"x\": 1e300", "", "\"width\": 1, \"height\": 1", "\"x\": 0, \"y\": 0, \"w\": 2, \"h\": 2", "simple", "5.00", ""),
             "nDisplay.scene.screens.s.location.x: must be at most 10000000 cm in size"),
            ("no such screen", one("", "", "\"width\": 1, \"height\": 1", "\"x\": 0, \"y\": 0, \"w\": 2, \"h\": 2", "simple", "5.00", "")
                .replacingOccurrences(of: "\"screen\": \"s\"", with: "\"screen\": \"a\""),
             "projectionPolicy.parameters.screen: no screen 'a' under nDisplay.scene.screens ('a' is an xform)"),
            ("missing region", one("", "", "\"width\": 1, \"height\": 1", "", "simple", "5.00", "")
                .replacingOccurrences(of: "\"region\": {}, ", with: ""),
             "nDisplay.cluster.nodes.n.viewports.v.region: missing"),
            ("unknown version", one("", "", "\"width\": 1, \"height\": 1", "\"x\": 0, \"y\": 0, \"w\": 2, \"h\": 2", "simple", "6.0", ""),
             "nDisplay.version: \"6.0\" is not a version this reader knows"),
            ("not nDisplay", "{\"scene\": {}}", "nDisplay: missing"),
            ("truncated", String(one("", "", "\"width\": 1, \"height\": 1", "\"x\": 0, \"y\": 0, \"w\": 2, \"h\": 2", "simple", "5.00", "").prefix(120)),
             "the file ends"),
            ("duplicate key", "{\"nDisplay\": {\"version\": \"5.00\", \"Version\": \"5.00\"}}", "nDisplay: the key \"Version\" appears twice"),
            ("deep nesting", String(repeating: "[", count: 1_000_000), "values nest deeper than 64 levels"),
            ("an ESC sequence in a screen id (reached the terminal through info)",
             one("", "", "\"width\": 1, \"height\": 1", "\"x\": 0, \"y\": 0, \"w\": 2, \"h\": 2", "simple", "5.00", "")
                .replacingOccurrences(of: "\"s\"", with: "\"s\\u001b[2J\""),
             "component id 's\\x1B[2J' holds a control character"),
        ]
        for (what, config, expected) in rows {
            XCTAssertThrowsError(try load(Array(config.utf8)), what) { error in
                guard let e = error as? SceneError else { return XCTFail("\(what): \(error)") }
                XCTAssertEqual(e.file, "stage.ndisplay", what)
                XCTAssertTrue(e.message.contains(expected), "\(what): \(e.description)")
                XCTAssertFalse(e.description.contains("\n"), "\(what): one line")
            }
        }
    }

    /// A config over 16 MiB is refused before it is parsed.
    /// Error columns count characters, as YAML scene errors do: after `"écran éé"` the typo `tru` is at column 55,
    /// not at byte 58, in UTF-8 and in the UTF-16 Unreal saves a config with such names in; a value on a later
    /// line counts from that line's start.
    func testErrorColumnsCountCharacters() {
        let text = "{\n  \"nDisplay\": { \"description\": \"écran éé\", \"version\": tru }\n}\n"
        var utf16 = [UInt8]([0xFF, 0xFE])
        for unit in text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        for bytes in [Array(text.utf8), utf16] {
            XCTAssertThrowsError(try NDisplayImporter.load(bytes: bytes, file: "col.ndisplay")) { error in
                XCTAssertTrue("\(error)".hasPrefix("col.ndisplay:2:55: error: nDisplay.version: 't' cannot start"), "\(error)")
            }
        }
        let later = "{\"a\": \"ééééé\",\n \"b\": x}"
        XCTAssertThrowsError(try NDisplayImporter.load(bytes: Array(later.utf8), file: "c.ndisplay")) { error in
            XCTAssertTrue("\(error)".hasPrefix("c.ndisplay:2:7: error:"), "\(error)")
        }
    }

    func testHugeConfigIsRefused() {
        let huge = [UInt8](repeating: 0x20, count: (16 << 20) + 1)
        XCTAssertThrowsError(try load(huge)) { error in
            XCTAssertTrue("\(error)".contains("an nDisplay config may be at most"), "\(error)")
        }
    }

    /// Legacy .cfg lines with broken values name the section, id and key.
    func testHostileCfg() {
        let rows: [(String, String)] = [
            ("[screen] id=s loc=\"X=1,Y=nan,Z=0\" size=\"X=1,Y=1\"", "[screen] id=s: loc: 'nan' is not a number"),
            ("[screen] id=s size=\"X=0,Y=1\"", "[screen] id=s: size: must be at least 0.001"),
            ("[screen] id=s size=\"X=1e-22,Y=1\"", "[screen] id=s: size: must be at least 0.001, found 1e-22"),
            ("[screen] id=s size=\"X=2000,Y=1\"", "[screen] id=s: size: must be at most 1000 in size"),
            // loc is in metres: 100 km is the limit, as for the JSON schemas (it was checked against 10,000 km).
            ("[screen] id=s loc=\"X=200000,Y=0,Z=0\" size=\"X=3,Y=2\"", "[screen] id=s: loc: must be at most 100000"),
            ("# an empty config\n", "not an nDisplay .cfg"),
            ("[screen] id=s", "[screen] id=s: needs a size"),
            ("[viewport] id=v width=99999 height=10 projection=p", "[viewport] id=v: width: must be a whole number of pixels from 1 to 16384"),
            ("[projection] id=p type=simpel screen=s", "[projection] id=p: type: unknown projection policy 'simpel'"),
            ("[viewport] id=v width=10 height=10 projection=p", "[viewport] id=v: projection: no [projection] with id 'p'"),
            ("[scene_node] id=a parent=b\n[scene_node] id=b parent=a\n[screen] id=s size=\"X=1,Y=1\" parent=a\n[projection] id=p type=simple screen=s\n[viewport] id=v width=2 height=2 projection=p",
             "the parent chain loops"),
        ]
        for (cfg, expected) in rows {
            XCTAssertThrowsError(try NDisplayImporter.load(bytes: Array(cfg.utf8), file: "x.cfg"), cfg) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(cfg): \(error)")
            }
        }
    }

    /// `meshes` must name mesh-policy viewports of the config, with OBJ files.
    func testMeshesKeyIsChecked() {
        let config = Array(NDisplayImportTests.oneScreen(location: "", rotation: "").utf8)
        XCTAssertThrowsError(try SceneLoader.load(bytes: Array("stage: { ndisplay: a.ndisplay, meshes: { v: w.obj } }".utf8), name: "s.yaml",
                                                  fileExists: { _ in true }, readFile: { _ in config })) {
            XCTAssertTrue("\($0)".contains("'v' is not a mesh-policy viewport of a.ndisplay (it has none)"), "\($0)")
        }
        XCTAssertThrowsError(try SceneLoader.load(bytes: Array("stage: { meshes: { v: w.obj } }".utf8), name: "s.yaml",
                                                  fileExists: { _ in true }, readFile: { _ in config })) {
            XCTAssertTrue("\($0)".contains("give 'ndisplay' too"), "\($0)")
        }
        XCTAssertThrowsError(try SceneLoader.load(bytes: Array("stage: { ndisplay: a.ndisplay }".utf8), name: "s.yaml",
                                                  fileExists: { _ in true }, readFile: { _ in nil })) {
            XCTAssertTrue("\($0)".contains("s.yaml:1:20: error: nDisplay config 'a.ndisplay' not found"), "\($0)")
        }
    }

    /// A mesh viewport whose OBJ folds its UVs back over themselves: an error in the OBJ naming the viewport and the
    /// triangles, not a skipped screen.
    func testMeshViewportWithOverlappingUVsIsRefusedNamingTriangles() throws {
        let config = try Data(contentsOf: NDisplayImportTests.fixtures.appendingPathComponent("xr-stage.ndisplay"))
        let bent = """
        v -2 3 -4
        v 0 3 -4.5
        v 2 3 -4
        v -2 3.2 -4
        v 0 3.2 -4.5
        v 2 3.2 -4
        vt 0 0
        vt 0.5 0
        vt 0.2 0
        vt 0 1
        vt 0.5 1
        vt 0.2 1
        f 1/1 2/2 5/5 4/4
        f 3/3 2/2 5/5 6/6
        """
        let files: [String: [UInt8]] = ["/s/a.ndisplay": [UInt8](config), "/s/curve.obj": Array(bent.utf8)]
        XCTAssertThrowsError(try SceneLoader.load(bytes: Array("stage: { ndisplay: a.ndisplay, meshes: { vp_curve: curve.obj } }".utf8),
                                                  name: "/s/s.yaml", fileExists: { files[$0] != nil }, readFile: { files[$0] })) {
            // The second quad's UVs (u 0.2 to 0.5) lie inside the first's (0 to 0.5), wound the same way: only pairs
            // of one triangle from each quad (1-2 against 3-4) can overlap.
            let text = "\($0)"
            let head = "/s/curve.obj:1:1: error: mesh of viewport 'vp_curve' (node 'node_main') has UV triangles that overlap "
                + "(one LED pixel would be in two places): triangles "
            XCTAssertTrue(text.hasPrefix(head), text)
            let pairs = text.dropFirst(head.count).components(separatedBy: ", ").map { $0.components(separatedBy: " and ").compactMap { Int($0) } }
            XCTAssertFalse(pairs.isEmpty)
            for p in pairs { XCTAssertTrue(p.count == 2 && [1, 2].contains(p[0]) && [3, 4].contains(p[1]), text) }
        }
    }
}
