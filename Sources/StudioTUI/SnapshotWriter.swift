// SnapshotWriter: renders the current view at full size to xrstudio-<timestamp>.png, off the UI thread.

import Dispatch
import Imaging
import RasterCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes PNG snapshots of the current view (the `p` key) on a background queue, one at a time.
///
/// The picture has the viewport's displayed shape at `width` pixels across, rendered by a `Rasterizer` of its
/// own, and is written through the app's PNG writer (atomic: a file appears whole or not at all, and an existing
/// file is never replaced: a second snapshot in the same second gets a `-2` suffix).
final class SnapshotWriter: @unchecked Sendable {
    private let scene: ViewerScene
    private let width: Int
    private let threads: Int
    private let writePNG: @Sendable (RGBA8Image, String) throws -> Void
    private let queue = DispatchQueue(label: "xrstudio.tui.snapshot", qos: .utility)
    private let state = Mutex<(busy: Bool, message: String?)>((false, nil))

    init(scene: ViewerScene, width: Int, threads: Int, writePNG: @escaping @Sendable (RGBA8Image, String) throws -> Void) {
        self.scene = scene
        self.width = width
        self.threads = max(1, min(threads, Rasterizer.maxThreads))
        self.writePNG = writePNG
    }

    /// Starts a snapshot of `camera` with displayed shape `aspect`; false if one is still being written.
    func start(camera: FlyCamera, aspect: Float) -> Bool {
        let free = state.withLock { s -> Bool in
            if s.busy { return false }
            s.busy = true
            return true
        }
        guard free else { return false }
        queue.async {
            let message = self.write(camera: camera, aspect: aspect)
            self.state.withLock { $0 = (false, message) }
        }
        return true
    }

    /// The outcome of the last snapshot ("saved FILE" or the error), once.
    func takeMessage() -> String? {
        state.withLock { s in
            defer { s.message = nil }
            return s.message
        }
    }

    private func write(camera: FlyCamera, aspect: Float) -> String {
        let w = max(16, min(width, RasterLimits.maxDimension))
        let h = max(16, min(Int((Float(w) / max(aspect, 0.05)).rounded()), RasterLimits.maxDimension))
        guard let view = camera.viewSetup(aspect: Float(w) / Float(h)) else { return "snapshot: bad camera" }
        let raster = Rasterizer()
        do {
            try raster.render(scene.drawList(for: view), view: view,
                              settings: FrameSettings(width: w, height: h, clearColor: scene.clearColor, threads: threads))
        } catch {
            return "snapshot failed: \(error)"
        }
        let image = raster.colorImage()
        let stamp = SnapshotWriter.timestamp()
        // The writer never replaces a file; pick the first free name.
        let names = (1...100).map { n in n == 1 ? "xrstudio-\(stamp).png" : "xrstudio-\(stamp)-\(n).png" }
        guard let path = names.first(where: { (name: String) -> Bool in access(name, F_OK) != 0 }) else {
            return "snapshot failed: no free file name"
        }
        do {
            try writePNG(image, path)
            return "saved \(path) (\(w)x\(h))"
        } catch {
            return "snapshot failed: \(error)"
        }
    }

    /// Local time as `YYYYMMDD-HHMMSS`.
    static func timestamp() -> String {
        var t = time(nil)
        var parts = tm()
        localtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))-"
            + "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))"
    }
}
