// InfoCommandTests: `xrstudio info` on real OBJ files against the shared manifest, text and JSON.

import FoundationEssentials
import Foundation
import XCTest

final class InfoCommandTests: XCTestCase {
    static let shared = CommandLineTests.root.deletingLastPathComponent().appendingPathComponent("shared/assets")

    func info(_ path: String) throws -> (code: Int32, json: [String: Any]?, err: String) {
        let r = try runCLI(["info", path, "--json"])
        return (r.code, try? JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any], r.err)
    }

    func testOBJAssetsMatchTheManifest() throws {
        let manifest = InfoCommandTests.shared.appendingPathComponent("manifest.json")
        guard FileManager.default.fileExists(atPath: manifest.path) else {
            XCTFail("../shared/assets is absent (a user's clone): these tests need it beside the project")
            return
        }
        let entries = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [[String: Any]])
        var checked = 0
        for e in entries {
            let file = try XCTUnwrap(e["file"] as? String)
            let r = try info(InfoCommandTests.shared.appendingPathComponent(file).path)
            XCTAssertEqual(r.code, 0, r.err)
            let j = try XCTUnwrap(r.json, file)
            XCTAssertEqual(j["triangles"] as? Int, e["triangles"] as? Int, file)
            XCTAssertEqual(j["vertices"] as? Int, e["vertices"] as? Int, file)
            XCTAssertEqual(j["textures"] as? Int, e["textures"] as? Int, file)
            let (gmin, gmax) = (try XCTUnwrap(j["bbox_min"] as? [Double]), try XCTUnwrap(j["bbox_max"] as? [Double]))
            let (emin, emax) = (try XCTUnwrap(e["bbox_min"] as? [Double]), try XCTUnwrap(e["bbox_max"] as? [Double]))
            for k in 0..<3 {
                XCTAssertEqual(gmin[k], emin[k], accuracy: 1e-5 * max(1, abs(emin[k])), file)
                XCTAssertEqual(gmax[k], emax[k], accuracy: 1e-5 * max(1, abs(emax[k])), file)
            }
            XCTAssertEqual(j["warnings"] as? [String], [], file)
            checked += 1
        }
        XCTAssertEqual(checked, 9)  // 4 OBJ, 4 glTF, 1 GLB
    }

    func testMissingMaterialLibraryIsAWarningNamingThePath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-info-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let obj = dir.appendingPathComponent("m.obj")
        try Data("mtllib gone.mtl\nusemtl Red\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n".utf8).write(to: obj)
        let r = try info(obj.path)
        XCTAssertEqual(r.code, 0, r.err)
        let warnings = try XCTUnwrap(r.json?["warnings"] as? [String])
        XCTAssertTrue(warnings.contains { $0.contains("material library 'gone.mtl' not found (tried \(dir.path)/gone.mtl)") }, "\(warnings)")
        XCTAssertEqual(r.json?["materials"] as? [String], ["Red"])
    }

    func testBrokenModelIsAnError() throws {
        let r = try info(CommandLineTests.fixtures.appendingPathComponent("bad-number.obj").path)
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("bad-number.obj:3:5: error: expected a number"), r.err)
    }
}
