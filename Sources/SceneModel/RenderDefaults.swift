// RenderDefaults: the output size and frame rate a scene renders at unless the command line says otherwise.

/// Default render settings of a scene.
public struct RenderDefaults: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Frames per second (25 for PAL-region broadcast, as in Tianjin; 23.976, 24, 30, 50, 60 also common).
    public var frameRate: Double

    public init(width: Int = 1920, height: Int = 1080, frameRate: Double = 25) {
        self.width = width
        self.height = height
        self.frameRate = frameRate
    }
}
