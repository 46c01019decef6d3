// TakeCommand: `xrstudio take info|convert|recover` — inspect and convert camera-tracking takes.

import ArgumentParser
import FoundationEssentials
import FrameOutput
import RenderJobs
import TakeFormats
import Takes
import SceneModel

struct TakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "take",
        abstract: "Inspect and convert camera-tracking takes.",
        discussion: """
            Formats, by extension: .csv (Docs/takes.md lists the header), .freed or .d1 (raw FreeD D1 packets \
            back to back), .jsonl (OpenTrackIO, one sample per line), .json (OpenTrackIO array or one sample).
            Positions are reported in scene coordinates: right-handed, Y up, metres.
              xrstudio take info Scenes/takes/binhai-dolly-push.csv
              xrstudio take convert Scenes/takes/binhai-dolly-push.csv push.jsonl
            """,
        subcommands: [TakeInfoCommand.self, TakeConvertCommand.self, TakeRecoverCommand.self])
}

/// Take-reading options shared by every command that reads a take file: FreeD's rate and lens encoding, and
/// whether a take whose clock jumps far out of line is kept.
struct FreeDArguments: ParsableArguments {
    @Option(name: .customLong("freed-rate"),
            help: ArgumentHelp("Packets per second of a FreeD capture (FreeD has no time): 25, 29.97, 50, 59.94, 60 …",
                               valueName: "RATE"))
    var freedRate = "50"

    @Option(name: .customLong("freed-lens"),
            help: ArgumentHelp("What FreeD zoom/focus hold, read and written: raw (encoder counts, turned into optics by the "
                               + "scene lens's calibration) or mm (zoom = focal mm×100, focus = mm×10; ptz is the same).",
                               valueName: "MODE"))
    var freedLens = "raw"

    @Flag(name: .customLong("allow-gaps"),
          help: "Keep a take whose clock jumps far out of line with its other samples (more than 1000 typical intervals and 60 s); the frames in the gap hold the last sample. Without it such a take is an error naming the lines. A take longer than a day is always refused.")
    var allowGaps = false

    func options() throws -> FreeDReadOptions {
        guard let rate = FrameRate(parsing: freedRate) else {
            throw JobError.usage("--freed-rate \(freedRate): not a frame rate (e.g. 50, 59.94, 60000/1001)")
        }
        guard let lens = FreeDCapture.LensEncoding(name: freedLens) else {
            throw JobError.usage("--freed-lens \(freedLens): expected raw or mm")
        }
        return FreeDReadOptions(rate: rate, lens: lens)
    }
}

func printJSON<T: Encodable>(_ value: T) throws {
    let enc = JSONEncoder()
    enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try enc.encode(value), as: UTF8.self))
}

struct TakeInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Summarise a take: samples, rate, duration, timecode in/out, bounds, focal range, rejects.",
        discussion: """
            Bad packets and rows (checksum, length, type, truncation, NaN or absurd values) are counted and \
            listed with their byte offset or line; the rest of the take is still read. Exit 0 when the file \
            was read, even with rejects; exit 1 when not one sample is usable (the summary is still printed, \
            and stderr names the first reject).
              xrstudio take info stage_a.freed --freed-rate 59.94 --json
            JSON keys: file, format, samples, rejected, rejects, rate_hz, duration_s, timecode_rate, \
            timecode_in, timecode_out, bbox_min, bbox_max, focal_mm_min, focal_mm_max, gaps.
            """)

    @Argument(help: "The take file (.csv, .freed, .d1, .jsonl, .json).")
    var file: String

    @OptionGroup var freed: FreeDArguments

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let info = try TakeJobs.info(path: file, freed: try freed.options(), allowGaps: freed.allowGaps)
        if json { try printJSON(info) } else { print(info.text) }
        if info.samples == 0 {
            let why = info.rejects.first.map { " (\(info.rejected) rejected; the first: \($0))" } ?? " (the file holds none)"
            throw JobError.input("\(file): no usable samples\(why)")
        }
    }
}

struct TakeConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a take between CSV, FreeD and OpenTrackIO.",
        discussion: """
            The output format comes from OUT's extension (.csv, .freed, .d1, .jsonl, .json) or --to. The \
            file is written atomically; an existing OUT is refused unless --overwrite. Rejected input \
            packets or rows are skipped and counted. OUT - writes the take to standard output (give --to; \
            the report then goes to standard error).
              xrstudio take convert stage_a.freed stage_a.csv
              xrstudio take convert stage_a.freed - --to jsonl | head
            """)

    @Argument(help: "The take to read.")
    var input: String

    @Argument(help: "The file to write, or - for standard output (with --to).")
    var output: String

    @Option(help: ArgumentHelp("Output format: csv, freed, jsonl, json.", valueName: "FORMAT"))
    var to: String?

    @Flag(help: "Replace an existing output file.")
    var overwrite = false

    @OptionGroup var freed: FreeDArguments

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        if output == "-" && json { throw JobError.usage("--json: standard output carries the take (-); leave out --json") }
        let report = try TakeJobs.convert(input: input, output: output, to: to, overwrite: overwrite,
                                          freed: try freed.options(), allowGaps: freed.allowGaps)
        for w in report.warnings { SceneWarnings.write("warning: \(w)") }
        if output == "-" {
            // Standard output carries the take; the report only when it was all written.
            if StandardOutput.failure == 0 { SceneWarnings.write(report.text) }
        } else if json {
            try printJSON(report)
        } else {
            print(report.text)
        }
    }
}
