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

    let scene: ViewerScene
    let plan: ColorPlan
    let unicode: Bool
    /// The terminal (curses; a recording fake in tests).
    let terminal: ViewerScreen
    let worker: RenderWorker
    let snapshots: SnapshotWriter
    let snapshotSize: (width: Int, height: Int)?
    /// Time for playback, messages and "the camera stopped" (the system clock; tests drive their own).
    let clock: ViewerClock
    let threads: Int
    /// Shows painter and pair-cache counters instead of the key hints (`XRSTUDIO_TUI_DEBUG=1`).
    let debug: Bool

    /// The camera shown: a take's frame, a mark, the scene camera, or one flown from them (same type: roll,
    /// sensor, focal length, focus and stop are kept).
    var camera: ShotCamera
    var blitter: Blitter
    var depth: ColorDepth
    var showHelp = false
    /// The help overlay's lines and scroll offset (it opens at the top).
    var helpOverlay = ScrollingOverlay(lines: ViewerChrome.help)
    /// The plan's zoom (mouse wheel over the plan), 1 = the whole stage.
    var planZoom = 1.0
    /// The stage plan pane in the viewport's corner (`o` toggles it).
    var planPane = true
    /// The marks list overlay (`M`), when open.
    var marksOverlay: ScrollingOverlay?
    /// Every message shown (`show`), whole, for `:messages` (in the marks list's place).
    var messageLog: [String] = []
    /// Marks dropped with `m` this session (not yet in the file).
    var marks = MarkEditor()
    /// A transient message in place of the key hints, until a clock time (seconds).
    var message: (text: String, until: Double)?
    /// Background notices waiting for the standing message to run its time, oldest first (`announce`).
    var pendingNotices: [String] = []
    /// The standing message says work is under way ("rendering ..."): the news of its end replaces it at once.
    var messageIsProgress = false
    /// The standing message is a notice from the background or a load warning, not the answer to a key: an answer
    /// that replaces it before its time puts it back at the head of the queue (`show`).
    var messageIsNotice = false
    var frameMilliseconds: Double?
    var screen = (cols: 0, rows: 0)
    var layout = 0
    /// The grid on screen now (repainted when the help overlay closes).
    var lastGrid: CellGrid?
    /// Take playback: the frame shown and whether it plays.
    var playback: Playback?
    /// The take set's camera viewed (an index into `scene.takeSet.names`; 0 without a set).
    var viewing = 0
    /// The viewed camera's timeline (the take's, or the take set's viewed camera's on the shared frames).
    var timeline: ShotTimeline? { scene.timeline(viewing: viewing) }
    var playhead: Int { playback?.playhead ?? 0 }
    var playing: Bool { playback?.playing ?? false }
    /// The live source's status line, shown in place of the key hints.
    var liveStatus: String?
    /// The XR view shown (scene files start on the in-camera view; models have one view).
    var view: XRView
    var figures: ShotFigures?
    /// When the camera last moved, and whether the frame on screen was sent with fewer colours (moving).
    var lastMove: Double?
    var coarseOnScreen = false
    /// Real pixels through this protocol instead of cells (`--graphics`); nil: cells.
    var pixels: PixelProtocol? { presenter?.kind }
    let presenter: PixelPresenter?
    /// The newest frame's picture, to send after curses has drawn the frame's cells; the last one sent.
    var pendingImage: RGBA8Image?
    var lastImage: RGBA8Image?
    /// `XRSTUDIO_TUI_STATS=FILE`: write the painted-frame count there after every frame (for benchmarks).
    let statsPath: String? = getenv("XRSTUDIO_TUI_STATS").map { String(cString: $0) }
    /// Frames painted since start (the debug line shows it; the bytes-per-frame benchmark reads it).
    var framesPainted = 0
    /// The take's problem ranges (playhead indices), computed on a background queue when a scene's take loads.
    let problemLoader: ProblemLoader?
    var problems: [ProblemSpan] = []
    /// Each camera's status figures at each take frame from that analysis (`[camera][playhead]`; nil until it has
    /// finished).
    var takeFigures: [[ShotFigures]]?
    /// The `:` command line, while it is being typed.
    var commandLine = CommandLineEditor()
    let renders: BackgroundRenders
    /// A quit was refused once because a `:render` was running; the next one quits.
    var quitWarned = false
    /// Warnings raised while the viewer runs (shown in turn in the hint line).
    let warnings: WarningInbox?

    /// `analyse`: run the take's shot analysis in the background (tests that bring their own problems skip it).
    init(scene: ViewerScene, options: ViewerOptions, plan: ColorPlan, terminal: ViewerScreen, unicode: Bool, threads: Int,
         debug: Bool = false, pixels: PixelPresenter? = nil, clock: ViewerClock = SystemViewerClock(),
         warnings: WarningInbox? = nil, analyse: Bool = true) {
        self.warnings = warnings
        self.clock = clock
        self.terminal = terminal
        self.scene = scene
        self.presenter = pixels
        self.debug = debug
        self.plan = plan
        self.unicode = unicode
        self.threads = threads
        camera = scene.camera
        view = scene.stage == nil ? .virtual : .camera
        problemLoader = scene.stage.flatMap { stage in
            guard analyse else { return nil }
            if let set = scene.takeSet { return ProblemLoader(stage: stage, takeSet: set) }
            return scene.timeline.map { ProblemLoader(stage: stage, timeline: $0) }
        }
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

    /// Whether quitting now is fine: while a `:render` is writing frames the first quit only says so (the CLI's
    /// Ctrl-C marks its sequence interrupted; here the frames would simply stop); a second one quits.
    func mayQuit() -> Bool {
        guard renders.busy, !quitWarned else { return true }
        quitWarned = true
        show("a :render is still writing frames: q again to stop it (the frames written are kept; :render resumes)")
        return false
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
                    case .quit: if mayQuit() { return false }
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
            if action == .quit {
                if mayQuit() { return false }
                continue
            }
            changed = handle(action) || changed
        }
        if let m = renders.takeMessage() { announce(m) }
        if let m = snapshots.takeMessage() { announce(m) }
        if message == nil, !pendingNotices.isEmpty { show(pendingNotices.removeFirst(), notice: true) }
        if message == nil, let w = warnings?.next() { show(w, notice: true) }
        changed = advancePlayback() || changed
        if let result = problemLoader?.take() {
            let spans = result.spans
            problems = spans
            takeFigures = result.figures.isEmpty ? nil : result.figures
            if !spans.isEmpty {
                let accepted = spans.filter(\.accepted).count
                announce("\(spans.count) problem range\(spans.count == 1 ? "" : "s") in the take\(scene.takeSet == nil ? "" : " set")"
                     + (accepted > 0 ? " (\(accepted) accepted)" : "") + ": [ ] jump")
            }
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
        drawChrome()
        terminal.update()
        sendPendingImage()
        return true
    }

    /// What the viewer shows now, for tests: the camera, the view, the take frame index and whether it plays.
    var state: (camera: ShotCamera, view: XRView, playhead: Int?, playing: Bool, figures: ShotFigures?, message: String?) {
        (camera, view, playback?.playhead, playing, shownFigures, message?.text)
    }

    /// The camera is the take's at the play head (not flown, zoomed or refocused away from it).
    var onTakeFrame: Bool {
        guard let timeline, let p = playback?.playhead else { return false }
        return camera == timeline.frames[p].camera
    }

    /// The status line's figures: on a take frame, that frame's from the take's analysis (as `analyze` reports
    /// it) once it has run; otherwise the worker's measurement of the camera shown.
    var shownFigures: ShotFigures? {
        if onTakeFrame, let all = takeFigures, all.indices.contains(viewing), let p = playback?.playhead,
           all[viewing].indices.contains(p) { return all[viewing][p] }
        return figures
    }

    /// Sends the newest picture at the viewport's top-left corner, out of curses' sight: the cursor is saved and
    /// restored around it (DECSC / DECRC), so curses' idea of the screen stays right.
    func sendPendingImage() {
        guard let image = pendingImage, pixels != nil, !tooSmall, !showHelp, marksOverlay == nil else { return }
        pendingImage = nil
        lastImage = image
        let p = viewportLayout.picture
        presenter?.present(image, col: p.col, row: p.row, cols: p.cols, rows: p.rows)
    }

    /// Moves the playhead with the clock while a take plays (looping); true when the camera changed.
    func advancePlayback() -> Bool {
        guard let timeline, playback?.advance(now: clock.seconds) == true else { return false }
        camera = timeline.frames[playhead].camera
        return true
    }

    /// Shows take frame index `i`, paused.
    func seek(_ i: Int) {
        guard let timeline else { return }
        playback?.seek(i)
        camera = timeline.frames[playhead].camera
    }

    /// True while the camera moves (a take plays, keys fly it, a tracker drives it): frames go out coarser.
    var isMoving: Bool {
        if playing { return true }
        if scene.live != nil { return true }
        guard let t = lastMove else { return false }
        return clock.seconds - t <= 0.15
    }

    /// The plan pane's size in cells: a third of the viewport each way, when the viewport is large enough and the
    /// main view is not the plan itself.
    var planPaneSize: (cols: Int, rows: Int)? {
        let (cols, rows) = viewportSize
        guard planPane, pixels == nil, scene.stage != nil, view != .plan, cols >= 60, rows >= 18 else { return nil }
        return (cols / 3, rows / 3)
    }

    /// Where the picture sits in the viewport: letterboxed to the camera's image aspect.
    var viewportLayout: ViewportLayout {
        let (cols, rows) = viewportSize
        // Pixel graphics show the terminal's own cells, which are seldom exactly 1:2.
        let cell = presenter == nil ? (width: 1.0, height: 2.0) : Curses.cellPixels()
        return ViewportLayout(cols: cols, rows: rows, blitter: blitter, aspect: camera.aspect,
                              cellAspect: cell.height / cell.width)
    }

    /// The viewport in cells: the whole screen but the two chrome lines.
    var viewportSize: (cols: Int, rows: Int) { (screen.cols, max(0, screen.rows - chromeRows)) }

    /// Status and hint lines, plus the timeline when a take is loaded.
    var chromeRows: Int { scene.timeline == nil ? 2 : 3 }

    var tooSmall: Bool {
        screen.cols < ViewerChrome.minimumSize.cols || screen.rows < ViewerChrome.minimumSize.rows
    }

    /// Recomputes the layout after a size change (or at start) and asks for a frame of the new size.
    func relayout() {
        screen = terminal.size
        layout += 1
        terminal.erase()
        lastGrid = nil
        requestFrame()
    }

    func requestFrame() {
        guard !tooSmall else { return }
        let l = viewportLayout
        let p = l.picture
        worker.submit(RenderRequest(camera: camera, wall: wall, measure: !(onTakeFrame && takeFigures != nil), layout: l, blitter: blitter, depth: depth,
                                    ansiCount: terminal.ansiCount, generation: layout, view: view, planPane: planPaneSize,
                                    planZoom: planZoom, moving: isMoving,
                                    pixelSize: presenter?.pictureSize(cols: p.cols, rows: p.rows)))
    }

    /// Every tracked camera on the wall at the play head, the viewed one as shown (nil without a take).
    var wall: WallCameras? {
        guard let p = playback?.playhead else { return nil }
        return scene.wall(at: p, viewing: viewing, camera: camera)
    }

    /// Paints the newest finished frame if it was made for the current layout.
    func presentFinishedFrame() {
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
    func closeOverlay() {
        if pixels != nil { pendingImage = lastImage }
        terminal.invalidateViewport()
        if let grid = lastGrid, !tooSmall {
            terminal.paintViewport(grid, depth: depth)
        }
    }

    /// Shows `text` for `messageSeconds`; `progress`: it says work is under way, and the news of that work replaces it;
    /// `notice`: it is news or a warning, not the answer to a key. The answer to a key shows at once (the user just
    /// asked), and a notice it cuts short waits at the head of the queue to be shown again in full.
    func show(_ text: String, progress: Bool = false, notice: Bool = false) {
        // Kept whole for `:messages` (the last 200): the message line cuts a long one at the terminal's width.
        if messageLog.last != text { messageLog.append(text) }
        if messageLog.count > 200 { messageLog.removeFirst(messageLog.count - 200) }
        if !notice, messageIsNotice, let m = message, clock.seconds < m.until, pendingNotices.count < 16 {
            pendingNotices.insert(m.text, at: 0)
        }
        message = (text, clock.seconds + ViewerApp.messageSeconds)
        messageIsProgress = progress
        messageIsNotice = notice
    }

    /// Shows news from the background (a render or snapshot finished, the take's problem ranges found) at once when no
    /// message stands or the standing one only said work was under way, else once the standing message has run its
    /// time, in order: it never wipes out the answer to what the user just did (`n`'s "viewing camera A") or other news
    /// (a render's "rendered" when a snapshot is saved in the same moment) before it could be read.
    func announce(_ text: String) {
        if message == nil || messageIsProgress {
            show(text, notice: true)
        } else if pendingNotices.count < 16 {
            pendingNotices.append(text)
        }
    }

}
