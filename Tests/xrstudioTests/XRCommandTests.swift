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

    /// `bench SCENE --take T`: one line with the pass medians and the CPU time per frame, or the same as JSON.
    func testXRBenchLineAndJSON() throws {
        let args = ["bench", Self.lantern, "--take", "handheld drift", "--view", "camera", "--size", "64x36", "--frames", "2",
                    "--threads", "1"]
        let r = try runCLI(args)
        XCTAssertEqual(r.code, 0, r.err)
        let line = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertNotNil(line.range(of: #"^bench-xr view=camera frames=2 size=64x36 threads=1 .* composite_ms=[0-9.]+ warp_ms=[0-9.]+ outer_once_ms=[0-9.]+ cpu_ms=[0-9]+\.[0-9]{2}$"#,
                                   options: .regularExpression), line)
        let j = try runCLI(args + ["--json"])
        XCTAssertEqual(j.code, 0, j.err)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(j.out.utf8)) as? [String: Any], j.out)
        XCTAssertGreaterThan(try XCTUnwrap(object["cpu_ms"] as? Double), 0, j.out)
        XCTAssertGreaterThan(try XCTUnwrap(object["median_ms"] as? Double), 0, j.out)
    }

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

extension XRCommandTests {
    /// `--outputs`: a 4 x 2 cabinet wall (128 x 128 px cabinets) on a processor of 3-cabinet ports, serpentine:
    /// port 1 = row 0's columns 0-2, port 2 = row 0's column 3 and row 1's columns 3, 2, port 3 = row 1's 1, 0.
    /// Each image is its cabinets' rectangle of the native canvas, the cabinets it does not carry transparent; the
    /// JSON map says where each cabinet came from.
    /// Chinese wall and processor names (the Tianjin stage), and two processors whose names make one slug: every
    /// section and port gets its own file. Before, the slug kept ASCII only, so 主屏 and 天幕 both went to
    /// `section.png` and 处理器甲's ports were overwritten by 处理器乙's (or the run refused its own first file).
    func testChineseAndCollidingNamesNeverShareAFile() throws {
        let scene = tmp.appendingPathComponent("zh.yaml")
        try """
        name: 滨海
        stage:
          panels: [{ name: P, cabinet_mm: [500, 500], pixels: [64, 64] }]
          walls:
            - { name: 主屏, panel: P, columns: 4, rows: 2, position: [0, 0, -3] }
            - { name: 天幕, panel: P, columns: 2, rows: 2, position: [3, 0, -3] }
            - { name: "Side A", panel: P, columns: 2, rows: 1, position: [-3, 0, -3] }
            - { name: "side-a", panel: P, columns: 1, rows: 1, position: [-5, 0, -3] }
          processors:
            - { name: 处理器甲, surfaces: [主屏], ports: 4, port_pixels: 60000, cabinets_per_port: 4 }
            - { name: 处理器乙, surfaces: [天幕], ports: 4, port_pixels: 60000, cabinets_per_port: 4 }
            - { name: "Proc A", surfaces: ["Side A"], ports: 2, port_pixels: 60000, cabinets_per_port: 2 }
            - { name: "proc a", surfaces: ["side-a"], ports: 2, port_pixels: 60000, cabinets_per_port: 2 }
        world: { sky: "#336699", objects: [{ name: box, box: [1, 1, 1], translate: [0, 1, -6], color: "#cc8844" }] }
        cameras: [{ name: A, body: { sensor_mm: [36, 24], resolution: [320, 180] }, lens: { focal_mm: 35 }, position: [0, 1.5, 3] }]
        """.write(to: scene, atomically: true, encoding: .utf8)
        let native = tmp.appendingPathComponent("native").path
        let r = try runCLI(["render", scene.path, "--view", "wall", "--native", "--out", native])
        XCTAssertEqual(r.code, 0, r.err)
        for (file, width) in [("主屏", 256), ("天幕", 128), ("side-a", 128), ("side-a-2", 64)] {
            XCTAssertEqual(try ImageFile.read(path: native + "/\(file).png").width, width, file)
        }
        let dir = tmp.appendingPathComponent("outs").path
        let o = try runCLI(["render", scene.path, "--view", "wall", "--native", "--outputs", "--out", dir])
        XCTAssertEqual(o.code, 0, o.err)
        let map = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/outputs.json"))) as! [String: Any]
        let files = (map["outputs"] as! [[String: Any]]).map { $0["file"] as! String }
        XCTAssertEqual(files, ["处理器甲-port01.png", "处理器甲-port02.png", "处理器乙-port01.png",
                               "proc-a-port01.png", "proc-a-2-port01.png"])
        for f in files { XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/" + f), f) }
    }

    /// The Binhai sample copied into `tmp` with `marks` before its own (its takes and assets linked beside it).
    func sampleWithMarks(_ marks: [String]) throws -> String {
        let sample = try String(contentsOfFile: Self.binhai, encoding: .utf8)
        let lines = "\nmarks:\n" + marks.map { "  - " + $0 + "\n" }.joined()
        let text = try XCTUnwrap(sample.range(of: "\nmarks:\n").map { sample.replacingCharacters(in: $0, with: lines) })
        for folder in ["takes", "assets"] where !FileManager.default.fileExists(atPath: tmp.appendingPathComponent(folder).path) {
            try FileManager.default.createSymbolicLink(atPath: tmp.appendingPathComponent(folder).path,
                                                       withDestinationPath: Self.scenes.appendingPathComponent(folder).path)
        }
        let scene = tmp.appendingPathComponent("sample-\(UUID().uuidString.prefix(8)).yaml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: scene))
        return scene
    }

    /// `--fov-y` on a scene sets the lens to the focal length that frames that vertical angle, in every view: at
    /// 160x90 on B's 36 mm wide sensor, 30° is f = 36 / (2 · 16/9 · tan 15°) = 37.78 mm, the same bytes as a mark
    /// saved with that focal length. `--camera/--look-at` keep the lens's angle (B's 35 mm: 32.4°, not 45°).
    /// `--near`/`--far` apply only to a camera they clip, and no lens option to a take's sequence. (All three were
    /// accepted and ignored for scenes; --camera alone replaced the lens by 45°.)
    func testFieldOfViewAndClipPlanesOnAScene() throws {
        let focal = 36 / (2 * 16.0 / 9 * tan(15 * Double.pi / 180))
        let scene = try sampleWithMarks(["{ name: B still, camera: B, position: [0, 1.6, 6], tilt_deg: 3 }",
                                         "{ name: B zoomed, camera: B, position: [0, 1.6, 6], tilt_deg: 3, focal_mm: \(focal) }"])
        func render(_ args: [String]) throws -> [UInt8] {
            let out = tmp.appendingPathComponent("\(UUID().uuidString).png").path
            let r = try runCLI(["render", scene, "--size", "160x90", "--out", out] + args)
            XCTAssertEqual(r.code, 0, "\(args): \(r.err)")
            return try ImageFile.read(path: out).pixels
        }
        for view in ["virtual", "camera"] {
            let zoomed = try render(["--mark", "B zoomed", "--view", view])
            XCTAssertEqual(try render(["--mark", "B still", "--view", view, "--fov-y", "30"]), zoomed, view)
            XCTAssertNotEqual(try render(["--mark", "B still", "--view", view]), zoomed, view)
        }
        func meanDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
            Double(zip(a, b).map { abs(Int($0) - Int($1)) }.reduce(0, +)) / Double(a.count)
        }
        let place = ["--mark", "B still", "--camera", "0,1.6,6", "--look-at", "0,1.6,0"]  // the mark's lens, placed
        let lensAngle = 2 * atan(36 / (2 * 35) / (16.0 / 9)) * 180 / Double.pi  // 32.37°
        let placed = try render(place)
        XCTAssertLessThan(meanDifference(placed, try render(place + ["--fov-y", String(format: "%.6f", lensAngle)])), 0.05)
        XCTAssertGreaterThan(meanDifference(placed, try render(place + ["--fov-y", "45"])), 2)
        XCTAssertNotEqual(placed, try render(place + ["--far", "3"]), "--far clips a placed camera")
        for (args, expected) in [(["--mark", "B still", "--far", "3"], "--near/--far apply to a model"),
                                 (place + ["--view", "witness", "--near", "1"], "--near/--far apply to a model"),
                                 (["--take", "dolly push-in", "--fov-y", "30"], "--fov-y: a sequence's lens comes from the take"),
                                 (["--mark", "B still", "--fov-y", "180"], "--fov-y must be between 0 and 180")] {
            let r = try runCLI(["render", scene, "--out", tmp.appendingPathComponent("refused").path] + args)
            XCTAssertEqual(r.code, 2, "\(args)")
            XCTAssertTrue(r.err.contains(expected), "\(args): \(r.err)")
        }
    }

    /// A keyed scene camera is keyed without a take too: at a mark saved for it, its inner frustum on the wall is
    /// key green in the camera view and in the native canvas, as `render --take` keys its take's frames; the same
    /// pose saved for the unkeyed camera shows the virtual world. (Single frames drew every camera unkeyed.)
    func testAKeyedCameraIsKeyedAtAMark() throws {
        let scene = try sampleWithMarks(["{ name: B still, camera: B, position: [0, 1.6, 6], tilt_deg: 3 }",
                                         "{ name: A still, camera: A, position: [0, 1.6, 6], tilt_deg: 3 }"])
        /// Pixels of the key (#00b140, sRGB 0, 177, 64) in a PNG.
        func keyed(_ path: String) throws -> Int {
            let img = try ImageFile.read(path: path)
            return stride(from: 0, to: img.pixels.count, by: 4).filter {
                img.pixels[$0] < 16 && abs(Int(img.pixels[$0 + 1]) - 177) < 16 && abs(Int(img.pixels[$0 + 2]) - 64) < 16
            }.count
        }
        var counts: [String: Int] = [:]
        for cam in ["A", "B"] {
            let out = tmp.appendingPathComponent(cam).path
            let r = try runCLI(["render", scene, "--mark", "\(cam) still", "--view", "camera", "--size", "160x90", "--out", out + ".png"])
            XCTAssertEqual(r.code, 0, r.err)
            counts[cam] = try keyed(out + ".png")
            let n = try runCLI(["render", scene, "--mark", "\(cam) still", "--view", "wall", "--native", "--size", "160x90",
                                "--out", out])
            XCTAssertEqual(n.code, 0, n.err)
            counts[cam + " canvas"] = try keyed(out + "/main-volume.png")
        }
        XCTAssertEqual(counts["A"], 0, "\(counts)")
        XCTAssertEqual(counts["A canvas"], 0, "\(counts)")
        XCTAssertGreaterThan(counts["B"]!, 160 * 90 / 4, "B's frustum fills most of its picture with the key: \(counts)")
        XCTAssertGreaterThan(counts["B canvas"]!, 10_000, "\(counts)")
    }

    func testOutputsWriteOneImagePerPortAndTheMap() throws {
        let scene = tmp.appendingPathComponent("proc.yaml")
        try """
        name: processors
        stage:
          panels: [{ name: P, cabinet_mm: [500, 500], pixels: [128, 128] }]
          walls: [{ name: wall, panel: P, columns: 4, rows: 2, position: [0, 0, -3] }]
          processors: [{ name: SX40, surfaces: [wall], ports: 4, port_pixels: 60000, cabinets_per_port: 3, order: serpentine }]
        world: { sky: "#336699", objects: [{ name: box, box: [1, 1, 1], translate: [0, 1, -6], color: "#cc8844" }] }
        cameras: [{ name: A, body: { sensor_mm: [36, 24], resolution: [320, 180] }, lens: { focal_mm: 35 }, position: [0, 1.5, 3] }]
        """.write(to: scene, atomically: true, encoding: .utf8)
        let dir = tmp.appendingPathComponent("outs").path
        let r = try runCLI(["render", scene.path, "--view", "wall", "--native", "--outputs", "--out", dir])
        XCTAssertEqual(r.code, 0, r.err)
        let native = tmp.appendingPathComponent("native").path
        XCTAssertEqual(try runCLI(["render", scene.path, "--view", "wall", "--native", "--out", native]).code, 0)
        let canvas = try ImageFile.read(path: native + "/wall.png")
        XCTAssertEqual(canvas.width, 512)
        let map = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/outputs.json"))) as! [String: Any]
        let outs = map["outputs"] as! [[String: Any]]
        XCTAssertEqual(outs.map { $0["file"] as! String }, ["sx40-port01.png", "sx40-port02.png", "sx40-port03.png"])
        XCTAssertEqual(outs.map { $0["canvas_rect"] as! [Int] }, [[0, 0, 384, 128], [256, 0, 256, 256], [0, 128, 256, 128]])
        let cabs = outs.map { ($0["cabinets"] as! [[String: Any]]).map { [$0["column"] as! Int, $0["row"] as! Int] } }
        XCTAssertEqual(cabs, [[[0, 0], [1, 0], [2, 0]], [[3, 0], [3, 1], [2, 1]], [[1, 1], [0, 1]]])
        // Port 2: cabinet (3, 0) at image (128, 0) is canvas (384, 0); its (2, 0)-shaped hole at image (0, 0) is
        // transparent; cabinet (2, 1) at image (0, 128) is canvas (256, 128).
        let p2 = try ImageFile.read(path: dir + "/sx40-port02.png")
        XCTAssertEqual(p2.width, 256); XCTAssertEqual(p2.height, 256)
        func px(_ img: RGBA8Image, _ x: Int, _ y: Int) -> [UInt8] { Array(img.pixels[(4 * (y * img.width + x))..<(4 * (y * img.width + x) + 4)]) }
        for (ix, iy, cx, cy) in [(128, 0, 384, 0), (200, 100, 456, 100), (0, 128, 256, 128), (127, 255, 383, 255)] {
            XCTAssertEqual(px(p2, ix, iy), px(canvas, cx, cy), "image (\(ix), \(iy))")
        }
        XCTAssertEqual(px(p2, 10, 10)[3], 0)
        // info: 3 of 4 ports used, the busiest carrying 3 cabinets of 128 x 128 = 49 152 px.
        let info = try runCLI(["info", scene.path, "--json"])
        let j = try JSONSerialization.jsonObject(with: Data(info.out.utf8)) as! [String: Any]
        let p = (j["processors"] as! [[String: Any]])[0]
        XCTAssertEqual(p["ports_used"] as? Int, 3); XCTAssertEqual(p["busiest_port_pixels"] as? Int, 49152)
        XCTAssertTrue(try runCLI(["info", scene.path]).out.contains("processor     SX40: drives wall; 3 of 4 ports (serpentine), busiest 49152 of 60000 px"))
        // Without processors, and with --take: refused.
        let bad = try runCLI(["render", Self.lantern, "--view", "wall", "--native", "--outputs", "--out", tmp.appendingPathComponent("x").path])
        XCTAssertEqual(bad.code, 1)
        XCTAssertTrue(bad.err.contains("no LED processors"), bad.err)
        XCTAssertEqual(try runCLI(["render", scene.path, "--view", "wall", "--outputs", "--out", dir]).code, 2)
    }
}
