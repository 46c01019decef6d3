// ShotTimelineTests: a take becomes the camera at frame t — hand-worked samples through the resampler, the take's
// timecode on each frame, frame numbers from the take's clock, sizes, marks, and the errors a user sees.

import Foundation
import SceneFormat
import SceneModel
import Shot
import XCTest

final class ShotTimelineTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scenePath = root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path

    /// A CSV take in a temporary folder: rows of (time, timecode, x, pan, roll, focal, focus).
    func takeFile(_ rows: [(t: Double, tc: String, x: Double, pan: Double, roll: Double, focal: Double, focus: Double)])
        throws -> String {
        // An explicit pinhole at the tracked point (k1 0, pupil 0): the scene lens's file does not fill them in.
        var text = "time_s,timecode,tc_rate,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm,focus_m,f_stop,k1,pupil_m\n"
        for r in rows { text += "\(r.t),\(r.tc),25,\(r.x),1.5,6,\(r.pan),0,\(r.roll),\(r.focal),\(r.focus),4,0,0\n" }
        return try tempTakeFile("take.csv", text)
    }

    /// Three samples half a second apart, everything linear in time: at 25 fps frame 10 is t = 0.4 s, so x = 0.8 m,
    /// pan 8°, focal 34 mm (30 → 35 over the first half second); roll and stop are held; timecode counts from the
    /// take's own 10:00:00:00; cameras frame the scene's 1920x1080 until sized otherwise.
    func testHandWorkedFrames() throws {
        let scene = try SceneFile.load(path: Self.scenePath)
        let take = try takeFile([(0, "10:00:00:00", 0, 0, -6, 30, 3), (0.5, "10:00:00:12", 1, 10, -6, 35, 3),
                                 (1.0, "10:00:01:00", 2, 20, -6, 40, 3)])
        let t = try ShotTimeline(scene: scene, sceneFile: Self.scenePath, take: take)
        XCTAssertEqual(t.frames.count, 26)
        XCTAssertEqual(t.framesPerSecond, 25, accuracy: 1e-12)
        let f = t.frames[10]
        XCTAssertEqual(f.frame, 10)
        XCTAssertEqual(f.timecode.description, "10:00:00:10")
        XCTAssertEqual(f.camera.pose.position.x, 0.8, accuracy: 1e-9)
        XCTAssertEqual(f.camera.pose.position.y, 1.5, accuracy: 1e-9)
        XCTAssertEqual(f.camera.pose.panDegrees, 8, accuracy: 1e-6)
        XCTAssertEqual(f.camera.pose.rollDegrees, -6, accuracy: 1e-6)
        XCTAssertEqual(f.camera.focalLengthMM, 34, accuracy: 1e-9)
        XCTAssertEqual(f.camera.fStop, 4)
        XCTAssertEqual(f.camera.focusDistanceM, 3, accuracy: 1e-9)
        XCTAssertEqual(f.camera.imageWidth, 1920)
        XCTAssertEqual(f.camera.imageHeight, 1080)
        // The body's sensor frames the width: horizontal angle 2 atan(w / 2f), vertical from the 16:9 image.
        let w = try XCTUnwrap(scene.cameras.first?.body.sensorWidthMM)
        XCTAssertEqual(f.camera.horizontalFOVDegrees, 2 * atan(w / 68) * 180 / .pi, accuracy: 1e-9)
        XCTAssertEqual(f.camera.pose.fovYDegrees, 2 * atan(w / 2 / (16.0 / 9) / 34) * 180 / .pi, accuracy: 1e-9)
        // Sizing keeps the optics; only the vertical angle follows the new aspect.
        let square = t.sized(width: 200, height: 200).frames[10].camera
        XCTAssertEqual(square.focalLengthMM, 34, accuracy: 1e-12)
        XCTAssertEqual(square.pose.position, f.camera.pose.position)
        XCTAssertEqual(square.pose.fovYDegrees, 2 * atan(w / 2 / 34) * 180 / .pi, accuracy: 1e-9)
        XCTAssertEqual(t.path.count, 26)
    }

    /// Frame numbers count from the take's clock: a take starting at 2 s has frames 50-75; `--frames` outside that
    /// is a usage error naming the span; `every` keeps the first of each group.
    func testFrameNumbersFromTheTakesClock() throws {
        let scene = try SceneFile.load(path: Self.scenePath)
        let take = try takeFile([(2, "10:00:02:00", 0, 0, 0, 30, 3), (3, "10:00:03:00", 1, 0, 0, 30, 3)])
        let t = try ShotTimeline(scene: scene, sceneFile: Self.scenePath, take: take)
        XCTAssertEqual(t.frames.first?.frame, 50)
        XCTAssertEqual(t.frames.last?.frame, 75)
        XCTAssertEqual(t.index(ofFrame: 50), 0)
        XCTAssertEqual(t.index(ofFrame: 60), 10)
        XCTAssertNil(t.index(ofFrame: 49))
        // Labels by their numbers: `:` or `;` before the frames (the viewer's `goto`), unpadded fields too.
        XCTAssertEqual(t.frames[10].timecode.description, "10:00:02:10")
        for text in ["10:00:02:10", "10:00:02;10", "10:0:2:10"] { XCTAssertEqual(t.index(ofLabel: text), 10, text) }
        for text in ["10:00:01:24", "10:00:02", "10:00:02:10:00", "x"] { XCTAssertNil(t.index(ofLabel: text), text) }
        // Why not, as the viewer's :goto says it: outside the take, or no timecode (shorthand read as its label).
        XCTAssertEqual(t.whyNoFrame(atLabel: "10:0:1:24"), "the take runs 10:00:02:00-10:00:03:00")
        XCTAssertEqual(t.whyNoFrame(atLabel: "10:00:61:00"), "not a timecode HH:MM:SS:FF")
        XCTAssertEqual(t.frames[0].timecode.description, "10:00:02:00")
        XCTAssertEqual(try t.selecting(52...60, every: 4).map(\.frame), [52, 56, 60])
        XCTAssertThrowsError(try t.selecting(0...10)) { e in
            XCTAssertEqual((e as? JobError)?.exitCode, 2)
            XCTAssertEqual("\(e)", "--frames 0-10: no frames of the take in that range (it has 50-75)")
        }
        XCTAssertThrowsError(try t.selecting(nil, every: 0)) { e in XCTAssertEqual((e as? JobError)?.exitCode, 2) }
    }

    /// A take name the scene does not have is a usage error listing its takes and take sets (the sets were left
    /// out, though --take takes one), or suggesting a near name; a take file that cannot be read is an input error
    /// naming it.
    func testErrors() throws {
        let scene = try SceneFile.load(path: Self.scenePath)
        XCTAssertThrowsError(try ShotTimeline(scene: scene, sceneFile: Self.scenePath, take: "no such take")) { e in
            XCTAssertEqual((e as? JobError)?.exitCode, 2)
            XCTAssertTrue("\(e)".hasSuffix("known: 'dolly push-in', 'zoom through', 'handheld B', 'two cameras'"), "\(e)")
        }
        XCTAssertThrowsError(try ShotTimeline(scene: scene, sceneFile: Self.scenePath, take: "two camera")) { e in
            XCTAssertTrue("\(e)".hasSuffix("; did you mean 'two cameras'?"), "\(e)")
        }
        let empty = try tempTakeFile("empty.csv", "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n")
        XCTAssertThrowsError(try ShotTimeline(scene: scene, sceneFile: Self.scenePath, take: empty)) { e in
            XCTAssertEqual((e as? JobError)?.exitCode, 1)
            XCTAssertTrue("\(e)".hasPrefix(empty), "\(e)")
        }
    }

    /// Marks keep their roll, focal length and focus; without a mark the scene camera's start and lens.
    func testSceneCameras() throws {
        let scene = try SceneFile.load(path: Self.scenePath)
        let dutch = try SceneCameras.shot(mark: "A3 dutch left", in: scene, file: Self.scenePath, width: 1920, height: 1080)
        XCTAssertEqual(dutch.pose.rollDegrees, -6)
        let start = SceneCameras.start(of: scene, width: 1280, height: 720)
        let a = try XCTUnwrap(scene.cameras.first)
        XCTAssertEqual(start.focalLengthMM, a.lens.focalLengthMM)
        XCTAssertEqual(start.pose.position, a.position)
        XCTAssertThrowsError(try SceneCameras.shot(mark: "Z9", in: scene, file: Self.scenePath, width: 16, height: 9)) { e in
            XCTAssertTrue("\(e)".contains("known marks: 'A1 wide'"), "\(e)")
        }
    }

    /// The entrance pupil is the frustum's apex: a take whose samples carry `pupil_m` 0.2 m, panned 90° right, puts
    /// the camera 0.2 m to +x of the tracked position (pan 0: 0.2 m towards -z), and a point on the optical axis
    /// projects to the image centre from there.
    func testEntrancePupilMovesTheApexAlongTheOpticalAxis() throws {
        let scene = try SceneFile.load(path: Self.scenePath)
        for (pan, expected) in [(90.0, SIMD3<Double>(1.2, 1.5, 6)), (0, SIMD3<Double>(1, 1.5, 5.8))] {
            var text = "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm,pupil_m\n"
            text += "0,1,1.5,6,\(pan),0,0,35,0.2\n1,1,1.5,6,\(pan),0,0,35,0.2\n"
            let path = try tempTakeFile("pupil-\(Int(pan)).csv", text)
            let c = try ShotTimeline(scene: scene, sceneFile: Self.scenePath, take: path).frames[5].camera
            XCTAssertEqual(c.pose.position.x, expected.x, accuracy: 1e-9)
            XCTAssertEqual(c.pose.position.y, expected.y, accuracy: 1e-9)
            XCTAssertEqual(c.pose.position.z, expected.z, accuracy: 1e-9)
            let p = try XCTUnwrap(c.project(expected + c.pose.forward * 3))
            XCTAssertEqual(p.x, 0, accuracy: 1e-12)
            XCTAssertEqual(p.y, 0, accuracy: 1e-12)
            XCTAssertEqual(p.depth, 3, accuracy: 1e-12)
        }
    }
}
