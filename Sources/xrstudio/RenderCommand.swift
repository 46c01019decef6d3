// RenderCommand: `xrstudio render MODEL.obj ... --out FILE.png` — one frame of a bare model.

import ArgumentParser
import RenderJobs

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a frame of a model to PNG.",
        discussion: """
            Renders a Wavefront OBJ, glTF 2.0 or GLB model with the clay preview look (grey Lambert, a key light
            fixed to the camera).
            Example:
              xrstudio render teapot.obj --camera 0,3,8 --look-at 0,1,0 --fov-y 40 --size 1280x720 --out teapot.png

            --aov depth also writes FILE.depth.png: 16-bit grey, the eye-space depth along the view axis in
            millimetres (rounded), 65535 where nothing was drawn. Files are written under a temporary name and
            renamed, so a failed or interrupted render leaves nothing behind; existing files are kept unless
            --overwrite is given.
            """)

    @Argument(help: "The model to render (.obj, .gltf, .glb).")
    var model: String

    @OptionGroup var frame: CameraArguments

    @Option(help: ArgumentHelp("Output PNG file.", valueName: "FILE.png"))
    var out: String

    @Option(help: ArgumentHelp("Extra output: depth (writes FILE.depth.png).", valueName: "NAME"))
    var aov: [String] = []

    @Option(help: ArgumentHelp("clay (default) or id (each triangle's index + 1 as a 24-bit RGB code).", valueName: "MODE"))
    var shading: String = "clay"

    @Flag(help: "Replace existing output files.")
    var overwrite = false

    func run() throws {
        for a in aov where a != "depth" { throw JobError.usage("--aov: unknown output '\(a)' (known: depth)") }
        guard let mode = ClayPreview.Shading(rawValue: shading) else {
            throw JobError.usage("--shading must be clay or id, got '\(shading)'")
        }
        let size = try parseSize(frame.size)
        let request = ModelRenderRequest(
            modelPath: model, camera: try frame.modelCamera(), width: size.width, height: size.height, outPath: out,
            depthAOV: aov.contains("depth"), threads: try frame.threadCount(), tileSize: frame.tileSize,
            cull: try frame.cullMode(), shading: mode, overwrite: overwrite)
        let result = try ModelRender.run(request)
        for p in result.written { print("wrote \(p)") }
    }
}
