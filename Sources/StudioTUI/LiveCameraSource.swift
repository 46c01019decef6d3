// LiveCameraSource: where a live tracked camera comes from, as the viewer sees it (the app wires the receiver).

import Geometry
import SceneModel

/// A live camera feed for the viewer (`tui --live freed://...`): polled once per UI turn, it returns the newest
/// camera since the last poll (nil when nothing new arrived) and a status line (rate, rejects, age).
public protocol LiveCameraSource: AnyObject, Sendable {
    func poll() -> (update: LiveCameraUpdate?, status: String)
    /// `R`: start or stop recording to a take file; the message to show.
    func toggleRecording() -> String
    /// The viewer is ending (`q`, a signal, a hangup): a recording still running is written as `R` would write it.
    /// The line to say once the terminal is back, or nil when nothing was recording.
    func finishRecording() -> String?
}

extension LiveCameraSource {
    /// `R`: start recording the samples as they arrive, or stop and write them as a take; a line saying what
    /// happened. Sources that cannot record say so.
    public func toggleRecording() -> String { "this live source cannot record" }
    public func finishRecording() -> String? { nil }
}

/// The newest tracked sample as the viewer applies it to its camera: the pose (roll too) and, when the tracker
/// or the lens calibration gives them, the focal length and focus; the scene camera's sensor stays.
public struct LiveCameraUpdate: Sendable {
    public var pose: ScenePose
    public var focalMM: Double?
    public var focusM: Double?
    /// The lens's distortion at this sample (nil: a pinhole).
    public var distortion: LensDistortion?

    public init(pose: ScenePose, focalMM: Double?, focusM: Double?, distortion: LensDistortion? = nil) {
        self.pose = pose
        self.focalMM = focalMM
        self.focusM = focusM
        self.distortion = distortion
    }

    /// `camera` moved to this pose, with this lens where given.
    func applied(to camera: ShotCamera) -> ShotCamera {
        var c = camera
        c.pose.position = pose.position
        c.pose.panDegrees = pose.panDegrees
        c.pose.tiltDegrees = pose.tiltDegrees
        c.pose.rollDegrees = pose.rollDegrees
        if let f = focusM { c.focusDistanceM = f }
        c.distortion = distortion
        return focalMM.map { c.withFocalLength($0) } ?? c
    }
}
