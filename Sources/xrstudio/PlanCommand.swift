// PlanCommand: `xrstudio plan SCENE [--take T] --out plan.pdf|svg` — the printable stage plan at real scale.

import ArgumentParser
import PlanDocument
import RenderJobs
import SceneModel

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Write the stage plan at real scale (1:50 or 1:100 on A3 or A4) as a vector PDF or SVG to print.",
        discussion: """
            The page shows, seen from above with north (-Z) up: the floor with a 1 m grid and the props' footprints; every LED wall as its \
            foot line with a tick per cabinet column and a dimension line giving its length (arc length, radius \
            and angle when curved), height and cabinets; ceilings dashed; mesh screens with their overall size; \
            every mark with its name, position and heading; a scale bar and a title block (scene, take, \
            timecode range, scale, paper, date).

            With --take, also the take's camera path with a tick at every second of timecode (labelled every N \
            seconds, N chosen so labels keep apart), the camera, its frustum edges and the inner frustum's \
            footprint on the wall at the --frames chosen (default: first, middle and last), and the shot \
            analysis's problem ranges (as `xrstudio analyze` reports them) red on the path and listed in the \
            legend with rule, camera and timecodes (--no-analysis skips it: a quicker plan). A take set draws every camera in its own colour.

            The format follows --out's extension (.pdf or .svg). Scale: 1:50 if the drawing fits the paper, else \
            1:100; --scale N sets any 1:N (the error says which scale would fit). Paper: A3 unless --paper a4; \
            landscape if it fits, else portrait, unless --landscape or --portrait. The same inputs give the same \
            bytes: the PDF's dates are --date (the shoot day) or a fixed date, never the clock.

            Exit codes: 0 written, 1 a bad scene or take file, an output that exists without --overwrite, or a \
            plan that does not fit, 2 usage (an unknown take or option, an unknown extension).
              xrstudio plan Scenes/binhai-xr-stage.yaml --take "dolly push-in" \\
                --out plan.pdf
              xrstudio plan Scenes/binhai-xr-stage.yaml --take "two cameras" \\
                --frames 10:00:03:00,10:00:09:00 --out plan.svg
              xrstudio plan Scenes/mesh-volume.yaml --paper a4 --date 2026-12-07 \\
                --out stage.pdf
            """)

    @Argument(help: "The scene (.yaml, .yml).")
    var scene: String

    @Option(help: ArgumentHelp("A take of the scene (its name), a take file, or a take set (every camera in its colour). Without it: the stage and marks only.", valueName: "TAKE"))
    var take: String?

    @Option(help: ArgumentHelp("The file to write: .pdf or .svg.", valueName: "FILE"))
    var out: String

    @Flag(help: "Replace FILE if it exists (without it, an existing file is kept and the command fails).")
    var overwrite = false

    @Option(help: ArgumentHelp("The scale 1:N: 50 or 100, or any N (default: 50 if it fits the paper, else 100).", valueName: "N"))
    var scale: Int?

    @Option(help: ArgumentHelp("a3 or a4.", valueName: "PAPER"))
    var paper: String = "a3"

    @Flag(help: "Landscape only (default: landscape if the drawing fits, else portrait).")
    var landscape = false

    @Flag(help: "Portrait only.")
    var portrait = false

    @Option(help: ArgumentHelp("Frames whose camera and footprint are drawn, comma-separated timecodes or frame numbers (default: first, middle, last).", valueName: "TC,N,..."))
    var frames: String?

    @Option(help: ArgumentHelp("The shoot day for the title block and the PDF's dates (default: none printed, a fixed date in the file).", valueName: "YYYY-MM-DD"))
    var date: String?

    @Flag(help: "Skip the shot analysis: no problem ranges, a quicker plan.")
    var noAnalysis = false

    @Flag(help: "Print what was written as JSON (paper, scale, the studio origin's place on the page in mm).")
    var json = false

    func run() throws {
        guard let p = Paper(rawValue: paper.lowercased()) else { throw JobError.usage("--paper \(paper): expected a3 or a4") }
        if landscape && portrait { throw JobError.usage("--landscape and --portrait exclude each other") }
        if frames != nil && take == nil { throw JobError.usage("--frames needs --take") }
        var request = PlanRequest(scenePath: scene, take: take, output: out)
        request.overwrite = overwrite
        request.paper = p
        request.orientation = landscape ? .landscape : portrait ? .portrait : nil
        request.scale = scale
        request.frames = frames.map { $0.split(separator: ",").map(String.init) } ?? []
        request.date = date
        request.analysis = !noAnalysis
        request.threads = ModelRenderRequest.defaultThreads
        let report = try PlanJob.run(request)
        print(json ? report.json : report.text, terminator: "")
    }
}
