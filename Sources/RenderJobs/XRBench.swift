// XRBench: `xrstudio bench SCENE.yaml --take T --view camera`: times XR frames of a take (or of a take set, every
// camera on the wall), pass by pass.

import FoundationEssentials
import Geometry
import SceneModel
import SceneImaging
import SceneFormat
import Shot

/// Frame and per-pass timings of an XR view over a take (release builds only; two warm-up frames).
public enum XRBench {
    public struct Result: Sendable {
        public var view: String
        public var frames: Int
        public var width: Int
        public var height: Int
        public var medianMS: Double
        public var minMS: Double
        /// Median per pass over the timed frames, and the outer frustum's one-off render.
        public var passes: PassTimings
        public var outerOnceMS: Double

        public var line: String {
            "bench-xr view=\(view) frames=\(frames) size=\(width)x\(height) median_ms=\(formatFixed(medianMS, 2)) "
                + "min_ms=\(formatFixed(minMS, 2)) fps=\(formatFixed(1000 / medianMS, 1)) inner_ms=\(formatFixed(passes.inner, 2)) "
                + "canvas_ms=\(formatFixed(passes.canvas, 2)) physical_ms=\(formatFixed(passes.physical, 2)) "
                + "composite_ms=\(formatFixed(passes.composite, 2)) outer_once_ms=\(formatFixed(outerOnceMS, 1))"
        }
    }

    /// `viewCamera`: with a take set, the camera viewed (nil: the set's first).
    public static func run(scenePath: String, take: String, view: XRView, viewCamera: String? = nil, width: Int, height: Int,
                           frames: Int, threads: Int) throws -> Result {
        guard frames >= 1 else { throw JobError.usage("--frames \(frames): expected 1 or more") }
        let scene = try SceneFile.load(path: scenePath)
        // A take set: one camera viewed, every camera's inner frustum on the wall.
        var plan: ShotTimeline
        var walls: (Int) -> WallCameras?
        if scene.takeSets.contains(where: { $0.name == take }) {
            let set = try ShotTakeSet(scene: scene, sceneFile: scenePath, name: take, width: width, height: height)
            let viewing = try set.viewing(viewCamera)
            plan = set.timeline(viewing: viewing)
            walls = { set.wall(frame: $0, viewing: viewing) }
        } else {
            if let c = viewCamera { throw JobError.usage("--view ...:\(c): a camera is chosen with a take set") }
            plan = try ShotTimeline(scene: scene, sceneFile: scenePath, take: take, width: width, height: height)
            let t = plan
            walls = { n in t.index(ofFrame: n).map { t.wall(t.frames[$0]) } }
        }
        let renderer = try XRFrameRenderer(scene: scene, sceneFile: scenePath, threads: threads)
        renderer.path = plan.path
        _ = try renderer.outer()
        let outerOnce = renderer.timings.outer
        // Frames spread evenly over the take, after two warm-up frames.
        let n = plan.frames.count
        let picks = (0..<(frames + 2)).map { plan.frames[min(n - 1, $0 * n / (frames + 2))] }
        var totals: [Double] = [], passes: [PassTimings] = []
        var checksum = 0
        let clock = ContinuousClock()
        for (k, f) in picks.enumerated() {
            let t0 = clock.now
            let img = try renderer.render(view, camera: f.camera, width: width, height: height, wall: walls(f.frame))
            let d = clock.now - t0
            checksum &+= Int(img.pixels[img.pixels.count / 2])  // the result is used
            if k >= 2 {
                totals.append(d.milliseconds)
                passes.append(renderer.timings)
            }
        }
        precondition(checksum >= 0)
        func median(_ v: [Double]) -> Double { let s = v.sorted(); return s[s.count / 2] }
        let p = PassTimings(inner: median(passes.map(\.inner)), outer: 0, canvas: median(passes.map(\.canvas)),
                            physical: median(passes.map(\.physical)), composite: median(passes.map(\.composite)))
        return Result(view: view.name, frames: frames, width: width, height: height, medianMS: median(totals),
                      minMS: totals.min()!, passes: p, outerOnceMS: outerOnce)
    }
}
