// TakeRef: a recorded take named by the scene: a file of camera samples, read by the take formats later.

/// A take file, path as written (relative to the scene file). The scene loader does not read it.
public struct TakeRef: Sendable, Equatable {
    public var name: String
    public var path: String
    /// The camera the take drives (nil: the first camera).
    public var camera: String?
    /// Where the scene file names the take's file (line, column), for errors about that file.
    public var fileMark: (line: Int, column: Int)?

    public init(name: String, path: String, camera: String? = nil, fileMark: (line: Int, column: Int)? = nil) {
        self.name = name
        self.path = path
        self.camera = camera
        self.fileMark = fileMark
    }

    public static func == (a: TakeRef, b: TakeRef) -> Bool {
        a.name == b.name && a.path == b.path && a.camera == b.camera
    }

    /// The located error for a take file that is not there: `SCENE:LINE:COLUMN: error: take 'NAME': file 'PATH'
    /// not found (tried RESOLVED)`, pointing at the scene line that names it.
    public func missingFileMessage(sceneFile: String, tried: String) -> String {
        let m = fileMark ?? (1, 1)
        return "\(sceneFile):\(m.line):\(m.column): error: take '\(name)': file '\(path)' not found (tried \(tried))"
    }
}
