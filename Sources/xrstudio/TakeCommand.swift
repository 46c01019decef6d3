// TakeCommand: `xrstudio take ...` — camera-tracking takes (being built).

import ArgumentParser

struct TakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "take",
        abstract: "Inspect and convert camera-tracking takes.",
        subcommands: [])
}
