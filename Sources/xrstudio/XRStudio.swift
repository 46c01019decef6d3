// XRStudio: the root command and the list of subcommands.

import ArgumentParser

struct XRStudio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xrstudio",
        abstract: "Preview XR virtual-production shots in a terminal: LED-wall frustums, takes, frames.",
        discussion: """
            Conventions: right-handed, Y up, metres; the camera looks down -Z. --camera, --look-at and --up \
            mean what gluLookAt means; --fov-y is gluPerspective's vertical field of view in degrees.
              xrstudio tui Scenes/binhai-xr-stage.yaml
              xrstudio render Scenes/binhai-xr-stage.yaml --take "dolly push-in" \\
                --view camera --out frames/
              xrstudio analyze Scenes/binhai-xr-stage.yaml --take "dolly push-in"

            Exit codes: 0 ok, 1 failure (bad input, failed output), 2 usage error.
            """,
        version: XRStudioVersion.string,
        subcommands: [RenderCommand.self, AnalyzeCommand.self, BenchCommand.self, DiffCommand.self, ContactSheetCommand.self, InfoCommand.self, StageCommand.self, PlanCommand.self, TakeCommand.self, RecordCommand.self, TUICommand.self, FarmCommand.self])
}

enum XRStudioVersion {
    static let string = "0.1.0"
}
