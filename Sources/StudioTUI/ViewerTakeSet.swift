// ViewerTakeSet: a take set (`tui SCENE --take SET`) as the viewer plays it: one timeline per camera on the frames
// every take covers, so one playhead index is the same moment for every camera, and the wall at that moment.

import SceneFormat
import SceneModel
import Shot

/// Several cameras shot together, ready for the viewer: the set (`ShotTakeSet`, as `render` and `analyze` read it)
/// and each camera's timeline cut to the frames every take covers, in priority order.
public struct ViewerTakeSet: Sendable {
    public var set: ShotTakeSet
    /// One per camera, priority order, each holding exactly the shared frames (index i: the same frame number for all).
    public var timelines: [ShotTimeline]

    /// Cuts each take's timeline to the frames all takes hold, as `render --take SET --view camera:NAME` cuts the
    /// viewed camera's.
    public init(_ set: ShotTakeSet) {
        let shared = Set(set.frames.filter { set.wall(frame: $0, viewing: 0) != nil })
        self.set = set
        timelines = set.timelines.map { t in
            var t = t
            t.frames = t.frames.filter { shared.contains($0.frame) }
            return t
        }
    }

    /// The cameras' names, priority order (the status line and `:camera` use them).
    public var names: [String] { self.set.cameraNames }

    /// The take set's name (`--take SET`).
    public var name: String { self.set.set.name }

    /// Every camera on the wall at playhead index `i`, `viewing` the one seen.
    public func wall(at i: Int, viewing: Int) -> WallCameras {
        let frame = timelines[0].frames[i].frame
        return set.wall(frame: frame, viewing: viewing)!
    }

    /// The camera index `name` picks: the exact name, else the only case-insensitive match; otherwise a one-line
    /// message naming the set's cameras, with the nearest name when it looks like a typo.
    public func camera(named name: String) -> Result<Int, CameraNameError> {
        guard !name.isEmpty else {
            return .failure(CameraNameError(message: "camera: take set '\(self.name)' has cameras "
                                                      + names.joined(separator: ", ") + ": give one's name (n steps through them)"))
        }
        if let i = names.firstIndex(of: name) { return .success(i) }
        let folded = names.indices.filter { names[$0].lowercased() == name.lowercased() }
        if folded.count == 1 { return .success(folded[0]) }
        let hint = DidYouMean.suggestion(for: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
        return .failure(CameraNameError(message: "camera: no camera '\(ViewerCommand.echo(name))' in take set '\(self.name)' (cameras "
                                                  + names.joined(separator: ", ") + ")" + hint))
    }

    public struct CameraNameError: Error, Equatable {
        public var message: String
    }
}
