// FarmTakeSetTests: a take set on the farm. `farm plan --take SET --views all` cuts each camera's camera and virtual
// views and the shared wall, plan and witness views into chunks, in the folders `render --view all` writes; run
// one by one, the chunk commands give frames bit-identical to that one-machine render.

import Foundation
import XCTest

final class FarmTakeSetTests: TempFolderTestCase {
    static let scene = CommandLineTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path

    func testTakeSetChunksEqualTheOneMachineRenderOfEveryView() throws {
        let out = tmp.appendingPathComponent("farm").path, ref = tmp.appendingPathComponent("ref").path
        let one = try runCLI(["render", Self.scene, "--take", "two cameras", "--view", "all", "--frames", "100-101",
                              "--size", "96x54", "--out", ref, "--quiet"])
        XCTAssertEqual(one.code, 0, one.err)
        let plan = try runCLI(["farm", "plan", Self.scene, "--take", "two cameras", "--views", "all", "--frames", "100-101",
                               "--chunk", "1", "--size", "96x54", "--out", out, "--json"])
        XCTAssertEqual(plan.code, 0, plan.err)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(plan.out.utf8)) as? [String: Any])
        let jobs = try XCTUnwrap(json["jobs"] as? [[String: Any]])
        XCTAssertEqual(jobs.count, 2 * 7, "2 chunks x (camera and virtual of A and B, wall, plan, witness)")
        XCTAssertEqual(Set(jobs.compactMap { $0["view"] as? String }),
                       ["camera:A", "camera:B", "virtual:A", "virtual:B", "wall", "plan", "witness"])
        for job in jobs {
            let argv = try XCTUnwrap(job["argv"] as? [String])
            let r = try runCLI(Array(argv.dropFirst()))
            XCTAssertEqual(r.code, 0, "\(argv): \(r.err)")
        }
        let folders = try FileManager.default.contentsOfDirectory(atPath: ref).sorted()
        XCTAssertEqual(folders, ["camera-a", "camera-b", "plan", "virtual-a", "virtual-b", "wall", "witness"])
        for folder in folders {
            for frame in ["frame.0100.png", "frame.0101.png"] {
                let a = try Data(contentsOf: URL(fileURLWithPath: "\(ref)/\(folder)/\(frame)"))
                let b = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(folder)/\(frame)"))
                XCTAssertEqual(a, b, "\(folder)/\(frame)")
            }
        }
        // One camera by name; a name not in the set, and a camera named with a plain take, are usage errors.
        let b = try runCLI(["farm", "plan", Self.scene, "--take", "two cameras", "--views", "virtual:B,wall", "--chunk", "100",
                            "--out", out])
        XCTAssertEqual(b.code, 0, b.err)
        XCTAssertTrue(b.out.contains("--view virtual:B --out \(out)/virtual-b "), b.out)
        XCTAssertFalse(b.out.contains("virtual:A"), b.out)
        let missing = try runCLI(["farm", "plan", Self.scene, "--take", "two cameras", "--views", "camera:C", "--chunk", "100", "--out", out])
        XCTAssertEqual(missing.code, 2)
        XCTAssertTrue(missing.err.contains("no camera 'C' in the take set (its cameras: 'B', 'A')"), missing.err)
        let plain = try runCLI(["farm", "plan", Self.scene, "--take", "dolly push-in", "--views", "camera:A", "--chunk", "100", "--out", out])
        XCTAssertEqual(plain.code, 2)
        XCTAssertTrue(plain.err.contains("a camera is chosen with a take set"), plain.err)
    }

    /// Layers a view cannot have are refused when the plan is made, as `render` refuses them before it renders:
    /// the plan was written and every camera chunk then failed (alpha on the camera view without its CG plate), and
    /// an unknown layer or a wall view's layers were passed on to fail on the farm.
    func testLayersTheViewsCannotHaveAreRefusedByThePlan() throws {
        let out = tmp.appendingPathComponent("farm").path
        func plan(_ views: String, _ aov: String) throws -> (code: Int32, out: String, err: String) {
            try runCLI(["farm", "plan", Self.scene, "--take", "dolly push-in", "--views", views, "--frame-format", "exr",
                        "--aov", aov, "--chunk", "100", "--out", out])
        }
        let rows: [(String, String, String)] = [
            ("virtual,camera", "alpha", "--aov alpha: the camera view is what the camera records, opaque"),
            ("wall", "P", "--aov: layers are made for the camera and virtual views only, not wall"),
            ("virtual", "normals", "--aov: unknown layer 'normals'"),
        ]
        for (views, aov, message) in rows {
            let r = try plan(views, aov)
            XCTAssertEqual(r.code, 2, "\(views) \(aov): \(r.err)")
            XCTAssertTrue(r.err.contains(message), "\(views) \(aov): \(r.err)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written")
        XCTAssertEqual(try plan("virtual,camera", "virtual,alpha").code, 0, "the camera view's CG plate has alpha")
    }
}
