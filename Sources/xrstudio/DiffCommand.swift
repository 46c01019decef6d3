// DiffCommand: `xrstudio diff A B` — compare frames, for golden-frame checks in CI.

import ArgumentParser
import FoundationEssentials
import RenderJobs
import SceneModel

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two images, or two folders of frames matched by name.",
        discussion: """
            Per frame: PSNR, the largest channel difference and the number of differing pixels; then a summary \
            line. A pixel differs when a channel differs by more than --tolerance (default 0: bit exact); a frame \
            differs when more than --max-differing-pixels pixels do (default 0).
              xrstudio diff Tests/Golden/sample-stage renders/ --diff-out heat/
            Exit codes: 0 all frames match, 1 some differ, 2 a frame could not be compared (missing on one \
            side, a size mismatch, an unreadable file), a heat map could not be written (one already there \
            without --overwrite, an unwritable folder), or bad usage.
            """)

    @Argument(help: "The expected image or folder.")
    var a: String

    @Argument(help: "The image or folder to check.")
    var b: String

    @Option(help: "Largest channel difference (0-255) that still counts as equal.")
    var tolerance: Int = 0

    @Option(name: .customLong("max-differing-pixels"), help: "Differing pixels a frame may have and still match.")
    var maxDifferingPixels: Int = 0

    @Option(name: .customLong("diff-out"), help: ArgumentHelp("Folder for a heat-map PNG per differing frame.", valueName: "DIR"))
    var diffOut: String?

    @Flag(help: "Replace heat maps of the same names already in --diff-out.")
    var overwrite = false

    @Flag(help: "Print the report as JSON (one object) instead of lines.")
    var json = false

    func run() throws {
        let report: FrameDiffReport
        do {
            report = try FrameDiff.run(FrameDiffRequest(a: a, b: b, tolerance: tolerance,
                                                        maxDifferingPixels: maxDifferingPixels, diffOut: diffOut,
                                                        overwrite: overwrite))
        } catch let e as JobError {
            // For diff, 1 means "the frames differ": any failure to compare (a --diff-out that exists as a file,
            // an unreadable side) is 2, as the help says.
            printError(e.message)
            throw ExitCode(2)
        }
        // Nothing compared is not "all frames match": a golden check of two folders of EXR frames (which diff does not
        // read) or of two empty folders passed with exit 0.
        if report.frames.isEmpty {
            printError("\(a), \(b): no frames to compare (diff reads PNG and JPEG frames; EXR frames are not compared)")
            throw ExitCode(2)
        }
        // Frames that could not be compared are errors: said on stderr (the report on stdout still lists them).
        for f in report.frames where f.status == .error { printError("\(f.name): \(f.error ?? "cannot compare")") }
        // A heat map asked for and not written is a failure too (text mode said nothing, and exited 1 as "differ").
        for f in report.heatMapFailures { printError("\(f.name): \(f.error ?? "heat map not written")") }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try enc.encode(report), as: UTF8.self))
        } else {
            for f in report.frames where f.status != .error { print(report.line(f)) }
            print(report.summary)
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
