// LensCalibrationTests: raw FreeD zoom counts become focal lengths through the scene lens's calibration table.

import FoundationEssentials
import Foundation
import TakeFormats
import XCTest

final class LensCalibrationTests: XCTestCase {
    /// Camera A's lens file in the default scene maps zoom 16384 → 25.5 mm and 32768 → 35.7 mm at focus count 0
    /// (0.6 m, where the lens breathes 2%). A FreeD take at zoom 24576 (halfway) renders at 30.6 mm, and the
    /// sidecar says so.
    func testFreeDZoomCountsMapThroughTheSceneCalibration() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-lens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        var capture: [UInt8] = []
        for k in 0..<3 {
            let p = FreeDPacket(cameraID: 1, pan: 0, tilt: 0, roll: 0, x: 0, y: -5000 - Double(k) * 10, z: 1600,
                                zoom: 24576, focus: 0, user: 0)
            capture += try p.encoded()
        }
        let take = tmp.appendingPathComponent("zoom.freed")
        try Data(capture).write(to: take)
        let out = tmp.appendingPathComponent("seq").path
        let scene = CommandLineTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path
        let r = try runCLI(["render", scene, "--take", take.path, "--size", "64x36", "--out", out, "--quiet"])
        XCTAssertEqual(r.code, 0, r.err)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/sequence.json")))
                                 as? [String: Any])
        let frames = try XCTUnwrap(json["frames"] as? [[String: Any]])
        XCTAssertFalse(frames.isEmpty)
        for f in frames {
            let camera = try XCTUnwrap(f["camera"] as? [String: Any])
            XCTAssertEqual(camera["focal_mm"] as? Double ?? 0, 30.6, accuracy: 1e-9)
        }
    }
}
