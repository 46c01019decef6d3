// BenchCommand: `xrstudio bench MODEL.obj ...` — frame timings of the rasterizer, one parseable line.

import ArgumentParser
import RasterCore
import RenderJobs
import SceneModel
import SceneImaging
import SceneFormat

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the rasterizer on a model (use a release build: make build).",
        discussion: """
            Prints one line:
              bench frames=N size=WxH tris=T median_ms=M min_ms=M mtris_per_s=R cpu_ms=C
            A frame covers clear, transform, clipping, setup, binning, rasterisation and shading; not loading or \
            encoding. Two warm-up frames are not counted. cpu_ms is the process's CPU time per timed frame (every \
            thread, user and system): with 2 threads it shows whether both were busy. It leaves out time the process \
            waited, but a core shared with other work still runs slower, so compare both with alternated runs. `make bench-compare` runs this beside Mesa's llvmpipe.

            With a scene (.yaml) and --take it times XR views instead: frames spread over the take, each with every \
            pass the view needs (inner frustum, canvas and wall light, physical stage, composite); pass times are \
            medians, and the outer frustum is rendered once per take, its time given apart. It prints one line:
              bench-xr view=camera frames=N size=WxH threads=T mpx=P median_ms=M min_ms=M fps=F
                inner_ms=.. canvas_ms=.. physical_ms=.. composite_ms=.. warp_ms=.. outer_once_ms=.. cpu_ms=..
              xrstudio bench Scenes/binhai-xr-stage.yaml --take "dolly push-in" \\
                --view camera --size 3840x2160 --threads 2

            warp is a distorted lens's warp of the rendered cover. --view wall --native times every LED surface's canvas \
            at its native LED resolution (the camera's inner frustum at --size); --json prints the figures as one object.
            """)

    @Argument(help: "The model (.obj, .gltf, .glb) or, with --take, the scene (.yaml) to render.")
    var model: String

    @Option(help: ArgumentHelp("Scenes: time XR frames along this take.", valueName: "TAKE"))
    var take: String?

    @Option(help: ArgumentHelp("Scenes: camera, virtual, wall, plan or witness; with a take set, VIEW:NAME views camera NAME, else the set's first camera is viewed.", valueName: "VIEW"))
    var view: String = "camera"

    @Flag(help: "Scenes, with --view wall: every LED surface's canvas at its native LED resolution.")
    var native = false

    @Flag(help: "Scenes: print the XR timings as one JSON object.")
    var json = false

    @OptionGroup var frame: CameraArguments

    @Option(help: "Timed frames.")
    var frames: Int = 30

    @Option(help: ArgumentHelp("Models: clay (grey Lambert, the default), flat (each part's material colour on every face, no lighting: the fill-rate look), unlit (materials and textures without lighting) or id (triangle index + 1 as a 24-bit RGB code).", valueName: "MODE"))
    var shading: String = "clay"

    @Option(name: .customLong("checker-texture"), help: ArgumentHelp("Models: texture every part that has texture coordinates with a generated N x N checker (cells of 8 texels), filtered as --texture-filter says, to time textured against untextured shading.", valueName: "N"))
    var checkerTexture: Int?

    @Option(name: .customLong("texture-filter"), help: ArgumentHelp("With --checker-texture: trilinear (the default), anisotropic (up to 8 trilinear taps along the footprint) or nearest-mip (bilinear in the nearest level).", valueName: "FILTER"))
    var textureFilter: String = "trilinear"

    @OptionGroup var memory: MemoryBudgetArguments

    func run() throws {
        try memory.apply()
        let size = try frame.frameSize()
        if take == nil && SceneFile.isScenePath(model) {
            throw JobError.usage("\(model): a scene is timed over a take: add --take TAKE (a model file is timed without one)")
        }
        if let take {
            guard shading == "clay", checkerTexture == nil else {
                throw JobError.usage("--shading and --checker-texture apply to models; XR views render with the scene's own looks")
            }
            if let placed = frame.lookAtOptions.first {
                throw JobError.usage("\(placed) applies to models; a take's camera and lens come from the take")
            }
            let parts = view.split(separator: ":", maxSplits: 1).map(String.init)
            guard let v = XRView(name: parts.first ?? view) else {
                throw JobError.usage("--view '\(view)': expected camera, virtual, wall, plan or witness")
            }
            let r = try XRBench.run(scenePath: model, take: take, view: v, viewCamera: parts.count == 2 ? parts[1] : nil,
                                    native: native, width: size.width, height: size.height, frames: frames,
                                    threads: try frame.threadCount())
            print(json ? r.json : r.line)
            return
        }
        if native || json { throw JobError.usage("--native and --json go with a scene and --take") }
        guard let mode = ClayPreview.Shading(rawValue: shading) else {
            throw JobError.usage("--shading must be clay, flat, unlit or id, got '\(shading)'")
        }
        let filters: [String: Texture.Filter] = ["trilinear": .trilinear, "anisotropic": .anisotropic,
                                                 "nearest-mip": .bilinearNearestMip]
        guard let filter = filters[textureFilter] else {
            throw JobError.usage("--texture-filter must be trilinear, anisotropic or nearest-mip, got '\(textureFilter)'")
        }
        var request = BenchRequest(modelPath: model, camera: try frame.modelCamera(), width: size.width,
                                   height: size.height, frames: frames, threads: try frame.threadCount(),
                                   tileSize: frame.tileSize, cull: try frame.cullMode(), shading: mode,
                                   checkerTexture: checkerTexture)
        request.textureFilter = filter
        print(try Bench.run(request).line)
    }
}
