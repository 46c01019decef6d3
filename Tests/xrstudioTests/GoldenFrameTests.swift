// GoldenFrameTests: renders of the sample stage, compared bit for bit with the PNGs in Tests/Golden.
//
// Recording is explicit and never passes: `make golden` sets XRSTUDIO_RECORD_GOLDEN=1, which writes the frames
// and then fails the test, so a recording run can never be mistaken for a check (Docs/golden-frames.md).

import FoundationEssentials
import Foundation
import Geometry
import ImageCodecs
import Imaging
import RasterCore
import RenderJobs
import SampleStage
import XCTest
import SceneImaging

final class GoldenFrameTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden/sample-stage")

    /// The views kept as golden frames: the default camera, a low wide view across the floor grid, a close look
    /// at the wall (texture minification and cabinet seams), and a view from behind the wall's edge.
    static let views: [(name: String, camera: ModelCamera)] = [
        ("default", SampleStage.defaultCamera),
        ("wide-low", ModelCamera(eye: [-5, 0.6, 6], lookAt: [1, 2, -4], fovYDegrees: 70)),
        ("wall-close", ModelCamera(eye: [0.5, 2.5, -4.5], lookAt: [0.8, 2.4, -8], fovYDegrees: 35)),
        ("wall-edge", ModelCamera(eye: [9, 3, -2], lookAt: [0, 2, -3], fovYDegrees: 55)),
    ]

    func render(_ camera: ModelCamera, threads: Int, tileSize: Int = 64) throws -> RGBA8Image {
        let (w, h) = (480, 270)
        let view = try camera.viewSetup(width: w, height: h, bounds: nil)
        let r = Rasterizer()
        try r.render(try SampleStage.drawList(), view: view,
                     settings: FrameSettings(width: w, height: h, clearColor: SampleStage.clearColor, tileSize: tileSize,
                                             threads: threads))
        return r.colorImage()
    }

    func testSampleStageMatchesGoldenFrames() throws {
        for (name, camera) in GoldenFrameTests.views {
            let image = try render(camera, threads: 2)
            try GoldenFrame.check(image, at: GoldenFrameTests.golden.appendingPathComponent("\(name).png"), name: name)
            if GoldenFrame.recording { continue }
            // Thread count and tile size must not matter.
            XCTAssertEqual(try render(camera, threads: 1, tileSize: 32), image, "\(name): 1 thread / 32 px tiles differ")
        }
        if GoldenFrame.recording { XCTFail("golden frames recorded in \(GoldenFrameTests.golden.path): check them and run the tests again") }
    }
}
