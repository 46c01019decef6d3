// AnalyzeCommand: `xrstudio analyze SCENE --take T [--json | --csv] [--strict]` — shot analysis of a take.

import ArgumentParser
import RenderJobs
import TakeFormats
import SceneImaging
import SceneModel

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Measure every frame of a take against the LED stage and list the problem frame ranges.",
        discussion: """
            For each frame of the take (resampled at the scene's frame rate) it traces rays through the camera's \
            image into the stage and reports: the share of the image covered by LED surfaces (per section), the \
            overshoot beyond the walls' edges (and which edge), the floor in view, the inner frustum's footprint \
            on the wall (cabinets, metres, LED pixels, with the scene's xr.overscan), the nearest wall and whether \
            it lies inside the depth of field (circle of confusion = sensor diagonal / coc_divisor), the moiré \
            risk (the LED pitch's image on the sensor against the photosite pitch, and the defocus blur against \
            it), the largest off-axis viewing angle against the panel's rated angle, and LED pixels per image \
            pixel. Thresholds and rules come from the scene's `analysis` block (Docs/analysis.md has each formula \
            and default). Consecutive frames breaking a rule are grouped into ranges with timecodes.

            A take set's name (the scene's take_sets) analyses every camera at once: each camera's figures, the \
            share of its image showing other cameras' inner frusta (visible_frusta; rule frustum_in_shot) and the \
            frusta's overlap on the wall (overlap_m2, cabinets; rule frustum_overlap). Rules the take set lists \
            under accept are reported but do not fail --strict.

            Output: a summary (default), --json (summary, problems and every frame) or --csv (one row per frame).
            Exit codes: 0 done (problems are reported, not failures, unless --strict), 1 bad input, or a problem \
            with --strict, 2 usage error.
              xrstudio analyze Scenes/binhai-xr-stage.yaml --take "dolly push-in"
              xrstudio analyze Scenes/binhai-xr-stage.yaml --take "dolly push-in" --json \\
                --strict > report.json
              xrstudio analyze Scenes/binhai-xr-stage.yaml --take "two cameras" \\
                --frames 100-150
            """)

    @Argument(help: "The scene (.yaml, .yml).")
    var scene: String

    @Option(help: ArgumentHelp("A take of the scene (its name), a take file, or a take set of the scene (every camera at once).", valueName: "TAKE"))
    var take: String

    @Flag(help: "Print the whole analysis as JSON.")
    var json = false

    @Flag(help: "Print one CSV row per frame.")
    var csv = false

    @Flag(help: "Exit 1 when any frame breaks a rule.")
    var strict = false

    @Option(help: ArgumentHelp("The camera's image size (default: the scene's render size).", valueName: "WxH"))
    var size: String?

    @Option(help: ArgumentHelp("Only frames numbered A to B (timecode frame numbers at the render rate), or one frame.", valueName: "A-B"))
    var frames: String?

    @Option(help: ArgumentHelp("Smooth tracker jitter first (samples on each side).", valueName: "N"))
    var smooth: Int = 0

    @OptionGroup var freed: FreeDArguments

    @Option(help: ArgumentHelp("Worker threads (default: all cores). The figures do not depend on it.", valueName: "N"))
    var threads: Int?

    @OptionGroup var memory: MemoryBudgetArguments

    func run() throws {
        try memory.apply()
        if json && csv { throw JobError.usage("--json and --csv exclude each other") }
        guard (0...100).contains(smooth) else { throw JobError.usage("--smooth \(smooth): expected 0-100 samples") }
        if let t = threads, !(1...64).contains(t) { throw JobError.usage("--threads \(t): expected 1-64") }
        var request = AnalyzeRequest(scenePath: scene, take: take, size: try size.map { try parseSize($0) },
                                     threads: threads ?? ModelRenderRequest.defaultThreads, smoothing: smooth)
        request.frames = try frames.map(parseFrameRange)
        request.freed = try freed.options()
        request.allowGaps = freed.allowGaps
        let report = try AnalyzeJob.run(request)
        print(json ? try report.json() : csv ? report.csv : report.text, terminator: "")
        if strict && report.failed { throw ExitCode(1) }
    }
}
