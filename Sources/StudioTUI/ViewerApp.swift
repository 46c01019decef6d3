// ViewerApp: the viewer's UI loop: read keys, move the camera, show the newest frame, draw the chrome.

import Geometry
import Imaging
import SceneModel
import SceneFormat
import FrameOutput
import FoundationEssentials
import SceneImaging
import Shot
import TerminalBlit

#if canImport(Glibc)
    import Glibc
#endif

/// The running viewer on an open curses screen (UI thread only).
///
/// Each turn of the loop waits at most `pollMilliseconds` for a key, handles every pending key, asks the
/// `RenderWorker` for a new frame when anything that changes the picture changed, paints the newest finished
/// frame (dropping frames made for an older layout) and redraws the status lines. Rendering never blocks input.
final class ViewerApp {
    static let pollMilliseconds: Int32 = 16
    /// How long a transient message replaces the key hints.
    static let messageSeconds = 4.0

    private let scene: ViewerScene
    private let plan: ColorPlan
    private let unicode: Bool
    /// The terminal (curses; a recording fake in tests).
    private let terminal: ViewerScreen
    private let worker: RenderWorker
    private let snapshots: SnapshotWriter
    private let snapshotSize: (width: Int, height: Int)?
    /// Time for playback, messages and "the camera stopped" (the system clock; tests drive their own).
    private let clock: ViewerClock
    private let threads: Int
    /// Shows painter and pair-cache counters instead of the key hints (`XRSTUDIO_TUI_DEBUG=1`).
    private let debug: Bool

    /// The camera shown: a take's frame, a mark, the scene camera, or one flown from them (same type: roll,
    /// sensor, focal length, focus and stop are kept).
    private var camera: ShotCamera
    private var blitter: Blitter
    private var depth: ColorDepth
    private var showHelp = false
    /// The help overlay's lines and scroll offset (it opens at the top).
    private var helpOverlay = ScrollingOverlay(lines: ViewerChrome.help)
    /// The plan's zoom (mouse wheel over the plan), 1 = the whole stage.
    private var planZoom = 1.0
    /// The stage plan pane in the viewport's corner (`o` toggles it).
    private var planPane = true
    /// The marks list overlay (`M`), when open.
    private var marksOverlay: ScrollingOverlay?
    /// Marks dropped with `m` this session (not yet in the file).
    private var marks = MarkEditor()
    /// A transient message in place of the key hints, until a clock time (seconds).
    private var message: (text: String, until: Double)?
    private var frameMilliseconds: Double?
    private var screen = (cols: 0, rows: 0)
    private var layout = 0
    /// The grid on screen now (repainted when the help overlay closes).
    private var lastGrid: CellGrid?
    /// Take playback: the frame shown and whether it plays.
    private var playback: Playback?
    private var playhead: Int { playback?.playhead ?? 0 }
    private var playing: Bool { playback?.playing ?? false }
    /// The live source's status line, shown in place of the key hints.
    private var liveStatus: String?
    /// The XR view shown (scene files start on the in-camera view; models and the sample stage have one view).
    private var view: XRView
    private var figures: ShotFigures?
    /// When the camera last moved, and whether the frame on screen was sent with fewer colours (moving).
    private var lastMove: Double?
    private var coarseOnScreen = false
    /// Real pixels through this protocol instead of cells (`--graphics`); nil: cells.
    private let pixels: PixelProtocol?
    private let presenter: PixelPresenter?
    /// The newest frame's picture, to send after curses has drawn the frame's cells; the last one sent.
    private var pendingImage: RGBA8Image?
    private var lastImage: RGBA8Image?
    /// `XRSTUDIO_TUI_STATS=FILE`: write the painted-frame count there after every frame (for benchmarks).
    private let statsPath: String? = getenv("XRSTUDIO_TUI_STATS").map { String(cString: $0) }
    /// Frames painted since start (the debug line shows it; the bytes-per-frame benchmark reads it).
    private var framesPainted = 0
    /// The take's problem ranges (playhead indices), computed on a background queue when a scene's take loads.
    private let problemLoader: ProblemLoader?
    private var problems: [ProblemSpan] = []
    /// The `:` command line, while it is being typed.
    private var commandLine = CommandLineEditor()
    private let renders: BackgroundRenders

    init(scene: ViewerScene, options: ViewerOptions, plan: ColorPlan, terminal: ViewerScreen, unicode: Bool, threads: Int,
         debug: Bool = false, pixels: PixelPresenter? = nil, clock: ViewerClock = SystemViewerClock()) {
        self.clock = clock
        self.terminal = terminal
        self.scene = scene
        self.presenter = pixels
        self.pixels = pixels?.kind
        self.debug = debug
        self.plan = plan
        self.unicode = unicode
        self.threads = threads
        camera = scene.camera
        view = scene.stage == nil ? .virtual : .camera
        problemLoader = scene.stage.flatMap { stage in scene.timeline.map { ProblemLoader(stage: stage, timeline: $0) } }
        playback = scene.timeline.map { Playback(count: $0.frames.count, framesPerSecond: $0.framesPerSecond, now: clock.seconds) }
        renders = BackgroundRenders(run: options.renderSequence)
        snapshotSize = options.snapshotSize
        blitter = unicode ? options.blitter : .ascii
        depth = plan.depth
        worker = RenderWorker(scene: scene, threads: threads)
        snapshots = SnapshotWriter(scene: scene, threads: threads, writePNG: options.writePNG)
        var notes = plan.note.map { [$0] } ?? []
        // CJK locales often draw ambiguous-width characters (the half block among them) two cells wide.
        let names: [String] = ["LC_ALL", "LC_CTYPE", "LANG"]
        let locale = names.compactMap { name -> String? in getenv(name).map { String(cString: $0) } }.first { !$0.isEmpty } ?? ""
        if let note = ViewerChrome.ambiguousWidthNote(locale: locale, unicode: unicode, blitter: options.blitter) {
            notes.append(note)
        }
        if !unicode && options.blitter != .ascii { notes.append("no UTF-8 locale: ascii blitter only") }
        if !notes.isEmpty { show(notes.joined(separator: "; ")) }
    }

    /// Runs until `q` or a quit signal.
    func run() {
        // Kitty keeps pictures until told: take them away however the viewer ends.
        defer { presenter?.close() }
        start()
        while !terminal.quitRequested && turn() {}
    }

    /// Lays the screen out and asks for the first frame.
    func start() {
        relayout()
    }

    /// One turn of the loop: handle the keys waiting (at most `pollMilliseconds` for the first), move the
    /// playhead, ask for a frame when the picture changed, paint the newest finished frame, draw the chrome.
    /// False when the viewer should quit.
    func turn() -> Bool {
        var changed = false
        for key in terminal.readKeys() {
            if commandLine.isOpen {
                switch commandLine.key(key) {
                case .editing, .closed: break
                case .invalid(let m): show(m)
                case .run(let c):
                    switch run(c) {
                    case .quit: return false
                    case .changed: changed = true
                    case .none: break
                    }
                }
                continue
            }
            if let scroll = ScrollingOverlay.scroll(for: key), showHelp || marksOverlay != nil {
                // An open overlay takes the scroll keys (arrows, j k, PgUp PgDn, Home End).
                if showHelp { helpOverlay.apply(scroll, cols: screen.cols, rows: viewportSize.rows) }
                else { marksOverlay?.apply(scroll, cols: screen.cols, rows: viewportSize.rows) }
                continue
            }
            guard let action = KeyAction.from(key) else { continue }
            if action == .quit { return false }
            changed = handle(action) || changed
        }
        if let m = renders.takeMessage() { show(m) }
        changed = advancePlayback() || changed
        if let spans = problemLoader?.take() {
            problems = spans
            if !spans.isEmpty { show("\(spans.count) problem range\(spans.count == 1 ? "" : "s") in the take: [ ] jump") }
        }
        if let live = scene.live {
            let (update, status) = live.poll()
            liveStatus = status
            if let update {
                camera = update.applied(to: camera)
                changed = true
            }
        }
        let now = clock.seconds
        if changed { lastMove = now }
        if terminal.size != screen {
            relayout()
        } else if changed {
            requestFrame()
        } else if coarseOnScreen, let t = lastMove, now - t > 0.15 {
            // The camera has stopped: send the full-precision picture once.
            coarseOnScreen = false
            requestFrame()
        }
        presentFinishedFrame()
        if let m = snapshots.takeMessage() { show(m) }
        drawChrome()
        terminal.update()
        sendPendingImage()
        return true
    }

    /// What the viewer shows now, for tests: the camera, the view, the take frame index and whether it plays.
    var state: (camera: ShotCamera, view: XRView, playhead: Int?, playing: Bool, figures: ShotFigures?, message: String?) {
        (camera, view, playback?.playhead, playing, figures, message?.text)
    }

    /// Sends the newest picture at the viewport's top-left corner, out of curses' sight: the cursor is saved and
    /// restored around it (DECSC / DECRC), so curses' idea of the screen stays right.
    private func sendPendingImage() {
        guard let image = pendingImage, pixels != nil, !tooSmall, !showHelp, marksOverlay == nil else { return }
        pendingImage = nil
        lastImage = image
        let p = viewportLayout.picture
        presenter?.present(image, col: p.col, row: p.row, cols: p.cols, rows: p.rows)
    }

    /// Moves the playhead with the clock while a take plays (looping); true when the camera changed.
    private func advancePlayback() -> Bool {
        guard let timeline = scene.timeline, playback?.advance(now: clock.seconds) == true else { return false }
        camera = timeline.frames[playhead].camera
        return true
    }

    /// Shows take frame index `i`, paused.
    private func seek(_ i: Int) {
        guard let timeline = scene.timeline else { return }
        playback?.seek(i)
        camera = timeline.frames[playhead].camera
    }

    /// Applies one action; true when the picture must be rendered again.
    private func handle(_ action: KeyAction) -> Bool {
        switch action {
        case .quit:
            return false
        case .toggleHelp:
            showHelp.toggle()
            helpOverlay.offset = 0
            // Kitty draws pictures over text: take the picture away while an overlay is open.
            if showHelp && pixels == .kitty { terminal.write(PixelGraphics.kittyDeleteAll) }
            if !showHelp { closeOverlay() }
            return false
        case .closeHelp:
            if showHelp || marksOverlay != nil {
                showHelp = false
                marksOverlay = nil
                closeOverlay()
            }
            return false
        case .focus(let factor):
            guard scene.stage != nil else { show("focus needs a scene file"); return false }
            playback?.pause()  // pulling focus takes the camera from the take
            camera.focusDistanceM = min(max(camera.focusDistanceM * factor, 0.3), 1000)
            show("focus \(ViewerChrome.fixed(camera.focusDistanceM, 2)) m")
            return true
        case let .mouse(col, row, button):
            return mouse(col: col, row: row, button: button)
        case .record:
            guard let live = scene.live else {
                playback?.pause()
                camera = camera.flown(forward: 0, right: 0, up: Double(KeyAction.fast), step: scene.flyStep)
                return true
            }
            show(live.toggleRecording())
            return false
        case .togglePlanPane:
            guard scene.stage != nil else { show("the plan needs a scene file"); return false }
            planPane.toggle()
            layout += 1
            return true
        case .dropMark:
            guard let stage = scene.stage else { show("marks need a scene file"); return false }
            show(marks.drop(at: camera, cameraName: scene.timeline?.camera?.name ?? stage.cameraName,
                            frame: scene.timeline == nil ? nil : playhead, existing: stage.scene.marks))
            return false
        case .listMarks:
            if marksOverlay != nil {
                marksOverlay = nil
                closeOverlay()
            } else {
                marksOverlay = ScrollingOverlay(lines: marks.lines(existing: scene.stage?.scene.marks ?? []))
                if pixels == .kitty { terminal.write(PixelGraphics.kittyDeleteAll) }
            }
            return false
        case .saveMarks:
            guard let stage = scene.stage else { show("marks need a scene file"); return false }
            show(marks.save(to: stage.file))
            return false
        case let .fly(f, r, u):
            playback?.pause()  // flying takes the camera from the take
            camera = camera.flown(forward: Double(f), right: Double(r), up: Double(u), step: scene.flyStep)
            return true
        case let .orbit(yaw, pitch) where pitch == 0 && scene.timeline != nil:
            // With a take, left and right step through it (shift: ten frames); up and down still orbit.
            return handle(.step((yaw > 0 ? 1 : -1) * (abs(yaw) > KeyAction.orbitStep ? 10 : 1)))
        case let .orbit(yaw, pitch):
            playback?.pause()
            camera = camera.orbited(yaw: yaw, pitch: pitch, distance: scene.orbitDistance)
            return true
        case .zoom(let factor):
            playback?.pause()
            camera = camera.zoomed(by: factor)
            return true
        case .nextBlitter:
            guard unicode else {
                show("no UTF-8 locale: ascii blitter only")
                return false
            }
            blitter = blitter.next
            layout += 1
            return true
        case .nextColorDepth:
            let modes = plan.available
            let i = modes.firstIndex(of: depth) ?? 0
            depth = modes[(i + 1) % modes.count]
            if modes.count == 1 { show("this terminal shows no other colour modes") }
            layout += 1
            return true
        case .snapshot:
            snapshot(size: snapshotSize ?? scene.imageSize)
            return false
        case .redraw:
            terminal.forceFullRepaint()
            return false
        case .resize:
            relayout()
            return false
        case .togglePlay:
            guard let timeline = scene.timeline else { show("no take: open a scene with --take"); return false }
            playback?.toggle(now: clock.seconds)
            // Resume from the frame shown, with the take's camera.
            camera = timeline.frames[playhead].camera
            return true
        case .nextView, .view:
            guard scene.stage != nil else { show("one view only: XR views need a scene file"); return false }
            let all = XRView.named.map(\.1)
            if case .view(let i) = action { view = all[min(max(i, 0), all.count - 1)] } else {
                view = all[((all.firstIndex(of: view) ?? 0) + 1) % all.count]
            }
            layout += 1
            return true
        case .command:
            commandLine.open()
            return false
        case .jump(let direction):
            guard scene.timeline != nil else { return false }
            // Problem ranges' first frames and the frames marks were dropped at.
            let starts = Set(problems.map(\.frames.lowerBound) + marks.frames).sorted()
            let target = direction > 0 ? starts.first { $0 > playhead } : starts.last { $0 < playhead }
            guard let t = target else {
                show(starts.isEmpty ? "no problem ranges or marks on the timeline" : "no further problem range or mark")
                return false
            }
            seek(t)
            let here = problems.filter { $0.frames.contains(t) }.map { "\($0.rule): \($0.detail)" }
                + marks.dropped.filter { $0.frame == t }.map { "mark \($0.mark.name)" }
            show(here.joined(separator: "; "))
            return true
        case .step(let n):
            guard let timeline = scene.timeline else { return false }
            playback?.step(n)
            camera = timeline.frames[playhead].camera
            return true
        }
    }

    /// True while the camera moves (a take plays, keys fly it, a tracker drives it): frames go out coarser.
    private var isMoving: Bool {
        if playing { return true }
        if scene.live != nil { return true }
        guard let t = lastMove else { return false }
        return clock.seconds - t <= 0.15
    }

    /// The plan pane's size in cells: a third of the viewport each way, when the viewport is large enough and the
    /// main view is not the plan itself.
    private var planPaneSize: (cols: Int, rows: Int)? {
        let (cols, rows) = viewportSize
        guard planPane, pixels == nil, scene.stage != nil, view != .plan, cols >= 60, rows >= 18 else { return nil }
        return (cols / 3, rows / 3)
    }

    /// Where the picture sits in the viewport: letterboxed to the camera's image aspect.
    private var viewportLayout: ViewportLayout {
        let (cols, rows) = viewportSize
        return ViewportLayout(cols: cols, rows: rows, blitter: blitter, aspect: camera.aspect)
    }

    /// The viewport in cells: the whole screen but the two chrome lines.
    private var viewportSize: (cols: Int, rows: Int) { (screen.cols, max(0, screen.rows - chromeRows)) }

    /// Status and hint lines, plus the timeline when a take is loaded.
    private var chromeRows: Int { scene.timeline == nil ? 2 : 3 }

    private var tooSmall: Bool {
        screen.cols < ViewerChrome.minimumSize.cols || screen.rows < ViewerChrome.minimumSize.rows
    }

    /// Recomputes the layout after a size change (or at start) and asks for a frame of the new size.
    private func relayout() {
        screen = terminal.size
        layout += 1
        terminal.erase()
        lastGrid = nil
        requestFrame()
    }

    private func requestFrame() {
        guard !tooSmall else { return }
        let l = viewportLayout
        let p = l.picture
        worker.submit(RenderRequest(camera: camera, layout: l, blitter: blitter, depth: depth,
                                    ansiCount: terminal.ansiCount, generation: layout, view: view, planPane: planPaneSize,
                                    planZoom: planZoom, moving: isMoving,
                                    pixelSize: presenter?.pictureSize(cols: p.cols, rows: p.rows)))
    }

    /// Paints the newest finished frame if it was made for the current layout.
    private func presentFinishedFrame() {
        guard let frame = worker.takeFinished() else { return }
        frameMilliseconds = frame.milliseconds
        figures = frame.figures ?? figures
        if let e = frame.error { show("render failed: \(e)") }
        guard frame.request.generation == layout, !tooSmall else { return }
        terminal.paintViewport(frame.grid, depth: depth)
        lastGrid = frame.grid
        if let image = frame.image { pendingImage = image }
        framesPainted += 1
        coarseOnScreen = frame.request.moving && depth == .truecolor
        if let path = statsPath {
            // Measurement hook (Tests/TUI/tui-bytes.py): the count of frames painted, rewritten after each one.
            "\(framesPainted)\n".withCString { s in
                let f = fopen(path, "w")
                if let f { fputs(s, f); fclose(f) }
            }
        }
    }

    /// After the help overlay closes, the cells under it are repainted from the last frame shown (and the picture
    /// sent again in pixel mode).
    private func closeOverlay() {
        if pixels != nil { pendingImage = lastImage }
        terminal.invalidateViewport()
        if let grid = lastGrid, !tooSmall {
            terminal.paintViewport(grid, depth: depth)
        }
    }

    private func show(_ text: String) {
        message = (text, clock.seconds + ViewerApp.messageSeconds)
    }

    /// Status line, hint (or message) line, and the help overlay; or the "too small" notice.
    private func drawChrome() {
        let (cols, rows) = screen
        if tooSmall {
            for (i, line) in ViewerChrome.tooSmall(cols: cols, rows: rows).enumerated() where i < rows {
                terminal.putText(row: i, col: 0, pad(line, cols), width: cols, style: .plain)
            }
            return
        }
        let status = ViewerChrome.status(camera: camera, frameMilliseconds: frameMilliseconds, blitter: blitter, pixels: pixels,
                                         depth: depth, sceneName: scene.name, unicode: unicode,
                                         view: scene.stage == nil ? nil : view.name, figures: figures,
                                         lens: scene.stage.map { ViewerChrome.LensStatus(camera: $0.cameraName ?? "camera",
                                                                                         fStop: camera.fStop, focusM: camera.focusDistanceM,
                                                                                         frameRate: $0.frameRate) },
                                         width: cols)
        terminal.putText(row: rows - 2, col: 0, pad(status, cols), width: cols, style: .reverse)
        if let timeline = scene.timeline {
            drawTimeline(row: rows - 3, cols: cols, timeline: timeline)
        }
        var hint = ViewerChrome.hintLine(ViewerChrome.hintItems, width: cols - 1)
        if let s = liveStatus { hint = ViewerChrome.hintLine([s], width: cols - 1) }
        if let timeline = scene.timeline {
            let f = timeline.frames[playhead]
            hint = ViewerChrome.hintLine(["take \(timeline.takeName) \(f.timecode) frame \(f.frame) (\(playhead + 1)/\(timeline.frames.count)) "
                + (playing ? "playing" : "paused"), "space play/pause", ", . step", "tab view"], width: cols - 1)
        }
        if debug {
            hint = "frames \(framesPainted)  \(terminal.counters)  render threads \(threads)"
        }
        if let m = message {
            if clock.seconds < m.until { hint = m.text } else { message = nil }
        }
        if let line = commandLine.text { hint = ":" + line + "_" }
        // The bottom-right cell is left alone: writing it would scroll some terminals.
        terminal.putText(row: rows - 1, col: 0, pad(hint, cols - 1), width: cols - 1, style: message == nil ? .dim : .bold)
        if showHelp { drawOverlay(helpOverlay) } else if let o = marksOverlay { drawOverlay(o) }
    }

    // MARK: Mouse

    /// A click on the timeline seeks there; the wheel over the plan (pane or view) zooms it.
    private func mouse(col: Int, row: Int, button: MouseButton) -> Bool {
        let (cols, rows) = screen
        if button == .click, let timeline = scene.timeline, row == rows - 3 {
            guard let f = ViewerChrome.timelineFrame(atColumn: col, count: timeline.frames.count,
                                                    label: timeline.frames[playhead].timecode.description,
                                                    frame: playhead, width: cols) else { return false }
            seek(f)
            return true
        }
        if button != .click {
            let pane = planPaneSize
            let overPane = pane.map { col >= cols - $0.cols && row < $0.rows } ?? false
            guard view == .plan || overPane else { return false }
            planZoom = min(max(planZoom * (button == .wheelUp ? 1.25 : 0.8), 0.25), 16)
            show("plan zoom \(ViewerChrome.fixed(planZoom, 2))x")
            return true
        }
        return false
    }

    // MARK: Marks

    enum CommandKeyResult { case none, changed, quit }

    /// Runs a command from the command line.
    private func run(_ command: ViewerCommand) -> CommandKeyResult {
        switch command {
        case .quit:
            return .quit
        case .gotoFrame(let n):
            guard let timeline = scene.timeline else { show("goto: no take (open a scene with --take)"); return .none }
            guard let i = timeline.index(ofFrame: n) else {
                show("goto: no frame \(n) (the take has frames \(timeline.frames.first!.frame)-\(timeline.frames.last!.frame))")
                return .none
            }
            seek(i)
            return .changed
        case .gotoTimecode(let tc):
            guard let timeline = scene.timeline else { show("goto: no take (open a scene with --take)"); return .none }
            guard let i = timeline.frames.firstIndex(where: { $0.timecode.description == tc }) else {
                show("goto: no frame at \(tc) (the take runs \(timeline.frames.first!.timecode)-\(timeline.frames.last!.timecode))")
                return .none
            }
            seek(i)
            return .changed
        case .lens(let mm):
            playback?.pause()
            camera = camera.withFocalLength(mm)
            show("lens \(ViewerChrome.fixed(mm, 1)) mm")
            return .changed
        case .snapshot(let size):
            snapshot(size: size ?? snapshotSize ?? scene.imageSize)
            return .none
        case .view(let v):
            guard scene.stage != nil else { show("one view only: XR views need a scene file"); return .none }
            view = v
            layout += 1
            return .changed
        case .render(let range):
            guard let stage = scene.stage, let timeline = scene.timeline else { show("render: needs a scene with --take"); return .none }
            let dir = "renders/" + fileSlug(timeline.takeName, fallback: "take") + "-" + view.name
            renders.start(SequenceJob(scenePath: stage.file, take: timeline.takeName, frames: range, view: view.name,
                                      outDirectory: dir))
            show("rendering frames \(range.lowerBound)-\(range.upperBound) (\(view.name)) to \(dir)/ ...")
            return .none
        }
    }

    /// `p` / `:snapshot`: the view shown, through the camera shown, at `size`, written beside the viewer.
    private func snapshot(size: (width: Int, height: Int)) {
        let started = snapshots.start(view: view, camera: camera, width: size.width, height: size.height, planZoom: planZoom)
        show(started ? "rendering \(view.name) snapshot \(size.width)x\(size.height)..." : "a snapshot is still being written")
    }

    /// The timeline row in colour: problem frames red, the play head white, played frames lighter than those ahead.
    private func drawTimeline(row rowIndex: Int, cols: Int, timeline: ShotTimeline) {
        let cells = ViewerChrome.timelineCells(frame: playhead, count: timeline.frames.count, problems: problems.map(\.frames),
                                               label: timeline.frames[playhead].timecode.description, width: cols, unicode: unicode,
                                               marks: marks.frames)
        var row = [Cell]()
        for (ch, kind) in cells.prefix(cols) {
            let fg: RGB
            switch kind {
            case .problem: fg = RGB(215, 0, 0)
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

    /// The overlay's box over the viewport, clear of the chrome rows (layout: `ScrollingOverlay.layout`); the title row bold.
    private func drawOverlay(_ overlay: ScrollingOverlay) {
        let l = overlay.layout(cols: screen.cols, rows: viewportSize.rows)
        for (r, text) in l.rows.enumerated() {
            terminal.putText(row: l.top + r, col: l.left, text, width: l.width, style: r == l.titleRow ? .bold : .plain)
        }
    }

    /// `s` cut or padded with spaces to exactly `width` characters.
    private func pad(_ s: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        let n = s.unicodeScalars.count
        if n >= width { return String(String.UnicodeScalarView(s.unicodeScalars.prefix(width))) }
        return s + String(repeating: " ", count: width - n)
    }
}
