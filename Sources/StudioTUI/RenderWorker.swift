// RenderWorker: renders and blits viewport frames on a background thread; the UI takes the newest result.

import Dispatch
import Imaging
import RasterCore
import SceneImaging
import SceneModel
import ShotAnalysis
import Synchronization
import TerminalBlit

#if canImport(Glibc)
    import Glibc
#endif

/// One frame to make: the camera, the viewport's layout and how to turn pixels into cells.
struct RenderRequest: Sendable {
    var camera: ShotCamera
    /// Every tracked camera on the wall (a take's or a take set's at the playhead, `camera` standing for the viewed
    /// one); nil: `camera` alone, keyed as its scene camera is.
    var wall: WallCameras? = nil
    /// Measure the shot's figures at this camera (not needed on a take frame the take's analysis has measured).
    var measure = true
    var layout: ViewportLayout
    var blitter: Blitter
    var depth: ColorDepth
    var ansiCount: Int
    /// Bumped by the UI whenever the grid's shape or meaning changes (size, blitter, depth); results for an
    /// older generation are dropped.
    var generation: Int
    /// What the viewport shows (scene files; models show the virtual view).
    var view: XRView = .virtual
    /// The plan pane in the viewport's top-right corner, in cells (nil: none).
    var planPane: (cols: Int, rows: Int)?
    /// The plan's zoom around its centre (1: the whole stage).
    var planZoom = 1.0
    /// The camera is moving: truecolor frames are sent perceptually quantised (`LowBandwidthFrames`).
    var moving = false
    /// Real pixels (kitty, sixel): the picture at this size instead of cells (the cells are left blank).
    var pixelSize: (width: Int, height: Int)?
}

/// A finished frame: the cells to show and what it cost.
struct RenderedFrame: Sendable {
    var request: RenderRequest
    /// The whole viewport: the picture's cells inside black bars, the plan pane pasted on top.
    var grid: CellGrid
    /// Rasterise + blit + quantise, milliseconds.
    var milliseconds: Double
    var error: String?
    /// The shot's figures at this camera (scene files with LED surfaces), as `analyze` measures them.
    var figures: ShotFigures?
    /// The square-pixel picture behind the cells (`request.layout.renderSize`), or for a pixel protocol.
    var image: RGBA8Image?
}

/// The shot-analysis figures the status line shows, from the same measurement `analyze` makes for a frame.
struct ShotFigures: Sendable, Equatable {
    var coverage: Double
    var overshoot: Double
    var edge: String?
    var moire: Bool
    /// Part of the wall in view lies inside the depth of field.
    var inFocus: Bool = false
    /// With several cameras on the wall: each other camera whose inner frustum is in this image, and its share of
    /// the image (priority order; none seen: empty).
    var frusta: [OtherFrustum] = []

    struct OtherFrustum: Sendable, Equatable {
        var camera: String
        var share: Double
    }

    init(coverage: Double, overshoot: Double, edge: String?, moire: Bool, inFocus: Bool = false, frusta: [OtherFrustum] = []) {
        self.coverage = coverage
        self.overshoot = overshoot
        self.edge = edge
        self.moire = moire
        self.inFocus = inFocus
        self.frusta = frusta
    }

    init(_ m: ShotMetrics) {
        coverage = m.coverage
        overshoot = m.overshoot
        edge = m.worstEdge?.rawValue
        moire = m.moireShare > 0
        inFocus = m.inFocusShare > 0
        frusta = m.visibleFrusta.filter { $0.share > 0 }.map { OtherFrustum(camera: $0.camera, share: $0.share) }
    }
}

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
    private let frames: ViewFrameRenderer
    /// Moving frames, perceptually quantised, holding cells of the previous one (Docs/tui.md).
    private let lowBandwidth = LowBandwidthFrames()
    private let scene: ViewerScene
    /// The shot analysis with the scene's own settings, as `analyze` runs it (touched only on `queue`).
    private var analyzer: ShotAnalyzer?

    init(scene: ViewerScene, threads: Int) {
        self.scene = scene
        frames = ViewFrameRenderer(scene: scene, threads: threads)
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
        let frame = state.withLock { s in
            defer { s.finished = nil }
            return s.finished
        }
        if let frame { lowBandwidth.shown(frame.grid) }  // the next moving frame holds cells of what is painted
        return frame
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
        var grid = CellGrid(cols: r.layout.cols, rows: r.layout.rows)
        var picture: RGBA8Image?
        var failure: String?
        let p = r.layout.picture
        do {
            if let box = r.pixelSize {
                // The shot at its own aspect (`render --size` of that size), centred in the box the cells show.
                let shot = PixelPresenter.shotSize(in: box, aspect: r.camera.aspect)
                let image = try frames.image(r.view, camera: r.camera, wall: r.wall, width: shot.width, height: shot.height,
                                             planZoom: r.planZoom)
                picture = shot == box ? image : image.centred(in: box)
            } else {
                let (w, h) = r.layout.renderSize
                let image = try frames.image(r.view, camera: r.camera, wall: r.wall, width: w, height: h, planZoom: r.planZoom)
                picture = image
                let cells = CellGrid(image: r.layout.rowMerge > 1 ? image.mergingRows(r.layout.rowMerge) : image,
                                     blitter: r.blitter, monochrome: r.depth == .monochrome)
                    .quantized(to: r.depth, ansiCount: r.ansiCount)
                grid = grid.pasting(cells, col: p.col, row: p.row)
            }
        } catch {
            failure = "\(error)"
        }
        if scene.stage != nil, let pane = r.planPane, failure == nil {
            // The stage plan in the top-right corner, inside a frame, with the camera as it is now (and every other
            // camera on the wall, each frustum in its colour).
            do {
                let layout = ViewportLayout(cols: pane.cols, rows: pane.rows, blitter: r.blitter,
                                            aspect: Double(pane.cols) / Double(2 * max(pane.rows, 1)))
                let image = try frames.image(.plan, camera: r.camera, wall: r.wall, width: layout.renderSize.width,
                                             height: layout.renderSize.height, planZoom: r.planZoom)
                let paneGrid = CellGrid(image: layout.rowMerge > 1 ? image.mergingRows(layout.rowMerge) : image,
                                        blitter: r.blitter, monochrome: r.depth == .monochrome)
                    .quantized(to: r.depth, ansiCount: r.ansiCount)
                grid = grid.pasting(paneGrid, col: r.layout.cols - pane.cols, row: 0, frame: RGB(120, 120, 130))
            } catch {
                failure = "plan pane: \(error)"
            }
        }
        let figures = r.measure ? measure(r.camera, wall: r.wall) : nil
        if r.moving && r.depth == .truecolor && !fullColorWhileMoving {
            grid = lowBandwidth.encode(grid)
        }
        let ms = (clock.now - t0).milliseconds
        return RenderedFrame(request: r, grid: grid, milliseconds: ms, error: failure, figures: figures, image: picture)
    }

    /// The shot analysis at this camera, framing the scene's render size, with the scene's analysis settings: the
    /// figures `analyze --json` gives for the same camera (with several cameras on the wall, as `analyze --take SET`
    /// measures the viewed one: with the other frusta it sees).
    private func measure(_ camera: ShotCamera, wall: WallCameras?) -> ShotFigures? {
        guard let stage = scene.stage, !stage.scene.stage.ledSurfaces.isEmpty else { return nil }
        if analyzer == nil {
            analyzer = ShotAnalyzer(scene: stage.scene)
        }
        let (w, h) = (stage.scene.render.width, stage.scene.render.height)
        if let wall, wall.cameras.count > 1 {
            var cameras = wall.cameras.map { $0.sized(width: w, height: h) }
            cameras[wall.viewing] = camera.sized(width: w, height: h)
            let m = analyzer!.measure(wall: cameras, names: wall.names, overlap: wall.overlap)
            return ShotFigures(m.cameras[wall.viewing])
        }
        return ShotFigures(analyzer!.measure(camera.sized(width: w, height: h)))
    }
}

extension RGBA8Image {
    /// Each `n` rows averaged into one (rounded), for blitters whose pixels are taller than wide.
    func mergingRows(_ n: Int) -> RGBA8Image {
        guard n > 1 else { return self }
        let h = height / n
        var out = RGBA8Image(width: width, height: h)
        out.pixels.withUnsafeMutableBufferPointer { dst in
            pixels.withUnsafeBufferPointer { src in
                for y in 0..<h {
                    for x in 0..<width * 4 {
                        var sum = 0
                        for k in 0..<n { sum += Int(src[(y * n + k) * width * 4 + x]) }
                        dst[y * width * 4 + x] = UInt8((sum + n / 2) / n)
                    }
                }
            }
        }
        return out
    }
}

extension RGBA8Image {
    /// This image in the middle of a black, opaque `box` (at least this large), for pixel graphics' letterbox bars.
    func centred(in box: (width: Int, height: Int)) -> RGBA8Image {
        var out = RGBA8Image(width: max(box.width, width), height: max(box.height, height))
        let x0 = (out.width - width) / 2, y0 = (out.height - height) / 2
        for y in 0..<height {
            let src = 4 * y * width, dst = 4 * ((y0 + y) * out.width + x0)
            out.pixels.replaceSubrange(dst..<(dst + 4 * width), with: pixels[src..<(src + 4 * width)])
        }
        return out
    }
}
