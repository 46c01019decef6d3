// RenderWorker: renders and blits viewport frames on a background thread; the UI takes the newest result.

import Dispatch
import Imaging
import RasterCore
import Synchronization
import TerminalBlit

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
}

/// A finished frame: the cells to show and what it cost.
struct RenderedFrame: Sendable {
    var request: RenderRequest
    var grid: CellGrid
    /// Rasterise + blit + quantise, milliseconds.
    var milliseconds: Double
    var error: String?
}

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
        let size = r.blitter.imageSize(cols: r.cols, rows: r.rows)
        var grid = CellGrid(cols: r.cols, rows: r.rows)
        var failure: String?
        // Cells are about twice as tall as wide, so the picture's displayed shape is cols : 2 rows.
        let aspect = Float(r.cols) / Float(2 * r.rows)
        if let view = r.camera.viewSetup(aspect: aspect) {
            do {
                let settings = FrameSettings(width: size.width, height: size.height, clearColor: scene.clearColor,
                                             threads: threads)
                try raster.render(scene.drawList(for: view), view: view, settings: settings)
                grid = CellGrid(image: raster.colorImage(), blitter: r.blitter, monochrome: r.depth == .monochrome)
                    .quantized(to: r.depth, ansiCount: r.ansiCount)
            } catch {
                failure = "\(error)"
            }
        } else {
            failure = "camera: eye and look-at coincide"
        }
        let d = clock.now - t0
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return RenderedFrame(request: r, grid: grid, milliseconds: ms, error: failure)
    }
}
