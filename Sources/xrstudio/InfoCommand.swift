// InfoCommand: `xrstudio info FILE [--json]` — what a model file or a scene file holds.

import ArgumentParser
import FoundationEssentials
import RenderJobs
import SceneFormat

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a model file (triangles, bounds, textures, materials) or a scene file (walls, cameras, takes).",
        discussion: """
            Triangles are counted after polygons are fanned (and glTF strips and fans expanded); the bounding \
            box is in the file's units (metres in xrstudio scenes), after node transforms for glTF. Missing OBJ \
            material libraries and textures are reported as warnings; a glTF's missing buffers are errors.
              xrstudio info spider.obj --json
            JSON keys: file, format, triangles, vertices, bbox_min, bbox_max, textures, materials, warnings.
            A scene file (.yaml, .yml; see Docs/scene-format.md) is summarised instead: its LED walls, ceilings and \
            screens imported from an nDisplay config (cabinets, pixel resolution, area in m², size in metres and, for \
            flat surfaces, the four corners in studio metres), what the nDisplay import skipped, cameras, marks and \
            takes, and the virtual world's triangles (procedural primitives plus imported meshes), textures and bounds.
              xrstudio info Scenes/binhai-xr-stage.yaml --json
            JSON keys: file, format ("scene"), name, walls (each: name, kind, pixels, size_m, corners_m, ...), \
            imported (with stage.ndisplay: the config's file, format, screens, skipped), processors (with \
            stage.processors), cameras, takes, take_sets, light_cards, marks, objects, props, triangles, textures, \
            bbox_min, bbox_max (null for an empty world).
            """)

    @Argument(help: "The model file (.obj, .gltf, .glb) or scene file (.yaml, .yml).")
    var model: String

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var memory: MemoryBudgetArguments

    func run() throws {
        try memory.apply()
        if SceneFile.isScenePath(model) {
            let info = try SceneInspector.inspect(path: model)
            if json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try enc.encode(info), as: UTF8.self))
            } else {
                print(info.text)
            }
            return
        }
        let info = try ModelInspector.inspect(path: model)
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try enc.encode(info), as: UTF8.self))
        } else {
            print(info.text)
        }
    }
}
