// RenderWorker: renders and blits viewport frames on a background thread; the UI takes the newest result.

import Dispatch
import Imaging
import RasterCore
import RenderJobs
import SceneModel
import ShotAnalysis
import Synchronization
import TerminalBlit

#if canImport(Glibc)
    import Glibc
#endif

/// One frame to make: the camera, the viewport in cells and how to turn pixels into cells.
struct RenderRequest: Sendable {
    var camera: FlyCamera
    var cols: Int
    var rows: Int
    var blitter: Blitter
    var depth: ColorDepth
    var ansiCount: Int
    /// Bumped by the UI whenever the grid's shape or meaning changes (size, blitter, depth); results for an
    /// older layout are dropped.
    var layout: Int
    /// What the viewport shows (scene files; other sources show the virtual view).
    var view: XRView = .virtual
    /// The plan pane in the viewport's top-right corner, in cells (nil: none).
    var planPane: (cols: Int, rows: Int)?
    /// The lens's focus distance, metres (scene files; nil: the scene camera's).
    var focusM: Double?
    /// The plan's zoom around its centre (1: the whole stage).
    var planZoom = 1.0
    /// The camera is moving: truecolor frames are sent with fewer colour levels (`movingColorBits`).
    var moving = false
    /// Real pixels (kitty, sixel): the picture at this size instead of cells (the cells are left blank).
    var pixelSize: (width: Int, height: Int)?

}

/// A finished frame: the cells to show and what it cost.
struct RenderedFrame: Sendable {
    var request: RenderRequest
    var grid: CellGrid
    /// Rasterise + blit + quantise, milliseconds.
    var milliseconds: Double
    var error: String?
    /// The shot's figures at this camera (scene files): LED coverage, overshoot and its edge.
    var figures: ShotFigures?
    /// The picture for a pixel protocol (`RenderRequest.pixelSize`).
    var image: RGBA8Image?
}

/// The few shot-analysis figures the status line shows.
struct ShotFigures: Sendable, Equatable {
    var coverage: Double
    var overshoot: Double
    var edge: String?
    var moire: Bool
    /// Part of the wall in view lies inside the depth of field.
    var inFocus: Bool = false
}

/// Colour bits per channel of truecolor frames while the camera moves (Docs/performance.md: bytes per frame).
let movingColorBits = 3
/// `XRSTUDIO_TUI_FULL_COLOR=1` keeps full precision while moving (fast links; the benchmark's baseline).
let fullColorWhileMoving: Bool = getenv("XRSTUDIO_TUI_FULL_COLOR").map { String(cString: $0) == "1" } ?? false

/// Renders on its own serial queue with its own `Rasterizer` (instances are never shared between threads).
///
/// Only the newest request is kept: a request submitted while a frame renders replaces any older waiting one,
/// so a held-down key never queues frames. The UI polls `takeFinished()` between key reads.
final class RenderWorker: @unchecked Sendable {
    private struct State {
        var pending: RenderRequest?
        var running = false
        var finished: RenderedFrame?
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "xrstudio.tui.render", qos: .userInteractive)
    /// Touched only on `queue`.
    private let raster = Rasterizer()
    private let scene: ViewerScene
    private let threads: Int
    /// The XR passes for scene files, made on first use (touched only on `queue`).
    private var xr: XRFrameRenderer?
    private var analyzer: ShotAnalyzer?

    init(scene: ViewerScene, threads: Int) {
        self.scene = scene
        self.threads = max(1, min(threads, Rasterizer.maxThreads))
    }

    /// Asks for a frame; replaces any request not started yet.
    func submit(_ request: RenderRequest) {
        let start = state.withLock { s -> Bool in
            s.pending = request
            if s.running { return false }
            s.running = true
            return true
        }
        if start { queue.async { self.drain() } }
    }

    /// The newest finished frame, once.
    func takeFinished() -> RenderedFrame? {
        state.withLock { s in
            defer { s.finished = nil }
            return s.finished
        }
    }

    private func drain() {
        while let request = state.withLock({ s -> RenderRequest? in
            guard let r = s.pending else {
                s.running = false
                return nil
            }
            s.pending = nil
            return r
        }) {
            let frame = render(request)
            state.withLock { $0.finished = frame }
        }
    }

    private func render(_ r: RenderRequest) -> RenderedFrame {
        let clock = ContinuousClock()
        let t0 = clock.now
        let size = r.pixelSize ?? r.blitter.imageSize(cols: r.cols, rows: r.rows)
        var picture: RGBA8Image?
        var grid = CellGrid(cols: r.cols, rows: r.rows)
        var failure: String?
        // Cells are about twice as tall as wide, so the picture's displayed shape is cols : 2 rows.
        let aspect = Float(r.cols) / Float(2 * r.rows)
        var figures: ShotFigures?
        if let stage = scene.stage, r.view != .virtual {
            do {
                let image = try renderStage(stage, r, size: size, aspect: Double(aspect))
                if r.pixelSize != nil { picture = image } else {
                    grid = CellGrid(image: image, blitter: r.blitter, monochrome: r.depth == .monochrome)
                        .quantized(to: r.depth, ansiCount: r.ansiCount)
                }
            } catch {
                failure = "\(error)"
            }
        } else if let view = r.camera.viewSetup(aspect: aspect) {
            do {
                let settings = FrameSettings(width: size.width, height: size.height, clearColor: scene.clearColor,
                                             threads: threads)
                try raster.render(scene.drawList(for: view), view: view, settings: settings)
                if r.pixelSize != nil { picture = raster.colorImage() } else {
                    grid = CellGrid(image: raster.colorImage(), blitter: r.blitter, monochrome: r.depth == .monochrome)
                        .quantized(to: r.depth, ansiCount: r.ansiCount)
                }
            } catch {
                failure = "\(error)"
            }
        } else {
            failure = "camera: eye and look-at coincide"
        }
        if let stage = scene.stage, let pane = r.planPane, failure == nil {
            // The stage plan in the top-right corner, inside a frame, with the camera as it is now.
            do {
                let paneSize = r.blitter.imageSize(cols: pane.cols, rows: pane.rows)
                let paneAspect = Double(pane.cols) / Double(2 * pane.rows)
                var planRequest = r
                planRequest.view = .plan
                let image = try renderStage(stage, planRequest, size: paneSize, aspect: paneAspect)
                let paneGrid = CellGrid(image: image, blitter: r.blitter, monochrome: r.depth == .monochrome)
                    .quantized(to: r.depth, ansiCount: r.ansiCount)
                grid = grid.pasting(paneGrid, col: r.cols - pane.cols, row: 0, frame: RGB(120, 120, 130))
            } catch {
                failure = "plan pane: \(error)"
            }
        }
        if let stage = scene.stage, !stage.scene.stage.ledSurfaces.isEmpty {
            figures = measure(stage, r.camera, aspect: Double(aspect), focusM: r.focusM)
        }
        if r.moving && r.depth == .truecolor && !fullColorWhileMoving {
            grid = lowBandwidthFrames.encode(grid)
        }
        let d = clock.now - t0
        let ms = d.milliseconds
        return RenderedFrame(request: r, grid: grid, milliseconds: ms, error: failure, figures: figures, image: picture)
    }

    /// An XR view of the scene file at the viewport's pixel size.
    private func renderStage(_ stage: StageSource, _ r: RenderRequest, size: (width: Int, height: Int), aspect: Double) throws -> RGBA8Image {
        if xr == nil {
            var s = stage.scene
            // A smaller cube map than a sequence's: the viewport is a few hundred pixels across.
            s.xr.outerFacePixels = min(s.xr.outerFacePixels, 512)
            xr = try XRFrameRenderer(scene: s, sceneFile: stage.file, threads: threads)
            // The plan draws the take's path.
            xr?.path = scene.track?.cameras.map { SIMD3<Double>(Double($0.eye.x), Double($0.eye.y), Double($0.eye.z)) } ?? []
        }
        let shot = stage.shotCamera(r.camera, width: size.width, height: size.height, aspect: aspect)
        xr!.planZoom = r.planZoom
        return try xr!.render(r.view, camera: shot, width: size.width, height: size.height)
    }

    /// Coverage and overshoot at this camera (coarse rays: the status line needs a percent, not a decimal).
    private func measure(_ stage: StageSource, _ c: FlyCamera, aspect: Double, focusM: Double?) -> ShotFigures {
        if analyzer == nil {
            var settings = stage.scene.analysis
            settings.samples = (64, 36)
            analyzer = ShotAnalyzer(stage: stage.scene.stage, settings: settings, overscan: stage.scene.xr.overscan)
        }
        // The shot's photosites are the scene camera's (its recorded width), whatever the viewport's size.
        let recorded = stage.scene.cameras.first?.body.resolution.width ?? 1920
        let shot = stage.shotCamera(c, width: recorded, height: max(1, Int(Double(recorded) / aspect)), aspect: aspect,
                                    focusM: focusM)
        let m = analyzer!.measure(shot)
        return ShotFigures(coverage: m.coverage, overshoot: m.overshoot, edge: m.worstEdge?.rawValue, moire: m.moireShare > 0,
                           inFocus: m.inFocusShare > 0)
    }
}
