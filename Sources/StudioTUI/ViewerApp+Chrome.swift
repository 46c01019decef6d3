// ViewerApp+Chrome: the text around the picture — status line, timeline, hint or message line, overlays.

import FrameOutput
import Geometry
import SceneImaging
import SceneModel
import Shot
import TerminalBlit

extension ViewerApp {
    /// Status line, hint (or message) line, and the help overlay; or the "too small" notice.
    func drawChrome() {
        let (cols, rows) = screen
        if tooSmall {
            for (i, line) in ViewerChrome.tooSmall(cols: cols, rows: rows).enumerated() where i < rows {
                terminal.putText(row: i, col: 0, DisplayWidth.pad(line, cols), width: cols, style: .plain)
            }
            return
        }
        let status = ViewerChrome.status(camera: camera, frameMilliseconds: frameMilliseconds, blitter: blitter, pixels: pixels,
                                         depth: depth, sceneName: scene.name, unicode: unicode,
                                         view: scene.stage == nil ? nil : viewLabel, figures: shownFigures,
                                         lens: scene.stage.map { ViewerChrome.LensStatus(camera: scene.cameraName(viewing: viewing) ?? "camera",
                                                                                         fStop: camera.fStop, focusM: camera.focusDistanceM,
                                                                                         frameRate: $0.frameRate) },
                                         width: cols)
        terminal.putText(row: rows - 2, col: 0, DisplayWidth.pad(status, cols), width: cols, style: .reverse)
        if let timeline {
            drawTimeline(row: rows - 3, cols: cols, timeline: timeline)
        }
        var hint = ViewerChrome.hintLine(ViewerChrome.hintItems, width: cols - 1)
        if let s = liveStatus { hint = ViewerChrome.hintLine([s], width: cols - 1) }
        if let timeline {
            let f = timeline.frames[playhead]
            let take = scene.takeSet.map { "take set \($0.name) camera \($0.names[viewing])" } ?? "take \(timeline.takeName)"
            // Off the take's camera (flown, zoomed, relensed): the frame named is where it left the take.
            let state = playing ? "playing" : (onTakeFrame ? "paused" : "paused, camera moved")
            // The frame number `render --frames` takes stays on screen longest (the timeline shows the timecode).
            hint = ViewerChrome.hintLine(firstOf: ["\(take) \(f.timecode) frame \(f.frame) (\(playhead + 1)/\(timeline.frames.count)) \(state)",
                                                   "frame \(f.frame) \(state)", "frame \(f.frame)"],
                                         then: ["space play/pause", ", . step"] + (scene.takeSet == nil ? [] : ["n camera"]) + ["tab view"],
                                         width: cols - 1)
        }
        if debug {
            hint = "frames \(framesPainted)  \(terminal.counters)  render threads \(threads)"
        }
        if let m = message {
            if clock.seconds < m.until { hint = ViewerChrome.fitMessage(m.text, width: cols - 1, unicode: unicode) } else { message = nil }
        }
        // A line wider than the terminal shows its end, where typing happens.
        if let line = commandLine.text {
            hint = DisplayWidth.shortened(":" + line + "_", columns: cols - 1, mark: unicode ? ":…" : ":...", keepEnd: true)
        }
        // The bottom-right cell is left alone: writing it would scroll some terminals.
        terminal.putText(row: rows - 1, col: 0, DisplayWidth.pad(hint, cols - 1), width: cols - 1, style: message == nil ? .dim : .bold)
        if showHelp { drawOverlay(helpOverlay) } else if let o = marksOverlay { drawOverlay(o) }
    }

    /// The timeline row in colour: problem frames red (a take set's: the viewed camera's and the wall's), accepted
    /// ones amber, other cameras' dim red, the play head white, played frames lighter than those ahead.
    func drawTimeline(row rowIndex: Int, cols: Int, timeline: ShotTimeline) {
        // A take set's problems: the viewed camera's and the wall's in red, accepted ones amber, the other cameras'
        // dim (they are theirs to see: n views them).
        let seen = scene.takeSet.map { $0.names[viewing] }
        let mine = problems.filter { !$0.accepted && ($0.camera == nil || $0.camera == seen) }
        let others = problems.filter { !$0.accepted && $0.camera != nil && $0.camera != seen }
        let cells = ViewerChrome.timelineCells(frame: playhead, count: timeline.frames.count, problems: mine.map(\.frames),
                                               accepted: problems.filter(\.accepted).map(\.frames),
                                               otherCameras: others.map(\.frames),
                                               label: timeline.frames[playhead].timecode.description, width: cols, unicode: unicode,
                                               marks: marks.frames)
        var row = [Cell]()
        for (ch, kind) in cells.prefix(cols) {
            let fg: RGB
            switch kind {
            case .problem: fg = RGB(215, 0, 0)
            case .accepted: fg = RGB(215, 175, 0)
            case .otherCamera: fg = RGB(135, 60, 60)
            case .mark: fg = RGB(95, 215, 95)
            case .head: fg = RGB(255, 255, 255)
            case .played: fg = RGB(200, 200, 205)
            case .ahead: fg = RGB(110, 110, 115)
            case .bracket, .label: fg = RGB(180, 180, 185)
            }
            row.append(Cell(glyph: ch.unicodeScalars.first!, fg: fg, bg: RGB(0, 0, 0)))
        }
        while row.count < cols { row.append(Cell(glyph: " ", fg: RGB(180, 180, 185), bg: RGB(0, 0, 0))) }
        terminal.putCells(row: rowIndex, col: 0, row, depth: depth)
    }

    /// The status line's view: its name, and with a take set the camera it is seen from, as `render --view` names
    /// it (`camera:B`, `plan:B`).
    var viewLabel: String {
        guard let set = scene.takeSet else { return view.name }
        return view.name + ":" + set.names[viewing]
    }

    /// The overlay's box over the viewport, clear of the chrome rows (layout: `ScrollingOverlay.layout`); the title row bold.
    func drawOverlay(_ overlay: ScrollingOverlay) {
        let l = overlay.layout(cols: screen.cols, rows: viewportSize.rows)
        for (r, text) in l.rows.enumerated() {
            terminal.putText(row: l.top + r, col: l.left, text, width: l.width, style: r == l.titleRow ? .bold : .plain)
        }
    }
}
