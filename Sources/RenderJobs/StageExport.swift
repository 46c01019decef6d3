// StageExport: `xrstudio stage export SCENE --ndisplay OUT` — the scene's stage written as an nDisplay config.

import FrameOutput
import SceneFormat
import SceneModel

/// Writes a scene's flat LED surfaces as a `.ndisplay` config (Docs/ndisplay.md) that `stage.ndisplay` reads back
/// to the same screens.
public enum StageExport {
    public struct Report: Sendable {
        public var screens: [String]
        /// Surfaces left out, with the reason (curved walls).
        public var skipped: [String]
    }

    public static func ndisplay(scene path: String, to output: String, overwrite: Bool) throws -> Report {
        let scene = try SceneFile.load(path: path)
        let surfaces = scene.stage.ledSurfaces
        guard !surfaces.isEmpty else { throw JobError.input("\(path): the stage has no LED surfaces to export") }
        let out: NDisplayWriter.Output
        do {
            out = try NDisplayWriter.json(surfaces: surfaces, viewOrigin: scene.stage.viewOrigin,
                                          description: "Exported by xrstudio from \(path)")
        } catch let e as NDisplayWriter.Refused {
            throw JobError.input("\(path): \(e.description)")
        }
        guard !out.screens.isEmpty else {
            throw JobError.input("\(path): no flat LED surface to export (\(out.skipped.joined(separator: "; ")))")
        }
        do {
            try AtomicFile.write(Array(out.text.utf8), to: output, overwrite: overwrite)
        } catch {
            throw JobError.input("\(error)")
        }
        return Report(screens: out.screens, skipped: out.skipped)
    }
}
