// RenderCommand: `xrstudio render MODEL.obj ... --out FILE.png` — one frame of a bare model; or of a scene's
// virtual world with `xrstudio render SCENE.yaml [--mark NAME] --out FILE.png`.

import ArgumentParser
import FoundationEssentials
import FrameOutput
import ImageCodecs
import RenderJobs
import TakeFormats
import SceneModel
import SceneImaging
import SceneFormat

#if canImport(Glibc)
    import Glibc
#endif

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a frame of a model or a scene's virtual world to PNG.",
        discussion: """
            Renders a Wavefront OBJ, glTF 2.0 or GLB model with the clay preview look (grey Lambert, a key light \
            fixed to the camera).
            Example:
              xrstudio render teapot.obj --camera 0,3,8 --look-at 0,1,0 --fov-y 40 \\
                --size 1280x720 --out teapot.png

            A scene file (.yaml, .yml) renders its virtual world (Lambert in the objects' colours, lit by the \
            scene's ambient and directional lights; point lights are not drawn) against its sky colour, from \
            --mark NAME, else the first camera's pose, with the lens's vertical field of view, at the scene's \
            render size unless --size is given. --fov-y sets the lens to the focal length that frames that \
            vertical angle (every view); --camera/--look-at place the virtual view's camera instead of the mark \
            (with the lens's angle, --near and --far) and the witness view's.
              xrstudio render Scenes/binhai-xr-stage.yaml --mark "A2 push in" \\
                --size 1280x720 --out a2.png

            With --take NAME (a take of the scene, or a take file) it renders a sequence into the folder --out: \
            the take resampled at the scene's frame rate, numbered by timecode frame number, files named by \
            --pattern (printf style, default frame.%04d.png), plus a sidecar sequence.json. --frames A-B and \
            --every N pick frames; --skip-existing resumes an interrupted run. Encoding runs on --encoders \
            threads overlapped with rendering. Ctrl-C, SIGTERM or a hangup (SIGHUP: a closed SSH session; ignored under nohup) stops cleanly (finished frames kept, exit 130).
              xrstudio render Scenes/binhai-xr-stage.yaml --take "dolly push-in" \\
                --out shot/ --frames 100-150

            --view picks what the frames show: virtual (default: the virtual world alone, from the camera), camera \
            (the in-camera composite: the stage through the camera, the LED wall showing its canvas — inner \
            frustum with overscan over the outer frustum rendered from the stage's view origin — floor and props \
            lit by the scene's lights and the wall), wall (every LED section's canvas, fitted and stacked), plan \
            (the stage from above to scale: walls with cabinet ticks, the camera and its frustum, the inner \
            frustum's footprint, marks, the take's path, a metre grid and a scale bar), witness (a third-person \
            view of the stage and the camera; --camera/--look-at place it), or all (a folder per view, or \
            DIR/VIEW.png for one frame). --view wall --native writes each LED section at its native LED \
            resolution, what its processor is sent, into a folder per section; adding --outputs writes one image \
            per LED processor port (stage.processors) and DIR/outputs.json, the cabinets each port carries.
              xrstudio render Scenes/binhai-xr-stage.yaml --take "dolly push-in" \\
                --view all --out shot/ --frames 0-49

            The inner frustum is rendered at the view's size plus the overscan, or, for a view with more pixels \
            than the scene's xr.inner_resolution (the stage's render of the inner frustum), with that many.

            With a take set (--take SET: several cameras shooting at once, every camera's inner frustum on the \
            wall), --view camera:NAME and virtual:NAME pick the camera seen (plain camera: the set's first); wall, \
            plan and witness show every camera, each in its own colour (the first yellow and orange, then pink, \
            cyan, lime), and the plan names them. --view all writes DIR/camera-NAME/ and DIR/virtual-NAME/ for \
            each camera (NAME as a file slug: lower case, dashes) and DIR/wall/, DIR/plan/, DIR/witness/ once.
              xrstudio render Scenes/binhai-xr-stage.yaml --take "two cameras" \\
                --view all --out multicam/ --frames 100-149

            --format exr writes scene-linear OpenEXR frames (frame.%04d.exr): R, G, B as half float in linear \
            Rec. 709 / sRGB primaries, and Z, the eye depth along the view axis in metres (32-bit float, +inf \
            where nothing was hit; camera and virtual views only), --exr-compression zip (default) or piz. The \
            header carries chromaticities (Rec. 709, D65), nominalFocalLength (mm), timeCode (the frame's SMPTE \
            timecode) and framesPerSecond; camera and virtual frames also sensorOverallDimensions (mm), focus (m), \
            aperture (f-number), cameraLabel, worldToCamera and worldToNDC. --aov adds layers to each EXR: virtual \
            (virtual.R/G/B, the virtual world alone through the same lens: the CG plate), P (P.X/Y/Z, the world \
            position each pixel sees, metres) and alpha (the virtual world's coverage, 0 where its sky shows, the \
            sky left out of the colour: A of --view virtual, virtual.A of the camera view's CG plate). Docs/outputs.md says where the floats come from and how to read them.
              xrstudio render Scenes/binhai-xr-stage.yaml --take "dolly push-in" \\
                --view camera --format exr --aov virtual,P --out plates/ --frames 100-149

            --aov depth also writes FILE.depth.png: 16-bit grey, the eye-space depth along the view axis in \
            millimetres (rounded), 65535 where nothing was drawn, 65534 at 65.534 m or farther (said). Files are written under a temporary name and \
            renamed, so a failed or interrupted render leaves nothing behind; existing files are kept unless \
            --overwrite is given.
            """)

    @Argument(help: "The model (.obj, .gltf, .glb) or scene (.yaml, .yml) to render.")
    var model: String

    @Option(help: ArgumentHelp("Scenes only: render from the mark of this name.", valueName: "NAME"))
    var mark: String?

    @OptionGroup var frame: CameraArguments

    @Option(help: ArgumentHelp("Output PNG file; with --take, the sequence's folder.", valueName: "FILE.png|DIR"))
    var out: String

    @Option(help: ArgumentHelp("Render a sequence along this take: its name in the scene, or a take file (a model too: the take moves the camera over it).", valueName: "TAKE"))
    var take: String?

    @Option(help: ArgumentHelp("Sequences: only frames numbered A to B (timecode frame numbers at the render rate).", valueName: "A-B"))
    var frames: String?

    @Option(help: ArgumentHelp("Sequences: every Nth frame (default 1).", valueName: "N"))
    var every: Int?

    @Option(help: ArgumentHelp("Sequences: file names, printf style with one %d or %0Nd (default \(SequenceRequest.defaultPattern)).", valueName: "NAME"))
    var pattern: String?

    @Flag(name: .customLong("skip-existing"), help: "Sequences: keep frames already in the folder (resume).")
    var skipExisting = false

    @Flag(help: "Sequences, with --skip-existing: decode each existing frame in full before keeping it (without it, the header, size and file end are checked).")
    var verify = false

    @Option(help: ArgumentHelp("Sequences: the sidecar's file name in the folder (default sequence.json; render farms give each chunk its own).",
                               valueName: "NAME.json"))
    var sidecar: String?

    @Flag(name: .customLong("burn-in"), help: "Sequences: stamp timecode, frame, camera, lens and take into each frame. Names the built-in font cannot draw (Chinese) are drawn in GNU Unifont from Debian's unifont package, or the .hex file XRSTUDIO_UNIFONT names.")
    var burnIn = false

    @Option(help: ArgumentHelp("Sequences: smooth tracker jitter with a moving average over N samples on each side (default 0).",
                               valueName: "N"))
    var smooth: Int?

    @OptionGroup var freed: FreeDArguments

    @Option(name: .customLong("png-compression"), help: ArgumentHelp("Sequences: fast (default), default or best.", valueName: "LEVEL"))
    var pngCompression: String?

    @Option(help: ArgumentHelp("Sequences: png (default), jpeg, exr (scene-linear OpenEXR with Z), or none (render only, nothing written: for timing).", valueName: "FORMAT"))
    var format: String?

    @Option(name: .customLong("exr-compression"), help: ArgumentHelp("Sequences, EXR: zip (default) or piz; both lossless.", valueName: "KIND"))
    var exrCompression: String?

    @Option(help: ArgumentHelp("Sequences, JPEG: quality 1-100 (default 90).", valueName: "Q"))
    var quality: Int?

    @Option(help: ArgumentHelp("Sequences: encoder threads (default: half the cores, up to 8).", valueName: "N"))
    var encoders: Int?

    @Option(help: ArgumentHelp("Sequences: bar (default on a terminal), plain or json (one event per frame on stdout).", valueName: "MODE"))
    var progress: String?

    @Flag(help: "Sequences: no progress output.")
    var quiet = false

    @Option(help: ArgumentHelp("Extra output. One frame: depth (writes FILE.depth.png). EXR sequences: virtual, P, alpha (layers in each frame; Z is always there).", valueName: "NAME"))
    var aov: [String] = []

    @Option(help: ArgumentHelp("Models: clay (grey Lambert), flat (each part's material colour on every face, no lighting), unlit (materials and textures, trilinear, without lighting) or id (each triangle's index + 1 as a 24-bit RGB code).", valueName: "MODE"))
    var shading: String = "clay"

    @Option(help: ArgumentHelp("Scenes: camera, virtual, wall, plan, witness, or all; with a take set camera:NAME or virtual:NAME.",
                               valueName: "VIEW"))
    var view: String = "virtual"

    @Flag(help: "With --view wall: each LED section's canvas at its native LED resolution, a folder (or file) per section.")
    var native = false

    @Flag(help: "With --view wall --native: one image per LED processor port (stage.processors) and outputs.json, the cabinets each carries.")
    var outputs = false

    @Flag(name: .customLong("set-extension"), inversion: .prefixedNo,
          help: "Camera view: draw the virtual world beyond the wall's edges (default: the scene's xr.set_extension).")
    var setExtension: Bool?

    @Flag(help: "Replace existing output files.")
    var overwrite = false

    /// `--view camera:B` / `virtual:B`: the view and the take set's camera it is seen from.
    var viewCamera: (view: String, camera: String?) {
        guard let colon = view.firstIndex(of: ":") else { return (view, nil) }
        return (String(view[..<colon]), String(view[view.index(after: colon)...]))
    }

    /// The views asked for, each with its take-set camera and the folder or file suffix it writes to (nil: --out
    /// itself); `--view all` lists them with `ViewOutputs.all`.
    func views(scene: Bool) throws -> [ViewOutput] {
        if !scene {
            guard view == "virtual", !native, setExtension == nil else {
                throw JobError.usage("--view, --native and --set-extension need a scene file (.yaml, .yml)")
            }
            return [ViewOutput(view: .virtual)]
        }
        if native {
            guard viewCamera.view == "wall" else { throw JobError.usage("--native goes with --view wall (or wall:NAME)") }
            let surfaces = try SceneFile.load(path: model).stage.ledSurfaces
            guard !surfaces.isEmpty else { throw JobError.input("\(model): the scene has no LED walls or ceilings") }
            let slugs = uniqueFileSlugs(surfaces.map(\.name), fallback: "section")
            return surfaces.indices.map { ViewOutput(view: .section($0), camera: viewCamera.camera, sub: slugs[$0]) }
        }
        if view == "all" { return ViewOutputs.all(scene: try SceneFile.load(path: model), take: take) }
        guard let v = XRView(name: viewCamera.view) else {
            throw JobError.usage("--view '\(view)': expected camera, virtual, wall, plan, witness or all")
        }
        return [ViewOutput(view: v, camera: viewCamera.camera)]
    }

    /// The sequence-only options given on the command line, by name (each needs --take).
    var sequenceOptions: [String] {
        var given: [String] = []
        if frames != nil { given.append("--frames") }
        if every != nil { given.append("--every") }
        if pattern != nil { given.append("--pattern") }
        if skipExisting { given.append("--skip-existing") }
        if verify { given.append("--verify") }
        if sidecar != nil { given.append("--sidecar") }
        if burnIn { given.append("--burn-in") }
        if smooth != nil { given.append("--smooth") }
        if pngCompression != nil { given.append("--png-compression") }
        if format != nil { given.append("--format") }
        if quality != nil { given.append("--quality") }
        if exrCompression != nil { given.append("--exr-compression") }
        if encoders != nil { given.append("--encoders") }
        if progress != nil { given.append("--progress") }
        if quiet { given.append("--quiet") }
        return given
    }

    @OptionGroup var memory: MemoryBudgetArguments

    func run() throws {
        try memory.apply()
        if take == nil, let first = sequenceOptions.first {
            throw JobError.usage("\(first) applies to sequences only: add --take TAKE (one frame renders without it)")
        }
        if take == nil { for a in aov where a != "depth" { throw JobError.usage("--aov: unknown output '\(a)' (known for one frame: depth)") } }
        guard let mode = ClayPreview.Shading(rawValue: shading) else {
            throw JobError.usage("--shading must be clay, flat, unlit or id, got '\(shading)'")
        }
        let isScene = SceneFile.isScenePath(model)
        if outputs {
            guard isScene, view == "wall", native else { throw JobError.usage("--outputs goes with a scene file and --view wall --native") }
            guard take == nil else { throw JobError.usage("--outputs renders one frame: leave out --take") }
            guard !out.lowercased().hasSuffix(".png") else { throw JobError.usage("--out '\(out)': with --outputs --out names a folder") }
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let written = try ProcessorOutputsRender.run(ProcessorOutputsRequest(
                scenePath: model, mark: mark, outDir: out, threads: try frame.threadCount(), overwrite: overwrite))
            for p in written { print("wrote \(p)") }
            return
        }
        let views = try self.views(scene: isScene)
        if let c = viewCamera.camera, take == nil {
            throw JobError.usage("--view \(view): choosing camera '\(c)' needs a take set (--take SET)")
        }
        if let take {
            // Layers go to the camera and virtual views only: said before any view renders (with --view all, the
            // camera and virtual sequences were rendered whole before the wall view refused them).
            // (`depth` too, which parses to no layer: there is no depth to write on the other views.)
            if aov.contains(where: { $0.contains { $0 != "," } }),
               let other = views.first(where: { $0.view != .camera && $0.view != .virtual }) {
                throw JobError.usage("--aov: layers are made for the camera and virtual views only, not \(other.view.name)")
            }
            let layers = try FrameAOV.parse(aov)
            for o in views { try FrameAOV.check(layers, view: o.view) }
            // A bare model renders too: the take drives a default camera over it (SequenceRender.sceneOrModel).
            for o in views {
                try runSequence(take: take, view: o.view, camera: o.camera, out: o.sub.map { joinPath(out, $0) } ?? out)
            }
            return
        }
        if isScene {
            // Clip planes belong to a gluLookAt camera: a scene's own cameras have theirs.
            if frame.near != nil || frame.far != nil, !(frame.placesCamera && views.count == 1 && views[0].view == .virtual) {
                throw JobError.usage("--near/--far apply to a model, or to a scene's virtual view placed with --camera/--look-at")
            }
        }
        if isScene && (views.count > 1 || views[0].view != .virtual) {
            guard mode == .clay else { throw JobError.usage("--shading: scenes render with their own colours only") }
            if views.count > 1 || native {
                let lower = out.lowercased()
                guard !lower.hasSuffix(".png") else {
                    throw JobError.usage("--out '\(out)': with several views (--view all, --native) --out names a folder")
                }
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            }
            for o in views {
                let (v, sub) = (o.view, o.sub)
                let explicit = frame.placesCamera
                let request = SceneRenderRequest(
                    scenePath: model, mark: mark, camera: explicit && v == .witness ? try frame.modelCamera() : nil,
                    size: try frame.size.map { try parseSize($0) }, outPath: sub.map { joinPath(out, $0 + ".png") } ?? out,
                    depthAOV: aov.contains("depth"),
                    threads: try frame.threadCount(), tileSize: frame.tileSize, cull: try frame.cullMode(),
                    overwrite: overwrite, view: v, setExtension: setExtension, fovYDegrees: try frame.sceneFovY())
                if explicit && views.count == 1 && v != .witness {
                    throw JobError.usage("--camera/--look-at place the witness camera; the \(v.name) view's camera is the mark or the scene's camera")
                }
                let result = try SceneRender.run(request)
                for p in result.written { print("wrote \(p)") }
            }
            return
        }
        if isScene {
            guard mode == .clay else { throw JobError.usage("--shading: scenes render with their own colours only") }
            // The scene's render size unless --size was given.
            let explicit = frame.placesCamera
            let request = SceneRenderRequest(
                scenePath: model, mark: mark, camera: explicit ? try frame.modelCamera() : nil,
                size: try frame.size.map { try parseSize($0) }, outPath: out, depthAOV: aov.contains("depth"),
                threads: try frame.threadCount(), tileSize: frame.tileSize, cull: try frame.cullMode(),
                overwrite: overwrite, fovYDegrees: try frame.sceneFovY())
            let result = try SceneRender.run(request)
            for p in result.written { print("wrote \(p)") }
            return
        }
        if mark != nil {
            throw JobError.usage("--mark needs a scene file (.yaml, .yml); '\(model)' is a model")
        }
        let size = try frame.frameSize()
        let request = ModelRenderRequest(
            modelPath: model, camera: try frame.modelCamera(), width: size.width, height: size.height, outPath: out,
            depthAOV: aov.contains("depth"), threads: try frame.threadCount(), tileSize: frame.tileSize,
            cull: try frame.cullMode(), shading: mode, overwrite: overwrite)
        let result = try ModelRender.run(request)
        for p in result.written { print("wrote \(p)") }
    }

    /// One sequence of `view` from the take set's `camera` (nil: the set's first, or the take's camera) into `out`.
    func runSequence(take: String, view: XRView, camera: String?, out: String) throws {
        guard mark == nil else { throw JobError.usage("--mark and --take exclude each other") }
        if let lens = frame.lookAtOptions.first(where: { ["--fov-y", "--near", "--far"].contains($0) }) {
            throw JobError.usage("\(lens): a sequence's lens comes from the take")
        }
        var witness: (eye: SIMD3<Double>, target: SIMD3<Double>)?
        if frame.placesCamera {
            guard view == .witness || self.view == "all" else {
                throw JobError.usage("--camera/--look-at: a sequence's camera comes from the take (they place the witness camera with --view witness)")
            }
            let c = try frame.modelCamera()
            if let eye = c.eye { witness = (SIMD3<Double>(eye), SIMD3<Double>(c.lookAt ?? [0, 1.5, 0])) }
        }
        let lowerOut = out.lowercased()
        if lowerOut.hasSuffix(".png") || lowerOut.hasSuffix(".jpg") || lowerOut.hasSuffix(".jpeg") || lowerOut.hasSuffix(".exr") {
            throw JobError.usage("--out '\(out)': with --take, --out names a folder (file names come from --pattern)")
        }
        let range = try frames.map(parseFrameRange)
        let encoding: FrameEncoding
        let pngCompression = self.pngCompression ?? "fast", quality = self.quality ?? 90
        switch (format ?? "png").lowercased() {
        case "png":
            guard let c = PNGCompression(rawValue: pngCompression) else {
                throw JobError.usage("--png-compression must be fast, default or best, got '\(pngCompression)'")
            }
            encoding = .png(c)
        case "jpeg", "jpg":
            guard (1...100).contains(quality) else { throw JobError.usage("--quality \(quality): expected 1-100") }
            encoding = .jpeg(quality: quality)
        case "exr":
            guard let c = EXRCompression(rawValue: (exrCompression ?? "zip").lowercased()) else {
                throw JobError.usage("--exr-compression must be zip or piz, got '\(exrCompression ?? "")'")
            }
            encoding = .exr(c)
        case "none":
            encoding = .discard
        default:
            throw JobError.usage("--format must be png, jpeg, exr or none, got '\(format ?? "")'")
        }
        if exrCompression != nil && encoding.formatName != "exr" {
            throw JobError.usage("--exr-compression applies to --format exr")
        }
        if self.pngCompression != nil && encoding.formatName != "png" {
            throw JobError.usage("--png-compression applies to --format png")
        }
        if self.quality != nil && encoding.formatName != "jpeg" {
            throw JobError.usage("--quality applies to --format jpeg")
        }
        // `depth` adds no layer to an EXR (its Z channel is always there), so FrameAOV.parse drops it; said here where
        // it would be lost: a PNG or JPEG sequence has no depth. (The views were checked in `run`, before any rendered.)
        if aov.contains(where: { $0.contains { $0 != "," } }) && encoding.formatName != "exr" {  // a name, not just commas
            throw JobError.usage("--aov with a sequence needs --format exr (its layers, and Z for depth, go into each EXR frame)")
        }
        var pattern = self.pattern ?? SequenceRequest.defaultPattern
        if case .jpeg = encoding, self.pattern == nil {
            pattern = "frame.%04d.jpg"
        }
        if case .exr = encoding, self.pattern == nil {
            pattern = "frame.%04d.exr"
        }
        var mode: SequenceProgress.Mode = SequenceProgress.Mode.automatic
        if let progress {
            guard let m = SequenceProgress.Mode(rawValue: progress), m != .quiet else {
                throw JobError.usage("--progress must be bar, plain or json, got '\(progress)'")
            }
            mode = m
        }
        if quiet { mode = .quiet }
        if let e = encoders, !(1...64).contains(e) { throw JobError.usage("--encoders \(e): expected 1-64") }
        var request = SequenceRequest(
            scenePath: model, take: take, outDirectory: out, pattern: pattern, frames: range, every: every ?? 1,
            size: try frame.size.map { try parseSize($0) }, threads: try frame.threadCount(), tileSize: frame.tileSize,
            cull: try frame.cullMode(), encoding: encoding, encodeWorkers: encoders, overwrite: overwrite,
            skipExisting: skipExisting, progress: mode, version: XRStudioVersion.string, handleSignals: true)
        request.burnIn = burnIn
        request.verify = verify
        request.sidecarName = sidecar ?? "sequence.json"
        request.view = view
        request.viewCamera = camera
        request.setExtension = setExtension
        request.aovs = try FrameAOV.parse(aov)
        request.witness = witness
        let smooth = self.smooth ?? 0
        guard (0...100).contains(smooth) else { throw JobError.usage("--smooth \(smooth): expected 0-100 samples") }
        request.smoothing = smooth
        request.freed = try freed.options()
        request.allowGaps = freed.allowGaps
        let result = try SequenceRender.run(request)
        if mode != .json && mode != .quiet {
            let what = result.interrupted ? "interrupted" : "wrote"
            let line = (format ?? "png").lowercased() == "none"
                ? "\(result.interrupted ? "interrupted: " : "")rendered \(result.written) of \(result.frames) frames, nothing written (--format none)\n"
                : "\(what) \(result.written) frames (\(result.skipped) skipped) of \(result.frames) to \(out), sidecar \(result.sidecarPath)\n"
            _ = line.withCString { fputs($0, stderr) }
        }
        if result.interrupted { throw ExitCode(130) }
    }
}
