// ShotClockTests: a take's own timecode on every frame — drop-frame kept at the take's rate whatever the scene's
// spelling, real-time placement and a warning when the render rate differs, and FreeD read options passed through.

import Foundation
import SceneFormat
import SceneModel
import Shot
import TakeFormats
import Takes
import XCTest

final class ShotClockTests: XCTestCase {
    /// A CSV take timed by its timecode alone (empty time_s: seconds since midnight), x moving 1 m a second.
    func take(_ labels: [String], rate: String) throws -> String {
        var text = "time_s,timecode,tc_rate,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n"
        for (i, l) in labels.enumerated() { text += ",\(l),\(rate),\(i),1.5,6,0,0,0\n" }
        return try tempTakeFile("take.csv", text)
    }

    func scene(fps: String) throws -> Scene {
        var s = try SceneFile.load(path: ShotTimelineTests.scenePath)
        let (n, d, df) = try XCTUnwrap(RenderDefaults.parseRate(fps))
        s.render.frameRateNumerator = n
        s.render.frameRateDenominator = d
        s.render.dropFrame = df
        return s
    }

    /// A 29.97 DF take from 10:00:59;00 to 10:01:01;00 (59 frames: 30 to ;02, then 28 more) at a scene rate of
    /// 29.97, 29.97DF or 30000/1001: every frame carries the take's own label, drop-frame included, and frame
    /// numbers count from midnight (10:00:59;00 is frame 1,080,690).
    func testDropFrameTakeKeepsItsLabels() throws {
        let path = try take(["10:00:59;00", "10:01:01;00"], rate: "29.97DF")
        for fps in ["29.97", "29.97DF", "30000/1001"] {
            let t = try ShotTimeline(scene: try scene(fps: fps), sceneFile: ShotTimelineTests.scenePath, take: path)
            XCTAssertEqual(t.frames.count, 59, fps)
            XCTAssertEqual(t.rate, .fps29_97DF, fps)
            XCTAssertEqual(t.warnings, [], fps)
            XCTAssertEqual(t.frames.first?.timecode.description, "10:00:59;00", fps)
            XCTAssertEqual(t.frames.first?.frame, 1_080_690, fps)
            XCTAssertEqual(t.frames[29].timecode.description, "10:00:59;29", fps)
            XCTAssertEqual(t.frames[30].timecode.description, "10:01:00;02", fps)
            XCTAssertEqual(t.frames[30].frame, 1_080_720, fps)
            XCTAssertEqual(t.frames.last?.timecode.description, "10:01:01;00", fps)
        }
        // Across the tenth minute no label is skipped: 10:09:59;29 → 10:10:00;00.
        let tenth = try take(["10:09:59;28", "10:10:00;01"], rate: "29.97DF")
        let t = try ShotTimeline(scene: try scene(fps: "29.97"), sceneFile: ShotTimelineTests.scenePath, take: tenth)
        XCTAssertEqual(t.frames.map(\.timecode.description), ["10:09:59;28", "10:09:59;29", "10:10:00;00", "10:10:00;01"])
    }

    /// A 59.94 DF take at a scene rate of 59.94DF keeps its labels across minute 1 (;00-;03 skipped).
    func testFiftyNineNinetyFour() throws {
        let path = try take(["10:00:59;58", "10:01:00;05"], rate: "59.94DF")
        let t = try ShotTimeline(scene: try scene(fps: "59.94DF"), sceneFile: ShotTimelineTests.scenePath, take: path)
        XCTAssertEqual(t.frames.map(\.timecode.description), ["10:00:59;58", "10:00:59;59", "10:01:00;04", "10:01:00;05"])
    }

    /// A 23.976 take rendered at 24: frames are placed by real time, labelled at 24, and a warning says so.
    /// 01:00:00:00 at 23.976 is 86,400 frames × 1001/24000 = 3603.6 s, which at 24 fps is frame 86,486.4, so the
    /// first whole 24 fps frame inside the take is 86,487 (01:00:03:15); the last sample, 01:00:01:00 (frame
    /// 86,424 × 1001/24000 = 3604.601 s), is frame 86,510.42 at 24, so the last frame is 86,510 (01:00:04:14).
    func testDifferentRateIsPlacedByRealTimeWithAWarning() throws {
        let path = try take(["01:00:00:00", "01:00:01:00"], rate: "23.976")
        let t = try ShotTimeline(scene: try scene(fps: "24"), sceneFile: ShotTimelineTests.scenePath, take: path)
        XCTAssertEqual(t.rate, .fps24)
        XCTAssertEqual(t.warnings.count, 1)
        XCTAssertTrue(t.warnings[0].contains("23.976") && t.warnings[0].contains("real time"), t.warnings[0])
        XCTAssertEqual(t.frames.first?.frame, 86_487)
        XCTAssertEqual(t.frames.first?.timecode.description, "01:00:03:15")
        XCTAssertEqual(t.frames.last?.frame, 86_510)
        XCTAssertEqual(t.frames.last?.timecode.description, "01:00:04:14")
        // Placed by time: frame 86,487 is at 3603.625 s, 0.025 s into the take (x moves 1 m per 24 labels).
        let x0 = try XCTUnwrap(t.frames.first?.camera.pose.position.x)
        XCTAssertEqual(x0, 0.025 / (24.0 * 1001 / 24000), accuracy: 1e-9)
    }

    /// FreeD options reach the take: `mm` gives the focal length the packets carry; the no-timecode warning is listed.
    func testFreeDLensOptionReachesTheTimeline() throws {
        let samples = (0..<2).map { i in
            TrackingSample(time: Double(i), position: [0, 1.5, 6], pan: 0, tilt: 0, roll: 0,
                           lens: LensSample(focalLength: 32, focusDistance: 3))
        }
        let bytes = try FreeDCapture.write(Take(samples: samples), lens: .mm)
        let path = try tempTakeFile("t.freed", bytes)
        let t = try ShotTimeline(scene: try scene(fps: "25"), sceneFile: ShotTimelineTests.scenePath, take: path,
                                 freed: FreeDReadOptions(rate: .fps25, lens: .mm))
        XCTAssertEqual(t.frames.first?.camera.focalLengthMM ?? 0, 32, accuracy: 1e-9)
        XCTAssertTrue(t.warnings.contains { $0.contains("FreeD carries no timecode") }, "\(t.warnings)")
    }
}
