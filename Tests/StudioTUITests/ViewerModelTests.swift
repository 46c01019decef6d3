// ViewerModelTests: the TUI's pure parts — the key map, the fly camera's moves, and take playback data.

import Foundation
import FrameOutput
import RenderJobs
import SceneModel
@testable import StudioTUI
import XCTest

final class ViewerModelTests: XCTestCase {
    func testKeyMap() {
        XCTAssertEqual(KeyAction.from(.character("q")), .quit)
        XCTAssertEqual(KeyAction.from(.character("?")), .toggleHelp)
        XCTAssertEqual(KeyAction.from(.character("w")), .fly(forward: 1, right: 0, up: 0))
        XCTAssertEqual(KeyAction.from(.character("W")), .fly(forward: KeyAction.fast, right: 0, up: 0))
        XCTAssertEqual(KeyAction.from(.character(" ")), .togglePlay)
        XCTAssertEqual(KeyAction.from(.character(",")), .step(-1))
        XCTAssertEqual(KeyAction.from(.character(".")), .step(1))
        XCTAssertEqual(KeyAction.from(.character("+")), .zoom(KeyAction.zoomStep))
        XCTAssertEqual(KeyAction.from(.character("\t")), .nextView)
        XCTAssertEqual(KeyAction.from(.character("1")), .view(0))
        XCTAssertEqual(KeyAction.from(.character("5")), .view(4))
        XCTAssertNil(KeyAction.from(.character("6")))
        XCTAssertNil(KeyAction.from(.character("§")))
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func camera(pan: Double = 0, tilt: Double = 0, roll: Double = 0) -> ShotCamera {
        ShotCamera(pose: ScenePose(position: [0, 1, 5], panDegrees: pan, tiltDegrees: tilt, rollDegrees: roll, fovYDegrees: 0),
                   camera: nil, focalMM: 35, focusM: 4, fStop: 2.8, imageWidth: 1920, imageHeight: 1080)
    }

    func testStatusLineLeadsWithTheViewAndTheShotFigures() {
        let c = Self.camera(roll: -6)
        var m = ShotFigures(coverage: 0.853, overshoot: 0.012, edge: "top", moire: true)
        let line = ViewerChrome.status(camera: c, frameMilliseconds: 3, blitter: .half, depth: .truecolor, sceneName: "S",
                                       unicode: true, view: "camera", figures: m)
        XCTAssertTrue(line.hasPrefix("camera | LED 85% over 1.2% top MOIRE | half | "), line)
        XCTAssertTrue(line.contains("roll -6.0"), line)
        let plain = ViewerChrome.status(camera: c, frameMilliseconds: 3, blitter: .half, depth: .truecolor, sceneName: "S",
                                        unicode: true)
        XCTAssertTrue(plain.hasPrefix("half | "), plain)
        m = ShotFigures(coverage: 1, overshoot: 0, edge: nil, moire: false, inFocus: true)
        let lens = ViewerChrome.status(camera: c.withFocalLength(32), frameMilliseconds: 3, blitter: .half, depth: .truecolor,
                                       sceneName: "S", unicode: true, view: "wall", figures: m,
                                       lens: .init(camera: "A", fStop: 2.8, focusM: 5, frameRate: 23.976))
        XCTAssertTrue(lens.hasPrefix("wall | LED 100% over 0.0% WALL-IN-FOCUS | A f/2.8 focus 5.00m 23.976fps | half | "), lens)
        XCTAssertTrue(lens.contains("| 32.0mm hfov"), lens)
        // A take set's camera seeing another camera's inner frustum says whose and how much, among the warnings.
        m = ShotFigures(coverage: 0.9, overshoot: 0, edge: nil, moire: false, frusta: [.init(camera: "B", share: 0.314)])
        let multi = ViewerChrome.status(camera: c, frameMilliseconds: 3, blitter: .half, depth: .truecolor, sceneName: "S",
                                        unicode: true, view: "camera:A", figures: m)
        XCTAssertTrue(multi.hasPrefix("camera:A | LED 90% over 0.0% B-FRUSTUM 31% | half | "), multi)
        XCTAssertEqual(KeyAction.from(.character("}")), .focus(KeyAction.focusStep))
        XCTAssertEqual(pow(KeyAction.focusStep, 10), 2, accuracy: 1e-12)  // ten steps double the distance
    }

    /// Flying, orbiting and zooming change a ShotCamera and keep what they do not move: roll, sensor, focus, stop.
    func testFlyOrbitAndZoomKeepRollAndOptics() {
        var c = Self.camera(roll: -6)
        c = c.flown(forward: 2, right: 0, up: 0, step: 0.5)  // two steps of 0.5 m along -z
        XCTAssertEqual(c.pose.position.z, 4, accuracy: 1e-9)
        c = c.flown(forward: 0, right: 1, up: 1, step: 0.5)  // right is +x when looking down -z, whatever the roll
        XCTAssertEqual(c.pose.position.x, 0.5, accuracy: 1e-9)
        XCTAssertEqual(c.pose.position.y, 1.5, accuracy: 1e-9)
        XCTAssertEqual(c.pose.rollDegrees, -6)
        let start = c.pose.position
        for _ in 0..<72 { c = c.orbited(yaw: 5, pitch: 0, distance: 4) }  // a full turn comes back
        XCTAssertEqual(c.pose.position.x, start.x, accuracy: 1e-6)
        XCTAssertEqual(c.pose.position.z, start.z, accuracy: 1e-6)
        XCTAssertEqual(c.pose.panDegrees.truncatingRemainder(dividingBy: 360), 0, accuracy: 1e-6)
        XCTAssertEqual(c.pose.rollDegrees, -6)
        // Orbiting 90° to the right from looking down -z: the camera looks along -x, at the same pivot.
        let o = Self.camera().orbited(yaw: 90, pitch: 0, distance: 4)
        XCTAssertEqual(o.pose.position.x, 4, accuracy: 1e-9)
        XCTAssertEqual(o.pose.position.z, 1, accuracy: 1e-9)
        XCTAssertEqual(o.pose.forward.x, -1, accuracy: 1e-9)
        let z = c.zoomed(by: 1.1)
        XCTAssertEqual(z.focalLengthMM, 35 * 1.1, accuracy: 1e-9)
        XCTAssertEqual(z.focusDistanceM, 4)
        XCTAssertEqual(z.fStop, 2.8)
        // 36 mm wide sensor: at most 120° across (f = 18 / tan 60° = 10.39 mm), at least 5°.
        XCTAssertEqual(c.zoomed(by: 0.01).focalLengthMM, 18 / tan(60 * Double.pi / 180), accuracy: 1e-9)
        XCTAssertEqual(c.zoomed(by: 0.01).horizontalFOVDegrees, 120, accuracy: 1e-9)
        XCTAssertEqual(c.zoomed(by: 100).horizontalFOVDegrees, 5, accuracy: 1e-9)
    }

    /// The default scene's take: one camera per frame at 25 fps, labelled with the take's own timecode, the take's
    /// focus per frame (7.5 → 3.96 m), the viewer starting on its first frame.
    func testSceneTakeTimeline() throws {
        let scene = try ViewerScene.sceneFile(path: Self.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path,
                                              take: "dolly push-in")
        let t = try XCTUnwrap(scene.timeline)
        XCTAssertEqual(t.framesPerSecond, 25, accuracy: 1e-9)
        XCTAssertEqual(t.frames.count, 351)  // 14 s at 25 fps, both ends
        XCTAssertEqual(t.frames.first?.timecode.description, "10:00:00:00")
        XCTAssertEqual(t.frames[25].timecode.description, "10:00:01:00")
        XCTAssertLessThan(t.frames.last!.camera.pose.position.z, t.frames.first!.camera.pose.position.z - 3)
        XCTAssertEqual(scene.camera, t.frames[0].camera)
        XCTAssertEqual(t.frames.first!.camera.focusDistanceM, 7.5, accuracy: 0.01)
        XCTAssertLessThan(t.frames.last!.camera.focusDistanceM, 4)
        // The status line and dropped marks name the take's camera, not merely the scene's first.
        XCTAssertEqual(scene.cameraName, "A")
        var other = scene
        other.timeline?.camera?.name = "B"
        XCTAssertEqual(other.cameraName, "B")
    }
}

final class TimelineTests: XCTestCase {
    func testPlayHeadPositionAndText() {
        let start = ViewerChrome.timeline(frame: 0, count: 11, label: "10:00:00:00", width: 40, unicode: false)
        XCTAssertTrue(start.hasPrefix("[|-"), start)
        XCTAssertTrue(start.hasSuffix(" 10:00:00:00  0/10"), start)
        XCTAssertEqual(start.count, 40)
        let end = ViewerChrome.timeline(frame: 10, count: 11, label: "10:00:00:10", width: 40, unicode: true)
        XCTAssertTrue(end.contains("━●]"), end)
        let mid = ViewerChrome.timeline(frame: 5, count: 11, label: "x", width: 30, unicode: false)
        let bar = mid.split(separator: "]")[0].dropFirst()
        XCTAssertEqual(bar.firstIndex(of: "|").map { bar.distance(from: bar.startIndex, to: $0) }, Int((Double(bar.count - 1) / 2).rounded()))
        XCTAssertEqual(ViewerChrome.timeline(frame: 0, count: 1, label: "tc", width: 5, unicode: false), " tc  0/0")
    }
}

final class TimelineCellTests: XCTestCase {
    /// Problem frames colour the bar cells that stand for them; the play head wins over a problem.
    func testProblemRangesMarkTheirCells() {
        // 101 frames on a bar of 11 cells: cell i stands for frames around 10 i.
        let label = "10:00:00:00"
        let width = 11 + 2 + " \(label)  0/100".count
        let cells = ViewerChrome.timelineCells(frame: 0, count: 101, problems: [40...52], label: label, width: width, unicode: true)
        let bar = cells.dropFirst().prefix(11).map(\.1)
        XCTAssertEqual(bar, [.head, .ahead, .ahead, .ahead, .problem, .problem, .ahead, .ahead, .ahead, .ahead, .ahead])
        XCTAssertEqual(cells.first?.1, .bracket)
        XCTAssertEqual(String(cells.map(\.0)), "[●───▬▬─────] 10:00:00:00  0/100")
        let ascii = ViewerChrome.timeline(frame: 50, count: 101, label: label, width: width, unicode: false, problems: [40...52])
        XCTAssertEqual(ascii, "[====!|----] 10:00:00:00  50/100")  // "50/100" is a column longer: 10 bar cells
        // A one-frame problem still shows.
        let one = ViewerChrome.timelineCells(frame: 0, count: 101, problems: [77...77], label: label, width: width, unicode: false)
        XCTAssertEqual(one.dropFirst().prefix(11).filter { $0.1 == .problem }.count, 1)
    }

    /// A click on bar cell i asks for the frame that cell shows; clicks on the brackets or label ask for none.
    func testTimelineClickMapsToTheCellsFrame() {
        let label = "10:00:00:00"
        let width = 11 + 2 + " \(label)  0/100".count
        XCTAssertEqual(ViewerChrome.timelineFrame(atColumn: 1, count: 101, label: label, frame: 0, width: width), 0)
        XCTAssertEqual(ViewerChrome.timelineFrame(atColumn: 6, count: 101, label: label, frame: 0, width: width), 50)
        XCTAssertEqual(ViewerChrome.timelineFrame(atColumn: 11, count: 101, label: label, frame: 0, width: width), 100)
        XCTAssertNil(ViewerChrome.timelineFrame(atColumn: 0, count: 101, label: label, frame: 0, width: width))
        XCTAssertNil(ViewerChrome.timelineFrame(atColumn: 12, count: 101, label: label, frame: 0, width: width))
        // The head drawn at a clicked frame sits in the clicked cell.
        let cells = ViewerChrome.timelineCells(frame: 50, count: 101, problems: [], label: label, width: width + 1, unicode: false)
        XCTAssertEqual(cells[6].1, .head)
    }

    func testJumpAndMarkKeys() {
        XCTAssertEqual(KeyAction.from(.character("[")), .jump(-1))
        XCTAssertEqual(KeyAction.from(.character("]")), .jump(1))
        XCTAssertEqual(KeyAction.from(.character("m")), .dropMark)
        XCTAssertEqual(KeyAction.from(.character("M")), .listMarks)
        XCTAssertEqual(KeyAction.from(.character("S")), .saveMarks)
        XCTAssertEqual(KeyAction.from(.character("R")), .record)
    }

    func testDroppedMarksShowOnTheTimeline() {
        let label = "10:00:00:00"
        let width = 11 + 2 + " \(label)  0/100".count
        let cells = ViewerChrome.timelineCells(frame: 0, count: 101, problems: [], label: label, width: width, unicode: true,
                                               marks: [70])
        XCTAssertEqual(String(cells.map(\.0)), "[●──────▲───] 10:00:00:00  0/100")
        XCTAssertEqual(cells[8].1, .mark)
    }

    /// Ranges a take set accepts are drawn apart (`▭`, ASCII `~`); where they meet an unaccepted range the cell is
    /// a problem cell.
    func testAcceptedRangesAreDrawnApart() {
        // 101 frames on 11 cells: cell i stands for frames 10 i - 5 ... 10 i + 5 (rounded positions).
        let label = "10:00:00:00"
        let width = 11 + 2 + " \(label)  0/100".count
        let cells = ViewerChrome.timelineCells(frame: 0, count: 101, problems: [40...52], accepted: [50...72],
                                               label: label, width: width, unicode: true)
        // Cells 4 and 5 hold frames of 40-52 (problems win); cells 6 and 7 only accepted frames (55-75 reach 72).
        XCTAssertEqual(String(cells.map(\.0)), "[●───▬▬▭▭───] 10:00:00:00  0/100")
        XCTAssertEqual(cells[7].1, .accepted)
        let ascii = ViewerChrome.timeline(frame: 0, count: 101, label: label, width: width, unicode: false, problems: [])
        XCTAssertEqual(ascii, "[|----------] 10:00:00:00  0/100")
        let tilde = ViewerChrome.timelineCells(frame: 0, count: 101, problems: [], accepted: [100...100], label: label,
                                               width: width, unicode: false)
        XCTAssertEqual(String(tilde.map(\.0)), "[|---------~] 10:00:00:00  0/100")
        // Another camera's problems come last: under accepted and problem cells, over plain ones.
        let other = ViewerChrome.timelineCells(frame: 0, count: 101, problems: [40...52], accepted: [50...72],
                                               otherCameras: [0...100], label: label, width: width, unicode: false)
        XCTAssertEqual(String(other.map(\.0)), "[|:::!!~~:::] 10:00:00:00  0/100")
        XCTAssertEqual(other[2].1, .otherCamera)
    }

    /// `n` and `N` cycle a take set's cameras; a problem span names its camera and says when it is accepted.
    func testCameraKeysAndProblemLabels() {
        XCTAssertEqual(KeyAction.from(.character("n")), .nextCamera(1))
        XCTAssertEqual(KeyAction.from(.character("N")), .nextCamera(-1))
        let a = ProblemSpan(rule: "frustum_in_shot", frames: 3...9, detail: "other inner frusta on 40.0% of the image", camera: "A")
        XCTAssertEqual(a.label, "A frustum_in_shot: other inner frusta on 40.0% of the image")
        let wall = ProblemSpan(rule: "frustum_overlap", frames: 3...9, detail: "inner frusta overlap 2.00 m²", accepted: true)
        XCTAssertEqual(wall.label, "frustum_overlap (accepted): inner frusta overlap 2.00 m²")
        XCTAssertEqual(ProblemSpan(rule: "moire", frames: 0...1, detail: "x").label, "moire: x")
    }
}

final class ViewerCommandTests: XCTestCase {
    func testParsesEachCommandAndNamesEachMistake() {
        let ok: [(String, ViewerCommand)] = [
            ("goto 10:00:02:00", .gotoTimecode("10:00:02:00")), ("goto 01:00:10;05", .gotoTimecode("01:00:10;05")),
            ("g 120", .gotoFrame(120)), ("lens 35", .lens(35)), ("lens 85mm", .lens(85)), ("view plan", .view(.plan)),
            ("v WITNESS", .view(.witness)), ("render 100-200", .render(100...200)), ("  quit ", .quit), ("q", .quit),
            ("camera B", .camera("B")), ("cam  main unit ", .camera("main unit")), ("camera", .camera("")),
            ("messages", .messages), ("msg", .messages),
        ]
        for (text, command) in ok { XCTAssertEqual(try ViewerCommand.parse(text).get(), command, text) }
        let bad: [(String, String)] = [
            ("goto", "goto: give a timecode"), ("goto 10:00", "goto: '10:00' is neither"), ("goto -3", "goto: '-3' is neither"),
            ("lens 2", "lens: give a focal length from 4 to 1200 mm"), ("lens wide", "lens: give a focal length"),
            ("view side", "view: camera, virtual, wall, plan or witness"), ("render 200-100", "render: give a frame range A-B"),
            ("render 5", "render: give a frame range"), ("fly away", "unknown command 'fly'"), ("", "commands: goto"),
            ("lens 35 50", "lens: one argument expected, got 2"),
            // What was typed is quoted short, so the reason stays on the line (300 digits left "goto:…").
            ("goto " + String(repeating: "9", count: 300) + ":1",
             "goto: '9999999999999999999…' is neither a timecode (HH:MM:SS:FF) nor a frame number"),
            (String(repeating: "x", count: 50), "unknown command 'xxxxxxxxxxxxxxxxxxx…'; commands:"),
        ]
        for (text, message) in bad {
            guard case .failure(let e) = ViewerCommand.parse(text) else { XCTFail("\(text) parsed"); continue }
            XCTAssertTrue(e.message.hasPrefix(message), "\(text): \(e.message)")
        }
        XCTAssertEqual(KeyAction.from(.character(":")), .command)
        XCTAssertEqual(fileSlug("Dolly push-in (A)", fallback: "take"), "dolly-push-in-a")
        // Letters and digits of any script are kept: two Chinese names must not make one file.
        XCTAssertEqual(fileSlug("(中文)", fallback: "take"), "中文")
        XCTAssertEqual(fileSlug("推镜头 第1条", fallback: "take"), "推镜头-第1条")
        XCTAssertEqual(fileSlug("Café/Ü ✂ \n", fallback: "take"), "café-ü")
        XCTAssertEqual(fileSlug("✂ -- ✂", fallback: "take"), "take")
        // At most 80 bytes, cut at a character: 26 three-byte characters, no dash left at the end.
        XCTAssertEqual(fileSlug(String(repeating: "长", count: 100), fallback: "x"), String(repeating: "长", count: 26))
        XCTAssertEqual(fileSlug(String(repeating: "a", count: 79) + " 长", fallback: "x"), String(repeating: "a", count: 79))
        XCTAssertEqual(uniqueFileSlugs(["Main", "main", "MAIN!", "主屏", "天幕", ""], fallback: "section"),
                       ["main", "main-2", "main-3", "主屏", "天幕", "section"])
        XCTAssertEqual(uniqueFileSlugs(["wall"], fallback: "s", taken: ["wall", "wall-2"]), ["wall-3"])
    }

    /// A camera name of 200 characters (the scene loader takes it) reaches `:camera` whole: the line stopped taking
    /// characters at 80, so the name arrived cut and named no camera. A pasted flood still stops at the limit.
    func testLongCommandLinesArriveWhole() {
        let name = String(repeating: "x", count: 200) + " 长"
        var editor = CommandLineEditor()
        editor.open()
        for c in ("camera " + name).unicodeScalars { XCTAssertEqual(editor.key(.character(c)), .editing) }
        XCTAssertEqual(editor.key(.character("\r")), .run(.camera(name)))
        editor.open()
        for _ in 0..<(CommandLineEditor.maxScalars + 50) { _ = editor.key(.character("y")) }
        XCTAssertEqual(editor.text?.unicodeScalars.count, CommandLineEditor.maxScalars)
    }
}

final class GraphicsChoiceTests: XCTestCase {
    /// Forced choices are taken as given; auto never probes over SSH or on a dumb terminal.
    func testForcedChoicesAndNoProbeOverSSH() throws {
        XCTAssertEqual(GraphicsProbe.decide(.kitty, environment: [:]), .kitty)
        XCTAssertEqual(GraphicsProbe.decide(.sixel, environment: ["SSH_TTY": "/dev/pts/1"]), .sixel)
        XCTAssertNil(GraphicsProbe.decide(.off, environment: ["TERM": "xterm-kitty"]))
        XCTAssertNil(GraphicsProbe.decide(.auto, environment: ["TERM": "xterm-kitty", "SSH_CONNECTION": "10.0.0.1 22 10.0.0.2 5000"]))
        XCTAssertNil(GraphicsProbe.decide(.auto, environment: ["TERM": "dumb"]))
        XCTAssertThrowsError(try ViewerOptions(graphics: "ansi") { _, _ in })
        XCTAssertEqual(try ViewerOptions(graphics: "Kitty") { _, _ in }.graphics, .kitty)
    }
}

final class AmbiguousWidthTests: XCTestCase {
    func testCJKLocalesGetTheQuadrantHint() {
        XCTAssertNotNil(ViewerChrome.ambiguousWidthNote(locale: "zh_CN.UTF-8", unicode: true, blitter: .half))
        XCTAssertNotNil(ViewerChrome.ambiguousWidthNote(locale: "ja_JP.UTF-8", unicode: true, blitter: .half))
        XCTAssertNil(ViewerChrome.ambiguousWidthNote(locale: "zh_CN.UTF-8", unicode: true, blitter: .quadrant))
        XCTAssertNil(ViewerChrome.ambiguousWidthNote(locale: "en_GB.UTF-8", unicode: true, blitter: .half))
        XCTAssertNil(ViewerChrome.ambiguousWidthNote(locale: "C.UTF-8", unicode: true, blitter: .half))
    }
}

/// Terminal replies that arrive after a probe gave up are not keys: a DA1 answer 0.8 s late opened the help,
/// changed the view and the colours.
final class TerminalReportFilterTests: XCTestCase {
    func keys(_ s: String) -> [KeyInput] { s.unicodeScalars.map { .character($0) } }

    func testRepliesAreDroppedAndKeysKept() {
        XCTAssertEqual(KeyInput.droppingTerminalReports(keys("\u{1B}[?62;4;22c")), [])
        XCTAssertEqual(KeyInput.droppingTerminalReports(keys("a\u{1B}[?1;0;1024;768S2")), keys("a2"))
        XCTAssertEqual(KeyInput.droppingTerminalReports(keys("\u{1B}P>|xterm(390)\u{1B}\\q")), keys("q"))
        XCTAssertEqual(KeyInput.droppingTerminalReports(keys("\u{1B}_Gi=1;OK\u{1B}\\")), [])
        XCTAssertEqual(KeyInput.droppingTerminalReports(keys("\u{1B}[>41;390;0c")), [])
        // What a user types stays: ESC alone, ESC then P, digits, colons.
        XCTAssertEqual(KeyInput.droppingTerminalReports(keys("\u{1B}")), keys("\u{1B}"))
        XCTAssertEqual(KeyInput.droppingTerminalReports(keys("\u{1B}Pq24c")), keys("\u{1B}Pq24c"))
        XCTAssertEqual(KeyInput.droppingTerminalReports(keys(":goto 12\n")), keys(":goto 12\n"))
        XCTAssertEqual(KeyInput.droppingTerminalReports([.code(259), .character("\u{1B}")]), [.code(259), .character("\u{1B}")])
    }
}
