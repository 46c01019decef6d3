// InfoCommand: `xrstudio info MODEL [--json]` — what a model file holds.

import ArgumentParser
import FoundationEssentials
import RenderJobs

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a model file: triangles, vertices, bounding box, textures, materials.",
        discussion: """
            Triangles are counted after polygons are fanned (and glTF strips and fans expanded); the bounding
            box is in the file's units (metres in xrstudio scenes), after node transforms for glTF. Missing OBJ
            material libraries and textures are reported as warnings; a glTF's missing buffers are errors.
              xrstudio info spider.obj --json
            JSON keys: file, format, triangles, vertices, bbox_min, bbox_max, textures, materials, warnings.
            """)

    @Argument(help: "The model file (.obj, .gltf, .glb).")
    var model: String

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
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
