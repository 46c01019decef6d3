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

    func testRenderCommandWithSixteenThreadsWritesTheOneThreadFrame() throws {
        var files: [[UInt8]] = []
        for threads in ["1", "16"] {
            let out = tmp.appendingPathComponent("t\(threads).png").path
            let r = try runCLI(["render", Self.scene, "--view", "camera", "--mark", "A2 push in", "--size", "160x90",
                                "--threads", threads, "--out", out])
            XCTAssertEqual(r.code, 0, r.err)
            files.append(Array(try Data(contentsOf: URL(fileURLWithPath: out))))
        }
        XCTAssertEqual(files[0], files[1], "--threads 16 wrote a different frame from --threads 1")
        XCTAssertGreaterThan(files[0].count, 1000)
    }
}
