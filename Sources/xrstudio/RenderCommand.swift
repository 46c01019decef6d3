// RenderCommand: `xrstudio render MODEL.obj ... --out FILE.png` — one frame of a bare model; or of a scene's
// virtual world with `xrstudio render SCENE.yaml [--mark NAME] --out FILE.png`.

import ArgumentParser
import RenderJobs

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a frame of a model or a scene's virtual world to PNG.",
        discussion: """
            Renders a Wavefront OBJ, glTF 2.0 or GLB model with the clay preview look (grey Lambert, a key light
            fixed to the camera).
            Example:
              xrstudio render teapot.obj --camera 0,3,8 --look-at 0,1,0 --fov-y 40 --size 1280x720 --out teapot.png

            A scene file (.yaml, .yml) renders its virtual world (Lambert in the objects' colours, lit by the
            scene's ambient and directional lights; point lights are not drawn) against its sky colour, from
            --mark NAME, else the first camera's pose, with the lens's vertical field of view, at the scene's
            render size unless --size is given; --camera/--look-at/--fov-y override the pose.
              xrstudio render Scenes/binhai-xr-stage.yaml --mark "A2 push in" --size 1280x720 --out a2.png

            --aov depth also writes FILE.depth.png: 16-bit grey, the eye-space depth along the view axis in
            millimetres (rounded), 65535 where nothing was drawn. Files are written under a temporary name and
            renamed, so a failed or interrupted render leaves nothing behind; existing files are kept unless
            --overwrite is given.
            """)

    @Argument(help: "The model (.obj, .gltf, .glb) or scene (.yaml, .yml) to render.")
    var model: String

    @Option(help: ArgumentHelp("Scenes only: render from the mark of this name.", valueName: "NAME"))
    var mark: String?

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
        let lower = model.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            guard mode == .clay else { throw JobError.usage("--shading: scenes render with their own colours only") }
            // The scene's render size unless --size was given.
            let explicit = frame.camera != nil || frame.lookAt != nil
            let request = SceneRenderRequest(
                scenePath: model, mark: mark, camera: explicit ? try frame.modelCamera() : nil,
                size: try frame.size.map(parseSize), outPath: out, depthAOV: aov.contains("depth"),
                threads: try frame.threadCount(), tileSize: frame.tileSize, cull: try frame.cullMode(),
                overwrite: overwrite)
            let result = try SceneRender.run(request)
            for p in result.written { print("wrote \(p)") }
            return
        }
        if mark != nil {
            throw JobError.usage("--mark needs a scene file (.yaml, .yml); '\(model)' is a model")
        }
        let size = try frame.frameSize()
        let request = ModelRenderRequest(
            modelPath: model, camera: try frame.modelCamera(), width: size.width, height: size.height, outPath: out,
            depthAOV: aov.contains("depth"), threads: try frame.threadCount(), tileSize: frame.tileSize,
            cull: try frame.cullMode(), shading: mode, overwrite: overwrite)
        let result = try ModelRender.run(request)
        for p in result.written { print("wrote \(p)") }
    }
}
