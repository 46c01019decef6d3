// SequenceRender: `xrstudio render SCENE.yaml --take T --out DIR`: a frame sequence of the scene's virtual world
// seen through a recorded camera take, encoded on worker threads and written atomically, with a sidecar.

import FoundationEssentials
import FrameOutput
import Geometry
import ImageCodecs
import Imaging
import RasterCore
import SceneFormat
import SceneModel
import TakeFormats
import Shot
import SceneImaging
import Takes

#if canImport(Glibc)
    import Glibc
#endif

/// What to render and where: the sequence options of `render SCENE.yaml --take T`.
public struct SequenceRequest: Sendable {
    public var scenePath: String
    /// A take's name in the scene, or a take file's path (then the first camera's body and lens apply).
    public var take: String
    public var outDirectory: String
    public var pattern: String
    /// Keep only frames whose numbers fall in this range (inclusive).
    public var frames: ClosedRange<Int>?
    /// Keep every Nth frame of those (the first, the N+1th, …).
    public var every: Int
    public var size: (width: Int, height: Int)?
    public var threads: Int
    public var tileSize: Int
    public var cull: CullMode
    public var encoding: FrameEncoding
    /// Encoder threads; nil: half the cores, 1...8.
    public var encodeWorkers: Int?
    /// Frames waiting for an encoder at most.
    public var queueCapacity: Int
    public var overwrite: Bool
    public var skipExisting: Bool
    public var progress: SequenceProgress.Mode
    /// Written into the sidecar.
    public var version: String
    /// Install SIGINT/SIGTERM handlers for the run (the command does; library callers may not want it).
    public var handleSignals: Bool
    /// Stamp timecode, frame, lens and camera into each frame (`--burn-in`).
    public var burnIn = false
    /// Smooth tracker jitter first: a moving average over this many samples on each side (`--smooth`).
    public var smoothing = 0
    /// How a FreeD take file is read (`--freed-rate`, `--freed-lens`).
    public var freed = FreeDReadOptions()
    /// Keep a take whose clock jumps far out of line (`--allow-gaps`).
    public var allowGaps = false
    /// The XR view each frame shows (`--view`; default the virtual world alone).
    public var view: XRView = .virtual
    /// With a take set (`--take SET`): the camera whose view is rendered (`--view camera:B`; nil: the set's first).
    public var viewCamera: String?
    /// Set extension in the camera view (nil: the scene's `xr.set_extension`).
    public var setExtension: Bool?
    /// Further layers in each EXR frame (`--aov`; EXR sequences of the camera and virtual views only).
    public var aovs: [FrameAOV] = []
    /// The witness view's eye and target (nil: a vantage point that takes in the whole stage).
    public var witness: (eye: SIMD3<Double>, target: SIMD3<Double>)?
    /// The sidecar's file name inside the folder (`--sidecar`): chunks of one shot sharing a folder (a render
    /// farm) each keep their own.
    public var sidecarName = SequenceSidecar.fileName
    /// With `skipExisting`: decode every existing frame in full before keeping it (`--verify`); without it only
    /// the header, size and file end are checked.
    public var verify = false
    /// One-line notices on the way (a damaged frame rendered again, stale temporaries removed); default stderr.
    public var notify: @Sendable (String) -> Void = noticeOnStderr

    public init(scenePath: String, take: String, outDirectory: String, pattern: String = SequenceRequest.defaultPattern,
                frames: ClosedRange<Int>? = nil, every: Int = 1, size: (width: Int, height: Int)? = nil,
                threads: Int = ModelRenderRequest.defaultThreads, tileSize: Int = RasterLimits.defaultTileSize,
                cull: CullMode = .none, encoding: FrameEncoding = .png(.fast), encodeWorkers: Int? = nil,
                queueCapacity: Int = 4, overwrite: Bool = false, skipExisting: Bool = false,
                progress: SequenceProgress.Mode = .quiet, version: String = "", handleSignals: Bool = false) {
        self.scenePath = scenePath; self.take = take; self.outDirectory = outDirectory; self.pattern = pattern
        self.frames = frames; self.every = every; self.size = size; self.threads = threads; self.tileSize = tileSize
        self.cull = cull; self.encoding = encoding; self.encodeWorkers = encodeWorkers
        self.queueCapacity = queueCapacity; self.overwrite = overwrite; self.skipExisting = skipExisting
        self.progress = progress; self.version = version; self.handleSignals = handleSignals
    }

    public static let defaultPattern = "frame.%04d.png"

    /// Encoder threads when not given: half the cores, 1...8.
    public static var defaultEncodeWorkers: Int {
        min(8, max(1, ProcessInfo.processInfo.activeProcessorCount / 2))
    }
}


/// What a finished (or stopped) sequence reports.
public struct SequenceResult: Sendable {
    public var frames: Int
    public var written: Int
    public var skipped: Int
    public var interrupted: Bool
    public var sidecarPath: String
    public var seconds: Double
    public var width: Int
    public var height: Int
}

/// One frame of a sequence: the take's frame and the file it goes to.
public struct SequenceFrame: Sendable {
    public var shot: ShotFrame
    /// Every camera on the wall at this frame (a take set's, or the take's camera alone, keyed when it is).
    public var wall: WallCameras? = nil
    public var path: String
    public var name: String
    public var state: CameraState { shot.state }
    public var camera: ShotCamera { shot.camera }
}

/// The frames a sequence request renders: the take's timeline at the output size, filtered, with file names.
public struct SequencePlan: Sendable {
    public var timeline: ShotTimeline
    public var frames: [SequenceFrame]
    public var pattern: FramePattern
    /// The take set rendered (its viewed camera's take is `takeName`), nil for a single take.
    public var takeSet: String?
    public var takeName: String { timeline.takeName }
    public var takeFile: String { timeline.takeFile }
    public var camera: SceneModel.Camera? { timeline.camera }
    public var rate: FrameRate { timeline.rate }
}

public enum SequenceRender {
    /// The frames of a request: the take's timeline (`ShotTimeline`) at the output size, filtered by `frames` and
    /// `every`, with each frame's output path.
    public static func plan(_ r: SequenceRequest, scene: Scene) throws -> SequencePlan {
        let pattern: FramePattern
        do { pattern = try FramePattern(r.pattern) } catch { throw JobError.usage("\(error)") }
        guard r.encoding == .discard || r.encoding.extensions.contains(pattern.fileExtension) else {
            throw JobError.usage("--pattern '\(r.pattern)': a \(r.encoding.formatName) sequence needs a name ending in "
                + r.encoding.extensions.map { ".\($0)" }.joined(separator: " or "))
        }
        guard r.every >= 1 else { throw JobError.usage("--every \(r.every): expected 1 or more") }
        var timeline: ShotTimeline
        var walls: (Int) -> WallCameras?
        var lensTimelines: [ShotTimeline]
        if scene.takeSets.contains(where: { $0.name == r.take }) {
            // A take set: the viewed camera's timeline on the frames every take covers, all cameras on the wall.
            let set = try ShotTakeSet(scene: scene, sceneFile: r.scenePath, name: r.take, width: r.size?.width,
                                      height: r.size?.height, smoothing: r.smoothing, freed: r.freed, allowGaps: r.allowGaps,
                                      checkLenses: false)
            let viewing = try set.viewing(r.viewCamera)
            timeline = set.timeline(viewing: viewing)
            walls = { set.wall(frame: $0, viewing: viewing) }
            lensTimelines = set.timelines
        } else {
            if let c = r.viewCamera {
                // `wall:NAME` reads as a wall's name; it is a take set's camera seen (the wall view shows every surface).
                // (Matched as the folders name surfaces too: `flat-wall` for "flat wall".)
                let named = scene.stage.ledSurfaces.first { [$0.name, fileSlug($0.name, fallback: "section")].contains { $0.lowercased() == c.lowercased() } }
                let surface = named.map { "; '\($0.name)' is an LED surface: --view wall shows every surface, --view wall --native "
                    + "writes each one's canvas" } ?? ""
                throw JobError.usage("--view \(r.view.option):\(c): the name after the colon is a take set's camera (--take SET); "
                    + "take '\(r.take)' has one camera\(surface)")
            }
            timeline = try ShotTimeline(scene: scene, sceneFile: r.scenePath, take: r.take, width: r.size?.width,
                                        height: r.size?.height, smoothing: r.smoothing, freed: r.freed,
                                        allowGaps: r.allowGaps, checkLenses: false)
            lensTimelines = [timeline]
            let t = timeline
            walls = { n in t.index(ofFrame: n).map { t.wall(t.frames[$0]) } }
        }
        let picked = try timeline.selecting(r.frames, every: r.every)
        // The lenses of the frames rendered, every camera on the wall's (not the whole take's).
        let numbers = Set(picked.map(\.frame))
        for t in lensTimelines { try t.checkLenses(t.frames.filter { numbers.contains($0.frame) }) }
        if picked.count > 1 && !pattern.hasFrameNumber {
            throw JobError.usage("--pattern '\(r.pattern)' has no frame number (%d or %0Nd) but the render has \(picked.count) frames")
        }
        let dir = r.outDirectory.hasSuffix("/") && r.outDirectory.count > 1 ? String(r.outDirectory.dropLast()) : r.outDirectory
        let frames = picked.map { f -> SequenceFrame in
            let name = pattern.name(frame: f.frame)
            return SequenceFrame(shot: f, wall: walls(f.frame), path: dir + "/" + name, name: name)
        }
        return SequencePlan(timeline: timeline, frames: frames, pattern: pattern,
                            takeSet: scene.takeSets.contains { $0.name == r.take } ? r.take : nil)
    }

    /// A scene file, or a bare model (OBJ, glTF, GLB) made into a scene: the model with its own materials under
    /// an ambient and a key light, 1920x1080 at 25 fps, a 36x24 mm camera; the take then drives that camera.
    public static func sceneOrModel(_ path: String) throws -> Scene {
        let lower = path.lowercased()
        guard lower.hasSuffix(".obj") || lower.hasSuffix(".gltf") || lower.hasSuffix(".glb") else {
            return try SceneFile.load(path: path)
        }
        guard FileManager.default.fileExists(atPath: path) else { throw JobError.input("\(path): no such file") }
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let mesh: MeshSource = lower.hasSuffix(".obj") ? .obj(path: file) : .gltf(path: file)
        return Scene(name: file, world: VirtualWorld(objects: [.init(name: file, mesh: mesh)], sky: [0.02, 0.02, 0.025]),
                     lights: [Light(name: "ambient", kind: .ambient, intensity: 0.3),
                              Light(name: "key", kind: .directional(towards: [0.4, 0.8, 0.5]), intensity: 0.8)])
    }

    /// Renders the sequence. Throws `JobError` before anything is written for bad options, an unwritable folder
    /// or existing frames (without --overwrite / --skip-existing). Stops cleanly on SIGINT/SIGTERM when
    /// `handleSignals` (the result says `interrupted`).
    public static func run(_ r: SequenceRequest) throws -> SequenceResult {
        let scene = try sceneOrModel(r.scenePath)
        let p = try plan(r, scene: scene)
        var w = r.size?.width ?? scene.render.width, h = r.size?.height ?? scene.render.height
        if case .section(let i) = r.view {
            let surfaces = scene.stage.ledSurfaces
            guard surfaces.indices.contains(i) else { throw JobError.usage("no LED surface \(i) in \(r.scenePath)") }
            (w, h) = surfaces[i].pixels
        }
        let settings = FrameSettings(width: w, height: h, clearColor: SceneDrawing.clearColor(of: scene),
                                     tileSize: r.tileSize, threads: r.threads)
        do { try Rasterizer.validate(settings) } catch { throw JobError.usage("\(error)") }
        if case .jpeg(let q) = r.encoding, !(1...100).contains(q) {
            throw JobError.usage("--quality \(q): expected 1-100")
        }
        if case .exr = r.encoding, r.burnIn {
            throw JobError.usage("--burn-in stamps 8-bit frames: an EXR sequence carries its timecode and lens in the header")
        }
        if !r.aovs.isEmpty {
            guard case .exr = r.encoding else {
                throw JobError.usage("--aov with a sequence needs --format exr (its layers go into each EXR frame)")
            }
            try FrameAOV.check(r.aovs, view: r.view)
        }
        if r.overwrite && r.skipExisting { throw JobError.usage("--overwrite and --skip-existing exclude each other") }
        // A frame's memory with its EXR layers, before the folder is made (each frame's render checks it without them).
        if case .exr = r.encoding {
            try XRFrameRenderer.checkFrameBudget(r.view, width: w, height: h, linear: true, layers: r.aovs)
        }
        // Usage errors before the folder is made (a bad --sidecar left new empty folders behind).
        if r.verify && !r.skipExisting {
            throw JobError.usage("--verify checks the frames --skip-existing keeps: add --skip-existing")
        }
        guard !r.sidecarName.isEmpty, !r.sidecarName.contains("/"), r.sidecarName.hasSuffix(".json") else {
            throw JobError.usage("--sidecar '\(r.sidecarName)': expected a file name ending in .json (no folders)")
        }

        // The folder: create it if missing, and check it can take files before rendering anything (`--format none`
        // writes nothing, not even the folder or the sidecar).
        let dir = r.outDirectory
        let writes = r.encoding != .discard
        var madeFolders: [String] = []  // the folders this run made, deepest first
        if writes {
            var st = stat()
            if stat(dir, &st) == 0 {
                guard (st.st_mode & S_IFMT) == S_IFDIR else { throw JobError.input("\(dir): not a folder (--out names a folder with --take)") }
            } else {
                // The missing folders on the way, deepest first (`--out new/a/b` makes new, new/a and new/a/b).
                var missing = dir
                while missing.hasSuffix("/") && missing.count > 1 { missing.removeLast() }
                while missing != "." && missing != "/" && stat(missing, &st) != 0 {
                    madeFolders.append(missing)
                    missing = AtomicFile.folder(of: missing)  // "." past a relative path's first folder
                }
                do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                    throw JobError.input(FileErrorMessage.message(for: error) ?? "\(dir): cannot create the folder: \(error)")
                }
            }
            guard access(dir, W_OK | X_OK) == 0 else {
                throw JobError.input("\(dir): the folder is not writable: \(String(cString: strerror(errno)))")
            }
        }
        let sidecarPath = joinPath(dir, r.sidecarName)
        let sidecarWasThere = FileManager.default.fileExists(atPath: sidecarPath)
        // The folder's own sidecar, read once for a resume: the size it records here, its frames' records below.
        let ownSidecar = r.skipExisting && writes ? try? Self.sidecarData(sidecarPath, frames: p.frames.count).get() : nil
        if let old = ownSidecar.flatMap(Self.recordedSize), old != [w, h] {
            throw JobError.usage("\(sidecarPath): the sequence was rendered at \(old[0])x\(old[1]), this run renders \(w)x\(h): "
                + "resume with --size \(old[0])x\(old[1]), or render into another folder")
        }
        if writes, let removed = AtomicFile.removeStaleTemporariesNotice(in: dir) { r.notify(removed) }
        let found = try existingFrames(r, plan: p, width: w, height: h, sidecarPath: sidecarPath)
        let existing = found.kept, redo = found.redo

        var sidecar = SequenceSidecar(request: r, plan: p, width: w, height: h, skipped: existing)
        // Resuming into a folder of another take, view or camera would keep its frames as this run's (the TUI's
        // `:render` folders are named by slugs, which two names can share; two days' folders may both hold a
        // take01.csv): every sequence sidecar in the folder, this run's and farm chunks', must record this view and
        // camera, and for each frame number this run renders too, the same timecode and camera pose.
        if r.skipExisting, let conflict = Self.resumeConflict(in: dir, with: sidecar, own: r.sidecarName) {
            throw JobError.usage("\(conflict): render into another folder")
        }
        if let otherRun = found.otherRun { throw JobError.usage(otherRun) }
        // What the folder's own sidecar says of frames this run does not render (a partial re-run) is carried over.
        let carried = ownSidecar.map { carriedRecords($0, into: &sidecar, plan: p, folder: dir) } ?? []
        /// The sidecar as written: this run's frames and the carried ones, in frame order; complete only when no
        /// carried frame is pending either.
        func onDisk() -> SequenceSidecar {
            guard !carried.isEmpty else { return sidecar }
            var s = sidecar
            s.frames = (s.frames + carried).sorted { $0.frame < $1.frame }
            s.frameRange = [s.frames.first!.frame, s.frames.last!.frame]
            s.complete = s.complete && !carried.contains { $0.status == "pending" }
            return s
        }
        let toRender = p.frames.indices.filter { !existing.contains($0) }
        // The virtual view's own alpha (`--aov alpha`): its coverage, the sky left out of the colour.
        let coverage = r.aovs.contains(.alpha) && r.view == .virtual

        // Every view, the virtual one too, is made by the scene-imaging renderer the viewer uses.
        let xr = try XRFrameRenderer(scene: scene, sceneFile: r.scenePath, threads: r.threads, cull: r.cull,
                                     tileSize: r.tileSize)
        xr.path = p.timeline.path
        xr.witness = r.witness
        let queue = EncodeQueue(workers: r.encodeWorkers ?? SequenceRequest.defaultEncodeWorkers,
                                capacity: r.queueCapacity, encoding: r.encoding, overwrite: r.overwrite,
                                existingIsDone: r.skipExisting)
        let progress = SequenceProgress(mode: r.progress, total: toRender.count)
        progress.begin(fields: [("skipped", .int(existing.count)), ("out", .string(dir))])
        if r.handleSignals { StopSignal.install() }
        defer { if r.handleSignals { StopSignal.uninstall() } }

        let clock = ContinuousClock()
        let started = clock.now
        var renderMS = [Int: Double]()
        var written = 0
        var appeared = 0
        var lastSidecar = clock.now
        var wroteSidecar = false  // by the periodic update: removed again if the run made no frame
        func record(_ e: EncodeResult) {
            if e.alreadyThere {
                // Another copy of this chunk wrote the frame first: done, and theirs is kept.
                sidecar.frames[e.index].status = "skipped"
                appeared += 1
                progress.frameDone(frame: e.frame, path: writes ? e.path : nil, renderMilliseconds: renderMS[e.index] ?? 0,
                                   encodeMilliseconds: e.encodeMilliseconds)
                return
            }
            sidecar.frames[e.index].status = r.encoding == .discard ? "discarded" : "written"
            sidecar.frames[e.index].renderMS = renderMS[e.index]
            sidecar.frames[e.index].encodeMS = e.encodeMilliseconds
            sidecar.frames[e.index].writeMS = e.writeMilliseconds
            sidecar.frames[e.index].bytes = e.bytes
            written += 1
            progress.frameDone(frame: e.frame, path: writes ? e.path : nil, renderMilliseconds: renderMS[e.index] ?? 0,
                               encodeMilliseconds: e.encodeMilliseconds)
        }
        var failure: Error?
        var interrupted = false
        // Long names are shortened so the lens figures after the camera's name stay in the frame: the camera's name
        // keeps its start, a take file's path its end (the file name).
        let burnInCamera = Self.shortened(p.camera?.name ?? "CAMERA", columns: Self.burnInNameColumns, keepEnd: false)
        let burnInTake = Self.shortened(p.takeName, columns: 2 * Self.burnInNameColumns, keepEnd: true)
        // Names the built-in font cannot draw (a Chinese take or camera name) are burnt in with Unifont.
        let burnInFont = r.burnIn && !toRender.isEmpty
            ? SystemUnifont.forText([p.camera?.name ?? "", p.takeName], what: "burn-in", warn: r.notify) : nil
        do {
            for i in toRender {
                if r.handleSignals && StopSignal.received != nil { interrupted = true; break }
                let f = p.frames[i]
                let t0 = clock.now
                if case .exr = r.encoding {
                    // Scene-linear floats: the frame, its depth and layers go to the encoder threads as floats.
                    let linear = try xr.renderLinear(r.view, camera: f.camera, width: w, height: h,
                                                     setExtension: r.setExtension, wall: f.wall, coverage: coverage)
                    let extra = try xr.aovChannels(r.aovs, view: r.view, frame: linear, camera: f.camera)
                    renderMS[i] = EncodeQueue.msPublic(clock.now - t0)
                    let attributes = exrAttributes(frame: f, view: r.view, cameraName: p.camera?.name, rate: p.rate,
                                                   version: r.version)
                    let exr = EXRImage(width: linear.width, height: linear.height, rgba: linear.rgba, writeAlpha: coverage,
                                       depth: linear.depth, extra: extra, attributes: attributes)
                    try queue.submit(EncodeJob(index: i, frame: f.state.frame, exr: exr, path: f.path, replace: redo.contains(i)))
                } else {
                    var image = try xr.render(r.view, camera: f.camera, width: w, height: h, setExtension: r.setExtension,
                                              wall: f.wall)
                    if r.burnIn {
                        // The horizontal angle, as the TUI's `hfov`: the lens over the sensor's width, the same at
                        // any output shape.
                        BurnIn.stamp(&image, lines: [
                            "TC \(f.state.timecode.description)  FRAME \(f.state.frame)",
                            "\(burnInCamera)  \(formatFixed(f.camera.focalLengthMM, 1))MM  HFOV \(formatFixed(f.camera.horizontalFOVDegrees, 1))",
                            burnInTake,
                        ], unifont: burnInFont)
                    }
                    renderMS[i] = EncodeQueue.msPublic(clock.now - t0)
                    try queue.submit(EncodeJob(index: i, frame: f.state.frame, image: image, path: f.path,
                                               replace: redo.contains(i)))
                }
                for e in queue.takeResults() { record(e) }
                // Keep the sidecar valid on disk during long runs (every ~5 s).
                if writes && EncodeQueue.msPublic(clock.now - lastSidecar) > 5000 {
                    if (try? writeSidecar(onDisk(), to: sidecarPath)) != nil { wroteSidecar = true }
                    lastSidecar = clock.now
                }
            }
            if r.handleSignals && StopSignal.received != nil { interrupted = true }
        } catch {
            failure = error
            queue.cancel()
        }
        do { try queue.finish(progress: record) } catch { if failure == nil { failure = error } }
        sidecar.interrupted = interrupted
        sidecar.complete = failure == nil && !interrupted
        let seconds = EncodeQueue.msPublic(clock.now - started) / 1000
        progress.end(fields: [("interrupted", .bool(interrupted))] + (writes ? [("sidecar", .string(sidecarPath))] : []))
        // A run that failed before it made any frame (a view too large inside for its size, a lens it cannot render)
        // leaves the folder as it found it: a sidecar of pending frames it left refused the retry its error asked for
        // ("already exists", or "resume with --size" the refused size), and one it wrote over no longer described
        // the frames there.
        let madeNothing = failure != nil && written == 0 && appeared == 0
        if writes && madeNothing {
            // Only a sidecar this run wrote (another copy of a farm chunk may have written its own since it started).
            if wroteSidecar && !sidecarWasThere { unlink(sidecarPath) }
            for folder in madeFolders where rmdir(folder) != 0 { break }  // each only when empty, deepest first
        } else if writes {
            do { try writeSidecar(onDisk(), to: sidecarPath) } catch { if failure == nil { failure = error } }
        }
        if let failure {
            if let j = failure as? JobError { throw j }
            throw JobError.input("\(failure)")
        }
        return SequenceResult(frames: p.frames.count, written: written, skipped: existing.count + appeared,
                              interrupted: interrupted,
                              sidecarPath: sidecarPath, seconds: seconds, width: w, height: h)
    }

    /// The most terminal columns (a Chinese character two) a camera name takes in a burn-in; a take twice as many.
    static let burnInNameColumns = 24

    /// `name` in at most `columns` columns (`DisplayWidth`): cut with `...` (which both burn-in fonts draw) at its
    /// end, or at its start when `keepEnd` (a path's file name matters most).
    static func shortened(_ name: String, columns: Int, keepEnd: Bool) -> String {
        DisplayWidth.shortened(name, columns: columns, mark: "...", keepEnd: keepEnd)
    }

}
