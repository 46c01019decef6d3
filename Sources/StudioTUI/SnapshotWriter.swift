// SnapshotWriter: renders the view shown at a stated size to xrstudio-<timestamp>.png, off the UI thread.

import Dispatch
import Imaging
import SceneImaging
import SceneModel
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes PNG snapshots of the current view (the `p` key) on a background queue, one at a time.
///
/// The picture is the view on screen through the viewer's camera at the snapshot size (the scene's render size
/// unless `--snapshot-size` or `:snapshot WxH` says otherwise), rendered exactly as `xrstudio render` renders it
/// (for a take frame, `render SCENE --take T --frames N --view V --size WxH --png-compression default` gives the
/// same bytes; with render's default compression, the same pixels), on a renderer of
/// its own, and written through the app's PNG writer (atomic: a file appears whole or not at all, and an existing
/// file is never replaced: a second snapshot in the same second gets a `-2` suffix).
final class SnapshotWriter: @unchecked Sendable {
    private let renderer: ViewFrameRenderer
    private let writePNG: @Sendable (RGBA8Image, String) throws -> Void
    private let queue = DispatchQueue(label: "xrstudio.tui.snapshot", qos: .utility)
    private let state = Mutex<(busy: Bool, message: String?)>((false, nil))

    init(scene: ViewerScene, threads: Int, writePNG: @escaping @Sendable (RGBA8Image, String) throws -> Void) {
        renderer = ViewFrameRenderer(scene: scene, threads: threads)
        self.writePNG = writePNG
    }

    /// Starts a snapshot of `view` through `camera` (with `wall`'s cameras on the wall) at `width` x `height`; false
    /// if one is still being written. `frame` ("frame 150 10:00:06:00") goes into the message: the playhead may
    /// have moved on by the time it is shown.
    func start(view: XRView, camera: ShotCamera, wall: WallCameras? = nil, width: Int, height: Int, planZoom: Double,
               frame: String? = nil) -> Bool {
        let free = state.withLock { s -> Bool in
            if s.busy { return false }
            s.busy = true
            return true
        }
        guard free else { return false }
        queue.async {
            let message = self.write(view: view, camera: camera, wall: wall, width: width, height: height, planZoom: planZoom,
                                     frame: frame)
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

    private func write(view: XRView, camera: ShotCamera, wall: WallCameras?, width: Int, height: Int, planZoom: Double,
                       frame: String?) -> String {
        let image: RGBA8Image
        do {
            image = try renderer.image(view, camera: camera, wall: wall, width: width, height: height, planZoom: planZoom)
        } catch {
            return "snapshot failed: \(error)"
        }
        let stamp = SnapshotWriter.timestamp()
        // The writer never replaces a file; pick the first free name.
        let names = (1...100).map { n in n == 1 ? "xrstudio-\(stamp).png" : "xrstudio-\(stamp)-\(n).png" }
        guard let path = names.first(where: { (name: String) -> Bool in access(name, F_OK) != 0 }) else {
            return "snapshot failed: no free file name"
        }
        do {
            try writePNG(image, path)
            return "saved \(path) (\(width)x\(height) \(view.name)\(frame.map { ", \($0)" } ?? ""))"
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
