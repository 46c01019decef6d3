// ContactSheetCommand: `xrstudio contact-sheet DIR --out sheet.png` (being built).

import ArgumentParser

struct ContactSheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact-sheet",
        abstract: "A grid of thumbnails of a frame sequence, labelled with frame number and timecode.")
}
