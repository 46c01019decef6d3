// ChromeFitTests: the status and hint lines at every width, and the scrolling help overlay.

import Geometry
import SceneModel
import TerminalBlit
@testable import StudioTUI
import XCTest

final class ChromeFitTests: XCTestCase {
    /// A full status line as the viewer builds it for a scene file with a take.
    static func fields(overshoot: Double = 0.0033) -> [StatusField] {
        let c = ShotCamera(pose: ScenePose(position: [-1.25, 1.4, 4.5], panDegrees: -11.2, tiltDegrees: -0.7, rollDegrees: 0,
                                           fovYDegrees: 0),
                           camera: nil, focalMM: 32.92, focusM: 3.96, fStop: 2.8, imageWidth: 1920, imageHeight: 1080)
        return ViewerChrome.statusFields(camera: c, frameMilliseconds: 48.25, blitter: .half, depth: .truecolor,
                                         sceneName: "Binhai XR stage (Five Avenues at dusk)", unicode: true, view: "camera",
                                         figures: ShotFigures(coverage: 0.853, overshoot: overshoot, edge: "top", moire: true),
                                         lens: .init(camera: "A", fStop: 2.8, focusM: 3.96, frameRate: 23.976),
                                         frame: "10:00:03:02 f74")
    }

    /// Every width from 20 to 200: the line fits, is made of whole fields (so never ends in part of a number), and
    /// what it keeps is everything above some priority (dropping starts at the bottom).
    func testFitKeepsWholeFieldsByPriorityAtEveryWidth() {
        for overshoot in [0.0, 0.0033] {
            let fields = Self.fields(overshoot: overshoot)
            let full = ViewerChrome.fit(fields: fields, width: .max)
            for width in 20...200 {
                let line = ViewerChrome.fit(fields: fields, width: width)
                XCTAssertLessThanOrEqual(ViewerChrome.cells(line), width, "\(width): \(line)")
                // Which fields are in it: rebuild from the fields it kept, in order.
                let pieces = line.components(separatedBy: " | ").flatMap { $0.split(separator: " ").map(String.init) }
                let words = fields.flatMap { $0.text.split(separator: " ").map(String.init) }
                XCTAssertTrue(pieces.allSatisfy(words.contains), "\(width): a cut word in \(line)")
                let kept = fields.filter { f in line.contains(f.text) }
                let keptLowest = kept.map(\.priority).min() ?? .max
                for f in fields where f.priority > keptLowest {
                    XCTAssertTrue(line.contains(f.text), "\(width): dropped \(f.text) (\(f.priority)) but kept priority \(keptLowest): \(line)")
                }
                // The view, the frame, the focal length and the overshoot warning stay at 80 columns and up.
                if width >= 60 {
                    for must in ["camera", "10:00:03:02 f74", "32.9mm"] { XCTAssertTrue(line.contains(must), "\(width): \(line)") }
                    if overshoot > 0 { XCTAssertTrue(line.contains("over 0.3% top"), "\(width): \(line)") }
                }
                XCTAssertFalse(line.hasSuffix("|") || line.hasSuffix(" "), "\(width): \(line)")
                if width >= ViewerChrome.cells(full) { XCTAssertEqual(line, full) }
            }
        }
    }

    /// 80 columns, the case: whole fields only, the overshoot warning kept and the scene name gone.
    func testEightyColumns() {
        let line = ViewerChrome.fit(fields: Self.fields(), width: 80)
        XCTAssertTrue(line.hasPrefix("camera | 10:00:03:02 f74 | "), line)
        XCTAssertTrue(line.contains("over 0.3% top MOIRE"), line)
        XCTAssertFalse(line.contains("Binhai"), line)
        XCTAssertFalse(line.contains("cam -1.25"), line)
    }

    /// A single field wider than the width keeps whole words; a word wider than everything is cut and ends in "…"
    /// (it used to give an empty status line).
    func testOneFieldTooWideKeepsWholeWords() {
        let f = [StatusField("take dolly push-in 10:00:00:00", priority: 1, group: 0)]
        XCTAssertEqual(ViewerChrome.fit(fields: f, width: 25), "take dolly push-in")
        XCTAssertEqual(ViewerChrome.fit(fields: f, width: 3), "ta…")
        XCTAssertEqual(ViewerChrome.fit(fields: f, width: 3, unicode: false), "tak")
        XCTAssertEqual(ViewerChrome.fit(fields: [StatusField("dollypush 1", priority: 1, group: 0)], width: 6, unicode: false),
                       "dol...")
        XCTAssertEqual(ViewerChrome.fit(fields: [StatusField("camera:甲机位长长长长", priority: 1, group: 0)], width: 8), "camera:…")
        XCTAssertEqual(ViewerChrome.fit(fields: [StatusField("甲机位长长", priority: 1, group: 0)], width: 6), "甲机…")
        XCTAssertEqual(ViewerChrome.fit(fields: [], width: 40), "")
        XCTAssertEqual(ViewerChrome.fit(fields: f, width: 0), "")
        XCTAssertEqual(ViewerChrome.fit(fields: f, width: -5), "")
    }

    /// A long camera name (a take set's second camera, a Chinese or descriptive name) is cut to a third of the line
    /// (at least 12 columns), so the shot's warnings stay beside it: at 41 and 43 columns the status line was empty.
    func testLongCameraNamesLeaveRoomForWarnings() {
        let camera = ShotCamera(pose: ScenePose(position: [0, 1.6, 7.5], panDegrees: 0, tiltDegrees: 0, fovYDegrees: 40),
                                camera: nil, focalMM: 32, imageWidth: 1920, imageHeight: 1080)
        for name in ["乙机 手持 斯坦尼康 第二摄影组", "B camera steadicam second unit long name"] {
            for width in [30, 41, 43, 60, 80] {
                let line = ViewerChrome.status(camera: camera, frameMilliseconds: 7.4, blitter: .half, depth: .truecolor,
                                               sceneName: "滨海", unicode: true, view: "camera:" + name,
                                               figures: ShotFigures(coverage: 0.8, overshoot: 0.003, edge: "top", moire: false,
                                                                    inFocus: true),
                                               width: width)
                XCTAssertLessThanOrEqual(DisplayWidth.of(line), width, line)
                XCTAssertTrue(line.hasPrefix("camera:"), "\(width): \(line)")
                XCTAssertTrue(line.contains("…"), "\(width): \(line)")
                if width >= 41 { XCTAssertTrue(line.contains("over 0.3% top"), "\(width): \(line)") }
                if width >= 60 { XCTAssertTrue(line.contains("WALL-IN-FOCUS"), "\(width): \(line)") }
            }
        }
    }

    /// Equal priorities: the rightmost goes first.
    func testTiesDropFromTheRight() {
        let f = [StatusField("aaaa", priority: 5, group: 0), StatusField("bbbb", priority: 5, group: 1),
                 StatusField("cccc", priority: 9, group: 2)]
        XCTAssertEqual(ViewerChrome.fit(fields: f, width: 30), "aaaa | bbbb | cccc")
        XCTAssertEqual(ViewerChrome.fit(fields: f, width: 14), "aaaa | cccc")
        XCTAssertEqual(ViewerChrome.fit(fields: f, width: 10), "cccc")
    }

    /// The hint line ends with `q quit  ? help` at every width the viewer draws in, and drops hints whole.
    func testHintLineAlwaysEndsWithQuitAndHelp() {
        let take = ["take dolly push-in 10:00:03:02 frame 74/120 paused", "space play/pause", ", . step", "tab view"]
        for items in [ViewerChrome.hintItems, take] {
            for width in 19...200 {
                let line = ViewerChrome.hintLine(items, width: width)
                XCTAssertTrue(line.hasSuffix("q quit  ? help"), "\(width): \(line)")
                XCTAssertLessThanOrEqual(ViewerChrome.cells(line), width)
                let shown = line.dropLast("q quit  ? help".count).components(separatedBy: "  ").filter { !$0.isEmpty }
                XCTAssertEqual(shown, Array(items.prefix(shown.count)), "\(width): hints dropped from the end only")
            }
        }
        XCTAssertEqual(ViewerChrome.hintLine(ViewerChrome.hintItems, width: 79),
                       "tab view  wasd/rf fly  arrows orbit  +/- lens  p png  b blitter  q quit  ? help")
        XCTAssertEqual(ViewerChrome.hintLine(ViewerChrome.hintItems, width: 30), "tab view  q quit  ? help")
    }

    /// A take's position shortens before it goes: at any width of 29 cells and up the frame number stays on the
    /// hint line, and the longest form that fits is the one shown.
    func testTakeFrameNumberSurvivesNarrowHintLines() {
        let forms = ["take dolly push-in 10:00:03:02 frame 900074 (75/351) paused", "frame 900074 paused", "frame 900074"]
        let rest = ["space play/pause", ", . step", "tab view"]
        for width in 19...200 {
            let line = ViewerChrome.hintLine(firstOf: forms, then: rest, width: width)
            XCTAssertTrue(line.hasSuffix("q quit  ? help"), "\(width): \(line)")
            XCTAssertLessThanOrEqual(ViewerChrome.cells(line), width)
            let fits = forms.first { ViewerChrome.cells($0 + "  q quit  ? help") <= width }
            if let fits {
                XCTAssertTrue(line.hasPrefix(fits + "  "), "\(width): \(line)")
            } else {
                XCTAssertEqual(line, "q quit  ? help")
            }
        }
        XCTAssertEqual(ViewerChrome.hintLine(firstOf: forms, then: rest, width: 40), "frame 900074 paused  q quit  ? help")
        XCTAssertEqual(ViewerChrome.hintLine(firstOf: forms, then: rest, width: 79),
                       "take dolly push-in 10:00:03:02 frame 900074 (75/351) paused  q quit  ? help")
    }

    /// A message wider than the line ends on a whole word and an ellipsis, never half a word.
    func testLongMessagesEndOnAWholeWord() {
        let m = "snapshot: wrote renders/snapshots/binhai-xr-stage-camera-0001.png (frame 250, 10:00:10:00)"
        XCTAssertEqual(ViewerChrome.fitMessage(m, width: 200, unicode: true), m)
        XCTAssertEqual(ViewerChrome.fitMessage(m, width: 40, unicode: true), "snapshot: wrote…")
        XCTAssertEqual(ViewerChrome.fitMessage(m, width: 80, unicode: false),
                       "snapshot: wrote renders/snapshots/binhai-xr-stage-camera-0001.png (frame 250,...")
        XCTAssertEqual(ViewerChrome.fitMessage("averyveryverylongword and more", width: 10, unicode: true), "averyvery…")
        for width in 1...120 {
            let fitted = ViewerChrome.fitMessage(m, width: width, unicode: true)
            XCTAssertLessThanOrEqual(ViewerChrome.cells(fitted), width)
            if fitted != m, width > 20 {
                let words = fitted.dropLast().split(separator: " ").map(String.init)
                XCTAssertEqual(words, Array(m.split(separator: " ").map(String.init).prefix(words.count)), "\(width): \(fitted)")
            }
        }
    }

    /// Chinese (and other wide) names take two columns a character, as terminals draw them: the hint line with a
    /// Chinese take name fits its width and still ends with `q quit  ? help` (at 95 columns it ran over the edge and
    /// lost `p`), messages, padding and the help overlay's wrapping count columns, not characters.
    func testWideCharactersCountTwoColumns() {
        XCTAssertEqual(DisplayWidth.of("滨海XR影棚"), 10)
        XCTAssertEqual(DisplayWidth.of("（五大道）"), 10)
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1, "a combining mark takes no column")
        XCTAssertEqual(DisplayWidth.of("é"), 1)
        XCTAssertEqual(DisplayWidth.of("a\u{200D}b"), 2, "a zero-width joiner takes none")
        XCTAssertEqual(DisplayWidth.of("🎬"), 2)
        XCTAssertEqual(DisplayWidth.of("한국어"), 6)
        XCTAssertEqual(DisplayWidth.prefix("ab滨海", columns: 3), "ab", "a wide character is never cut in half")
        XCTAssertEqual(DisplayWidth.pad("ab滨海", 3), "ab ")
        XCTAssertEqual(DisplayWidth.pad("滨", 4), "滨  ")
        let forms = ["take 推镜头 dolly push-in 10:00:02:00 frame 50 (51/351) paused", "frame 50 paused", "frame 50"]
        for width in 19...140 {
            let line = ViewerChrome.hintLine(firstOf: forms, then: ["space play/pause", ", . step", "tab view"], width: width)
            XCTAssertLessThanOrEqual(DisplayWidth.of(line), width, "\(width): \(line)")
            XCTAssertTrue(line.hasSuffix("q quit  ? help"), "\(width): \(line)")
            let message = ViewerChrome.fitMessage("snapshot: wrote 渲染/滨海XR影棚-快照-0050.png (frame 50, 10:00:02:00)", width: width, unicode: true)
            XCTAssertLessThanOrEqual(DisplayWidth.of(message), width, "\(width): \(message)")
            for row in ScrollingOverlay.wrap("M1  滨海XR影棚 五大道 杨柳青年画 展厅 标记 A3 DUTCH LEFT", width: max(4, width / 4)) {
                XCTAssertLessThanOrEqual(DisplayWidth.of(row), max(4, width / 4), row)
            }
        }
        XCTAssertEqual(ViewerChrome.hintLine(firstOf: forms, then: [], width: 95),
                       "take 推镜头 dolly push-in 10:00:02:00 frame 50 (51/351) paused  q quit  ? help")
    }

    // MARK: Overlay

    func testHelpFitsAndScrollsAtEightyByTwentyFour() {
        var o = ScrollingOverlay(lines: ViewerChrome.help)
        let (cols, rows) = (80, 22)  // the viewer gives overlays the screen above the status and hint lines
        var l = o.layout(cols: cols, rows: rows)
        XCTAssertEqual(l.rows.count, rows)
        XCTAssertTrue(l.rows.allSatisfy { $0.unicodeScalars.count == l.width }, "every box row is the box's width")
        XCTAssertLessThanOrEqual(l.left + l.width, cols)
        XCTAssertEqual(l.visible, 0..<20)
        XCTAssertFalse(l.moreAbove)
        XCTAssertTrue(l.moreBelow)
        XCTAssertTrue(l.rows.last!.contains("v more"), l.rows.last!)
        XCTAssertEqual(l.titleRow, 1)
        XCTAssertTrue(l.rows[1].contains("xrstudio tui: keys"))
        // Down a row, then to the end: the last line shows and the bottom says no more.
        o.apply(.lines(1), cols: cols, rows: rows)
        XCTAssertEqual(o.offset, 1)
        XCTAssertNil(o.layout(cols: cols, rows: rows).titleRow)
        o.apply(.pages(5), cols: cols, rows: rows)
        l = o.layout(cols: cols, rows: rows)
        XCTAssertEqual(l.visible.upperBound, l.rowCount)
        XCTAssertFalse(l.moreBelow)
        XCTAssertTrue(l.rows.first!.contains("^ more"), l.rows.first!)
        XCTAssertTrue(l.rows[l.rows.count - 2].contains("q           quit"))
        // Past either end stays at the end; top goes back.
        o.apply(.lines(3), cols: cols, rows: rows)
        XCTAssertEqual(o.layout(cols: cols, rows: rows).visible, l.visible)
        o.apply(.lines(-2), cols: cols, rows: rows)
        XCTAssertEqual(o.offset, l.visible.lowerBound - 2)
        o.apply(.pages(-1), cols: cols, rows: rows)
        XCTAssertEqual(o.offset, max(0, l.visible.lowerBound - 2 - 19))
        o.apply(.top, cols: cols, rows: rows)
        XCTAssertEqual(o.offset, 0)
        o.apply(.lines(-4), cols: cols, rows: rows)
        XCTAssertEqual(o.offset, 0)
    }

    /// On a tall screen everything shows and there is nothing to scroll.
    func testTallScreenShowsEverything() {
        var o = ScrollingOverlay(lines: ViewerChrome.help)
        let l = o.layout(cols: 200, rows: 58)
        XCTAssertEqual(l.visible, 0..<ViewerChrome.help.count)
        XCTAssertFalse(l.moreAbove || l.moreBelow)
        o.apply(.pages(1), cols: 200, rows: 58)
        XCTAssertEqual(o.offset, 0)
    }

    /// Narrow screens wrap long lines at spaces under the text column, and nothing is lost.
    func testNarrowScreenWrapsUnderTheTextColumn() {
        let rows = ScrollingOverlay.wrap("+ -         longer / shorter lens (zoom in / out)", width: 30)
        XCTAssertEqual(rows, ["+ -         longer / shorter", "            lens (zoom in /", "            out)"])
        for width in 1...90 {
            for line in ViewerChrome.help {
                let w = ScrollingOverlay.wrap(line, width: width)
                XCTAssertTrue(w.allSatisfy { $0.unicodeScalars.count <= width }, "\(width): \(w)")
                let words = { (s: String) in s.split(separator: " ").joined() }
                XCTAssertEqual(words(w.joined(separator: " ")), words(line), "\(width): \(line)")
            }
        }
        // Every size, even absurd ones, gives a consistent box.
        for cols in 0...30 {
            for rows in 0...12 {
                let l = ScrollingOverlay(lines: ViewerChrome.help, offset: 1000).layout(cols: cols, rows: rows)
                XCTAssertLessThanOrEqual(l.rows.count, max(rows, 0))
                XCTAssertTrue(l.rows.allSatisfy { $0.unicodeScalars.count == l.width && l.width <= cols })
            }
        }
    }

    func testScrollKeys() {
        XCTAssertEqual(ScrollingOverlay.scroll(for: .character("j")), .lines(1))
        XCTAssertEqual(ScrollingOverlay.scroll(for: .character("k")), .lines(-1))
        XCTAssertEqual(ScrollingOverlay.scroll(for: .code(CursesKey.down)), .lines(1))
        XCTAssertEqual(ScrollingOverlay.scroll(for: .code(CursesKey.up)), .lines(-1))
        XCTAssertEqual(ScrollingOverlay.scroll(for: .code(CursesKey.pageDown)), .pages(1))
        XCTAssertEqual(ScrollingOverlay.scroll(for: .code(CursesKey.pageUp)), .pages(-1))
        XCTAssertNil(ScrollingOverlay.scroll(for: .character("?")))
        XCTAssertNil(ScrollingOverlay.scroll(for: .character("\u{1B}")))
        XCTAssertNil(ScrollingOverlay.scroll(for: .character("q")))
    }
}
