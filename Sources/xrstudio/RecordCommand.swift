// RecordCommand: `xrstudio record` — record a live tracking stream to a take (being built).

import ArgumentParser

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a live FreeD or OpenTrackIO stream to a take file.")

    func run() throws {
        throw ValidationError("record is not available in this build yet")
    }
}
