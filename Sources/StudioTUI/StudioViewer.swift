// StudioViewer: `xrstudio tui`'s library entry: checks the terminal, opens curses, runs the viewer, restores.

import RasterCore
import SceneFormat
import SceneModel
import Shot
import TakeFormats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The full-screen terminal viewer: a live software-rendered view of a scene, flown with the keyboard.
///
/// `run` owns the terminal for its whole life: it sets the locale, decides the colour depth (`ColorPlan`),
/// opens curses with `newterm`, runs `ViewerApp` and always gives the terminal back (`endwin`), also after
/// Ctrl-C, Ctrl-\, SIGTERM or SIGHUP. Rendering happens on a background thread with `cores - 1` rasterizer workers.
public enum StudioViewer {
    /// The scene `xrstudio tui` opens without an argument (run from the project folder, as `make run` does).
    public static let defaultScene = "Scenes/binhai-xr-stage.yaml"

    /// Opens `modelPath` (a scene file, or a model shown in clay; nil: `defaultScene`), with a take to play when
    /// `take` is given, and runs the viewer.
    ///
    /// - Throws: `JobError.usage("tui needs a terminal")` when stdin or stdout is not a terminal (exit 2);
    ///   `JobError.input` for an unreadable model or a terminal curses cannot open.
    /// - Parameter live: makes the live tracker source from the scene's first camera (its lens calibration and
    ///   sensor), once the scene is open.
    public static func run(modelPath: String?, take: String? = nil,
                           live: ((SceneModel.Camera?) throws -> any LiveCameraSource)? = nil,
                           options: ViewerOptions) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw JobError.usage("tui needs a terminal")
        }
        // A dumb terminal cannot move the cursor: the viewer drew its status line once and never again.
        if let term = getenv("TERM").map({ String(cString: $0) }), term == "dumb" {
            throw JobError.usage("tui needs a terminal that can move the cursor, and TERM=dumb cannot "
                                 + "(run it in a terminal emulator, or set TERM, e.g. TERM=xterm-256color)")
        }
        // Warnings (the scene's, the take's) go to the status line while curses owns the screen, and to stderr
        // once the terminal is back.
        let inbox = WarningInbox()
        let sceneSink = SceneFile.warn
        SceneFile.warn = { inbox.post($0) }
        ShotWarnings.route { inbox.post("warning: " + $0) }
        defer {
            SceneFile.warn = sceneSink
            ShotWarnings.route(to: nil)
            for line in inbox.all { fputs(line + "\n", stderr) }
        }
        var viewer = try open(modelPath ?? defaultScenePath(), take: take, freed: options.freed, allowGaps: options.allowGaps)
        viewer.live = try live?(viewer.stage?.scene.cameras.first)
        // However the viewer ends, a recording it was making is written (quitting lost it), and said on stderr.
        defer { if let line = viewer.live?.finishRecording() { inbox.post(line) } }
        try run(scene: viewer, options: options, warnings: inbox)
    }

    /// `defaultScene` in the current folder, else beside the executable's build folder (`.build/debug/xrstudio`
    /// → the project's `Scenes/`); a usage error naming both when neither has it.
    static func defaultScenePath() throws -> String {
        var candidates = [defaultScene]
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        if n > 0 {
            let exe = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            var dir = exe
            for _ in 0..<5 {
                guard let slash = dir.lastIndex(of: "/") else { break }
                dir = String(dir[..<slash])
                candidates.append(dir + "/" + defaultScene)
            }
        }
        if let found = candidates.first(where: { access($0, R_OK) == 0 }) { return found }
        throw JobError.usage("tui: no scene given and no \(defaultScene) here or beside the executable; name a scene or model")
    }

    /// A scene file (with its take) or a bare model, read once.
    public static func open(_ path: String, take: String?, freed: FreeDReadOptions = FreeDReadOptions(),
                            allowGaps: Bool = false) throws -> ViewerScene {
        let isScene = SceneFile.isScenePath(path)
        if take != nil && !isScene { throw JobError.usage("--take needs a scene file (.yaml, .yml)") }
        return isScene ? try ViewerScene.sceneFile(path: path, take: take, freed: freed, allowGaps: allowGaps) : try ViewerScene.clayModel(path: path)
    }

    /// Runs the viewer on `scene` in the current terminal.
    public static func run(scene: ViewerScene, options: ViewerOptions) throws {
        try run(scene: scene, options: options, warnings: nil)
    }

    static func run(scene: ViewerScene, options: ViewerOptions, warnings: WarningInbox?) throws {
        Curses.adoptEnvironmentLocale()
        let unicode = Curses.localeIsUTF8()
        var env: [String: String] = [:]
        for name in ["TERM", "COLORTERM", "NO_COLOR"] {
            if let v = getenv(name) { env[name] = String(cString: v) }
        }
        var plan = ColorPlan.make(choice: options.color, environment: env, probe: Curses.probe)
        // Ask about pixel protocols before curses owns the terminal (raw mode, DA1-fenced, 500 ms at most).
        var graphicsEnv = env
        for name in ["SSH_CONNECTION", "SSH_TTY"] {
            if let v = getenv(name) { graphicsEnv[name] = String(cString: v) }
        }
        let pixels = GraphicsProbe.decide(options.graphics, environment: graphicsEnv).map(PixelPresenter.open)
        // Our handlers first: ncurses only installs its own (which exit without our clean-up) on default ones.
        Curses.installQuitSignals()
        guard let screen = Curses.openScreen(plan.terminal) else {
            throw JobError.input("cannot open the terminal '\(plan.terminal ?? env["TERM"] ?? "")' (check TERM)")
        }
        defer { Curses.closeScreen(screen) }
        Curses.configure(pollMilliseconds: ViewerApp.pollMilliseconds)
        if Curses.startColor() {
            plan.direct = plan.direct && Curses.colors >= 1 << 24
            plan.colors = Curses.colors
        } else {
            plan.direct = false
            plan.colors = 0
        }
        if !plan.available.contains(plan.depth) { plan.depth = plan.available.first ?? .monochrome }
        // XRSTUDIO_TUI_MAX_PAIRS caps the pairs used (a test knob: exercises pair recycling on a small screen).
        var pairs = Curses.colorPairs
        if let cap = getenv("XRSTUDIO_TUI_MAX_PAIRS").flatMap({ Int(String(cString: $0)) }), cap >= 2 {
            pairs = min(pairs, cap)
        }
        let table = PairTable(direct: plan.direct, colors: plan.colors, colorPairs: pairs)
        let debug = getenv("XRSTUDIO_TUI_DEBUG").map { String(cString: $0) }.map { !$0.isEmpty && $0 != "0" } ?? false
        let app = ViewerApp(scene: scene, options: options, plan: plan, terminal: CursesScreen(table: table), unicode: unicode,
                            threads: renderThreads, debug: debug, pixels: pixels, warnings: warnings)
        app.run()
        // Ended by a signal rather than `q`: said to the caller, which exits 128 + the signal (it exited 0).
        if Curses.quitSignal != 0 { throw ViewerInterrupted(signal: Curses.quitSignal) }
    }

    /// Rasterizer workers: all cores but the one the UI runs on, at least 1.
    static var renderThreads: Int {
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return max(1, min(cores - 1, Rasterizer.maxThreads))
    }
}

/// The viewer was ended by SIGINT, SIGQUIT, SIGTERM or SIGHUP (the terminal is already restored).
public struct ViewerInterrupted: Error {
    public let signal: Int32
}
