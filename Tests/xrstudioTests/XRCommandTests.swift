// XRCommandTests: `render --view` (one frame, all views, native sections, sequences) and `analyze` end to end through
// the real binary: files, sizes, sidecars, JSON and CSV reports, exit codes.

import Foundation
import ImageCodecs
import Imaging
import XCTest

final class XRCommandTests: XCTestCase {
    static let scenes = SceneRenderTests.scenes
    static let binhai = SceneRenderTests.defaultScene
    static let lantern = scenes.appendingPathComponent("lantern-flat-wall.yaml").path

    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-xr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    func testViewAllWritesOneFilePerView() throws {
        let dir = tmp.appendingPathComponent("views").path
        let r = try runCLI(["render", Self.binhai, "--mark", "A2 push in", "--view", "all", "--size", "160x90", "--out", dir])
        XCTAssertEqual(r.code, 0, r.err)
        for v in ["camera", "virtual", "wall", "plan", "witness"] {
            let img = try ImageFile.read(path: dir + "/\(v).png")
            XCTAssertEqual(img.width, 160, v)
            XCTAssertEqual(img.height, 90, v)
        }
        // The camera and virtual views differ (floor, props) but share the wall's picture; plan differs from both.
        let cam = try ImageFile.read(path: dir + "/camera.png"), virt = try ImageFile.read(path: dir + "/virtual.png")
        XCTAssertNotEqual(cam.pixels, virt.pixels)
    }

    func testNativeWallSectionsAreTheLEDResolution() throws {
        let dir = tmp.appendingPathComponent("native").path
        let r = try runCLI(["render", Self.lantern, "--view", "wall", "--native", "--size", "160x90", "--out", dir])
        XCTAssertEqual(r.code, 0, r.err)
        let img = try ImageFile.read(path: dir + "/flat-wall.png")
        XCTAssertEqual(img.width, 2560)  // 20 columns x 128 px
        XCTAssertEqual(img.height, 1280)
    }

    func testSequenceOfAViewHasItsSidecar() throws {
        let dir = tmp.appendingPathComponent("plan").path
        let r = try runCLI(["render", Self.lantern, "--take", "handheld drift", "--view", "plan", "--frames", "0-2",
                            "--size", "96x54", "--out", dir, "--quiet"])
        XCTAssertEqual(r.code, 0, r.err)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".png") }
        XCTAssertEqual(files.count, 3)
        let sidecar = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/sequence.json"))) as! [String: Any]
        XCTAssertEqual(sidecar["xr_view"] as? String, "plan")
        XCTAssertEqual(sidecar["complete"] as? Bool, true)
        // A chunk of a shared folder names its own sidecar (render farms); a path is refused.
        let r2 = try runCLI(["render", Self.lantern, "--take", "handheld drift", "--view", "plan", "--frames", "3-4",
                             "--size", "96x54", "--out", dir, "--quiet", "--sidecar", "sequence.3-4.json"])
        XCTAssertEqual(r2.code, 0, r2.err)
        let chunk = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/sequence.3-4.json"))) as! [String: Any]
        XCTAssertEqual(chunk["frame_range"] as? [Int], [3, 4])
        let first = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/sequence.json"))) as! [String: Any]
        XCTAssertEqual(first["frame_range"] as? [Int], [0, 2], "the first chunk's sidecar is kept")
        let bad = try runCLI(["render", Self.lantern, "--take", "handheld drift", "--frames", "5-5", "--size", "96x54",
                              "--out", dir, "--quiet", "--sidecar", "../x.json"])
        XCTAssertEqual(bad.code, 2, bad.err)
    }

    func testViewUsageErrors() throws {
        let out = tmp.appendingPathComponent("x.png").path
        for args in [["--view", "sideways"], ["--view", "camera", "--native"], ["--view", "plan", "--camera", "0,1,2"]] {
            let r = try runCLI(["render", Self.lantern, "--size", "32x18", "--out", out] + args)
            XCTAssertEqual(r.code, 2, "\(args): \(r.err)")
            XCTAssertFalse(r.err.isEmpty)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        }
        let model = CommandLineTests.fixtures.appendingPathComponent("negative-indices.obj").path
        let r = try runCLI(["render", model, "--view", "camera", "--size", "32x18", "--out", out])
        XCTAssertEqual(r.code, 2, r.err)
    }

    /// A small scene over the lantern take, with few analysis rays (the debug build traces slowly).
    func smallScene(strictOvershoot: Bool) throws -> String {
        let take = Self.scenes.appendingPathComponent("takes/lantern-handheld.csv").path
        let yaml = """
            name: analysis fixture
            stage:
              panels: [{ name: P, cabinet_mm: [500, 500], pitch_mm: 3.9 }]
              walls: [{ name: wall, panel: P, columns: 8, rows: 4, position: [0, 0, -3] }]
            cameras:
              - name: C
                body: { name: b, sensor_mm: [36, 20.25], resolution: [1920, 1080] }
                lens: { name: l, focal_mm: 24, f_stop: 2.8, focus_m: 2 }
            takes: [{ name: drift, file: \(take) }]
            analysis: { samples: [24, 14], max_overshoot: \(strictOvershoot ? "0" : "1") }
            """
        let path = tmp.appendingPathComponent("fixture.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testAnalyzeReportsAsTextJSONAndCSV() throws {
        let scene = try smallScene(strictOvershoot: true)
        let text = try runCLI(["analyze", scene, "--take", "drift"])
        XCTAssertEqual(text.code, 0, text.err)
        XCTAssertTrue(text.out.contains("LED coverage %"), text.out)
        XCTAssertTrue(text.out.contains("overshoot"), text.out)
        let json = try runCLI(["analyze", scene, "--take", "drift", "--json"])
        XCTAssertEqual(json.code, 0, json.err)
        let report = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [String: Any]
        let frames = report["frames"] as! Int
        XCTAssertGreaterThan(frames, 10)
        let perFrame = report["per_frame"] as! [[String: Any]]
        XCTAssertEqual(perFrame.count, frames)
        // An 4 m x 2 m wall 3 m away through a 24 mm lens (84° across) cannot fill the frame: overshoot everywhere.
        XCTAssertEqual(report["passed"] as? Bool, false)
        let problems = report["problems"] as! [[String: Any]]
        XCTAssertTrue(problems.contains { $0["rule"] as? String == "overshoot" })
        for f in perFrame {
            let c = f["coverage"] as! Double, o = f["overshoot"] as! Double, fl = f["floor"] as! Double
            XCTAssertEqual(c + o + fl, 1, accuracy: 1e-9)
        }
        let csv = try runCLI(["analyze", scene, "--take", "drift", "--csv"])
        XCTAssertEqual(csv.code, 0, csv.err)
        let lines = csv.out.split(separator: "\n")
        XCTAssertEqual(lines.count, frames + 1)
        XCTAssertTrue(lines[0].hasPrefix("frame,timecode,coverage,overshoot"))
        // --strict turns problems into exit 1; without problems it exits 0.
        XCTAssertEqual(try runCLI(["analyze", scene, "--take", "drift", "--strict"]).code, 1)
        let lenient = try smallScene(strictOvershoot: false)
        let yaml = try String(contentsOfFile: lenient, encoding: .utf8).replacingOccurrences(of: "max_overshoot: 1 }", with: "max_overshoot: 1, rules: [overshoot] }")
        try yaml.write(toFile: lenient, atomically: true, encoding: .utf8)
        let ok = try runCLI(["analyze", lenient, "--take", "drift", "--strict"])
        XCTAssertEqual(ok.code, 0, ok.out + ok.err)
    }

    func testAnalyzeUsageAndInputErrors() throws {
        let scene = try smallScene(strictOvershoot: true)
        var r = try runCLI(["analyze", scene, "--take", "drift", "--json", "--csv"])
        XCTAssertEqual(r.code, 2, r.err)
        r = try runCLI(["analyze", scene, "--take", "nope"])
        XCTAssertEqual(r.code, 2, r.err)
        XCTAssertTrue(r.err.contains("'nope'"), r.err)
        r = try runCLI(["analyze", tmp.appendingPathComponent("missing.yaml").path, "--take", "x"])
        XCTAssertEqual(r.code, 1, r.err)
        // A scene without LED surfaces has nothing to analyse.
        let bare = tmp.appendingPathComponent("bare.yaml").path
        try "name: bare\n".write(toFile: bare, atomically: true, encoding: .utf8)
        r = try runCLI(["analyze", bare, "--take", "x"])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.err.contains("no LED walls"), r.err)
    }
}
