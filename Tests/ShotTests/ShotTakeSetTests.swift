// ShotTakeSetTests: a take set's takes line up by timecode, whatever their clocks count from.

import Foundation
import SceneFormat
import SceneModel
import Shot
import XCTest

final class ShotTakeSetTests: XCTestCase {
    /// A 25 fps scene with cameras A, B, C and a set of three takes, each written by `rows(camera)`.
    private func scene(_ files: [String: String]) throws -> (Scene, String) {
        let yaml = """
            name: tc sync
            stage:
              panels: [{ name: P, cabinet_mm: [500, 500], pitch_mm: 2.6 }]
              walls: [{ name: main, panel: P, columns: 24, rows: 8 }]
            cameras:
              - { name: A, body: { name: b, sensor_mm: [24, 13.5], resolution: [1920, 1080] }, lens: { name: l, focal_mm: 35 }, position: [0, 1.6, 6] }
              - { name: B, body: { name: b, sensor_mm: [24, 13.5], resolution: [1920, 1080] }, lens: { name: l, focal_mm: 35 }, position: [2, 1.6, 6] }
              - { name: C, body: { name: b, sensor_mm: [24, 13.5], resolution: [1920, 1080] }, lens: { name: l, focal_mm: 35 }, position: [-2, 1.6, 6] }
            takes:
              - { name: a, file: a.csv, camera: A }
              - { name: b, file: b.csv, camera: B }
              - { name: c, file: c.csv, camera: C }
            take_sets:
              - { name: S, takes: [a, b, c] }
            render: { size: [160, 90], fps: 25 }

            """
        let path = try tempTakeFile("scene.yaml", yaml)
        let dir = (path as NSString).deletingLastPathComponent
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name)) }
        return (try SceneFile.load(path: path), path)
    }

    /// `count` rows at `hz` from `start` (a 25 fps label), `time_s` counted from `clock0`; z moves 1 mm a row
    /// from `z0` and x holds `x`, so a pose names its take and row.
    private func take(x: Double, z0: Double, hz: Int, count: Int, start: (h: Int, m: Int, s: Int, f: Int),
                      clock0: Double) -> String {
        var text = "time_s,timecode,tc_rate,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm\n"
        let startFrame = ((start.h * 60 + start.m) * 60 + start.s) * 25 + start.f
        for i in 0..<count {
            // The label: the 25 fps frame the row falls in (50 Hz rows share labels in pairs).
            let f = startFrame + i * 25 / hz
            let label = String(format: "%02d:%02d:%02d:%02d", f / 90_000, f / 1500 % 60, f / 25 % 60, f % 25)
            text += "\(clock0 + Double(i) / Double(hz)),\(label),25,\(x),1.6,\(z0 - Double(i) / 1000),0,0,0,35\n"
        }
        return text
    }

    /// Three takes whose `time_s` count from their own recordings' starts (0 s and 3.52 s) while their timecodes
    /// differ: a from 10:00:00:00 for 8 s, b from 10:00:02:00 for 4 s, c at 50 Hz from 10:00:01:00 for 6 s. The
    /// set is 10:00:02:00-10:00:05:24, numbered on a's clock (frames 50-149), every camera at the same label.
    func testTakesLineUpByTimecodeNotByTheirClocks() throws {
        let (scene, path) = try scene([
            "a.csv": take(x: 0, z0: 6, hz: 25, count: 200, start: (10, 0, 0, 0), clock0: 0),
            "b.csv": take(x: 2, z0: 6, hz: 25, count: 100, start: (10, 0, 2, 0), clock0: 0),
            "c.csv": take(x: -2, z0: 6, hz: 50, count: 300, start: (10, 0, 1, 0), clock0: 3.52),
        ])
        let set = try ShotTakeSet(scene: scene, sceneFile: path, name: "S")
        XCTAssertEqual(set.frames.first, 50)
        XCTAssertEqual(set.frames.last, 149)
        for n in set.frames {
            let frames = try set.timelines.map { t in t.frames[try XCTUnwrap(t.index(ofFrame: n))] }
            let labels = Set(frames.map(\.timecode.description))
            XCTAssertEqual(labels.count, 1, "frame \(n): \(labels)")
            // Hand-worked rows: a's row n, b's row n - 50, c's row 2 (n - 25) at 50 Hz.
            XCTAssertEqual(frames[0].state.position.z, 6 - Double(n) / 1000, accuracy: 1e-9)
            XCTAssertEqual(frames[1].state.position.z, 6 - Double(n - 50) / 1000, accuracy: 1e-9)
            XCTAssertEqual(frames[2].state.position.z, 6 - Double(2 * (n - 25)) / 1000, accuracy: 1e-9)
        }
        XCTAssertEqual(set.timelines[0].frames[try XCTUnwrap(set.timelines[0].index(ofFrame: 50))].timecode.description,
                       "10:00:02:00")
        // The first take keeps its own numbering, as it renders alone.
        let alone = try ShotTimeline(scene: scene, sceneFile: path, take: "a")
        XCTAssertEqual(alone.frames.first?.frame, 0)
        XCTAssertEqual(set.timeline(viewing: 0).frames.map(\.frame), Array(50...149))
        XCTAssertEqual(set.timeline(viewing: 1).frames.map(\.timecode.description),
                       set.timeline(viewing: 0).frames.map(\.timecode.description))
    }

    /// Takes whose clocks are their timecodes' seconds since midnight (empty `time_s`) number their frames from
    /// midnight, as before: 10:00:02:00 is frame 900,050.
    func testClocksFromMidnightKeepTheirNumbers() throws {
        let a = take(x: 0, z0: 6, hz: 25, count: 200, start: (10, 0, 0, 0), clock0: 0)
        let b = take(x: 2, z0: 6, hz: 25, count: 100, start: (10, 0, 2, 0), clock0: 0)
        func midnight(_ text: String) -> String {
            text.split(separator: "\n").enumerated().map { i, line in
                i == 0 ? String(line) : String(line.drop { $0 != "," })
            }.joined(separator: "\n") + "\n"
        }
        let (scene, path) = try scene(["a.csv": midnight(a), "b.csv": midnight(b), "c.csv": midnight(a)])
        let set = try ShotTakeSet(scene: scene, sceneFile: path, name: "S")
        XCTAssertEqual(set.frames.first, 900_050)
        XCTAssertEqual(set.frames.last, 900_149)
        XCTAssertEqual(set.timelines.map(\.timecodeOffset), [0, 0, 0])
    }
}
