// XRFrameRenderer+Linear: a frame in scene-linear float with eye depth, for OpenEXR output (no 8-bit round trip
// where the passes compute in float).

import Geometry
import Imaging
import RasterCore
import SceneModel
import StagePasses

/// One frame in linear light: what an EXR stores.
public struct LinearFrame: Sendable {
    public var width: Int
    public var height: Int
    /// r, g, b, a per pixel, rows top first.
    public var rgba: [Float]
    /// Eye depth (distance along the camera's view axis) in metres, +infinity where nothing was hit; nil for the
    /// views that have no camera depth (wall, plan, witness, section).
    public var depth: [Float]?

    public init(width: Int, height: Int, rgba: [Float], depth: [Float]?) {
        self.width = width; self.height = height; self.rgba = rgba; self.depth = depth
    }

    /// An sRGB image decoded to linear light (exact: the inverse of its 8-bit encoding), alpha scaled to 0...1.
    public init(decoding image: RGBA8Image, depth: [Float]?) {
        let table = SRGB.decodeTable
        var rgba = [Float](repeating: 1, count: image.width * image.height * 4)
        for i in 0..<(image.width * image.height) {
            rgba[4 * i] = table[Int(image.pixels[4 * i])]
            rgba[4 * i + 1] = table[Int(image.pixels[4 * i + 1])]
            rgba[4 * i + 2] = table[Int(image.pixels[4 * i + 2])]
            rgba[4 * i + 3] = Float(image.pixels[4 * i + 3]) / 255
        }
        self.init(width: image.width, height: image.height, rgba: rgba, depth: depth)
    }
}

extension XRFrameRenderer {
    /// `render(view, ...)` in linear light, with depth. Where the floats come from:
    /// - camera: the in-camera composite in float (`InCameraPass.compositeLinear`: the physical stage's linear colour,
    ///   LED pixels from inner and outer frusta rendered in linear colour, cabinet backs and set extension, none through
    ///   8 bits; a distorted lens warps those floats, `LensWarp.distortLinear`). Depth: the stage's or the LED face's.
    /// - virtual: the rasterizer's linear colour (`FrameSettings.keepLinearColor`) and float eye depth; a distorted lens
    ///   warps those floats.
    /// - section (a surface's native canvas): its LED pixels' float colours (`WallCanvas.linearImage`), the inner and
    ///   outer frusta rendered in linear colour; no depth.
    /// - wall, plan, witness: diagrams with drawn labels and outlines, their 8-bit image decoded; no depth.
    /// Every step is per pixel from its inputs, so the floats are the same on any thread count.
    /// `coverage` (the virtual view): alpha is the world's coverage and the sky is left out of the colour
    /// (`FrameAOV.alpha`); else every pixel is opaque.
    public func renderLinear(_ view: XRView, camera: ShotCamera, width: Int, height: Int, setExtension: Bool? = nil,
                             wall: WallCameras? = nil, coverage: Bool = false) throws -> LinearFrame {
        try Self.checkFrameBudget(view, width: width, height: height, linear: true)
        switch view {
        case .virtual:
            timings = PassTimings()
            let t0 = ContinuousClock.now
            let out = try virtualLinear(camera: camera, width: width, height: height, keepDepth: true, coverage: coverage)
            timings.inner = (ContinuousClock.now - t0).milliseconds
            return out
        case .camera:
            let wall = wall ?? WallCameras(single: camera)
            guard camera.distortion != nil else {
                return try cameraLinear(camera: camera, width: width, height: height, setExtension: setExtension, wall: wall)
            }
            let recorded = camera.sized(width: width, height: height)
            let cover = try Self.cover(recorded)
            let pinhole = try cameraLinear(camera: cover, width: cover.imageWidth, height: cover.imageHeight,
                                           setExtension: setExtension, wall: wall)
            let t0 = ContinuousClock.now
            let source = LinearImage(width: pinhole.width, height: pinhole.height, rgba: pinhole.rgba)
            let rgba = LensWarp.distortLinear(source, rectilinear: cover, to: recorded, fill: Self.studioBlack, threads: threads)
            let depth = pinhole.depth.map { LensWarp.distortDepth($0, rectilinear: cover, to: recorded, threads: threads) }
            timings.warp = (ContinuousClock.now - t0).milliseconds
            return LinearFrame(width: width, height: height, rgba: rgba, depth: depth)
        case .section(let i):
            guard surfaces.indices.contains(i) else { throw JobError.usage("no LED surface \(i)") }
            try checkNativeBudget(i, linear: true)
            timings = PassTimings()
            let canvas = try self.canvas(wall: wall ?? WallCameras(single: camera), width: camera.imageWidth,
                                         height: camera.imageHeight, linear: true)
            let t0 = ContinuousClock.now
            let p = surfaces[i].pixels
            let rgba = canvas.linearImage(surface: i, threads: threads)
            timings.canvas = (ContinuousClock.now - t0).milliseconds
            return LinearFrame(width: p.width, height: p.height, rgba: rgba, depth: nil)
        default:
            let image = try render(view, camera: camera, width: width, height: height, setExtension: setExtension, wall: wall)
            return LinearFrame(decoding: image, depth: nil)
        }
    }

    /// The virtual world as `camera` records it at `width` x `height` in linear light (`virtualImage(camera:...)`'s
    /// floats): the rasterizer's linear colour, with eye depth when `keepDepth`; a distorted camera renders its
    /// rectilinear cover and warps the floats (bilinear) and depth (nearest) through the lens. With `coverage`, the
    /// sky is cleared to transparent black: alpha is 1 on the world's geometry and 0 where its sky shows, the colour
    /// premultiplied (`FrameAOV.alpha`); a lens warps the alpha as it warps the colour.
    public func virtualLinear(camera: ShotCamera, width: Int, height: Int, keepDepth: Bool,
                              coverage: Bool = false) throws -> LinearFrame {
        let recorded = camera.sized(width: width, height: height)
        let cam = recorded.distortion == nil ? recorded : try Self.cover(recorded)
        guard let view = cam.viewSetup() else { throw degenerate(cam) }
        let clear = coverage ? SIMD4<Float>(0, 0, 0, 0) : SceneDrawing.clearColor(of: scene)
        let settings = FrameSettings(width: cam.imageWidth, height: cam.imageHeight, clearColor: clear, tileSize: tileSize,
                                     threads: threads, keepLinearDepth: keepDepth, keepLinearColor: true)
        try Self.validate(settings)
        try raster.render(world, view: view, settings: settings)
        let rgba = raster.linearColorBuffer(), depth = keepDepth ? raster.linearDepthBuffer() : nil
        guard recorded.distortion != nil else { return LinearFrame(width: width, height: height, rgba: rgba, depth: depth) }
        let source = LinearImage(width: cam.imageWidth, height: cam.imageHeight, rgba: rgba)
        var warped = LensWarp.distortLinear(source, rectilinear: cam, to: recorded, fill: clear, threads: threads)
        if coverage {
            // The alpha through the same bilinear warp (as the grey of an image), transparent outside the cover.
            var grey = [Float](repeating: 0, count: cam.imageWidth * cam.imageHeight * 3)
            for i in 0..<(cam.imageWidth * cam.imageHeight) { for c in 0..<3 { grey[3 * i + c] = rgba[4 * i + 3] } }
            let alpha = LensWarp.distortLinear(LinearImage(width: cam.imageWidth, height: cam.imageHeight, rgb: grey),
                                               rectilinear: cam, to: recorded, fill: clear, threads: threads)
            for i in 0..<(width * height) { warped[4 * i + 3] = alpha[4 * i] }
        }
        return LinearFrame(width: width, height: height, rgba: warped,
                           depth: depth.map { LensWarp.distortDepth($0, rectilinear: cam, to: recorded, threads: threads) })
    }

    /// The pinhole camera view in float: the same passes as `render(.camera, ...)`, composited with
    /// `InCameraPass.compositeLinear`.
    private func cameraLinear(camera: ShotCamera, width: Int, height: Int, setExtension: Bool?,
                              wall: WallCameras) throws -> LinearFrame {
        timings = PassTimings()
        let settings = FrameSettings(width: width, height: height, clearColor: Self.studioBlack, tileSize: tileSize,
                                     threads: threads)
        try Self.validate(settings)
        let stage = try physicalStage(camera: camera, wall: wall, settings: settings, linear: true)
        let t0 = ContinuousClock.now
        let out = InCameraPass.compositeLinear(camera: camera, canvas: stage.canvas, physical: stage.linearPhysical!,
                                               width: width, height: height, depth: stage.depth,
                                               setExtension: setExtension ?? scene.xr.setExtension, threads: threads)
        timings.composite = (ContinuousClock.now - t0).milliseconds
        return LinearFrame(width: width, height: height, rgba: out.rgba, depth: out.depth)
    }
}
