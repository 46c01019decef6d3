// TakeSetAllViewsTests: `render --take SET --view all` through the real binary on a small two-camera scene: each
// camera's camera and virtual folders, the shared wall, plan and witness once, each with its sidecar.

import Foundation
import XCTest

final class TakeSetAllViewsTests: TempFolderTestCase {
    /// A 4 m x 2 m wall, cameras "A cam" and "B" driven by two 3-frame takes (B 1 m to the right of A), a light
    /// card, and a 16-pixel cube map so the debug build renders quickly.
    func twoCameraScene() throws -> String {
        let header = "time_s,timecode,tc_rate,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm,focus_m,f_stop,k1,k2,pupil_m,zoom_raw,focus_raw,iris_raw,user_raw,camera_id\n"
        func take(x: Double) -> [UInt8] {
            Array((header + (0..<3).map { ",10:00:00:0\($0),25,\(x),1.5,\(3 - 0.1 * Double($0)),0,0,0,35,3,2.8,,,,,,,,1\n" }.joined()).utf8)
        }
        _ = try write("a.csv", take(x: -0.5))
        _ = try write("b.csv", take(x: 0.5))
        let yaml = """
            name: two camera fixture
            stage:
              panels: [{ name: P, cabinet_mm: [500, 500], pitch_mm: 15.6 }]
              walls: [{ name: wall, panel: P, columns: 8, rows: 4, position: [0, 0, -2] }]
            cameras:
              - name: A cam
                body: { name: b, sensor_mm: [36, 20.25], resolution: [1920, 1080] }
                lens: { name: l, focal_mm: 35, f_stop: 2.8, focus_m: 3 }
              - name: B
                body: { name: b, sensor_mm: [36, 20.25], resolution: [1920, 1080] }
                lens: { name: l, focal_mm: 35, f_stop: 2.8, focus_m: 3 }
            takes:
              - { name: take a, file: a.csv, camera: A cam }
              - { name: take b, file: b.csv, camera: B }
            take_sets: [{ name: both, takes: [take a, take b] }]
            light_cards: [{ name: fill, surface: wall, centre_m: [1, 1], size_m: [1, 1], color: "#00ffff" }]
            xr: { outer_face_px: 16 }
            render: { size: [64, 36], fps: 25 }
            """
        return try write("scene.yaml", Array(yaml.utf8))
    }

    /// Frame numbers count from midnight: 10:00:00:01 at 25 fps is 900001.
    func testAllViewsOfATakeSetCoverEveryCamera() throws {
        let scene = try twoCameraScene()
        let out = tmp.appendingPathComponent("all").path
        let r = try runCLI(["render", scene, "--take", "both", "--view", "all", "--frames", "900001-900002", "--out", out, "--quiet"])
        XCTAssertEqual(r.code, 0, r.err)
        let folders = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(folders, ["camera-a-cam", "camera-b", "plan", "virtual-a-cam", "virtual-b", "wall", "witness"])
        for f in folders {
            let files = try FileManager.default.contentsOfDirectory(atPath: out + "/" + f).sorted()
            XCTAssertEqual(files, ["frame.900001.png", "frame.900002.png", "sequence.json"], f)
        }
        // Each per-camera folder is seen from its camera (the sidecar names it); the shared ones from the first.
        for (folder, camera, view) in [("camera-a-cam", "A cam", "camera"), ("virtual-b", "B", "virtual"),
                                       ("camera-b", "B", "camera"), ("plan", "A cam", "plan")] {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(folder)/sequence.json"))
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            XCTAssertEqual((json["view"] as? [String: Any])?["camera"] as? String, camera, folder)
            XCTAssertEqual(json["xr_view"] as? String, view, folder)
        }
        // A and B stand 1 m apart: their views of the wall differ.
        let a = try Data(contentsOf: URL(fileURLWithPath: out + "/camera-a-cam/frame.900001.png"))
        let b = try Data(contentsOf: URL(fileURLWithPath: out + "/camera-b/frame.900001.png"))
        XCTAssertNotEqual(a, b)
        // A plain take still writes one folder per view.
        let single = tmp.appendingPathComponent("single").path
        let s = try runCLI(["render", scene, "--take", "take b", "--view", "all", "--frames", "900001-900001", "--out", single, "--quiet"])
        XCTAssertEqual(s.code, 0, s.err)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: single).sorted(),
                       ["camera", "plan", "virtual", "wall", "witness"])
    }
}
