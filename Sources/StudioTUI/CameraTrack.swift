// CameraTrack: a take's camera, one pose per frame, for the viewer to play back (space, `,` and `.`).

/// The frames of a take as viewer cameras, with their timecode labels.
public struct CameraTrack: Sendable {
    public var name: String
    /// Frames per second of playback (the scene's render rate).
    public var frameRate: Double
    public var cameras: [FlyCamera]
    /// Timecode per frame.
    public var labels: [String]

    public init(name: String, frameRate: Double, cameras: [FlyCamera], labels: [String]) {
        self.name = name
        self.frameRate = frameRate
        self.cameras = cameras
        self.labels = labels
    }
}
