// TakeSetCommandTests: `render --take SET --view camera:NAME` through the real binary, and its usage errors.

import Foundation
import XCTest

final class TakeSetCommandTests: XCTestCase {
    let scene = CommandLineTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path

    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "xrstudio-takeset-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    /// B's view of the two-camera set writes the frames the set covers; A's view of the same frame differs; the
    /// set only covers the frames both takes have (B starts at 10:00:02:00, frame 50).
    func testTwoCameraSequenceFromEitherCamera() throws {
        let dir = try tempDir()
        for camera in ["A", "B"] {
            let r = try runCLI(["render", scene, "--take", "two cameras", "--view", "camera:\(camera)", "--frames", "60-61",
                                "--size", "96x54", "--out", dir + "/" + camera, "--quiet"])
            XCTAssertEqual(r.code, 0, r.err)
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/A/frame.0060.png"))
        let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/B/frame.0060.png"))
        XCTAssertNotEqual(a, b)
        let early = try runCLI(["render", scene, "--take", "two cameras", "--view", "camera", "--frames", "10-20",
                                "--size", "96x54", "--out", dir + "/early", "--quiet"])
        XCTAssertEqual(early.code, 2, early.err)
        XCTAssertTrue(early.err.contains("no frames of the take in that range (it has 50-300)"), early.err)
    }

    func testUsageErrors() throws {
        let dir = try tempDir()
        let rows: [([String], String)] = [
            (["--take", "two cameras", "--view", "camera:Z"], "take set 'two cameras' has cameras A, B"),
            (["--take", "dolly push-in", "--view", "camera:B"], "a camera is chosen with a take set"),
            (["--view", "camera:B"], "choosing camera 'B' needs a take set"),
        ]
        for (args, message) in rows {
            let r = try runCLI(["render", scene, "--size", "96x54", "--out", dir + "/x"] + args)
            XCTAssertEqual(r.code, 2, "\(args): \(r.err)")
            XCTAssertTrue(r.err.contains(message), "\(args): \(r.err)")
        }
    }

    /// `info --json` lists the take sets with their cameras, and the light cards.
    func testInfoListsTakeSets() throws {
        let r = try runCLI(["info", scene, "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let sets = try XCTUnwrap(json["take_sets"] as? [[String: Any]])
        XCTAssertEqual(sets.first?["name"] as? String, "two cameras")
        XCTAssertEqual(sets.first?["cameras"] as? [String], ["A", "B"])
        XCTAssertEqual(sets.first?["takes"] as? [String], ["dolly push-in", "handheld B"])
        XCTAssertEqual(json["light_cards"] as? [String], ["warm key"])
    }
}
