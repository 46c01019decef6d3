// ShotTakeSet: several takes shot together (a scene's take set), one camera each, on the frames they share.

import Geometry
import SceneFormat
import SceneModel
import TakeFormats

/// A take set at the scene's render rate: a `ShotTimeline` per take, in priority order, and the frame numbers
/// every take covers. Timecoded takes line up by timecode: every take is numbered as the first one is, so that at
/// each frame number all cameras carry the same label, whatever their clocks count from (a tracker's `time_s`
/// from its recording's start, or seconds since midnight). Takes without timecode line up on their clocks (from
/// their first samples); a mix is refused, as are takes that never overlap in time.
public struct ShotTakeSet: Sendable {
    public var set: TakeSet
    /// One per take, highest priority first.
    public var timelines: [ShotTimeline]
    /// The frame numbers all takes cover, in order.
    public var frames: [Int]

    public init(scene: Scene, sceneFile: String, name: String, width: Int? = nil, height: Int? = nil, smoothing: Int = 0,
                freed: FreeDReadOptions = FreeDReadOptions(), allowGaps: Bool = false, checkLenses: Bool = true) throws {
        guard let set = scene.takeSets.first(where: { $0.name == name }) else {
            let known = scene.takeSets.isEmpty ? "the scene has no take sets"
                : "known take sets: " + scene.takeSets.map { "'\($0.name)'" }.joined(separator: ", ")
            throw JobError.usage("no take set named '\(name)' in \(sceneFile) (\(known))")
        }
        var timelines = try set.takes.map {
            try ShotTimeline(scene: scene, sceneFile: sceneFile, take: $0, width: width, height: height, smoothing: smoothing,
                             freed: freed, allowGaps: allowGaps, checkLenses: checkLenses)
        }
        let timed = timelines.map(\.hasTimecode)
        if Set(timed).count > 1 {
            let a = timelines[timed.firstIndex(of: true)!].takeName, b = timelines[timed.firstIndex(of: false)!].takeName
            throw JobError.input("take set '\(name)': take '\(a)' has timecode and '\(b)' has none; "
                                 + "give every take timecode (they line up by it) or none (they line up from their starts)")
        }
        if timed[0] {
            let base = timelines[0].timecodeOffset
            timelines = timelines.map { $0.renumbered(by: $0.timecodeOffset - base) }
        }
        let first = timelines.map { $0.frames.first!.frame }.max()!, last = timelines.map { $0.frames.last!.frame }.min()!
        guard first <= last else {
            let spans = timelines.map { "'\($0.takeName)' \($0.frames.first!.timecode)-\($0.frames.last!.timecode)" }
            throw JobError.input("take set '\(name)': the takes do not overlap in time (\(spans.joined(separator: ", ")))")
        }
        self.set = set
        self.timelines = timelines
        frames = Array(first...last)
    }

    /// The names of the set's cameras, in priority order.
    public var cameraNames: [String] { timelines.map { $0.camera?.name ?? "camera" } }

    /// The names of a take set's cameras in priority order, from the scene alone (no take file is read): each
    /// take's `camera`, else the scene's first camera, as `ShotTimeline` picks it.
    public static func cameraNames(of set: TakeSet, in scene: Scene) -> [String] {
        set.takes.map { t in
            let ref = scene.takes.first { $0.name == t }
            let camera = ref?.camera.flatMap { c in scene.cameras.first { $0.name == c } } ?? scene.cameras.first
            return camera?.name ?? "camera"
        }
    }

    /// The index of camera `name` (nil: the first), for `--view VIEW:NAME`; a usage error naming the set's cameras.
    public func viewing(_ name: String?) throws -> Int {
        guard let name else { return 0 }
        guard let i = cameraNames.firstIndex(of: name) else {
            throw JobError.usage("--view ...:\(name): take set '\(set.name)' has cameras " + cameraNames.joined(separator: ", "))
        }
        return i
    }

    /// Camera `viewing`'s timeline on the frames every take covers.
    public func timeline(viewing: Int) -> ShotTimeline {
        var t = timelines[viewing]
        let shared = Set(frames)
        t.frames = t.frames.filter { shared.contains($0.frame) }
        return t
    }

    /// Every camera on the wall at frame number `n`, `viewing` the one seen (an index into `cameraNames`).
    public func wall(frame n: Int, viewing: Int) -> WallCameras? {
        var cameras: [ShotCamera] = []
        for t in timelines {
            guard let i = t.index(ofFrame: n) else { return nil }
            cameras.append(t.frames[i].camera)
        }
        return WallCameras(cameras: cameras, viewing: viewing,
                           overlap: set.overlap, names: cameraNames)
    }
}

extension ShotTimeline {
    /// This take's camera alone on the wall at `frame`, keyed when its scene camera is.
    public func wall(_ frame: ShotFrame) -> WallCameras { WallCameras(single: frame.camera) }
}
