// SceneInfoTests: `xrstudio info` on the sample scenes — LED walls, triangles, and every take they name.

import FoundationEssentials
import Foundation
import XCTest

final class SceneInfoTests: XCTestCase {
    static let scenes = CommandLineTests.root.appendingPathComponent("Scenes")


    func testDefaultSceneNumbers() throws {
        let r = try runCLI(["info", SceneInfoTests.scenes.appendingPathComponent("binhai-xr-stage.yaml").path, "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        let j = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let walls = try XCTUnwrap(j["walls"] as? [[String: Any]])
        // 44 x 11 cabinets of 500 mm at 2.6 mm pitch: round(500 / 2.6) = 192 px each way per cabinet.
        XCTAssertEqual(walls[0]["pixels"] as? [Int], [44 * 192, 11 * 192])
        XCTAssertEqual(walls[0]["cabinets"] as? Int, 484)
        XCTAssertEqual(walls[0]["area_m2"] as? Double ?? 0, 44 * 11 * 0.25, accuracy: 1e-9)
        XCTAssertEqual(j["triangles"] as? Int, 8110)
    }

    /// A scene without a virtual world (a stage imported from nDisplay) has every key `info --help` lists, its
    /// bounds null (they were missing, and a script reading them failed).
    func testAnEmptyWorldHasNullBounds() throws {
        let cave = CommandLineTests.root.appendingPathComponent("Tests/Fixtures/ndisplay/cave.yaml").path
        let r = try runCLI(["info", cave, "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        let j = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        XCTAssertTrue(j["bbox_min"] is NSNull, r.out)
        XCTAssertTrue(j["bbox_max"] is NSNull, r.out)
        for key in ["file", "format", "name", "walls", "imported", "cameras", "takes", "take_sets", "light_cards", "marks",
                    "objects", "props", "triangles", "textures"] {
            XCTAssertNotNil(j[key], key)
        }
    }

    /// Every sample scene loads, and every take it names exists and reads without rejects.
    func testEverySampleSceneAndTakeLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: SceneInfoTests.scenes.path).filter { $0.hasSuffix(".yaml") }
        XCTAssertGreaterThanOrEqual(files.count, 3)
        for f in files {
            let r = try runCLI(["info", SceneInfoTests.scenes.appendingPathComponent(f).path, "--json"])
            XCTAssertEqual(r.code, 0, "\(f): \(r.err)")
            let j = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            let takes = try XCTUnwrap(j["takes"] as? [[String: Any]], f)
            XCTAssertFalse(takes.isEmpty, "\(f) has no take")
            for t in takes {
                let path = SceneInfoTests.scenes.appendingPathComponent(try XCTUnwrap(t["file"] as? String)).path
                let info = try runCLI(["take", "info", path, "--json"])
                XCTAssertEqual(info.code, 0, "\(path): \(info.err)")
                let tj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(info.out.utf8)) as? [String: Any])
                XCTAssertGreaterThan(tj["samples"] as? Int ?? 0, 100, path)
                XCTAssertEqual(tj["rejected"] as? Int, 0, path)
            }
        }
    }

    func testBrokenSceneFailsWithLocation() throws {
        let dir = CommandLineTests.root.appendingPathComponent("Tests/Fixtures/yaml")
        let broken = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertFalse(broken.isEmpty)
        for f in broken {
            let r = try runCLI(["info", dir.appendingPathComponent(f).path])
            XCTAssertEqual(r.code, 1, "\(f): \(r.out)")
            XCTAssertNotNil(r.err.range(of: #"\.yaml:\d+:\d+: error: "#, options: .regularExpression), "\(f): \(r.err)")
        }
    }
}
