// TakeRef: a recorded take named by the scene: a file of camera samples, read by the take formats later.

/// A take file, path as written (relative to the scene file). The scene loader does not read it.
public struct TakeRef: Sendable, Equatable {
    public var name: String
    public var path: String
    /// The camera the take drives (nil: the first camera).
    public var camera: String?

    public init(name: String, path: String, camera: String? = nil) {
        self.name = name
        self.path = path
        self.camera = camera
    }
}
