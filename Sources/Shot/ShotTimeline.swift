// ShotTimeline: a take as the camera at every frame t: resampled at the scene's rate, lens calibration applied,
// timecode attached. The one place a take becomes cameras; renders, analysis, farm plans and the viewer read it.

import FoundationEssentials
import Geometry
import SceneFormat
import SceneModel
import TakeFormats
import Takes

/// One frame of a take: its number and timecode, the resampled tracking state, and the camera it makes.
public struct ShotFrame: Sendable {
    public var state: CameraState
    /// The camera at this frame (`ShotLens.camera`): position (the entrance pupil: the tracked position moved
    /// along the optical axis by the pupil offset), orientation (roll too), focal length, focus, stop and
    /// distortion from the take where it gives them (else the lens calibration at its encoder counts, else the
    /// scene camera's lens), the scene camera's sensor, the timeline's image size.
    public var camera: ShotCamera
    public var frame: Int { state.frame }
    public var timecode: Timecode { state.timecode }
}

/// A scene's take (by name, or a take file's path) at the scene's render rate.
public struct ShotTimeline: Sendable {
    public var takeName: String
    public var takeFile: String
    /// The scene camera whose body and lens the take drives (the take's `camera:`, else the first).
    public var camera: SceneModel.Camera?
    public var rate: FrameRate
    /// Every frame of the take, in order; cameras sized `width` x `height`.
    public var frames: [ShotFrame]
    public var width: Int
    public var height: Int
    /// Warnings about the take (FreeD has no timecode; the render rate is not the take's timecode rate), each
    /// also said once on stderr through `ShotWarnings`.
    public var warnings: [String] = []
    /// Whether the take's samples carry timecode (each frame is then labelled by it).
    public var hasTimecode = false
    /// Frame number of a frame's timecode label minus its number on the take's clock: 0 when the take's clock is
    /// its timecode's seconds since midnight (then frames count from midnight), 900,000 at 25 fps for a take
    /// whose clock starts at 0 on 10:00:00:00. Take sets line their takes up by it.
    public var timecodeOffset = 0

    /// Reads and resamples `take` of `scene` (loaded from `sceneFile`; take files are relative to it). Frames
    /// count from the take's clock; when its samples carry timecode, each frame is labelled from the first one on.
    /// - Parameters:
    ///   - width, height: the image size the cameras frame (nil: the scene's render size).
    ///   - smoothing: a moving average over this many samples on each side first (`--smooth`).
    ///   - freed: how a FreeD take file is read (its packet rate and lens encoding, `--freed-lens`).
    ///   - allowGaps: keep a take whose clock jumps far out of line (`--allow-gaps`; see `TakeFile.read`).
    ///
    /// Labels: when the render rate is the take's timecode rate (the same fraction), frames carry the take's own
    /// labels, drop-frame included, whatever the scene's DF flag. Otherwise frames are placed by real time on the
    /// take's clock, labelled at the render rate, and a warning says so.
    /// The usage error for a `--take` that names no take, take set or take file: a near name suggested, else every
    /// take and take set listed (a take set was left out, though `--take` takes one).
    public static func unknownTake(_ take: String, in scene: Scene, sceneFile: String) -> String {
        let names = scene.takes.map(\.name) + scene.takeSets.map(\.name)
        let known = names.isEmpty ? " (the scene has no takes)"
            : DidYouMean.suggestion(for: take, among: names).map { "; did you mean '\($0)'?" }
            ?? "; known: " + names.map { "'\($0)'" }.joined(separator: ", ")
        return "--take: no take or take set named '\(take)' in \(sceneFile), and no such take file" + known
    }

    /// `checkLenses`: refuse a frame whose distortion no render of this size can cover (`checkLenses(_:)`); a
    /// render of some frames checks those alone (false here).
    public init(scene: Scene, sceneFile: String, take: String, width: Int? = nil, height: Int? = nil,
                smoothing: Int = 0, freed: FreeDReadOptions = FreeDReadOptions(), allowGaps: Bool = false,
                checkLenses: Bool = true) throws {
        let ref = scene.takes.first { $0.name == take }
        let takeFile: String
        if let ref {
            takeFile = SceneLoader.resolve(ref.path, sceneFile: sceneFile)
            guard FileManager.default.fileExists(atPath: takeFile) else {
                throw JobError.input(ref.missingFileMessage(sceneFile: sceneFile, tried: takeFile))
            }
        } else if TakeFileFormat(path: take) != nil, FileManager.default.fileExists(atPath: take) {
            takeFile = take
        } else {
            throw JobError.usage(Self.unknownTake(take, in: scene, sceneFile: sceneFile))
        }
        let camera = ref?.camera.flatMap { c in scene.cameras.first { $0.name == c } } ?? scene.cameras.first
        guard var rate = ShotTimeline.frameRate(scene.render) else {
            throw JobError.input("\(sceneFile): render frame rate \(scene.render.frameRate) is not usable")
        }
        let (read, format) = try ShotTakes.read(path: takeFile, freed: freed, allowGaps: allowGaps)
        var warnings: [String] = []
        // Rows the reader rejected are skipped: said, or the end of a take could vanish from a render unremarked.
        if let first = read.rejects.first {
            warnings.append("\(takeFile): \(read.rejected) sample\(read.rejected == 1 ? "" : "s") rejected and skipped, "
                + "the first: \(first) (`xrstudio take info` lists them)")
        }
        if format == .freed { warnings.append(ShotWarnings.freedHasNoTimecode(rate: freed.rate.description)) }
        if let tcRate = read.take.timecodeRate {
            if tcRate.numerator == rate.numerator, tcRate.denominator == rate.denominator {
                rate = tcRate
            } else {
                warnings.append("\(takeFile): the take's timecode is \(tcRate) fps but the scene renders at \(rate) fps: "
                    + "frames are placed by real time and labelled at \(rate)")
            }
        }
        guard !read.take.isEmpty else {
            let why = read.rejects.first.map { " (\(read.rejected) rejected; the first: \($0))" } ?? ""
            throw JobError.input("\(takeFile): the take has no usable samples\(why)")
        }
        // Raw zoom/focus counts (FreeD) become optics through the camera lens's calibration table, before
        // resampling, wherever the take itself gives no focal length, focus, distortion or pupil.
        var samples = read.take
        let lens = ShotLens(camera: camera)
        if camera.map({ !$0.lens.calibration.isEmpty }) ?? false {
            samples = Take(samples: samples.samples.map { sample in
                var m = sample
                m.lens = lens.calibrated(m.lens, raw: m.raw)
                return m
            }, timecodeRate: samples.timecodeRate)
        }
        if smoothing > 0 { samples = samples.smoothed(radius: smoothing) }
        // Every frame of the take is resampled and held (a state and a camera each): a take of two samples a day
        // apart is 2.2 million frames at 25 fps, 1.6 GB, whatever --frames asks for. Held to the memory budget.
        if let first = samples.samples.first?.time, let last = samples.samples.last?.time, last > first {
            let frames = Int(((last - first) / rate.seconds(ofFrame: 1)).rounded(.up)) + 1
            let each = MemoryLayout<CameraState>.stride + MemoryLayout<ShotFrame>.stride
            try MemoryBudget.check(frames * each, "\(takeFile): the take spans \(formatFixed((last - first) / 3600, 1)) h, "
                                   + "\(frames) frames at \(rate) fps, which")
        }
        var states = Resampler(frameRate: rate).resample(samples).states
        let timecoded = read.take.samples.first(where: { $0.timecode != nil })
        var offset = 0
        if let first = timecoded, let tc = first.timecode {
            offset = Int(((tc.secondsSinceMidnight - first.time) / rate.seconds(ofFrame: 1)).rounded())
            for i in states.indices { states[i].timecode = Timecode(frame: states[i].frame + offset, rate: rate) }
        }
        guard !states.isEmpty else { throw JobError.input("\(takeFile): the take is shorter than one frame") }
        let w = width ?? scene.render.width, h = height ?? scene.render.height
        self.takeName = ref?.name ?? take
        self.takeFile = takeFile
        self.camera = camera
        self.rate = rate
        self.warnings = warnings
        hasTimecode = timecoded != nil
        timecodeOffset = offset
        for w in warnings { ShotWarnings.warn(w) }
        self.width = w
        self.height = h
        self.frames = states.map { s in
            let (pan, tilt, roll) = s.panTiltRoll
            return ShotFrame(state: s, camera: lens.camera(position: s.position, pan: pan, tilt: tilt, roll: roll,
                                                           lens: s.lens, width: w, height: h))
        }
        if checkLenses { try self.checkLenses(frames) }
    }

    /// A distortion no pinhole render can cover (it folds back inside the frame) fails here, naming the first such
    /// frame of `some`, rather than in the middle of a render or as silently wrong analysis rays. Only the frames
    /// used are checked: a render of frames 1080740-1080750 was refused for frame 1080710's lens.
    public func checkLenses(_ some: [ShotFrame]) throws {
        if let bad = some.first(where: { $0.camera.distortion != nil && $0.camera.rectilinear == nil }) {
            let d = bad.camera.distortion!
            throw JobError.input("\(takeFile): frame \(bad.frame) (\(bad.timecode)): the lens distortion (k1 \(d.k1), "
                                 + "k2 \(d.k2), k3 \(d.k3)) folds back inside the frame or needs more than "
                                 + "\(ShotCamera.maxCoverScale)x the field of view: not a lens xrstudio can render")
        }
    }

    /// The same frames framing an image of `width` x `height`.
    public func sized(width: Int, height: Int) -> ShotTimeline {
        var t = self
        t.width = width
        t.height = height
        t.frames = frames.map { ShotFrame(state: $0.state, camera: $0.camera.sized(width: width, height: height)) }
        return t
    }

    /// The same frames numbered `shift` on (their time with them), each keeping its timecode label and camera.
    public func renumbered(by shift: Int) -> ShotTimeline {
        var t = self
        for i in t.frames.indices {
            t.frames[i].state.frame += shift
            t.frames[i].state.time = rate.seconds(ofFrame: t.frames[i].state.frame)
        }
        t.timecodeOffset -= shift
        return t
    }

    /// Frames per second of the render rate.
    public var framesPerSecond: Double { 1 / rate.seconds(ofFrame: 1) }

    /// The camera positions, for plans that draw the take's path.
    public var path: [SIMD3<Double>] { frames.map(\.camera.pose.position) }

    /// The index of frame number `n` (frame numbers count from the take's clock, not always from 0).
    public func index(ofFrame n: Int) -> Int? {
        guard let first = frames.first?.frame else { return nil }
        let i = n - first
        return frames.indices.contains(i) && frames[i].frame == n ? i : frames.firstIndex { $0.frame == n }
    }

    /// The index of the frame labelled `text` (HH:MM:SS:FF): by its four numbers, so `:` and `;` both name a label,
    /// as timecodes are read everywhere else, and a field may be unpadded (10:1:0:2). Nil for no such frame.
    public func index(ofLabel text: String) -> Int? {
        let wanted = Timecode.labelNumbers(text)
        guard wanted.count == 4 else { return nil }
        return frames.firstIndex { Timecode.labelNumbers($0.timecode.description) == wanted }
    }

    /// Why `index(ofLabel:)` found no frame for `text`: not a timecode, a label drop-frame skips (it sat inside the
    /// take's span and the viewer called it outside), or outside the take. Shorthand (10:1:0:2) is read as its
    /// two-digit label.
    public func whyNoFrame(atLabel text: String) -> String {
        let n = Timecode.labelNumbers(text)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let label = n.count == 4 ? "\(two(n[0])):\(two(n[1])):\(two(n[2]))\(text.contains(";") ? ";" : ":")\(two(n[3]))" : text
        return Timecode.invalidLabel(label, rate: rate)
            ?? "the take runs \(frames.first!.timecode)-\(frames.last!.timecode)"
    }

    /// The frames whose numbers fall in `range` (all without one), then every `every`th of those (the first,
    /// the N+1th, …). A range that holds no frame is a usage error naming the take's span.
    public func selecting(_ range: ClosedRange<Int>?, every: Int = 1) throws -> [ShotFrame] {
        guard every >= 1 else { throw JobError.usage("--every \(every): expected 1 or more") }
        var picked = frames
        if let range {
            picked = frames.filter { range.contains($0.frame) }
            if picked.isEmpty {
                let span = "\(frames.first!.frame)-\(frames.last!.frame)"
                throw JobError.usage("--frames \(range.lowerBound)-\(range.upperBound): no frames of the take in that range (it has \(span))")
            }
        }
        return picked.enumerated().filter { $0.offset % every == 0 }.map(\.element)
    }

    /// The scene's render rate as an exact `FrameRate` (25 → 25/1, 23.976 → 24000/1001, 29.97DF → 30000/1001 DF).
    public static func frameRate(_ render: RenderDefaults) -> FrameRate? {
        FrameRate(numerator: render.frameRateNumerator, denominator: render.frameRateDenominator,
                  dropFrame: render.dropFrame)
    }
}
