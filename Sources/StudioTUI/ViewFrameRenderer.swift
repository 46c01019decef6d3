// ViewFrameRenderer: one view of the viewer's source through a ShotCamera, as an image: the same renderer and the
// same camera `xrstudio render` uses, so a viewer frame equals the CLI's frame at the same size, bit for bit.

import Imaging
import RasterCore
import SceneImaging
import SceneModel
import StagePasses

/// Renders views of a `ViewerScene`. Not thread-safe: one per thread (the worker, the snapshot writer).
final class ViewFrameRenderer {
    private let scene: ViewerScene
    private let threads: Int
    private var xr: XRFrameRenderer?
    private let raster = Rasterizer()
    /// The camera (a take set's index) whose path the plan draws now.
    private var pathCamera = 0

    init(scene: ViewerScene, threads: Int) {
        self.scene = scene
        self.threads = max(1, min(threads, Rasterizer.maxThreads))
    }

    /// `view` through `camera` (sized to `width` x `height` first) at `width` x `height` pixels, with `wall`'s
    /// cameras on the wall (nil: `camera` alone, keyed as its scene camera is). Scene files go through `XRFrameRenderer` exactly as
    /// `render` does (the plan draws the viewed camera's path and every camera's frustum); models show the clay look.
    func image(_ view: XRView, camera: ShotCamera, wall: WallCameras? = nil, width: Int, height: Int,
               planZoom: Double = 1) throws -> RGBA8Image {
        let shot = camera.sized(width: width, height: height)
        if scene.stage != nil {
            prepare()
            xr!.planZoom = planZoom
            let viewing = wall?.viewing ?? 0
            if viewing != pathCamera {
                xr!.path = scene.timeline(viewing: viewing)?.path ?? []
                pathCamera = viewing
            }
            return try xr!.render(view, camera: shot, width: width, height: height, wall: wall)
        }
        guard let clay = scene.clay else { throw JobError.input("nothing to show") }
        guard let v = shot.viewSetup(near: clay.near, far: clay.far) else { throw JobError.input("camera pose is degenerate") }
        let settings = FrameSettings(width: width, height: height, clearColor: ClayPreview.background, threads: threads)
        try raster.render(clay.drawList(for: v), view: v, settings: settings)
        return raster.colorImage()
    }

    /// Makes the XR renderer before the first frame (its outer frustum is rendered once, on first use).
    func prepare() {
        guard let stage = scene.stage, xr == nil else { return }
        let r = XRFrameRenderer(scene: stage.scene, draws: stage.draws, threads: threads)
        r.path = scene.timeline?.path ?? []
        xr = r
    }
}
