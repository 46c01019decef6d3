// Bench: `xrstudio bench`: times whole frames of a model on the rasterizer (release builds only).

import FoundationEssentials
import Geometry
import Imaging
import RasterCore
import SceneModel
import SceneImaging

/// A benchmark request: the model, camera and frame settings, and how many timed frames.
public struct BenchRequest: Sendable {
    public var modelPath: String
    public var camera: ModelCamera
    public var width: Int
    public var height: Int
    public var frames: Int
    public var warmup: Int = 2
    public var threads: Int
    public var tileSize: Int
    public var cull: CullMode
    /// The look: clay (the default, as llvmpipe's glref draws it), flat, unlit or id.
    public var shading: ClayPreview.Shading
    /// When set, every part with texture coordinates is textured with a generated checker of this many texels
    /// a side (cells of 8 texels), filtered with `textureFilter`: textured against untextured shading, same
    /// lighting.
    public var checkerTexture: Int?
    /// The checker's filter.
    public var textureFilter: Texture.Filter = .trilinear

    public init(modelPath: String, camera: ModelCamera, width: Int, height: Int, frames: Int, threads: Int,
                tileSize: Int = RasterLimits.defaultTileSize, cull: CullMode = .none,
                shading: ClayPreview.Shading = .clay, checkerTexture: Int? = nil) {
        self.modelPath = modelPath
        self.camera = camera
        self.width = width
        self.height = height
        self.frames = frames
        self.threads = threads
        self.tileSize = tileSize
        self.cull = cull
        self.shading = shading
        self.checkerTexture = checkerTexture
    }
}

/// Frame times of a benchmark run.
public struct BenchResult: Sendable {
    public var frames: Int
    public var width: Int
    public var height: Int
    public var triangles: Int
    /// Per timed frame, milliseconds.
    public var frameMilliseconds: [Double]
    public var stats: Rasterizer.Stats
    /// CPU time of the whole process per timed frame (all threads, user and system), milliseconds.
    public var cpuMillisecondsPerFrame: Double = 0

    public var medianMilliseconds: Double {
        let s = frameMilliseconds.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
    public var minMilliseconds: Double { frameMilliseconds.min() ?? 0 }
    public var megaTrianglesPerSecond: Double { Double(triangles) / (medianMilliseconds / 1000) / 1e6 }

    /// `bench frames=N size=WxH tris=T median_ms=M min_ms=M mtris_per_s=R cpu_ms=C` (the line scripts parse).
    public var line: String {
        "bench frames=\(frames) size=\(width)x\(height) tris=\(triangles) median_ms=\(formatFixed(medianMilliseconds, 3)) "
            + "min_ms=\(formatFixed(minMilliseconds, 3)) mtris_per_s=\(formatFixed(megaTrianglesPerSecond, 2)) "
            + "cpu_ms=\(formatFixed(cpuMillisecondsPerFrame, 3))"
    }
}

public enum Bench {
    /// Runs `warmup` untimed frames, then `frames` timed ones. A frame's time covers clear, transform, clip,
    /// setup, binning, rasterisation and shading; not loading or encoding.
    public static func run(_ r: BenchRequest) throws -> BenchResult {
        guard r.frames >= 1, r.frames <= 100_000 else { throw JobError.usage("--frames must be 1...100000, got \(r.frames)") }
        if let n = r.checkerTexture, !(8...8192).contains(n) {
            throw JobError.usage("--checker-texture must be 8...8192 texels, got \(n)")
        }
        let clear = r.shading == .id ? SIMD4<Float>(0, 0, 0, 0) : ClayPreview.background
        let settings = FrameSettings(width: r.width, height: r.height, clearColor: clear,
                                     tileSize: r.tileSize, threads: r.threads)
        do { try Rasterizer.validate(settings) } catch { throw JobError.usage("\(error)") }
        let model = try ModelFile.load(path: r.modelPath)
        let view = try r.camera.viewSetup(width: r.width, height: r.height, bounds: model.bounds)
        var list = try ClayPreview.drawList(for: model, view: view, shading: r.shading, cull: r.cull)
        if let n = r.checkerTexture {
            let texture = Texture(image: Bench.checker(size: n, cell: 8))
            for i in list.draws.indices where list.draws[i].mesh.uvs != nil {
                list.draws[i].material.texture = texture
                list.draws[i].material.textureFilter = r.textureFilter
            }
        }
        let raster = Rasterizer()
        for _ in 0..<r.warmup { try raster.render(list, view: view, settings: settings) }
        let clock = ContinuousClock()
        var times: [Double] = []
        let cpu0 = ProcessCPUClock.milliseconds()
        for _ in 0..<r.frames {
            let t0 = clock.now
            try raster.render(list, view: view, settings: settings)
            let d = clock.now - t0
            times.append(d.milliseconds)
        }
        let cpu = (ProcessCPUClock.milliseconds() - cpu0) / Double(r.frames)
        return BenchResult(frames: r.frames, width: r.width, height: r.height, triangles: model.triangleCount,
                           frameMilliseconds: times, stats: raster.stats, cpuMillisecondsPerFrame: cpu)
    }

    /// A white and mid-grey checker, `size` texels a side, cells of `cell` texels.
    static func checker(size: Int, cell: Int) -> RGBA8Image {
        var img = RGBA8Image(width: size, height: size)
        for y in 0..<size {
            for x in 0..<size {
                let v: UInt8 = (x / cell + y / cell) % 2 == 0 ? 255 : 96
                img[x, y] = (v, v, v, 255)
            }
        }
        return img
    }
}
