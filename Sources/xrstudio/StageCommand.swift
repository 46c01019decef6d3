// StageCommand: `xrstudio stage export SCENE --ndisplay OUT` — the stage as the playback system reads it.

import ArgumentParser
import RenderJobs
import SceneFormat

struct StageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Write a scene's stage for the playback system.",
        discussion: """
            The LED surfaces as the playback system reads them (nDisplay for Unreal Engine).
              xrstudio stage export Scenes/binhai-xr-stage.yaml --ndisplay stage.ndisplay
            """,
        subcommands: [StageExportCommand.self])
}

struct StageExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the scene's flat LED surfaces as an nDisplay config (.ndisplay, 5.00).",
        discussion: """
            One screen per flat wall, ceiling or imported screen (named as in the scene), one simple viewport per \
            screen with the surface's canvas as its region, side by side on one cluster node; studio metres become \
            Unreal centimetres (Docs/ndisplay.md). Curved walls have no flat screen and are listed as skipped. \
            `stage: { ndisplay: OUT }` reads the file back to the same screens.
              xrstudio stage export Scenes/binhai-xr-stage.yaml --ndisplay stage.ndisplay
            """)

    @Argument(help: "The scene file (.yaml).")
    var scene: String

    @Option(name: .customLong("ndisplay"), help: ArgumentHelp("The .ndisplay file to write.", valueName: "OUT"))
    var output: String

    @Flag(help: "Replace OUT if it exists (without it, an existing file is kept and the command fails).")
    var overwrite = false

    func run() throws {
        let report = try StageExport.ndisplay(scene: scene, to: output, overwrite: overwrite)
        for s in report.skipped { SceneWarnings.write("\(scene): warning: skipped \(s)") }
        print("\(output): \(report.screens.count) screens (\(report.screens.joined(separator: ", ")))")
    }
}
