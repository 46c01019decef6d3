// BenchCommand: `xrstudio bench MODEL.obj ...` — frame timings of the rasterizer, one parseable line.

import ArgumentParser
import RenderJobs

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the rasterizer on a model (use a release build: make build).",
        discussion: """
            Prints one line: bench frames=N size=WxH tris=T median_ms=M min_ms=M mtris_per_s=R
            A frame covers clear, transform, clipping, setup, binning, rasterisation and shading; not loading or
            encoding. Two warm-up frames are not counted. `make bench-compare` runs this beside Mesa's llvmpipe.
            """)

    @Argument(help: "The model to render (.obj, .gltf, .glb).")
    var model: String

    @OptionGroup var frame: CameraArguments

    @Option(help: "Timed frames.")
    var frames: Int = 30

    func run() throws {
        let size = try frame.frameSize()
        let request = BenchRequest(modelPath: model, camera: try frame.modelCamera(), width: size.width,
                                   height: size.height, frames: frames, threads: try frame.threadCount(),
                                   tileSize: frame.tileSize, cull: try frame.cullMode())
        print(try Bench.run(request).line)
    }
}
