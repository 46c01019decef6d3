// CameraState: the camera at one render frame — resampled pose and lens, with the frame's timecode.

/// Where the camera is at one frame of the render, interpolated from the take.
public struct CameraState: Sendable {
    /// Frame number at the render rate (frame 0 at 00:00:00:00).
    public var frame: Int
    /// The frame's timecode label at the render rate.
    public var timecode: Timecode
    /// The frame's time in seconds on the take's clock.
    public var time: Double
    public var position: SIMD3<Double>
    public var orientation: Quaternion
    public var lens: LensSample
    /// How this state was made.
    public var source: Source

    public enum Source: Sendable, Equatable {
        /// Between two samples no further apart than the gap limit (or exactly on one).
        case interpolated
        /// Inside a gap longer than the limit: the last sample before the gap, held.
        case heldInGap
    }

    public init(frame: Int, timecode: Timecode, time: Double, position: SIMD3<Double>, orientation: Quaternion,
                lens: LensSample, source: Source) {
        self.frame = frame; self.timecode = timecode; self.time = time; self.position = position
        self.orientation = orientation; self.lens = lens; self.source = source
    }

    /// Pan, tilt, roll in degrees, recovered from the orientation.
    public var panTiltRoll: (pan: Double, tilt: Double, roll: Double) { orientation.panTiltRoll }
}
