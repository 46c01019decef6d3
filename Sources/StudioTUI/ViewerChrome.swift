// ViewerChrome: the text around the picture: status line, key hints, help overlay, "too small" notice.

import Geometry
import SceneModel
import TerminalBlit

/// Builds the viewer's text lines (pure: the app draws them).
enum ViewerChrome {
    /// The smallest screen the viewer draws in; below it shows `tooSmall`.
    static let minimumSize = (cols: 20, rows: 6)

    /// `camera | LED 85% over 1.2% top | A f/2.8 focus 5.00m 24fps | half | 256 | 33.0mm fov 40.0° | 12.3 ms | cam X,Y,Z
    /// look X,Y,Z | NAME`, fitted to `width` columns by dropping whole fields (`fit`): the view, the frame, the focal
    /// length and the shot's warnings stay longest.
    static func status(camera: ShotCamera, frameMilliseconds: Double?, blitter: Blitter, pixels: PixelProtocol? = nil, depth: ColorDepth,
                       sceneName: String, unicode: Bool, view: String? = nil, figures: ShotFigures? = nil,
                       lens: LensStatus? = nil, frame: String? = nil, width: Int = .max) -> String {
        fit(fields: statusFields(camera: camera, frameMilliseconds: frameMilliseconds, blitter: blitter, pixels: pixels, depth: depth,
                                 sceneName: sceneName, unicode: unicode, view: view, figures: figures,
                                 lens: lens, frame: frame, nameColumns: max(12, width / 3)),
            width: width, unicode: unicode)
    }

    /// `name` cut to `columns` terminal columns, ending in `…` (`...` without Unicode) when cut.
    static func shortened(_ name: String, columns: Int, unicode: Bool) -> String {
        DisplayWidth.shortened(name, columns: columns, mark: unicode ? "\u{2026}" : "...")
    }

    /// The status line's content as prioritised fields, in display order (`fit` chooses which a width keeps).
    /// `frame` is the take's position (`10:00:03:02 f74`), when a take is loaded. Camera names (in the view, the
    /// lens group and other cameras' frustum warnings) are cut to `nameColumns` columns, so that a long name leaves
    /// room for the shot's warnings instead of crowding them out.
    static func statusFields(camera: ShotCamera, frameMilliseconds: Double?, blitter: Blitter, pixels: PixelProtocol? = nil,
                             depth: ColorDepth, sceneName: String, unicode: Bool, view: String? = nil,
                             figures: ShotFigures? = nil, lens: LensStatus? = nil,
                             frame: String? = nil, nameColumns: Int = .max) -> [StatusField] {
        func short(_ name: String) -> String { shortened(name, columns: nameColumns, unicode: unicode) }
        typealias P = StatusField.Priority
        let deg = unicode ? "\u{00B0}" : "deg"
        var out: [StatusField] = []
        var group = 0
        func add(_ text: String, _ priority: Int) { out.append(StatusField(text, priority: priority, group: group)) }
        if let view { add(short(view), P.view); group += 1 }
        if let frame { add(frame, P.frame); group += 1 }
        if let f = figures {
            add("LED \(fixed(f.coverage * 100, 0))%", P.coverage)
            add("over \(fixed(f.overshoot * 100, 1))%" + (f.overshoot > 0 ? (f.edge.map { " \($0)" } ?? "") : ""),
                f.overshoot > 0 ? P.warning : P.coverage)
            if f.moire { add("MOIRE", P.warning) }
            if f.inFocus { add("WALL-IN-FOCUS", P.warning) }
            // Another camera's inner frustum in this shot (a take set): the classic multicam mistake.
            for o in f.frusta { add("\(short(o.camera))-FRUSTUM \(fixed(o.share * 100, 0))%", P.warning) }
            group += 1
        }
        if let l = lens {
            add(short(l.camera), P.camera)
            add("f/\(fixed(l.fStop, 1))", P.stop)
            add("focus \(fixed(l.focusM, 2))m", P.focus)
            add("\(fixed(l.frameRate, l.frameRate == l.frameRate.rounded() ? 0 : 3))fps", P.frameRate)
            group += 1
        }
        let p = camera.pose
        add(pixels?.rawValue ?? blitter.rawValue, P.display); group += 1
        add(depth.label, P.display); group += 1
        add("\(fixed(camera.focalLengthMM, 1))mm", P.focalLength)
        add("hfov \(fixed(camera.horizontalFOVDegrees, 1))\(deg)", P.fieldOfView); group += 1
        add(frameMilliseconds.map { fixed($0, 1) + " ms" } ?? "-- ms", P.frameTime); group += 1
        add("cam \(vector(p.position))", P.position)
        add("pan \(fixed(p.panDegrees, 1)) tilt \(fixed(p.tiltDegrees, 1)) roll \(fixed(p.rollDegrees, 1))", P.position); group += 1
        add(sceneName, P.sceneName)
        return out
    }

    /// The scene camera's settings the status line shows.
    struct LensStatus: Equatable {
        var camera: String
        var fStop: Double
        var focusM: Double
        var frameRate: Double
    }

    /// The help overlay's lines (the box is drawn around them).
    static let help: [String] = [
        "xrstudio tui: keys",
        "",
        "w a s d     fly forward, left, back, right",
        "r f         fly up, down",
        "arrows      orbit around the look-at point (with a take:",
        "            left / right step a frame, shift 10 frames)",
        "            (shift: 5x farther, W A D F too; R records live)",
        "+ -         longer / shorter lens (zoom in / out)",
        "{ }         focus nearer / farther (the status line warns MOIRE",
        "            and WALL-IN-FOCUS from the shot analysis)",
        "b           next blitter: half quadrant braille ascii",
        "c           next colour mode: truecolor 256 16 none",
        "p           save this view as xrstudio-<time>.png",
        "tab 1-5     view: camera virtual wall plan witness",
        "space       play / pause the take (tui SCENE --take T)",
        ", .         step the take one frame back / on",
        "[ ]         previous / next problem range or mark (timeline: red",
        "            problem, amber accepted, dim another camera's)",
        "n N         take set: view the next / previous camera",
        ":           command: goto TC|FRAME, lens MM, view NAME,",
        "            camera NAME, render A-B, snapshot [WxH], messages",
        "            (every message so far, whole)",
        "m M S       drop a mark here, list marks, save new marks to the scene",
        "o           show / hide the stage plan pane (top right)",
        "R           live: record the tracker to a take (live-<time>.csv)",
        "mouse       click the timeline to seek; wheel over the plan zooms",
        "Ctrl-L      redraw the screen",
        "? F1 Esc    open / close this help (arrows, j k, PgUp PgDn scroll it)",
        "q           quit",
    ]

    /// The take's timeline as text: a bar with the play head at `frame` of `count`, then the frame's timecode.
    /// `[━━━━━━●────────] 10:00:05:22` (ASCII `[=====|--------]` without a UTF-8 locale); see `timelineCells`.
    static func timeline(frame: Int, count: Int, label: String, width: Int, unicode: Bool, problems: [ClosedRange<Int>] = []) -> String {
        String(timelineCells(frame: frame, count: count, problems: problems, label: label, width: width, unicode: unicode).map(\.0))
    }

    /// What one timeline cell shows.
    enum TimelineCell: Equatable {
        case bracket, played, ahead, head, problem, accepted, otherCamera, mark, label
    }

    /// The timeline as cells: `[`, the bar (played, ahead, problem frames, the play head), `]`, then the label.
    /// A bar cell stands for the frames it spans; it is a problem cell when any of them lies in a problem range, else
    /// an accepted cell (`▭`, ASCII `~`) when any lies in a range the take set accepts, else an other-camera cell
    /// (`╍`, ASCII `:`) when any lies in a problem range of a take set camera not viewed.
    static func timelineCells(frame: Int, count: Int, problems: [ClosedRange<Int>], accepted: [ClosedRange<Int>] = [],
                              otherCameras: [ClosedRange<Int>] = [], label: String, width: Int, unicode: Bool,
                              marks: [Int] = []) -> [(Character, TimelineCell)] {
        let tail = " \(label)  \(frame)/\(max(count - 1, 0))"
        let bar = max(0, width - tail.count - 2)
        guard bar > 0, count > 0 else { return tail.map { ($0, .label) } }
        let head = count > 1 ? Int((Double(frame) / Double(count - 1) * Double(bar - 1)).rounded()) : 0
        var out: [(Character, TimelineCell)] = [("[", .bracket)]
        for i in 0..<bar {
            // Frames under cell i: those whose position rounds to it.
            let lo = Int((Double(i) - 0.5) / Double(max(bar - 1, 1)) * Double(count - 1)).clamped(0, count - 1)
            let hi = Int((Double(i) + 0.5) / Double(max(bar - 1, 1)) * Double(count - 1)).clamped(0, count - 1)
            let bad = problems.contains { $0.lowerBound <= hi && $0.upperBound >= lo }
            let planned = accepted.contains { $0.lowerBound <= hi && $0.upperBound >= lo }
            let elsewhere = otherCameras.contains { $0.lowerBound <= hi && $0.upperBound >= lo }
            if i == head {
                out.append((unicode ? "●" : "|", .head))
            } else if marks.contains(where: { $0 >= lo && $0 <= hi }) {
                out.append((unicode ? "▲" : "^", .mark))
            } else if bad {
                out.append((unicode ? "▬" : "!", .problem))
            } else if planned {
                out.append((unicode ? "▭" : "~", .accepted))
            } else if elsewhere {
                out.append((unicode ? "╍" : ":", .otherCamera))
            } else if i < head {
                out.append((unicode ? "━" : "=", .played))
            } else {
                out.append((unicode ? "─" : "-", .ahead))
            }
        }
        out.append(("]", .bracket))
        return out + tail.map { ($0, .label) }
    }

    /// The frame a click on timeline column `col` asks for (the bar cell's frame), or nil off the bar.
    static func timelineFrame(atColumn col: Int, count: Int, label: String, frame: Int, width: Int) -> Int? {
        let tail = " \(label)  \(frame)/\(max(count - 1, 0))"
        let bar = max(0, width - tail.count - 2)
        guard bar > 0, count > 0, col >= 1, col <= bar else { return nil }
        guard bar > 1 else { return 0 }
        return Int((Double(col - 1) / Double(bar - 1) * Double(count - 1)).rounded())
    }

    /// A hint for CJK locales, whose terminals often draw ambiguous-width characters (the half block among them)
    /// two cells wide: quadrant characters stay narrow there.
    static func ambiguousWidthNote(locale: String, unicode: Bool, blitter: Blitter) -> String? {
        guard unicode, blitter == .half, ["zh", "ja", "ko"].contains(where: { locale.hasPrefix($0) }) else { return nil }
        return "CJK locale: if the picture looks torn, press b for quadrants (--blitter quadrant)"
    }

    /// Lines shown instead of the viewer when the screen is below `minimumSize`.
    static func tooSmall(cols: Int, rows: Int) -> [String] {
        [cols >= 18 ? "terminal too small" : "too small",
         "\(cols)x\(rows), need \(minimumSize.cols)x\(minimumSize.rows)", "q quits"]
    }

    static func vector(_ v: SIMD3<Double>) -> String {
        "\(fixed(v.x, 2)),\(fixed(v.y, 2)),\(fixed(v.z, 2))"
    }

    static func vector(_ v: SIMD3<Float>) -> String {
        "\(fixed(Double(v.x), 2)),\(fixed(Double(v.y), 2)),\(fixed(Double(v.z), 2))"
    }

    static func fixed(_ v: Double, _ decimals: Int) -> String { formatFixed(v, decimals) }
}

extension Int {
    func clamped(_ lo: Int, _ hi: Int) -> Int { Swift.min(Swift.max(self, lo), hi) }
}
