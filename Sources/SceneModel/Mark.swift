// Mark: a named camera position saved while blocking a shot.

/// A saved camera pose (and optionally the focal length and focus used there).
public struct Mark: Sendable, Equatable {
    public var name: String
    /// The camera the mark was saved for (nil: any).
    public var camera: String?
    public var position: SIMD3<Double>
    public var panDegrees: Double
    public var tiltDegrees: Double
    public var rollDegrees: Double
    public var focalLengthMM: Double?
    public var focusDistanceM: Double?

    public init(name: String, camera: String? = nil, position: SIMD3<Double>, panDegrees: Double = 0,
                tiltDegrees: Double = 0, rollDegrees: Double = 0, focalLengthMM: Double? = nil,
                focusDistanceM: Double? = nil) {
        self.name = name
        self.camera = camera
        self.position = position
        self.panDegrees = panDegrees
        self.tiltDegrees = tiltDegrees
        self.rollDegrees = rollDegrees
        self.focalLengthMM = focalLengthMM
        self.focusDistanceM = focusDistanceM
    }
}
