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

    func testBrokenConfigIsOneLineExitOne() throws {
        _ = try write("bad.ndisplay", Array("{\"nDisplay\": {\"version\": \"5.00\", \"scene\": {\"screens\": {\"s\": {\"size\": {\"width\": -3, \"height\": 1}}}}}}".utf8))
        let scene = try write("s.yaml", Array("stage: { ndisplay: bad.ndisplay }\n".utf8))
        let r = try runCLI(["info", scene])
        XCTAssertEqual(r.code, 1)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err)
        XCTAssertTrue(r.err.contains("bad.ndisplay:1:80: error: nDisplay.scene.screens.s.size.width: must be at least 0.1 cm, found -3"), r.err)
    }
}
