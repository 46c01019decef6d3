// TUICommand: `xrstudio tui [MODEL.obj]` — the full-screen terminal viewer of the sample stage or a model.

import ArgumentParser
import FrameOutput
import RenderJobs
import StudioTUI

struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Fly through the sample stage, or a model in clay, live in the terminal.",
        discussion: """
            Without a model it opens the built-in sample XR stage (curved LED wall, LED ceiling, props). \
            Keys: w a s d fly, r f up/down (shift: 5x), arrows orbit, + - lens, b blitter, c colour mode, \
            p save a PNG (xrstudio-<time>.png in the current directory), ? help, q quit.

            --color auto picks direct colour when terminfo has RGB, or when COLORTERM is truecolor or 24bit \
            and the matching -direct terminfo entry exists (package ncurses-term); else 256, 16, or none \
            (also when NO_COLOR is set). Needs a terminal on stdin and stdout (exit 2 otherwise).
            """)

    @Argument(help: "A scene (.yaml: its virtual world from the first mark) or a model to view in clay (.obj, .gltf, .glb). Default: the built-in sample stage.")
    var model: String?

    @Option(help: ArgumentHelp("Play a take of the scene (its name, or a take file): space plays/pauses, , and . step.",
                               valueName: "TAKE"))
    var take: String?

    @Option(help: ArgumentHelp("Follow a live tracker: freed://HOST:PORT or opentrackio://HOST:PORT (UDP).",
                               valueName: "URL"))
    var live: String?

    @Option(help: ArgumentHelp("Colours: auto, truecolor, 256, 16 or none.", valueName: "MODE"))
    var color: String = "auto"

    @Option(help: ArgumentHelp("Pixels per cell: half (default), quadrant, braille or ascii.", valueName: "NAME"))
    var blitter: String = "half"

    @Option(help: ArgumentHelp("Real pixels: auto (probe local terminals for kitty graphics or sixel; never over SSH), kitty, sixel or off.",
                               valueName: "MODE"))
    var graphics: String = "auto"

    func run() throws {
        let options = try ViewerOptions(color: color, blitter: blitter, graphics: graphics) { image, path in
            try AtomicFile.writePNG(image, to: path, overwrite: false, dropAlpha: true)
        }
        if live != nil && take != nil { throw JobError.usage("--live and --take exclude each other") }
        let source = try live.map { try LiveViewerSource(url: $0, scenePath: model) }
        try StudioViewer.run(modelPath: model, take: take, live: source, options: options)
    }
}
