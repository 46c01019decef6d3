// ContactSheetCommand: `xrstudio contact-sheet DIR --out sheet.png` — review a take's frames at a glance.

import ArgumentParser
import RenderJobs
import SceneModel

struct ContactSheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact-sheet",
        abstract: "A grid of thumbnails of a frame sequence, labelled with frame number and timecode.",
        discussion: """
            Lists the PNG and JPEG frames in DIR in frame-number order (the last run of digits in each file \
            name), takes every Nth, and writes one PNG: a title line with the folder name and frame range, then \
            a grid of thumbnails, each labelled "frame 0123" and, when DIR/sequence.json gives one, its timecode.
              xrstudio contact-sheet renders/take3 --every 24 --out take3-sheet.png
            Without --columns the grid is chosen to make the sheet about 4:3.
            Exit codes: 0 written, 1 no frames, an unreadable frame or the output exists (without \
            --overwrite), 2 usage (--every < 1, DIR not a folder).
            """)

    @Argument(help: ArgumentHelp("The folder of frames.", valueName: "DIR"))
    var dir: String

    @Option(help: "Take every Nth frame.")
    var every: Int = 1

    @Option(help: "Grid columns (default: about 4:3).")
    var columns: Int?

    @Option(name: .customLong("thumb-width"), help: "Thumbnail width in pixels.")
    var thumbWidth: Int = 320

    @Option(help: ArgumentHelp("The sheet to write (PNG).", valueName: "sheet.png"))
    var out: String

    @Flag(help: "Replace the output file if it exists.")
    var overwrite = false

    func run() throws {
        // The sheet is a PNG: a `.jpg` or `.exr` name got PNG bytes, which readers of that name refuse.
        guard out.lowercased().hasSuffix(".png") else {
            throw JobError.usage("--out '\(out)': the contact sheet is a PNG; name it .png")
        }
        let result = try ContactSheet.run(ContactSheetRequest(dir: dir, every: every, columns: columns,
                                                              thumbWidth: thumbWidth, out: out, overwrite: overwrite))
        print(result.summary)
    }
}
