// ModelRender: `xrstudio render MODEL.obj`: one clay (or id) frame of a bare model to PNG, plus a depth AOV.

import FoundationEssentials
import FrameOutput
import Geometry
import ImageCodecs
import Imaging
import RasterCore
import SceneModel
import SceneImaging

/// What to render and where: the options of `render MODEL`.
public struct ModelRenderRequest: Sendable {
    public var modelPath: String
    public var camera: ModelCamera
    public var width: Int
    public var height: Int
    public var outPath: String
    public var depthAOV: Bool
    public var threads: Int
    public var tileSize: Int
    public var cull: CullMode
    public var shading: ClayPreview.Shading
    public var overwrite: Bool

    public init(modelPath: String, camera: ModelCamera, width: Int, height: Int, outPath: String,
                depthAOV: Bool = false, threads: Int = ModelRenderRequest.defaultThreads,
                tileSize: Int = RasterLimits.defaultTileSize, cull: CullMode = .none,
                shading: ClayPreview.Shading = .clay, overwrite: Bool = false) {
        self.modelPath = modelPath
        self.camera = camera
        self.width = width
        self.height = height
        self.outPath = outPath
        self.depthAOV = depthAOV
        self.threads = threads
        self.tileSize = tileSize
        self.cull = cull
        self.shading = shading
        self.overwrite = overwrite
    }

    /// All cores, as the rasterizer's workers (at most its limit).
    public static var defaultThreads: Int { min(ProcessInfo.processInfo.activeProcessorCount, Rasterizer.maxThreads) }

    /// `FILE.depth.png` beside `FILE.png`.
    public var depthPath: String { FrameFiles.depthPath(for: outPath) }
}

/// The depth AOV's encoding: eye-space depth along the view axis in millimetres, rounded; 65535 = nothing drawn;
/// 65534 also stands for anything farther (`farPixels` counts them, for the notice).
public enum DepthAOV {
    public static let empty: UInt16 = 65535

    /// Pixels drawn farther than 16-bit millimetres hold (65.534 m): written as 65534.
    public static func farPixels(_ linear: [Float]) -> Int {
        linear.reduce(0) { $0 + ($1.isFinite && Double($1) * 1000 >= Double(empty - 1) + 0.5 ? 1 : 0) }
    }

    public static func encode(_ linear: [Float], width: Int, height: Int) -> Gray16Image {
        var img = Gray16Image(width: width, height: height, fill: empty)
        for i in 0..<linear.count {
            let d = linear[i]
            guard d.isFinite else { continue }
            let mm = (Double(d) * 1000).rounded()
            img.samples[i] = mm <= 0 ? 0 : UInt16(min(mm, Double(empty - 1)))
        }
        return img
    }
}

/// What a finished render reports.
public struct ModelRenderResult: Sendable {
    public var triangles: Int
    public var written: [String]
    public var renderMilliseconds: Double
}

public enum ModelRender {
    /// Renders and writes the frame (and depth AOV). Nothing is left at the output paths on failure.
    public static func run(_ r: ModelRenderRequest) throws -> ModelRenderResult {
        // The id look keeps the background at code 0 (transparent black), so ids and coverage compare directly.
        let clear = r.shading == .id ? SIMD4<Float>(0, 0, 0, 0) : ClayPreview.background
        let settings = FrameSettings(width: r.width, height: r.height, clearColor: clear,
                                     tileSize: r.tileSize, threads: r.threads, keepLinearDepth: r.depthAOV)
        do { try Rasterizer.validate(settings) } catch { throw JobError.usage("\(error)") }
        try FrameFiles.check(outPath: r.outPath, depth: r.depthAOV, overwrite: r.overwrite)
        let model = try ModelFile.load(path: r.modelPath)
        // A frame of background only would pass for a render (a CI golden of nothing); say so instead.
        guard model.triangleCount > 0 else {
            throw JobError.input("\(r.modelPath): nothing to draw: the model has no triangles (only lines or points, or no geometry)")
        }
        let view: ViewSetup
        do {
            view = try r.camera.viewSetup(width: r.width, height: r.height, bounds: model.bounds)
        } catch let e as JobError where e.kind == .input {
            throw JobError.input("\(r.modelPath): \(e.message)")
        }
        let list = try ClayPreview.drawList(for: model, view: view, shading: r.shading, cull: r.cull)
        let raster = Rasterizer()
        let clock = ContinuousClock()
        let t0 = clock.now
        try raster.render(list, view: view, settings: settings)
        let elapsed = clock.now - t0
        let written = try FrameFiles.write(raster.colorImage(), depth: r.depthAOV ? raster.linearDepthBuffer() : nil,
                                           outPath: r.outPath, overwrite: r.overwrite)
        let ms = elapsed.milliseconds
        return ModelRenderResult(triangles: model.triangleCount, written: written, renderMilliseconds: ms)
    }
}
