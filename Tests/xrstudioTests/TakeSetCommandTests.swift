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
            (["--take", "two cameras", "--view", "camera:Z"], "take set 'two cameras' has cameras B, A"),
            (["--take", "dolly push-in", "--view", "camera:B"], "--view camera:B: the name after the colon is a take set's camera"),
            // `wall:NAME` read as a wall's name: said which it is, and where a surface's own canvas is.
            (["--take", "dolly push-in", "--view", "wall:main-volume", "--native"],
             "'main volume' is an LED surface: --view wall shows every surface, --view wall --native writes each one's canvas"),
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
        XCTAssertEqual(sets.first?["cameras"] as? [String], ["B", "A"])
        XCTAssertEqual(sets.first?["takes"] as? [String], ["handheld B", "dolly push-in"])
        XCTAssertEqual(json["light_cards"] as? [String], ["warm key"])
    }

    /// `analyze --take SET`: every camera's figures, the frusta each sees and their overlap; B (on top) crosses A's
    /// shot for part of the take (entering at frame 114, leaving after 270), which is a problem range of A's; the
    /// JSON has the documented fields; `--strict` fails unless the take set accepts the multi-camera rules.
    func testAnalyzeTakeSet() throws {
        // Two windows of the take (debug builds analyse slowly): where B's frustum enters A's shot, and where it leaves.
        var aSeesB: [Int] = []
        var inShot: [[String: Any]] = []
        for window in ["105-125", "262-280"] {
            let r = try runCLI(["analyze", scene, "--take", "two cameras", "--json", "--size", "160x90", "--frames", window])
            XCTAssertEqual(r.code, 0, r.err)
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            XCTAssertEqual(json["take_set"] as? String, "two cameras")
            XCTAssertEqual(json["cameras"] as? [String], ["B", "A"])
            XCTAssertEqual(json["overlap"] as? String, "priority")
            let frames = try XCTUnwrap(json["per_frame"] as? [[String: Any]])
            XCTAssertEqual(frames.count, 19 + (window == "105-125" ? 2 : 0))
            for f in frames {
                let cameras = try XCTUnwrap(f["cameras"] as? [String: [String: Any]])
                XCTAssertEqual(Set(cameras.keys), ["A", "B"])
                let seenByA = try XCTUnwrap(cameras["A"]?["visible_frusta"] as? [String: Double])
                let seenByB = try XCTUnwrap(cameras["B"]?["visible_frusta"] as? [String: Double])
                XCTAssertEqual(seenByB["A"], 0)   // B is on top: its own frustum wins wherever it looks
                if seenByA["B"]! > 0 { aSeesB.append(f["frame"] as! Int) }
                XCTAssertNotNil(f["overlap_m2"] as? Double)
            }
            let problems = try XCTUnwrap(json["problems"] as? [[String: Any]])
            inShot += problems.filter { $0["rule"] as? String == "frustum_in_shot" }
            // The wall's range: `camera` there and null (it was left out, and `p["camera"]` failed in scripts).
            XCTAssertTrue(problems.contains { $0["rule"] as? String == "frustum_overlap" && $0["camera"] is NSNull })
        }
        // B enters A's shot inside the first window and stays to its end; it leaves inside the second.
        XCTAssertEqual(aSeesB.filter { $0 <= 125 }.first, 114)
        XCTAssertEqual(aSeesB.filter { $0 <= 125 }.count, 12)
        XCTAssertEqual(aSeesB.filter { $0 >= 262 }.last, 270)
        XCTAssertEqual(inShot.map { $0["camera"] as? String }, ["A", "A"])
        XCTAssertEqual(inShot.map { $0["first_frame"] as? Int }, [114, 262])
        XCTAssertEqual(inShot.map { $0["last_frame"] as? Int }, [125, 270])
        XCTAssertEqual(inShot.map { $0["accepted"] as? Bool }, [false, false])

        // --strict fails; a copy of the scene whose take set accepts every rule passes it.
        let strict = try runCLI(["analyze", scene, "--take", "two cameras", "--strict", "--size", "160x90", "--frames", "200-205"])
        XCTAssertEqual(strict.code, 1)
        XCTAssertTrue(strict.out.contains("A     frustum_in_shot"), strict.out)
        let none = try runCLI(["analyze", scene, "--take", "two cameras", "--frames", "10-20"])
        XCTAssertEqual(none.code, 2)
        XCTAssertTrue(none.err.contains("no frames of take set 'two cameras' in that range (it has 50-300)"), none.err)
        let dir = try tempDir()
        let text = try String(contentsOfFile: scene, encoding: .utf8)
            .replacingOccurrences(of: "    overlap: priority\n", with: "    overlap: priority\n    accept: [frustum_in_shot, frustum_overlap, overshoot, moire, wall_in_focus, off_axis, coverage]\n")
            .replacingOccurrences(of: "file: takes/", with: "file: " + CommandLineTests.root.path + "/Scenes/takes/")
            .replacingOccurrences(of: "assets/", with: CommandLineTests.root.path + "/Scenes/assets/")
        try text.write(toFile: dir + "/accepting.yaml", atomically: true, encoding: .utf8)
        let accepted = try runCLI(["analyze", dir + "/accepting.yaml", "--take", "two cameras", "--strict", "--size", "160x90",
                                   "--frames", "200-205"])
        XCTAssertEqual(accepted.code, 0, accepted.err + accepted.out)
        XCTAssertTrue(accepted.out.contains("[accepted]"), accepted.out)
    }
}
