// TakeSetViewerTests: the viewer on a take set (`tui SCENE --take SET`): the viewed camera switches with `n` and
// `:camera NAME` (a one-line message for an unknown name), the status line names it, the set's problem ranges
// (each camera's and the wall's, accepted ones marked) land on the shared frames, and `]` names them.

import Foundation
import ImageCodecs
import RenderJobs
import SceneModel
@testable import ShotAnalysis
@testable import StudioTUI
import Synchronization
import XCTest

final class TakeSetViewerTests: XCTestCase {
    static let scenePath = ViewerTruthTests.scenePath

    /// Camera names: exact, then the one case-insensitive match; otherwise the set's cameras and the nearest name.
    func testCameraNames() throws {
        let scene = try ViewerScene.sceneFile(path: Self.scenePath, take: "two cameras")
        let set = try XCTUnwrap(scene.takeSet)
        XCTAssertEqual(try set.camera(named: "A").get(), 1)
        XCTAssertEqual(try set.camera(named: "b").get(), 0)
        guard case .failure(let e) = set.camera(named: "AA") else { return XCTFail("AA matched") }
        XCTAssertEqual(e.message, "camera: no camera 'AA' in take set 'two cameras' (cameras B, A); did you mean 'A'?")
        guard case .failure(let far) = set.camera(named: "crane") else { return XCTFail("crane matched") }
        XCTAssertEqual(far.message, "camera: no camera 'crane' in take set 'two cameras' (cameras B, A)")
        // Without a name, the set's own cameras (the example given was always 'camera B').
        guard case .failure(let none) = set.camera(named: "") else { return XCTFail("no name matched") }
        XCTAssertEqual(none.message, "camera: take set 'two cameras' has cameras B, A: give one's name (n steps through them)")
        // Every camera's timeline holds exactly the shared frames, in the same order.
        XCTAssertEqual(set.timelines[0].frames.map(\.frame), set.timelines[1].frames.map(\.frame))
        XCTAssertEqual(set.timelines[0].frames.map(\.frame), set.set.frames)
        XCTAssertEqual(scene.timeline?.frames.map(\.frame), set.set.frames)
    }

    /// Problem ranges (frame numbers) become spans of playback indices on the shared frames, keeping their camera
    /// and accepted mark; a range reaching outside the shared frames is dropped.
    func testProblemRangesBecomeSpansOfTheSharedFrames() throws {
        let scene = try ViewerScene.sceneFile(path: Self.scenePath, take: "two cameras")
        let t = try XCTUnwrap(scene.takeSet).timelines[0]
        let first = t.frames[0].frame
        func range(_ rule: AnalysisSettings.Rule, _ a: Int, _ b: Int, camera: String?, accepted: Bool) -> ProblemRange {
            var r = ProblemRange(rule: rule, firstFrame: a, lastFrame: b, firstTimecode: "", lastTimecode: "", frames: b - a + 1,
                                 worst: 1, detail: "d")
            r.camera = camera
            r.accepted = accepted
            return r
        }
        let spans = ProblemLoader.spans([range(.frustumInShot, first + 64, first + 220, camera: "A", accepted: false),
                                         range(.frustumOverlap, first + 59, first + 225, camera: nil, accepted: true),
                                         range(.overshoot, first - 10, first + 3, camera: "B", accepted: false)], on: t)
        XCTAssertEqual(spans, [ProblemSpan(rule: "frustum_in_shot", frames: 64...220, detail: "d", camera: "A"),
                               ProblemSpan(rule: "frustum_overlap", frames: 59...225, detail: "d", accepted: true)])
    }

    /// The loop on the take set: starts viewing B (first in priority), `n` views A at the same frame, `:camera`
    /// picks by name or says what is wrong, `]` names the problem it jumps to, and the status line and hint name
    /// the viewed camera.
    func testSwitchingCamerasAndJumpingToTheSetsProblems() throws {
        let h = try harness(take: "two cameras", analyse: false)
        let set = try XCTUnwrap(h.scene.takeSet)
        h.turn(until: { h.screen.paints > 0 })
        let status = h.screen.size.rows - 2, hint = h.screen.size.rows - 1
        h.screen.type(":goto 200\r")
        XCTAssertTrue(h.app.turn())
        let i = try XCTUnwrap(set.timelines[0].index(ofFrame: 200))
        XCTAssertEqual(h.app.state.camera, set.timelines[0].frames[i].camera)
        h.turn(until: { h.screen.lines[status]?.hasPrefix("camera:B | ") == true })
        XCTAssertTrue(h.screen.lines[status]?.contains("| B f/") == true, h.screen.lines[status] ?? "")
        h.screen.type("n")
        XCTAssertTrue(h.app.turn())
        XCTAssertEqual(h.app.viewing, 1)
        XCTAssertEqual(h.app.state.camera, set.timelines[1].frames[i].camera, "A's camera at the same frame")
        XCTAssertEqual(h.app.state.message, "viewing camera A (2 of 2: B, A)")
        XCTAssertEqual(h.app.wall?.cameras, [set.timelines[0].frames[i].camera, set.timelines[1].frames[i].camera])
        h.turn(until: { h.screen.lines[status]?.hasPrefix("camera:A | ") == true })
        h.screen.type(":camera crane\r")
        XCTAssertTrue(h.app.turn())
        XCTAssertEqual(h.app.state.message, "camera: no camera 'crane' in take set 'two cameras' (cameras B, A)")
        XCTAssertEqual(h.app.viewing, 1)
        h.screen.type(":camera b\r")
        XCTAssertTrue(h.app.turn())
        XCTAssertEqual(h.app.viewing, 0)
        h.screen.type("N")
        XCTAssertTrue(h.app.turn())
        XCTAssertEqual(h.app.viewing, 1, "N wraps round to the last camera")
        h.clock.seconds += 5
        h.turn(until: { h.screen.lines[hint]?.hasPrefix("take set two cameras camera A ") == true })
        // A problem as the set's analysis gives it (injected: the analysis is `analyze`'s, tested there, and takes
        // minutes in a debug build).
        h.app.problems = [ProblemSpan(rule: "frustum_overlap", frames: (i + 5)...(i + 9), detail: "overlap", accepted: true)]
        h.screen.type("]")
        XCTAssertTrue(h.app.turn())
        XCTAssertEqual(h.app.state.playhead, i + 5)
        XCTAssertEqual(h.app.state.camera, set.timelines[1].frames[i + 5].camera)
        XCTAssertEqual(h.app.state.message, "frustum_overlap (accepted): overlap")
        h.screen.type("q")
        XCTAssertFalse(h.app.turn())
    }

    /// The set's problem ranges arrive from the background analysis whenever it finishes: their notice waits for
    /// the message answering the user's last key (`n`'s) to run its time instead of replacing it at once (on CI the
    /// analysis finished just after `n`, and the answer was gone before it could be read).
    func testABackgroundNoticeWaitsForTheAnswerToTheLastKey() throws {
        let h = try harness(take: "two cameras", analyse: false)
        h.turn(until: { h.screen.paints > 0 })
        h.screen.type("n")
        XCTAssertTrue(h.app.turn())
        XCTAssertEqual(h.app.state.message, "viewing camera A (2 of 2: B, A)")
        h.app.announce("2 problem ranges in the take set: [ ] jump")
        XCTAssertTrue(h.app.turn())
        XCTAssertEqual(h.app.state.message, "viewing camera A (2 of 2: B, A)", "the notice does not replace the answer")
        h.clock.seconds += ViewerApp.messageSeconds + 1
        h.turn(until: { h.app.state.message == "2 problem ranges in the take set: [ ] jump" })
        // With no message standing, a notice shows at once.
        h.clock.seconds += ViewerApp.messageSeconds + 1
        h.turn(until: { h.app.state.message == nil })
        h.app.announce("1 problem range in the take set: [ ] jump")
        XCTAssertEqual(h.app.state.message, "1 problem range in the take set: [ ] jump")
        h.screen.type("q")
        XCTAssertFalse(h.app.turn())
    }

    /// `:goto` answers with the frame it went to, at once, even over a standing notice (load warnings used to hide the
    /// take's position for their whole queue); the notice it cut short comes back afterwards, in full.
    func testGotoAnswersOverANoticeAndTheNoticeComesBack() throws {
        let h = try harness(take: "two cameras", analyse: false)
        h.turn(until: { h.screen.paints > 0 })
        h.app.announce("warning: a load warning")
        XCTAssertEqual(h.app.state.message, "warning: a load warning")
        h.screen.type(":goto 200\r")
        XCTAssertTrue(h.app.turn())
        let f = try XCTUnwrap(h.app.timeline?.frames[h.app.playhead])
        XCTAssertEqual(f.frame, 200)
        XCTAssertEqual(h.app.state.message, "goto: frame 200 \(f.timecode)")
        h.clock.seconds += ViewerApp.messageSeconds + 1
        h.turn(until: { h.app.state.message == "warning: a load warning" })
        h.clock.seconds += ViewerApp.messageSeconds + 1
        h.turn(until: { h.app.state.message == nil })
        h.screen.type("q")
        XCTAssertFalse(h.app.turn())
    }

    /// News of finished work replaces a message that only said the work was under way, and news arriving together is
    /// shown in order, each for its time: a render's "rendered" and a snapshot's "saved" in one turn used to leave
    /// only the second (CI saw `:render`'s answer lost that way).
    func testNewsFromTheBackgroundIsShownInOrderAndNeverLost() throws {
        let h = try harness(take: "two cameras", analyse: false)
        h.turn(until: { h.screen.paints > 0 })
        h.app.show("rendering frames 200-210 (camera) to renders/x/ ...", progress: true)
        h.app.announce("rendered")
        XCTAssertEqual(h.app.state.message, "rendered", "the end of the work replaces its progress message")
        h.app.announce("saved snapshot-0200.png")
        h.app.announce("render failed: disk full")
        XCTAssertTrue(h.app.turn())
        XCTAssertEqual(h.app.state.message, "rendered", "news does not replace news")
        h.clock.seconds += ViewerApp.messageSeconds + 1
        h.turn(until: { h.app.state.message == "saved snapshot-0200.png" })
        h.clock.seconds += ViewerApp.messageSeconds + 1
        h.turn(until: { h.app.state.message == "render failed: disk full" })
        h.screen.type("q")
        XCTAssertFalse(h.app.turn())
    }

    /// With camera A viewed, `:snapshot WxH` writes the bytes `render --take SET --view camera:A --size WxH` writes
    /// for that frame (B's frustum on the wall included), and `:render A-B` asks for the set's frames seen from A.
    func testSnapshotAndRenderOfTheViewedCamera() throws {
        let jobs = Mutex<[SequenceJob]>([])
        let h = try harness(take: "two cameras", analyse: false) { job in
            jobs.withLock { $0.append(job) }
            return "rendered"
        }
        h.turn(until: { h.screen.paints > 0 })
        h.screen.type(":camera A\r")
        XCTAssertTrue(h.app.turn())
        h.screen.type(":goto 200\r")
        XCTAssertTrue(h.app.turn())
        h.screen.type(":snapshot 120x68\r")
        XCTAssertTrue(h.app.turn())
        h.turn(until: { h.snapshots.first != nil })
        let shot = try XCTUnwrap(h.snapshots.first)
        let dir = NSTemporaryDirectory() + "xrstudio-setsnap-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var r = SequenceRequest(scenePath: Self.scenePath, take: "two cameras", outDirectory: dir, frames: 200...200,
                                size: (120, 68), threads: 2)
        r.view = .camera
        r.viewCamera = "A"
        _ = try SequenceRender.run(r)
        let cli = try ImageFile.read(path: dir + "/frame.0200.png")
        XCTAssertTrue(shot.pixels == cli.pixels, "the snapshot differs from render --view camera:A")
        h.screen.type(":render 200-210\r")
        XCTAssertTrue(h.app.turn())
        // Until the job has run: its "rendered" line shows for 4 s of the viewer's clock, which one slow turn on a
        // loaded machine can outlast (the wait for the line itself timed out once in CI).
        h.turn(until: { jobs.withLock { !$0.isEmpty } })
        let job = try XCTUnwrap(jobs.withLock { $0.first })
        XCTAssertEqual(job.take, "two cameras")
        XCTAssertEqual(job.camera, "A")
        XCTAssertEqual(job.view, "camera")
        XCTAssertEqual(job.frames, 200...210)
        XCTAssertEqual(job.outDirectory, "renders/two-cameras-camera-a")
    }

    /// A single take has one camera: `n` and `:camera` say how to get several.
    func testOneCameraWithoutATakeSet() throws {
        let h = try harness(take: "dolly push-in", analyse: false)
        h.screen.type("n")
        XCTAssertTrue(h.app.turn())
        XCTAssertEqual(h.app.state.message,
                       "one camera: open a take set with --take SET to switch cameras (the scene's: 'two cameras')")
        h.screen.type("q")
        XCTAssertFalse(h.app.turn())
    }
}
