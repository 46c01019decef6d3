// FarmPlan: `xrstudio farm plan`: a take's frames cut into chunks, one `xrstudio render` command per chunk and
// view, the input every scheduler (GNU parallel, Slurm, OpenCue, a shell loop) needs.

import FrameOutput
import Geometry
import RenderJobs
import SceneModel
import Shot

/// What to render and how to cut it: the options `farm plan`, `run`, `verify`, `slurm` and `opencue` share.
public struct FarmPlanRequest: Sendable {
    public var scenePath: String
    /// A take's name in the scene, or a take file.
    public var take: String
    public var outDirectory: String
    /// Frames per chunk (after `every`).
    public var chunkSize: Int
    /// Empty: the default view, no `--view` flag; else one job per chunk per view, into OUT/<view>.
    public var views: [FarmView] = []
    public var frames: ClosedRange<Int>?
    public var every = 1
    public var size: (width: Int, height: Int)?
    public var pattern = SequenceRequest.defaultPattern
    public var threads: Int?
    public var encoders: Int?
    public var burnIn = false
    public var smoothing = 0
    /// Keep a take whose clock jumps far out of line (`--allow-gaps`, passed on to every render).
    public var allowGaps = false
    /// The hosts' loading memory budget (`--memory-budget`, passed on as given; nil: each host's default).
    public var memoryBudget: String?
    /// fast, default or best; nil leaves render's default (fast).
    public var pngCompression: String?
    /// png (nil: render's default, PNG) or exr: the chunks' `--format`.
    public var format: String?
    /// zip or piz for EXR (nil: render's default, zip).
    public var exrCompression: String?
    /// EXR layers (`--aov`, passed on as given: render checks the names).
    public var aovs: [String] = []
    /// The sequence's file format: "png" or "exr".
    public var fileFormat: String { format ?? "png" }
    /// `pattern`, or for EXR the default pattern with `.exr` when no pattern was given.
    public var effectivePattern: String {
        fileFormat == "exr" && pattern == SequenceRequest.defaultPattern ? "frame.%04d.exr" : pattern
    }
    /// The program the chunk commands call: `xrstudio` on the hosts' PATH unless given.
    public var executable = "xrstudio"

    public init(scenePath: String, take: String, outDirectory: String, chunkSize: Int) {
        self.scenePath = scenePath; self.take = take; self.outDirectory = outDirectory; self.chunkSize = chunkSize
    }
}

/// One scheduler task: a chunk of one view, as a command line.
public struct FarmJob: Sendable, Equatable {
    /// Position in the plan; GNU parallel's sequence number and the Slurm array index are this (+1 for parallel).
    public var index: Int
    public var chunk: FrameChunk
    public var view: FarmView?
    public var outDirectory: String
    /// The frame files the job writes, in frame order.
    public var files: [String]
    public var argv: [String]
    /// `argv` quoted for a POSIX shell.
    public var command: String { ShellQuote.line(argv) }
}

/// The chunk commands of a render, and what the render will write.
public struct FarmPlan: Sendable {
    public var request: FarmPlanRequest
    /// The take's name (its name in the scene, or the take file's path).
    public var takeName: String
    /// Whether `request.take` names a take file rather than a take of the scene.
    public var takeIsFile: Bool
    public var width: Int
    public var height: Int
    /// The frame numbers the whole render writes (per view).
    public var frames: [Int]
    public var chunks: [FrameChunk]
    /// Chunk-major: every view of chunk 0, then chunk 1, …
    public var jobs: [FarmJob]

    /// One shell command per job.
    public var commands: [String] { jobs.map(\.command) }
    /// Frame files over all views.
    public var fileCount: Int { jobs.reduce(0) { $0 + $1.files.count } }

    /// Slurm's default `MaxArraySize` is 1001 (indices 0-1000); a plan with more jobs needs larger chunks there.
    public static let largestUsualArray = 1001

    /// Reads the scene and the take (nothing is rendered or written) and cuts the take's frames into chunks.
    public static func load(_ r: FarmPlanRequest) throws -> FarmPlan {
        try checkText(r)
        // A scene file, or a bare model (OBJ, glTF, GLB) that the take drives a default camera over, as render does.
        let scene = try SequenceRender.sceneOrModel(r.scenePath)
        var request = r
        // every 1 here: the chunker applies --every to the whole range, exactly as render does.
        let p: ShotTimeline
        let isSet = scene.takeSets.contains { $0.name == r.take }
        if let set = scene.takeSets.first(where: { $0.name == r.take }) {
            // A take set: the frames every take covers (the same for each camera), each camera's camera and virtual
            // views in their own folders, as `render --take SET --view all` writes them.
            let shots = try ShotTakeSet(scene: scene, sceneFile: r.scenePath, name: r.take, width: r.size?.width,
                                        height: r.size?.height, smoothing: r.smoothing, allowGaps: r.allowGaps)
            p = shots.timeline(viewing: 0)
            request.views = try FarmView.expanded(r.views, cameras: ShotTakeSet.cameraNames(of: set, in: scene))
        } else {
            p = try ShotTimeline(scene: scene, sceneFile: r.scenePath, take: r.take, width: r.size?.width,
                                 height: r.size?.height, allowGaps: r.allowGaps)
            request.views = try FarmView.expanded(r.views, cameras: nil)
        }
        return try make(request, takeName: isSet ? r.take : p.takeName,
                        takeIsFile: !isSet && !scene.takes.contains { $0.name == r.take },
                        frameNumbers: try p.selecting(r.frames).map(\.frame),
                        width: r.size?.width ?? scene.render.width, height: r.size?.height ?? scene.render.height)
    }

    /// `load` with every path made absolute against `cwd` (scene, output folder, a take file, an executable
    /// given as a path): what a host or a scheduler needs, since its tasks start in another folder.
    public static func loadAbsolute(_ r: FarmPlanRequest, cwd: String) throws -> FarmPlan {
        var request = r
        request.scenePath = absolute(r.scenePath, cwd)
        request.outDirectory = absolute(r.outDirectory, cwd)
        if request.executable.contains("/") { request.executable = absolute(r.executable, cwd) }
        var plan = try load(request)
        if plan.takeIsFile && !request.take.hasPrefix("/") {
            request.take = absolute(r.take, cwd)
            plan = try load(request)
        }
        return plan
    }

    /// `p` against `cwd` unless it is absolute; leading `./` dropped.
    public static func absolute(_ p: String, _ cwd: String) -> String {
        if p.hasPrefix("/") { return p }
        var rel = Substring(p)
        while rel.hasPrefix("./") { rel = rel.dropFirst(2) }
        if rel.isEmpty || rel == "." { return cwd }
        return joinPath(cwd, String(rel))
    }

    /// The plan for a take whose frames (in the `--frames` range, ascending) are `frameNumbers`. Pure: checks the
    /// options, applies `every`, cuts chunks and writes the commands.
    public static func make(_ r: FarmPlanRequest, takeName: String, takeIsFile: Bool = false, frameNumbers: [Int],
                            width: Int, height: Int) throws -> FarmPlan {
        try checkText(r)
        guard r.chunkSize >= 1 else { throw FarmError.usage("--chunk \(r.chunkSize): expected 1 or more frames per chunk") }
        guard r.every >= 1 else { throw FarmError.usage("--every \(r.every): expected 1 or more") }
        if let t = r.threads, !(1...64).contains(t) { throw FarmError.usage("--threads \(t): expected 1-64") }
        if let e = r.encoders, !(1...64).contains(e) { throw FarmError.usage("--encoders \(e): expected 1-64") }
        guard (0...100).contains(r.smoothing) else { throw FarmError.usage("--smooth \(r.smoothing): expected 0-100 samples") }
        if let c = r.pngCompression, !["fast", "default", "best"].contains(c) {
            throw FarmError.usage("--png-compression must be fast, default or best, got '\(c)'")
        }
        guard ["png", "exr"].contains(r.fileFormat) else {
            throw FarmError.usage("--frame-format must be png or exr, got '\(r.fileFormat)'")
        }
        if let c = r.exrCompression {
            guard r.fileFormat == "exr" else { throw FarmError.usage("--exr-compression applies to --frame-format exr") }
            guard ["zip", "piz"].contains(c) else { throw FarmError.usage("--exr-compression must be zip or piz, got '\(c)'") }
        }
        if !r.aovs.isEmpty && r.fileFormat != "exr" { throw FarmError.usage("--aov needs --frame-format exr (its layers go into each EXR frame)") }
        if r.fileFormat == "exr" && r.pngCompression != nil { throw FarmError.usage("--png-compression applies to PNG sequences") }
        guard width >= 1, height >= 1 else { throw FarmError.usage("--size \(width)x\(height): expected positive sizes") }
        let pattern: FramePattern
        do { pattern = try FramePattern(r.effectivePattern) } catch { throw FarmError.usage("\(error)") }
        guard pattern.fileExtension == r.fileFormat else {
            throw FarmError.usage("--pattern '\(r.pattern)': a \(r.fileFormat.uppercased()) sequence needs a name ending in .\(r.fileFormat)")
        }
        guard zip(frameNumbers, frameNumbers.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw FarmError.input("\(takeName): frame numbers are not ascending")
        }
        let selected = FrameChunker.select(frameNumbers, every: r.every)
        guard !selected.isEmpty else { throw FarmError.input("\(takeName): no frames to render") }
        if selected.count > 1 && !pattern.hasFrameNumber {
            throw FarmError.usage("--pattern '\(r.pattern)' has no frame number (%d or %0Nd) but the render has \(selected.count) frames")
        }
        let chunks = FrameChunker.chunks(selected, size: r.chunkSize)
        var plan = FarmPlan(request: r, takeName: takeName, takeIsFile: takeIsFile, width: width, height: height,
                            frames: selected, chunks: chunks, jobs: [])
        let views: [FarmView?] = r.views.isEmpty ? [nil] : r.views.map { $0 }
        for chunk in chunks {
            for view in views {
                let dir = plan.outDirectory(for: view)
                plan.jobs.append(FarmJob(index: plan.jobs.count, chunk: chunk, view: view, outDirectory: dir,
                                         files: chunk.frames.map { dir + "/" + pattern.name(frame: $0) },
                                         argv: plan.renderArguments(view: view, frames: chunk.rangeText)))
            }
        }
        return plan
    }

    /// The folder a view's frames go to: OUT for the default view, OUT/<view> for a named one.
    public func outDirectory(for view: FarmView?) -> String {
        var out = request.outDirectory
        while out.count > 1 && out.hasSuffix("/") { out.removeLast() }
        guard let view else { return out }
        return (out == "/" ? "" : out) + "/" + view.folder
    }

    /// `xrstudio render …` for one view and a `--frames` value (a chunk's `A-B`, or a scheduler's tokens).
    /// Always `--skip-existing` (a retried or overlapping chunk keeps finished frames), `--quiet`, and a sidecar of
    /// the chunk's own (`sequence.A-B.json`), so chunks sharing the folder do not replace each other's.
    public func renderArguments(view: FarmView?, frames: String) -> [String] {
        let r = request
        let valued = FarmPlan.valued
        var a = [r.executable, "render", FarmPlan.positional(r.scenePath)] + valued("--take", r.take)
        if let view { a += ["--view", view.rawValue] }
        a += valued("--out", outDirectory(for: view)) + ["--frames", frames]
        if r.every > 1 { a += ["--every", "\(r.every)"] }
        if let s = r.size { a += ["--size", "\(s.width)x\(s.height)"] }
        if r.pattern != SequenceRequest.defaultPattern { a += valued("--pattern", r.pattern) }
        if let t = r.threads { a += ["--threads", "\(t)"] }
        if let e = r.encoders { a += ["--encoders", "\(e)"] }
        if r.burnIn { a.append("--burn-in") }
        if r.smoothing > 0 { a += ["--smooth", "\(r.smoothing)"] }
        if r.allowGaps { a.append("--allow-gaps") }
        if let m = r.memoryBudget { a += ["--memory-budget", m] }
        if let c = r.pngCompression, c != "fast" { a += ["--png-compression", c] }
        if r.fileFormat != "png" { a += ["--format", r.fileFormat] }
        if let c = r.exrCompression, c != "zip" { a += ["--exr-compression", c] }
        if !r.aovs.isEmpty { a += ["--aov", r.aovs.joined(separator: ",")] }
        return a + ["--sidecar", "sequence.\(frames).json", "--skip-existing", "--quiet"]
    }

    /// The same plan with `--threads n` in every command (when the request gave none): a scheduler that grants
    /// n cores per task says so to the renders.
    public func withThreads(_ n: Int) -> FarmPlan {
        guard request.threads == nil else { return self }
        var p = self
        p.request.threads = n
        p.jobs = jobs.map { j in
            var j = j
            j.argv = p.renderArguments(view: j.view, frames: j.chunk.rangeText)
            return j
        }
        return p
    }

    /// A scheduler-safe name from the take (`xrstudio-` and `takeToken`).
    public var jobName: String { "xrstudio-" + takeToken }

    /// The take as a scheduler-safe token: a take file by its base name without the extension; ASCII letters,
    /// digits, `.`, `_` and `-` kept, anything else `_`. When the name has non-ASCII characters, 8 hex digits of its
    /// hash follow, so that two takes named in Chinese (`推镜头.csv`, `拉镜头.csv`) do not share a job or shot name.
    public var takeToken: String {
        var base = Substring(takeName)
        if takeIsFile {
            if let slash = base.lastIndex(of: "/") { base = base[base.index(after: slash)...] }
            if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = base[..<dot] }
        }
        return FarmPlan.asciiToken(String(base))
    }

    /// `name` with ASCII letters, digits, `.`, `_` and `-` kept and every other character `_`, plus `-` and the
    /// FNV-1a hash of its UTF-8 (8 hex digits) when it has non-ASCII characters (ASCII names are as they were).
    static func asciiToken(_ name: String) -> String {
        let out = String(name.map { isTokenCharacter($0) ? $0 : "_" })
        guard !name.allSatisfy(\.isASCII) else { return out }
        var h: UInt32 = 0x811C_9DC5
        for b in name.utf8 { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return out + "-" + hexDigits(h, atLeast: 8).lowercased()
    }

    /// What a scheduler name (a Slurm or OpenCue job, shot, show, layer) may hold: ASCII letters, digits, `.`, `_`, `-`.
    static func isTokenCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-")
    }

    /// An option and its value as the command line must get them: `--opt=VALUE` when the value starts with a dash
    /// (`--take -dolly` reads as an option), else the two words.
    static func valued(_ option: String, _ value: String) -> [String] {
        value.hasPrefix("-") ? ["\(option)=\(value)"] : [option, value]
    }

    /// A path given as a positional argument: `./PATH` when it starts with a dash (else it reads as an option).
    static func positional(_ path: String) -> String { path.hasPrefix("-") ? "./" + path : path }

    /// The farm options that recreate this plan (`SCENE --take T --chunk N --out DIR …`), e.g. for `farm verify`.
    public var planArguments: [String] {
        let r = request
        let valued = FarmPlan.valued
        var a = [FarmPlan.positional(r.scenePath)] + valued("--take", r.take) + ["--chunk", "\(r.chunkSize)"]
            + valued("--out", r.outDirectory)
        if !r.views.isEmpty { a += ["--views", r.views.map(\.rawValue).joined(separator: ",")] }
        if let f = r.frames { a += ["--frames", "\(f.lowerBound)-\(f.upperBound)"] }
        if r.every > 1 { a += ["--every", "\(r.every)"] }
        if let s = r.size { a += ["--size", "\(s.width)x\(s.height)"] }
        if r.pattern != SequenceRequest.defaultPattern { a += valued("--pattern", r.pattern) }
        if r.fileFormat != "png" { a += ["--frame-format", r.fileFormat] }
        if r.allowGaps { a.append("--allow-gaps") }
        if let m = r.memoryBudget { a += ["--memory-budget", m] }
        return a
    }

    /// One line of what the plan covers: "350 frames (0-349) in 7 chunks of 50, 2 views: 14 jobs".
    public var summary: String {
        let viewText = request.views.isEmpty ? "default view" : "\(request.views.count) view\(request.views.count == 1 ? "" : "s") (\(request.views.map(\.rawValue).joined(separator: ",")))"
        let span = frames.count == 1 ? "\(frames[0])" : "\(frames.first!)-\(frames.last!)"
        let every = request.every > 1 ? ", every \(request.every)" : ""
        return "\(frames.count) frame\(frames.count == 1 ? "" : "s") (\(span)\(every)) in \(chunks.count) chunk\(chunks.count == 1 ? "" : "s") of \(request.chunkSize), \(viewText): \(jobs.count) job\(jobs.count == 1 ? "" : "s")"
    }

    /// Paths and names go into job files line by line: a line break in one would split a command.
    static func checkText(_ r: FarmPlanRequest) throws {
        for (name, value) in [("SCENE", r.scenePath), ("--take", r.take), ("--out", r.outDirectory),
                              ("--pattern", r.pattern), ("--xrstudio", r.executable)] {
            guard !value.isEmpty else { throw FarmError.usage("\(name): must not be empty") }
            guard !value.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else {
                throw FarmError.usage("\(name): a line break cannot go into a job file")
            }
        }
    }
}
