// NDisplayRealWorldTests: the shapes real nDisplay configs take that xrstudio's own fixtures did not: Unreal 4.26's
// JSON schema (metres, `parent`, version "23"), byte-order marks and UTF-16 (Unreal saves non-ASCII configs so), a
// 4.27 example with no `scene`, components hanging off a screen's children, and the .cfg forms of 4.19-4.21 with the
// leniencies of Unreal's .cfg parser. Each expected corner is worked by hand below; the configs are written here
// (shaped after real ones seen in public repositories, none copied).

import SceneFormat
import SceneModel
import XCTest

final class NDisplayRealWorldTests: XCTestCase {
    func load(_ config: [UInt8], file: String = "stage.ndisplay") throws -> Scene {
        try SceneLoader.load(bytes: Array("stage: { ndisplay: \(file) }".utf8), name: "s.yaml", fileExists: { _ in true },
                             readFile: { _ in config })
    }

    func corners(_ s: LEDSurface?, file: StaticString = #filePath, line: UInt = #line) throws -> [SIMD3<Double>] {
        try XCTUnwrap(try XCTUnwrap(s, file: file, line: line).corners, file: file, line: line)
    }

    func assertNear(_ a: SIMD3<Double>, _ b: SIMD3<Double>, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThan((a - b).length, 0.001, "\(what): \(a) vs \(b)", file: file, line: line)
    }

    /// One screen under one xform, in the 4.26 schema: metres, `parent`. By hand (UE cm after Unreal's ×100): the
    /// xform at (200, 0, 0), the screen's centre 100 further forward and 100 up, (300, 0, 100), 300 x 200 cm in its
    /// Y-Z plane: top left (300, −150, 200) → studio (−1.5, 2, −3), top right (300, 150, 200) → (1.5, 2, −3), bottom
    /// left (300, −150, 0) → (−1.5, 0, −3). Unreal's version checker reads "23" (what 4.26 wrote), "4.23", "26" and
    /// "4.26" as this schema. Read as 4.27 the same text is 3 x 2 cm at the root: the later schema's `parentId` and
    /// centimetres, which is why the version decides.
    func testUnreal426SchemaIsInMetresWithParent() throws {
        func config(_ version: String) -> [UInt8] {
            Array("""
            {"nDisplay": {"version": "\(version)", "description": "", "scene": {
              "xforms": {"origin": {"parent": "", "location": {"x": 2, "y": 0, "z": 0}, "rotation": {"pitch": 0, "yaw": 0, "roll": 0}}},
              "screens": {"front": {"parent": "origin", "location": {"x": 1, "y": 0, "z": 1}, "rotation": {"pitch": 0, "yaw": 0, "roll": 0},
                                    "size": {"width": 3, "height": 2}}}},
              "cluster": {"masterNode": {"id": "n", "ports": {"ClusterSync": 41001}}, "nodes": {"n": {"host": "127.0.0.1",
                "viewports": {"v": {"region": {"x": 0, "y": 0, "w": 300, "h": 200}, "projectionPolicy": {"type": "simple", "parameters": {"screen": "front"}}}}}}}}}
            """.utf8)
        }
        for version in ["23", "4.23", "26", "4.26"] {
            let scene = try load(config(version))
            let c = try corners(scene.stage.screens.first)
            assertNear(c[0], [-1.5, 2, -3], "\(version) top left")
            assertNear(c[1], [1.5, 2, -3], "\(version) top right")
            assertNear(c[3], [-1.5, 0, -3], "\(version) bottom left")
            XCTAssertEqual(scene.stage.screens.first?.pixels.width, 300)
            XCTAssertEqual(scene.stage.imported?.format, "nDisplay \(version) (.ndisplay)")
        }
        let later = try load(config("4.27"))
        XCTAssertEqual(try XCTUnwrap(later.stage.screens.first).widthM, 0.03, accuracy: 1e-9)
        // The 4.26 schema's limits are said in its own unit.
        let tiny = String(decoding: config("23"), as: UTF8.self).replacingOccurrences(of: "\"width\": 3", with: "\"width\": 0.0001")
        XCTAssertThrowsError(try load(Array(tiny.utf8))) { e in
            XCTAssertTrue("\(e)".contains("size.width: must be at least 0.001 m"), "\(e)")
        }
    }

    /// Unreal saves a config holding any non-ASCII character as UTF-16LE with a byte-order mark, and reads marks:
    /// the CAVE fixture as UTF-8 with a mark, UTF-16LE and UTF-16BE gives the same five screens as plain UTF-8, and
    /// so does a .cfg in UTF-16LE. A mark before an odd number of bytes is one clear error.
    func testByteOrderMarksAndUTF16() throws {
        let plain = [UInt8](try Data(contentsOf: NDisplayImportTests.fixtures.appendingPathComponent("cave.ndisplay")))
        // A non-ASCII description, as in the configs Unreal writes as UTF-16.
        let text = String(decoding: plain, as: UTF8.self).replacingOccurrences(of: "A 3 m CAVE", with: "Une CAVE à 3 m")
        func utf16(_ s: String, little: Bool) -> [UInt8] {
            (little ? [0xFF, 0xFE] : [0xFE, 0xFF]) + s.utf16.flatMap { u in
                little ? [UInt8(u & 0xFF), UInt8(u >> 8)] : [UInt8(u >> 8), UInt8(u & 0xFF)]
            }
        }
        let reference = try load(plain).stage.screens
        XCTAssertEqual(reference.count, 5)
        for (name, bytes) in [("UTF-8 with a mark", [0xEF, 0xBB, 0xBF] + Array(text.utf8)),
                              ("UTF-16LE", utf16(text, little: true)), ("UTF-16BE", utf16(text, little: false))] {
            let screens = try load(bytes).stage.screens
            XCTAssertEqual(screens.map(\.name), reference.map(\.name), name)
            XCTAssertEqual(screens.map(\.corners), reference.map(\.corners), name)
        }
        let cfg = """
        [info] version="23"
        [screen] id=wall loc="X=2,Y=0,Z=1" rot="P=0,Y=0,R=0" size="X=2,Y=1"
        [projection] id=proj type="simple" screen=wall
        [viewport] id=vp x=0 y=0 width=200 height=100 projection=proj
        """
        let fromCFG = try load(utf16(cfg, little: true), file: "stage.cfg").stage.screens
        XCTAssertEqual(fromCFG.map(\.name), ["wall"])
        XCTAssertThrowsError(try load([0xFF, 0xFE, 0x7B])) { e in
            XCTAssertTrue("\(e)".contains("UTF-16 byte-order mark but has an odd number of bytes"), "\(e)")
        }
    }

    /// Epic's 4.27 example configs have a cluster and no `scene` (the screens are in the nDisplay asset): the file
    /// loads, each simple viewport is skipped with a warning naming its screen, and no screen is made. With screens
    /// in the file, a viewport naming one that is not there is still an error (a typo, with a suggestion).
    func testConfigWithoutAScene() throws {
        let scene = try load(Array("""
        {"nDisplay": {"version": "4.27", "cluster": {"primaryNode": {"id": "n"}, "nodes": {"n": {"host": "127.0.0.1", "viewports": {
          "vp_up": {"region": {"x": 0, "y": 0, "w": 640, "h": 360}, "projectionPolicy": {"type": "simple", "parameters": {"screen": "scr_up"}}},
          "vp_dn": {"region": {"x": 0, "y": 360, "w": 640, "h": 360}, "projectionPolicy": {"type": "simple", "parameters": {"screen": "scr_dn"}}}}}}}}}
        """.utf8))
        XCTAssertTrue(scene.stage.screens.isEmpty)
        XCTAssertEqual(scene.warnings.filter { $0.contains("its screen 'scr_up' is not in the file") }.count, 1, "\(scene.warnings)")
        XCTAssertEqual(scene.warnings.filter { $0.contains("its screen 'scr_dn' is not in the file") }.count, 1, "\(scene.warnings)")
        let typo = NDisplayImportTests.oneScreen(location: "", rotation: "").replacingOccurrences(of: "\"screen\": \"s\"", with: "\"screen\": \"t\"")
        XCTAssertThrowsError(try load(Array(typo.utf8))) { e in XCTAssertTrue("\(e)".contains("no screen 't'"), "\(e)") }
    }

    /// A screen's size scales the locations of its direct children (they sit in the unit plane's space), and no
    /// further: what hangs below a child is in centimetres. By hand (5.00, UE cm): screen A 200 x 100 centred at
    /// (300, 0, 100); xform h at A's right edge, location (0, 0.5, 0) → 0.5 · 200 = 100 cm: (300, 100, 100); xform k
    /// 100 cm further along Y: (300, 200, 100) (carried down, A's scale made it 200 m); screen B, 50 x 50, on k:
    /// top left (300, 175, 125) → studio (1.75, 1.25, −3).
    func testScreenScaleStopsAtItsChildren() throws {
        let scene = try load(Array("""
        {"nDisplay": {"version": "5.00", "scene": {
          "xforms": {"h": {"parentId": "A", "location": {"x": 0, "y": 0.5, "z": 0}}, "k": {"parentId": "h", "location": {"x": 0, "y": 100, "z": 0}}},
          "screens": {"A": {"parentId": "", "size": {"width": 200, "height": 100}, "location": {"x": 300, "y": 0, "z": 100}},
                      "B": {"parentId": "k", "size": {"width": 50, "height": 50}}}},
          "cluster": {"nodes": {"n": {"viewports": {
            "va": {"region": {"x": 0, "y": 0, "w": 200, "h": 100}, "projectionPolicy": {"type": "simple", "parameters": {"screen": "A"}}},
            "vb": {"region": {"x": 0, "y": 0, "w": 50, "h": 50}, "projectionPolicy": {"type": "simple", "parameters": {"screen": "B"}}}}}}}}}
        """.utf8))
        let s = Dictionary(uniqueKeysWithValues: scene.stage.screens.map { ($0.name, $0) })
        let a = try corners(s["A"]), b = try corners(s["B"])
        assertNear(a[0], [-1, 1.5, -3], "A top left")
        assertNear(b[0], [1.75, 1.25, -3], "B top left")
        assertNear(b[1], [2.25, 1.25, -3], "B top right")
        assertNear(b[3], [1.75, 0.75, -3], "B bottom left")
    }

    /// The .cfg of Unreal 4.19-4.21: a cluster node names its screen and viewport itself, and one viewport serves
    /// several nodes (an eye each, or a screen each). With Unreal's parser's leniencies, said in warnings: a
    /// component defined twice is the later line (a real CAVE config repeats one), and a number is read as C's atof
    /// reads it ("Y=3.0.5" is 3). By hand: scr_a centred at (200, 0, 100) cm, 200 x 150: top left (200, −100, 175)
    /// → (−1, 1.75, −2); scr_b by its second line at (200, 300, 100): top left (200, 200, 175) → (2, 1.75, −2).
    /// A 4.22 .cfg's viewports are named with the node whose window lists them.
    func testLegacyCFGForms() throws {
        let old = try load(Array("""
        [info] version="21"
        [cluster_node] id=node_a addr=10.0.0.1 screen=scr_a viewport=vp_shared master=true
        [cluster_node] id=node_b addr=10.0.0.2 screen=scr_b viewport=vp_shared
        [viewport] id=vp_shared x=0 y=0 width=640 height=480
        [screen] id=scr_a loc="X=2,Y=0,Z=1" rot="P=0,Y=0,R=0" size="X=2,Y=1.5"
        [screen] id=scr_b loc="X=2,Y=-9,Z=1" rot="P=0,Y=0,R=0" size="X=2,Y=1.5"
        [screen] id=scr_b loc="X=2,Y=3.0.5,Z=1" rot="P=0,Y=0,R=0" size="X=2,Y=1.5"
        """.utf8), file: "old.cfg")
        let s = Dictionary(uniqueKeysWithValues: old.stage.screens.map { ($0.name, $0) })
        XCTAssertEqual(old.stage.screens.map(\.name), ["scr_a", "scr_b"])
        assertNear(try corners(s["scr_a"])[0], [-1, 1.75, -2], "scr_a top left")
        assertNear(try corners(s["scr_b"])[0], [2, 1.75, -2], "scr_b top left")
        XCTAssertEqual(s["scr_b"]?.pixels.width, 640)
        XCTAssertEqual(old.warnings.filter { $0.contains("screen 'scr_b' on line 6: line 7 defines 'scr_b' again") }.count, 1, "\(old.warnings)")
        XCTAssertEqual(old.warnings.filter { $0.contains("the rest of '3.0.5' after '3.0'") }.count, 1, "\(old.warnings)")
        let noNode = "[viewport] id=vp x=0 y=0 width=10 height=10\n[screen] id=s size=\"X=1,Y=1\""
        XCTAssertThrowsError(try load(Array(noNode.utf8), file: "n.cfg")) { e in
            XCTAssertTrue("\(e)".contains("[viewport] id=vp: needs a projection (or, before 4.22, a [cluster_node] naming it"), "\(e)")
        }
        let named = try load(Array("""
        [cluster_node] id="node_main" addr="127.0.0.1" window="wnd_all" master="true"
        [window] id=wnd_all fullscreen=false viewports="vp_1,vp_2"
        [screen] id=scr loc="X=2,Y=0,Z=1" size="X=1,Y=1"
        [projection] id=p1 type="easyblend" file="a.pol"
        [projection] id=p2 type="simple" screen=scr
        [viewport] id=vp_1 x=0 y=0 width=10 height=10 projection=p1
        [viewport] id=vp_2 x=0 y=0 width=10 height=10 projection=p2
        """.utf8), file: "named.cfg")
        XCTAssertEqual(named.warnings.filter { $0.contains("viewport 'vp_1' (node 'node_main')") }.count, 1, "\(named.warnings)")
    }
}
