// PlanJob: `xrstudio plan SCENE [--take T] --out plan.pdf|svg`: the scene's stage plan at real scale as a vector
// page: the take (or every take of a take set) read through Shot, its shot analysis run, laid out, drawn through
// cairo and written atomically.

import FoundationEssentials
import FrameOutput
import Geometry
import SceneFormat
import SceneModel
import Shot
import ShotAnalysis
import StagePasses
import TakeFormats
import Takes

/// What to draw and where to write it.
public struct PlanRequest: Sendable {
    public var scenePath: String
    /// A take's name or file, or a take set's name; nil: the stage and marks only.
    public var take: String?
    public var output: String
    public var overwrite = false
    public var paper: Paper = .a3
    public var orientation: Orientation?
    /// 1:`scale`; nil: 1:50 if it fits, else 1:100.
    public var scale: Int?
    /// The frames whose footprints are drawn, as given: timecodes (`10:00:01:00`) or frame numbers; empty: the
    /// first, middle and last.
    public var frames: [String] = []
    /// The shoot day printed in the title block and used as the PDF's dates (`YYYY-MM-DD`).
    public var date: String?
    public var threads = 2
    /// Skip the shot analysis (no problem ranges: a quicker plan).
    public var analysis = true

    public init(scenePath: String, take: String? = nil, output: String) {
        self.scenePath = scenePath
        self.take = take
        self.output = output
    }
}

public enum PlanJob {
    /// The PDF creation date when no `--date` is given: fixed, so the same plan gives the same bytes.
    static let fixedDate = "2000-01-01"

    public static func run(_ r: PlanRequest) throws -> PlanReport {
        guard let format = PlanFormat(path: r.output) else {
            throw JobError.usage("--out \(r.output): unknown extension; expected .pdf or .svg")
        }
        if let s = r.scale, !(1...10_000).contains(s) { throw JobError.usage("--scale \(s): expected 1-10000 (1:50, 1:100 ...)") }
        if let d = r.date, !isDate(d) { throw JobError.usage("--date \(d): expected YYYY-MM-DD") }
        if !r.overwrite && FileManager.default.fileExists(atPath: r.output) {
            throw JobError.input("\(r.output) exists; add --overwrite to replace it")
        }
        // A missing folder fails now, not after the shot analysis ("DIR/." exists only for a folder).
        let slash = r.output.lastIndex(of: "/")
        let folder = slash.map { $0 == r.output.startIndex ? "/" : String(r.output[..<$0]) } ?? "."
        guard FileManager.default.fileExists(atPath: folder + "/.") else {
            throw JobError.input("\(r.output): no folder \(folder) to write into")
        }
        let scene = try SceneFile.load(path: r.scenePath)
        var content = PlanContent(sceneName: scene.name, stage: scene.stage, marks: marksWithFocalLengths(scene), overscan: scene.xr.overscan,
                                  date: r.date)
        if let take = r.take { try addTake(take, scene: scene, request: r, to: &content) }
        let extent = content.extent
        let layout = try PlanLayout.fit(lo: extent.lo, hi: extent.hi, paper: r.paper, orientation: r.orientation, scale: r.scale)
        let bytes: [UInt8]
        do {
            bytes = try PlanDrawing.render(content, layout: layout, format: format)
        } catch let e as JobError {
            throw JobError.input("\(r.output): \(e.message)")  // cairo's reason alone named no file
        }
        do {
            try AtomicFile.write(bytes, to: r.output, overwrite: r.overwrite)
        } catch {
            throw JobError.input("\(error)")
        }
        return PlanReport(output: r.output, format: format, layout: layout, marks: content.marks.count,
                          cameras: content.cameras.map(\.name),
                          footprintTimecodes: content.cameras.first.map { c in c.footprints.map { c.path[$0].timecode.description } } ?? [],
                          problems: content.problems.count)
    }

    /// Reads the take or take set, picks the footprint frames and runs the shot analysis.
    static func addTake(_ take: String, scene: Scene, request r: PlanRequest, to content: inout PlanContent) throws {
        let isSet = scene.takeSets.contains { $0.name == take }
        let isTake = scene.takes.contains { $0.name == take }
        if !isSet && !isTake && !(TakeFileFormat(path: take) != nil && FileManager.default.fileExists(atPath: take)) {
            throw JobError.usage(ShotTimeline.unknownTake(take, in: scene, sceneFile: r.scenePath))
        }
        let set = isSet ? try ShotTakeSet(scene: scene, sceneFile: r.scenePath, name: take) : nil
        let timelines = try set?.timelines ?? [ShotTimeline(scene: scene, sceneFile: r.scenePath, take: take)]
        let frames = set?.frames ?? timelines[0].frames.map(\.frame)
        let rate = timelines[0].rate
        let shared = Set(frames)
        let labels = timelines[0].frames.filter { shared.contains($0.frame) }.map { ($0.frame, $0.timecode) }
        // The frames are checked before the analysis, which takes longest.
        let chosen = try footprintFrames(r.frames, frames: labels, rate: rate, take: take)
        if r.analysis, let set {
            let analysis = set.analysis(of: scene, threads: r.threads)
            content.problems = analysis.problems.map { ($0, $0.camera) }.enumerated().map(problem)
        } else if r.analysis {
            let t = timelines[0]
            let analysis = t.analysis(of: scene, threads: r.threads)
            content.problems = analysis.problems.map { ($0, t.camera?.name ?? "camera") }.enumerated().map(problem)
        }
        content.takeName = timelines.count == 1 ? timelines[0].takeName : take
        content.analysed = r.analysis
        content.rate = rate
        content.cameras = timelines.enumerated().map { i, t in
            let path = t.frames.filter { frames.first! <= $0.frame && $0.frame <= frames.last! }
                .map { PlanSample(frame: $0.frame, timecode: $0.timecode, camera: $0.camera) }
            let footprints = chosen.compactMap { n in path.firstIndex { $0.frame == n } }
            return PlanCamera(name: t.camera?.name ?? "camera", take: t.takeName, colours: .forCamera(i), path: path,
                              footprints: footprints)
        }
    }

    /// The scene's marks, each with the focal length it is shot at: its own `focal_mm`, else its camera's lens's
    /// (the camera it names, else the scene's first, as `SceneCameras` resolves it), so every mark's label gives one
    /// (a mark on its camera's lens printed none).
    static func marksWithFocalLengths(_ scene: Scene) -> [Mark] {
        scene.marks.map { m in
            var m = m
            if m.focalLengthMM == nil { m.focalLengthMM = SceneCameras.camera(for: m, in: scene)?.lens.focalLengthMM }
            return m
        }
    }

    static func problem(_ e: (offset: Int, element: (ProblemRange, String?))) -> PlanProblem {
        let (p, camera) = e.element
        return PlanProblem(number: e.offset + 1, rule: p.rule.rawValue, camera: camera, firstFrame: p.firstFrame,
                           lastFrame: p.lastFrame, firstTimecode: p.firstTimecode, lastTimecode: p.lastTimecode,
                           accepted: p.accepted)
    }

    /// The frames `given` names (each a timecode as the take labels its frames, or a frame number), else the
    /// first, middle and last of `frames` (frame numbers with their timecodes); a usage error names the range.
    static func footprintFrames(_ given: [String], frames: [(Int, Timecode)], rate: FrameRate, take: String) throws -> [Int] {
        guard let first = frames.first, let last = frames.last else { return [] }
        guard !given.isEmpty else {
            var out: [Int] = []
            for n in [first.0, frames[frames.count / 2].0, last.0] where !out.contains(n) { out.append(n) }
            return out
        }
        let span = "\(first.1)-\(last.1), frames \(first.0)-\(last.0)"
        return try given.map { g in
            let s = g.trimmingCharacters(in: .whitespaces)
            let found: Int?
            if s.contains(":") || s.contains(";") {
                // A well-formed label drop-frame skips is not malformed: said which.
                if let why = Timecode.invalidLabel(s, rate: rate) { throw JobError.usage("--frames \(s): " + why) }
                // By the label's numbers: a `;` read on a non-drop 29.97 take parses as drop-frame, whose frame
                // numbers are not the take's (00:10:00;00 picked frame 17982).
                let wanted = Timecode.labelNumbers(s)
                found = frames.first { Timecode.labelNumbers($0.1.description) == wanted }?.0
            } else if let v = Int(s) {
                found = frames.contains { $0.0 == v } ? v : nil
            } else {
                throw JobError.usage("--frames \(s): expected a timecode (10:00:01:00) or a frame number")
            }
            guard let n = found else {
                throw JobError.usage("--frames \(s): not a frame of take '\(take)' (it has \(span))")
            }
            return n
        }
    }

    /// `YYYY-MM-DD`, a day of the Gregorian calendar (2026-02-30 is not; 2028-02-29 is).
    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), y >= 1900, (1...12).contains(m) else {
            return false
        }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }
}
