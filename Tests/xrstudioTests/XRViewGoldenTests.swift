// XRViewGoldenTests: every XR view (camera, virtual, wall, plan, witness) of the three sample scenes, from each
// scene's first mark, compared bit for bit with Tests/Golden/views; the camera view is also rendered on one thread.

import Foundation
import ImageCodecs
import Imaging
import RenderJobs
import SceneModel
import Shot
import XCTest
import SceneImaging
import SceneFormat

final class XRViewGoldenTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let golden = root.appendingPathComponent("Tests/Golden/views")
    static let scenes = ["binhai-xr-stage", "yangliuqing-hall", "lantern-flat-wall"]

    func render(_ scene: Scene, file: String, view: XRView, threads: Int) throws -> RGBA8Image {
        let r = try XRFrameRenderer(scene: scene, sceneFile: file, threads: threads)
        let cam = try SceneCameras.shot(mark: scene.marks.first?.name, in: scene, file: file, width: 320, height: 180)
        return try r.render(view, camera: cam, width: 320, height: 180)
    }

    func testEveryViewOfEverySampleSceneMatchesItsGoldenFrame() throws {
        for name in Self.scenes {
            let file = Self.root.appendingPathComponent("Scenes/\(name).yaml").path
            var scene = try SceneFile.load(path: file)
            scene.xr.outerFacePixels = 256  // the tests' cube map: smaller than a scene's default, same code
            for (viewName, view) in XRView.named {
                let image = try render(scene, file: file, view: view, threads: 2)
                try GoldenFrame.check(image, at: Self.golden.appendingPathComponent("\(name)-\(viewName).png"),
                                      name: "\(name) \(viewName)")
                if GoldenFrame.recording { continue }
                // Distinct colours: a view that came out blank would not be a golden frame worth keeping.
                var colours = Set<Int>()
                for i in stride(from: 0, to: image.pixels.count, by: 4) {
                    let r = Int(image.pixels[i]), g = Int(image.pixels[i + 1]), b = Int(image.pixels[i + 2])
                    colours.insert(r << 16 | g << 8 | b)
                }
                XCTAssertGreaterThan(colours.count, 8, "\(name) \(viewName)")
                if view == .camera {
                    XCTAssertEqual(try render(scene, file: file, view: view, threads: 1), image, "\(name): 1 thread differs")
                }
            }
        }
        if GoldenFrame.recording { XCTFail("view golden frames recorded in \(Self.golden.path): check them and run the tests again") }
    }

    /// The two-camera sample: the take set 'two cameras' at frame 150 (10:00:06:00), seen from A (B's keyed frustum,
    /// on top, crossing A's shot: the mistake `analyze` flags), from B (its own frustum keyed with markers), and the
    /// wall with both and the light card; identical on 1 and 2 threads.
    func testTwoCameraSampleMatchesItsGoldenFrames() throws {
        let file = Self.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path
        var scene = try SceneFile.load(path: file)
        scene.xr.outerFacePixels = 256
        let set = try ShotTakeSet(scene: scene, sceneFile: file, name: "two cameras", width: 320, height: 180)
        XCTAssertEqual(set.cameraNames, ["B", "A"])
        for (name, view, viewing) in [("two-cameras-A-camera", XRView.camera, 1), ("two-cameras-B-camera", .camera, 0),
                                      ("two-cameras-wall", .wall, 1)] {
            let wall = try XCTUnwrap(set.wall(frame: 150, viewing: viewing))
            var images: [RGBA8Image] = []
            for threads in [2, 1] {
                let r = try XRFrameRenderer(scene: scene, sceneFile: file, threads: threads)
                images.append(try r.render(view, camera: wall.cameras[viewing], width: 320, height: 180, wall: wall))
            }
            XCTAssertEqual(images[0], images[1], "\(name): 1 thread differs")
            try GoldenFrame.check(images[0], at: Self.golden.appendingPathComponent("\(name).png"), name: name)
        }
        // B's frustum is keyed: the wall shows key green (sRGB 0, 176, 64, as the wall view draws it) and white markers.
        let b = try XRFrameRenderer(scene: scene, sceneFile: file, threads: 2)
        let wallB = try XCTUnwrap(set.wall(frame: 150, viewing: 0))
        let bImage = try b.render(.wall, camera: wallB.cameras[0], width: 320, height: 180, wall: wallB)
        var green = 0, white = 0
        for i in stride(from: 0, to: bImage.pixels.count, by: 4) {
            let px = Array(bImage.pixels[i..<(i + 3)])
            if px[0] < 20 && abs(Int(px[1]) - 176) < 24 && abs(Int(px[2]) - 64) < 24 { green += 1 }
            if px[0] > 200 && px[1] > 200 && px[2] > 200 { white += 1 }
        }
        XCTAssertGreaterThan(green, 1000)
        XCTAssertGreaterThan(white, 10)
        if GoldenFrame.recording { XCTFail("two-camera golden frames recorded: check them and run the tests again") }
    }
}
