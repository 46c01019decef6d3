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
        public var threads: Int
        /// Pixels in a frame's output: the camera size, or with `--native` every LED surface's canvas together.
        public var pixels: Int
        public var medianMS: Double
        public var minMS: Double
        /// Median per pass over the timed frames, and the outer frustum's one-off render.
        public var passes: PassTimings
        public var outerOnceMS: Double
        /// CPU time of the whole process per timed frame (all threads, user and system), milliseconds.
        public var cpuMS: Double = 0

        public var line: String {
            "bench-xr view=\(view) frames=\(frames) size=\(width)x\(height) threads=\(threads) mpx=\(formatFixed(Double(pixels) / 1e6, 2)) "
                + "median_ms=\(formatFixed(medianMS, 2)) min_ms=\(formatFixed(minMS, 2)) fps=\(formatFixed(1000 / medianMS, 1)) "
                + "inner_ms=\(formatFixed(passes.inner, 2)) canvas_ms=\(formatFixed(passes.canvas, 2)) "
                + "physical_ms=\(formatFixed(passes.physical, 2)) composite_ms=\(formatFixed(passes.composite, 2)) "
                + "warp_ms=\(formatFixed(passes.warp, 2)) outer_once_ms=\(formatFixed(outerOnceMS, 1)) cpu_ms=\(formatFixed(cpuMS, 2))"
        }

        /// The same figures as one JSON object (`bench --json`); pass times are medians in milliseconds.
        public var json: String {
            func n(_ v: Double) -> String { formatFixed(v, 3) }
            return "{\"view\": \(jsonStringLiteral(view)), \"frames\": \(frames), \"width\": \(width), \"height\": \(height), "
                + "\"threads\": \(threads), \"pixels\": \(pixels), \"median_ms\": \(n(medianMS)), \"min_ms\": \(n(minMS)), "
                + "\"fps\": \(n(1000 / medianMS)), \"passes_ms\": {\"inner\": \(n(passes.inner)), \"canvas\": \(n(passes.canvas)), "
                + "\"physical\": \(n(passes.physical)), \"composite\": \(n(passes.composite)), \"warp\": \(n(passes.warp))}, "
                + "\"outer_once_ms\": \(n(outerOnceMS)), \"cpu_ms\": \(n(cpuMS))}"
        }
    }

    /// `viewCamera`: with a take set, the camera viewed (nil: the set's first). `native`: with the wall view, every
    /// LED surface's canvas at its native LED resolution (`render --view wall --native`), the camera's inner frustum at
    /// `width` x `height`.
    public static func run(scenePath: String, take: String, view: XRView, viewCamera: String? = nil, native: Bool = false,
                           width: Int, height: Int, frames: Int, threads: Int) throws -> Result {
        guard frames >= 1 else { throw JobError.usage("--frames \(frames): expected 1 or more") }
        if native && view != .wall { throw JobError.usage("--native goes with --view wall") }
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
        var totals: [Double] = [], passes: [PassTimings] = [], cpu: Double = 0
        var checksum = 0, pixels = 0
        let clock = ContinuousClock()
        for (k, f) in picks.enumerated() {
            let t0 = clock.now, c0 = ProcessCPUClock.milliseconds()
            let images = native ? try renderer.nativeCanvases(camera: f.camera.sized(width: width, height: height), wall: walls(f.frame))
                : [try renderer.render(view, camera: f.camera, width: width, height: height, wall: walls(f.frame))]
            let d = clock.now - t0, c = ProcessCPUClock.milliseconds() - c0
            for img in images { checksum &+= Int(img.pixels[img.pixels.count / 2]) }  // the result is used
            pixels = images.reduce(0) { $0 + $1.width * $1.height }
            if k >= 2 {
                totals.append(d.milliseconds)
                passes.append(renderer.timings)
                cpu += c
            }
        }
        precondition(checksum >= 0)
        func median(_ v: [Double]) -> Double { let s = v.sorted(); return s[s.count / 2] }
        let p = PassTimings(inner: median(passes.map(\.inner)), outer: 0, canvas: median(passes.map(\.canvas)),
                            physical: median(passes.map(\.physical)), composite: median(passes.map(\.composite)),
                            warp: median(passes.map(\.warp)))
        return Result(view: native ? "wall-native" : view.name, frames: frames, width: width, height: height, threads: threads,
                      pixels: pixels, medianMS: median(totals), minMS: totals.min()!, passes: p, outerOnceMS: outerOnce,
                      cpuMS: cpu / Double(frames))
    }
}
