// TUICommand: `xrstudio tui [SCENE.yaml | MODEL]` — the full-screen terminal viewer of a scene (its XR views and
// takes) or a model in clay.

import ArgumentParser
import FrameOutput
import RenderJobs
import SceneImaging
import SceneModel
import Shot
import TakeFormats
import StudioTUI

struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Preview a scene's shots (its XR views and takes), or a model in clay, live in the terminal.",
        discussion: """
            Without an argument it opens the default scene, Scenes/binhai-xr-stage.yaml (run it from the project folder). \
            The picture is exactly the shot: the take's or mark's camera (roll, focal length, focus) framing the scene's \
            render size, letterboxed in the terminal, so nothing about the shot depends on the terminal's size. \
            Keys: w a s d fly, r f up/down (shift: 5x), arrows orbit (with a take: step frames), + - lens, { } focus, \
            tab or 1-5 view, space play/pause, n next camera (a take set), b blitter, c colour mode, p save the view shown as a PNG \
            (xrstudio-<time>.png in the current directory, at the scene's render size or --snapshot-size), ? help, q quit.

            --color auto picks direct colour when terminfo has RGB, or when COLORTERM is truecolor or 24bit \
            and the matching -direct terminfo entry exists (package ncurses-term); else 256, 16, or none \
            (also when NO_COLOR is set). Needs a terminal on stdin and stdout (exit 2 otherwise).
              xrstudio tui Scenes/binhai-xr-stage.yaml --take "dolly push-in"
              xrstudio tui Scenes/binhai-xr-stage.yaml --live freed://0.0.0.0:40000
            """)

    @Argument(help: "A scene (.yaml: its XR views from the first mark, or its take) or a model to view in clay (.obj, .gltf, .glb). Default: Scenes/binhai-xr-stage.yaml.")
    var model: String?

    @Option(help: ArgumentHelp("Play a take of the scene (its name, or a take file), or a take set (every camera on the wall; n or :camera NAME switches the camera viewed): space plays/pauses, , and . step.",
                               valueName: "TAKE"))
    var take: String?

    @Option(help: ArgumentHelp("Follow a live tracker: freed://HOST:PORT or opentrackio://HOST:PORT (UDP).",
                               valueName: "URL"))
    var live: String?

    /// `--freed-rate`, `--freed-lens`, `--allow-gaps`: a take read as `render` reads it (and a live FreeD stream's zoom
    /// and focus by `--freed-lens`).
    @OptionGroup var freed: FreeDArguments

    @Option(help: ArgumentHelp("Colours: auto, truecolor, 256, 16 or none.", valueName: "MODE"))
    var color: String = "auto"

    @Option(help: ArgumentHelp("Pixels per cell: half, quadrant, braille or ascii.", valueName: "NAME"))
    var blitter: String = "half"

    @Option(help: ArgumentHelp("Real pixels: auto (probe local terminals for kitty graphics or sixel; never over SSH), kitty, sixel or off.",
                               valueName: "MODE"))
    var graphics: String = "auto"

    @Option(help: ArgumentHelp("Size of the PNG that p and :snapshot save, WxH. Default: the scene's render size (1920x1080 for models).",
                               valueName: "WxH"))
    var snapshotSize: String?

    @OptionGroup var memory: MemoryBudgetArguments

    func run() throws {
        try memory.apply()
        let freedOptions = try freed.options()
        let lensEncoding = freedOptions.lens, allowGaps = freed.allowGaps
        var options = try ViewerOptions(color: color, blitter: blitter, graphics: graphics,
                                        snapshotSize: try snapshotSize.map { try parseSize($0, option: "--snapshot-size") }) { image, path in
            try AtomicFile.writePNG(image, to: path, overwrite: false, dropAlpha: true)
        }
        // `:render A-B`: the same sequence renderer as `xrstudio render --take`, resumable.
        options.renderSequence = { job in
            guard let view = XRView(name: job.view) else { throw JobError.usage("no view '\(job.view)'") }
            var r = SequenceRequest(scenePath: job.scenePath, take: job.take, outDirectory: job.outDirectory,
                                    frames: job.frames, threads: 1, skipExisting: true, version: XRStudioVersion.string)
            r.view = view
            r.viewCamera = job.camera
            r.freed = freedOptions
            r.allowGaps = allowGaps
            let result = try SequenceRender.run(r)
            return "rendered \(result.written) frames (\(result.skipped) kept) to \(job.outDirectory)/"
        }
        if live != nil && take != nil { throw JobError.usage("--live and --take exclude each other") }
        if let live, live.lowercased().hasPrefix("freed:") {
            ShotWarnings.warn("FreeD carries no timecode: the live camera follows the newest packet as it arrives")
        }
        let source = live.map { url in { (camera: SceneModel.Camera?) throws -> any LiveCameraSource in
            try LiveViewerSource(url: url, camera: camera, freedLens: lensEncoding)
        } }
        options.freed = freedOptions
        options.allowGaps = allowGaps
        do {
            try StudioViewer.run(modelPath: model, take: take, live: source, options: options)
        } catch let e as ViewerInterrupted {
            throw ExitCode(128 + e.signal)  // 130 for Ctrl-C, 131 for Ctrl-\, 143 for SIGTERM, 129 for SIGHUP, as shells report
        }
    }
}
