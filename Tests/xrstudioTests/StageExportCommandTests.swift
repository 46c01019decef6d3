// StageExportCommandTests: `stage export --ndisplay` writes a config that a scene reads back through `info`, and a
// broken config is one located error line with exit 1.

import FoundationEssentials
import Foundation
import XCTest

final class StageExportCommandTests: TempFolderTestCase {
    func testExportThenInfoReadsTheSameScreens() throws {
        let cave = CommandLineTests.root.appendingPathComponent("Tests/Fixtures/ndisplay/cave.yaml").path
        let out = tmp.appendingPathComponent("cave-out.ndisplay").path
        let r = try runCLI(["stage", "export", cave, "--ndisplay", out])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("5 screens"), r.out)
        let scene = try write("back.yaml", Array("stage: { ndisplay: cave-out.ndisplay }\n".utf8))
        let info = try runCLI(["info", scene, "--json"])
        XCTAssertEqual(info.code, 0, info.err)
        let j = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(info.out.utf8)) as? [String: Any])
        let walls = try XCTUnwrap(j["walls"] as? [[String: Any]])
        XCTAssertEqual(walls.map { $0["name"] as? String }, ["scr_front", "scr_left", "scr_right", "scr_ceiling", "scr_floor"])
        XCTAssertEqual(walls[0]["kind"] as? String, "screen")
        XCTAssertEqual(walls[0]["pixels"] as? [Int], [2400, 2400])
        XCTAssertEqual(walls[0]["size_m"] as? [Double], [3, 3])
        // The front screen's corners, as worked by hand in NDisplayImportTests: 3 m square at z −3.5.
        XCTAssertEqual(walls[0]["corners_m"] as? [[Double]], [[-1.5, 3, -3.5], [1.5, 3, -3.5], [1.5, 0, -3.5], [-1.5, 0, -3.5]])
        let imported = try XCTUnwrap(j["imported"] as? [String: Any])
        XCTAssertEqual(imported["format"] as? String, "nDisplay 5.00 (.ndisplay)")
    }

    /// A viewport stretched over its screen (a real config puts 2560 x 3200 px on 4.3 x 2.69 m): `info` gives both
    /// pitches and says the pixels are not square; square pixels keep one pitch and no `vertical_pitch_mm`.
    func testInfoShowsBothPitchesOfStretchedPixels() throws {
        _ = try write("s.cfg", Array("""
        [screen] id=tall loc="X=3,Y=0,Z=1" size="X=4,Y=2"
        [screen] id=even loc="X=3,Y=5,Z=1" size="X=4,Y=2"
        [projection] id=p1 type="simple" screen=tall
        [projection] id=p2 type="simple" screen=even
        [viewport] id=v1 x=0 y=0 width=2000 height=4000 projection=p1
        [viewport] id=v2 x=0 y=0 width=2000 height=1000 projection=p2

        """.utf8))
        let scene = try write("s.yaml", Array("stage: { ndisplay: s.cfg }\n".utf8))
        let text = try runCLI(["info", scene])
        XCTAssertEqual(text.code, 0, text.err)
        XCTAssertTrue(text.out.contains("tall: screen, 2000 x 4000 px, 4.000 x 2.000 m (2.00 x 0.50 mm, pixels not square)"), text.out)
        XCTAssertTrue(text.out.contains("even: screen, 2000 x 1000 px, 4.000 x 2.000 m (2.00 mm)"), text.out)
        let json = try runCLI(["info", scene, "--json"])
        let walls = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])?["walls"] as? [[String: Any]])
        XCTAssertEqual(walls[0]["vertical_pitch_mm"] as? Double, 0.5)
        XCTAssertNil(walls[1]["vertical_pitch_mm"])
    }

    func testBrokenConfigIsOneLineExitOne() throws {
        _ = try write("bad.ndisplay", Array("{\"nDisplay\": {\"version\": \"5.00\", \"scene\": {\"screens\": {\"s\": {\"size\": {\"width\": -3, \"height\": 1}}}}}}".utf8))
        let scene = try write("s.yaml", Array("stage: { ndisplay: bad.ndisplay }\n".utf8))
        let r = try runCLI(["info", scene])
        XCTAssertEqual(r.code, 1)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err)
        XCTAssertTrue(r.err.contains("bad.ndisplay:1:80: error: nDisplay.scene.screens.s.size.width: must be at least 0.1 cm, found -3"), r.err)
    }
}
