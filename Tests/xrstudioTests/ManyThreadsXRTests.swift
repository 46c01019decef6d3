// ManyThreadsXRTests: the in-camera frame of the default take (distorted zoom lens, light card, wall light) is the
// same bit for bit on 1, 2 and 16 threads, through the library and through `xrstudio render --threads 16`.

import Foundation
import ImageCodecs
import Imaging
import SceneFormat
import SceneImaging
import Shot
import XCTest

final class ManyThreadsXRTests: TempFolderTestCase {
    static let scene = XRViewGoldenTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path

    func testInCameraFrameIsTheSameOnSixteenThreads() throws {
        var scene = try SceneFile.load(path: Self.scene)
        scene.xr.outerFacePixels = 128  // the tests' cube map: smaller than the scene's, same code
        let plan = try ShotTimeline(scene: scene, sceneFile: Self.scene, take: "dolly push-in", width: 240, height: 136)
        let frame = plan.frames[plan.frames.count / 2]
        XCTAssertNotNil(frame.camera.distortion, "the take's lens distorts: the warp runs too")
        var reference: RGBA8Image?
        for threads in [1, 2, 16] {
            let r = try XRFrameRenderer(scene: scene, sceneFile: Self.scene, threads: threads)
            let img = try r.render(.camera, camera: frame.camera, width: 240, height: 136, wall: plan.wall(frame))
            if let ref = reference {
                XCTAssertEqual(img, ref, "in-camera frame differs at \(threads) threads")
            } else {
                reference = img
                XCTAssertGreaterThan(Set(stride(from: 0, to: img.pixels.count, by: 4).map { img.pixels[$0] }).count, 20)
            }
        }
    }

    /// The CLI end to end: the sample scene with a small outer cube (`outer_face_px: 64` in its `xr` block, so a debug build
    /// renders it in moments), the take's lens-distorted in-camera frame, at --threads 1, 2 and 16.
    func testRenderCommandWithSixteenThreadsWritesTheOneThreadFrame() throws {
        let text = try String(contentsOfFile: Self.scene, encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: "\nxr:\n").count, 2, "the sample's xr block, as a block mapping, takes the test's setting")
        let scene = tmp.appendingPathComponent("stage.yaml").path
        try text.replacingOccurrences(of: "\nxr:\n", with: "\nxr:\n  outer_face_px: 64\n")
            .write(toFile: scene, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: XRViewGoldenTests.root.appendingPathComponent("Scenes/takes"),
                                         to: tmp.appendingPathComponent("takes"))
        var files: [[UInt8]] = []
        for threads in ["1", "2", "16"] {
            let out = tmp.appendingPathComponent("t\(threads)").path
            let r = try runCLI(["render", scene, "--view", "camera", "--take", "dolly push-in", "--frames", "200",
                                "--size", "192x108", "--threads", threads, "--out", out])
            XCTAssertEqual(r.code, 0, r.err)
            files.append(Array(try Data(contentsOf: URL(fileURLWithPath: out + "/frame.0200.png"))))
        }
        XCTAssertEqual(files[0], files[1], "--threads 2 wrote a different frame from --threads 1")
        XCTAssertEqual(files[0], files[2], "--threads 16 wrote a different frame from --threads 1")
        XCTAssertGreaterThan(files[0].count, 1000)
    }
}
