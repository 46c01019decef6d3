// ViewerAppTests: the viewer's loop driven without a terminal: a recording screen and a hand-held clock. Playback
// follows the clock, `:goto` pauses on the take's camera, flying keeps roll and optics, the status line carries the
// take's focus, and `:snapshot` writes the bytes `render` writes for that frame.

import Foundation
import ImageCodecs
import Imaging
import RenderJobs
import SceneImaging
import SceneModel
@testable import StudioTUI
import Synchronization
import TerminalBlit
import XCTest

/// A terminal that records what the viewer draws and hands it keys one turn at a time.
final class FakeScreen: ViewerScreen {
    var size = (cols: 120, rows: 43)
    var quitRequested = false
    let ansiCount = 16
    /// Keys for the coming turns, one list per turn.
    var pending: [[KeyInput]] = []
    private(set) var viewport: CellGrid?
    private(set) var paints = 0
    private(set) var lines: [Int: String] = [:]

    func readKeys() -> [KeyInput] { pending.isEmpty ? [] : pending.removeFirst() }
    func paintViewport(_ grid: CellGrid, depth: ColorDepth) {
        viewport = grid
        paints += 1
    }
    func invalidateViewport() {}
    func erase() { lines.removeAll() }
    func putText(row: Int, col: Int, _ text: String, width: Int, style: TextStyle) {
        lines[row] = String(text.unicodeScalars.prefix(width).map(Character.init))
    }
    func putCells(row: Int, col: Int, _ cells: [Cell], depth: ColorDepth) {
        lines[row] = String(cells.map { Character($0.glyph) })
    }
    func update() {}
    func forceFullRepaint() {}
    var counters: String { "fake" }

    /// Types `text` (one turn).
    func type(_ text: String) { pending.append(text.unicodeScalars.map { KeyInput.character($0) }) }
}

/// Snapshots the viewer wrote, by path.
final class SnapshotBox: @unchecked Sendable {
    private let images = Mutex<[String: RGBA8Image]>([:])
    func put(_ image: RGBA8Image, _ path: String) { images.withLock { $0[path] = image } }
    var first: RGBA8Image? { images.withLock { $0.values.first } }
}

/// Time that moves only when the test says so.
final class FakeClock: ViewerClock {
    var seconds = 0.0
}

final class ViewerAppTests: XCTestCase {
    static let scenePath = ViewerTruthTests.scenePath

    struct Harness {
        let app: ViewerApp
        let screen: FakeScreen
        let clock: FakeClock
        let snapshots: SnapshotBox
        let scene: ViewerScene

        /// Turns the loop until `done` holds (the render worker runs on its own thread), at most `seconds`.
        func turn(until done: () -> Bool, seconds: Double = 120, file: StaticString = #filePath, line: UInt = #line) {
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                XCTAssertTrue(app.turn(), file: file, line: line)
                if done() { return }
                usleep(5000)
            }
            XCTFail("timed out", file: file, line: line)
        }
    }

    func testPlaybackFollowsTheClockAndGotoPausesOnTheTakesCamera() throws {
        let h = try harness(take: "dolly push-in")
        let timeline = try XCTUnwrap(h.scene.timeline)
        h.turn(until: { h.screen.paints > 0 })
        XCTAssertEqual(h.app.state.playhead, 0)
        XCTAssertTrue(h.app.state.playing)
        // 2.96 s at 25 fps: frame 74, the take's camera (32.92 mm).
        h.clock.seconds = 2.96
        XCTAssertTrue(h.app.turn())
        XCTAssertEqual(h.app.state.playhead, 74)
        XCTAssertEqual(h.app.state.camera, timeline.frames[74].camera)
        XCTAssertEqual(h.app.state.camera.focalLengthMM, 32.92, accuracy: 0.01)
        // :goto 200 pauses there; the clock no longer moves the playhead.
        h.screen.type(":goto 200\r")
        XCTAssertTrue(h.app.turn())
        XCTAssertEqual(h.app.state.playhead, 200)
        XCTAssertFalse(h.app.state.playing)
        XCTAssertEqual(h.app.state.camera, timeline.frames[200].camera)
        h.clock.seconds = 10
        XCTAssertTrue(h.app.turn())
        XCTAssertEqual(h.app.state.playhead, 200)
        // The status line (row rows-2) shows the take's focus at frame 200, once its frame has been painted.
        let focus = String(format: "focus %.2fm", timeline.frames[200].camera.focusDistanceM)
        h.turn(until: { h.screen.lines[h.screen.size.rows - 2]?.contains(focus) == true })
        // The hint line names the take's frame and timecode.
        h.turn(until: { h.screen.lines[h.screen.size.rows - 1]?.contains("frame 200 (201/351) paused") == true })
        // Flying takes the camera from the take and keeps its roll, focus and focal length.
        h.screen.type("w")
        XCTAssertTrue(h.app.turn())
        let flown = h.app.state.camera
        XCTAssertNotEqual(flown.pose.position, timeline.frames[200].camera.pose.position)
        XCTAssertEqual(flown.pose.rollDegrees, timeline.frames[200].camera.pose.rollDegrees)
        XCTAssertEqual(flown.focusDistanceM, timeline.frames[200].camera.focusDistanceM)
        XCTAssertEqual(flown.focalLengthMM, timeline.frames[200].camera.focalLengthMM)
        // Messages go after four seconds of the viewer's clock.
        h.screen.type(":nonsense\r")
        XCTAssertTrue(h.app.turn())
        XCTAssertNotNil(h.app.state.message)
        h.clock.seconds += 4.5
        XCTAssertTrue(h.app.turn())
        XCTAssertNil(h.app.state.message)
        h.screen.type("q")
        XCTAssertFalse(h.app.turn())
    }

    /// `:snapshot WxH` on a paused take frame writes exactly what `render --take --frames N --view V --size WxH` writes.
    func testSnapshotEqualsTheCLIRender() throws {
        let h = try harness(take: "dolly push-in")
        h.turn(until: { h.screen.paints > 0 })
        h.screen.type(":goto 120\r")
        XCTAssertTrue(h.app.turn())
        h.screen.type("4")  // the plan view
        XCTAssertTrue(h.app.turn())
        XCTAssertEqual(h.app.state.view, .plan)
        h.screen.type(":snapshot 240x135\r")
        XCTAssertTrue(h.app.turn())
        h.turn(until: { h.snapshots.first != nil })
        let shot = try XCTUnwrap(h.snapshots.first)
        let dir = NSTemporaryDirectory() + "xrstudio-snap-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var r = SequenceRequest(scenePath: Self.scenePath, take: "dolly push-in", outDirectory: dir, frames: 120...120,
                                size: (240, 135), threads: 2)
        r.view = .plan
        _ = try SequenceRender.run(r)
        let cli = try ImageFile.read(path: dir + "/frame.0120.png")
        XCTAssertEqual(shot.width, 240)
        XCTAssertEqual(shot.height, 135)
        XCTAssertTrue(shot.pixels == cli.pixels, "the snapshot differs from render's frame")
        h.turn(until: { h.app.state.message?.hasPrefix("saved xrstudio-") == true })
        // The message names the frame it shows (the playhead may move on before it is read).
        XCTAssertTrue(h.app.state.message?.contains("(240x135 plan, frame 120 ") == true, h.app.state.message ?? "")
    }

    /// `q` while a `:render` is writing frames does not quit at once (it used to abandon the render silently): it
    /// says so, and a second `q` quits. With no render running, `q` quits at once.
    func testQuitDuringARenderAsksTwice() throws {
        let gate = DispatchSemaphore(value: 0)
        let h = try harness(take: "dolly push-in", analyse: false, renders: { _ in gate.wait(); return "rendered" })
        defer { gate.signal() }
        h.turn(until: { h.screen.paints > 0 })
        h.screen.type(":render 100-110\r")
        XCTAssertTrue(h.app.turn())
        h.screen.type("q")
        XCTAssertTrue(h.app.turn(), "the first q quit while the render ran")
        XCTAssertTrue(h.app.state.message?.contains("a :render is still writing frames: q again to stop it") == true,
                      h.app.state.message ?? "")
        h.screen.type("q")
        XCTAssertFalse(h.app.turn(), "the second q did not quit")
        let idle = try harness(take: "dolly push-in", analyse: false)
        idle.turn(until: { idle.screen.paints > 0 })
        idle.screen.type("q")
        XCTAssertFalse(idle.app.turn())
    }

    /// Without a take the viewer starts at the first mark; a resize lays the picture out again, letterboxed.
    func testResizeKeepsTheCameraAndLetterboxes() throws {
        let h = try harness(take: nil)
        h.turn(until: { h.screen.paints > 0 })
        let before = h.app.state.camera
        h.screen.size = (cols: 80, rows: 24)
        let painted = h.screen.paints
        h.turn(until: { h.screen.paints > painted && h.screen.viewport?.cols == 80 })
        XCTAssertEqual(h.app.state.camera, before)  // nothing about the shot depends on the terminal
        let grid = try XCTUnwrap(h.screen.viewport)
        XCTAssertEqual(grid.rows, 22)  // status and hint lines below
        // 80 x 22 cells show 16:9 as 78 x 22 cells (2 x 22 x 16/9 = 78.2), centred: one black column each side.
        let layout = ViewportLayout(cols: 80, rows: 22, blitter: .half, aspect: 16.0 / 9.0)
        XCTAssertEqual(layout.picture.cols, 78)
        XCTAssertEqual(layout.picture.col, 1)
        XCTAssertEqual(grid[0, 5], Cell(glyph: " ", fg: RGB(0, 0, 0), bg: RGB(0, 0, 0)))
    }
}

extension XCTestCase {
    /// The viewer on the sample scene (with `take`: a take or take set) on a recording screen and a hand-held clock;
    /// `analyse: false` leaves out the take's background analysis (tests that set the problems themselves);
    /// `renders` stands for the app's sequence renderer (`:render A-B`).
    func harness(take: String?, analyse: Bool = true,
                 renders: (@Sendable (SequenceJob) throws -> String)? = nil) throws -> ViewerAppTests.Harness {
        let scene = try ViewerScene.sceneFile(path: ViewerAppTests.scenePath, take: take)
        let shots = SnapshotBox()
        var options = try ViewerOptions(color: "truecolor", blitter: "half", graphics: "off") { image, path in
            shots.put(image, path)
        }
        options.renderSequence = renders
        let plan = ColorPlan(terminal: nil, depth: .truecolor, direct: true, colors: 1 << 24, note: nil)
        let screen = FakeScreen(), clock = FakeClock()
        let app = ViewerApp(scene: scene, options: options, plan: plan, terminal: screen, unicode: true, threads: 2,
                            clock: clock, analyse: analyse)
        app.start()
        return ViewerAppTests.Harness(app: app, screen: screen, clock: clock, snapshots: shots, scene: scene)
    }
}
