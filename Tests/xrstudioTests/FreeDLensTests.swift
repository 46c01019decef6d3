// FreeDLensTests: FreeD lens values survive a round trip in the mode that names them (`--freed-lens mm`), raw
// mode refuses to drop optics it cannot encode, and every FreeD read warns once that FreeD has no timecode.

import Foundation
import XCTest

final class FreeDLensTests: XCTestCase {
    func json(_ s: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any])
    }

    func testCSVToFreeDInMillimetresAndBack() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-freedlens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let dolly = TakeCommandTests.takes.appendingPathComponent("dolly.csv").path
        let freed = tmp.appendingPathComponent("dolly.freed").path
        let csvInfo = try json(try runCLI(["take", "info", dolly, "--json"]).out)
        let lo = try XCTUnwrap(csvInfo["focal_mm_min"] as? Double), hi = try XCTUnwrap(csvInfo["focal_mm_max"] as? Double)
        XCTAssertLessThan(lo, hi)

        // Raw mode cannot encode a focal length without counts: it refuses and names the way out.
        let raw = try runCLI(["take", "convert", dolly, freed])
        XCTAssertEqual(raw.code, 1, raw.err)
        XCTAssertTrue(raw.err.contains("--freed-lens mm"), raw.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: freed))

        // mm mode both ways: the focal range comes back (FreeD holds mm × 100, so to 0.01 mm).
        let conv = try runCLI(["take", "convert", dolly, freed, "--freed-lens", "mm"])
        XCTAssertEqual(conv.code, 0, conv.err)
        let info = try runCLI(["take", "info", freed, "--json", "--freed-lens", "mm", "--freed-rate", "25"])
        XCTAssertEqual(info.code, 0, info.err)
        let j = try json(info.out)
        XCTAssertEqual(try XCTUnwrap(j["focal_mm_min"] as? Double), lo, accuracy: 0.005)
        XCTAssertEqual(try XCTUnwrap(j["focal_mm_max"] as? Double), hi, accuracy: 0.005)
        XCTAssertEqual(j["samples"] as? Int, csvInfo["samples"] as? Int)
        // FreeD has no timecode: the read says so, once, on stderr.
        let warning = "warning: FreeD carries no timecode"
        XCTAssertEqual(info.err.components(separatedBy: warning).count - 1, 1, info.err)
        XCTAssertNil(j["timecode_in"] as? String)

        // Read raw, the same file has counts and no focal length (the scene's lens calibration would map them).
        let rawInfo = try json(try runCLI(["take", "info", freed, "--json"]).out)
        XCTAssertNil(rawInfo["focal_mm_min"] as? Double)
        // ptz is accepted as the old name of mm; anything else is a usage error.
        XCTAssertEqual(try runCLI(["take", "info", freed, "--freed-lens", "ptz"]).code, 0)
        XCTAssertEqual(try runCLI(["take", "info", freed, "--freed-lens", "inches"]).code, 2)
    }
}
