// Lens: focal length, aperture and focus, with an optional encoder calibration table.

import Geometry

/// A lens as set for the shot, optionally with the table that maps zoom and focus encoder counts to optics.
public struct Lens: Sendable, Equatable {
    public var name: String
    public var focalLengthMM: Double
    public var fStop: Double
    /// Distance from the sensor plane to the plane in focus, metres.
    public var focusDistanceM: Double
    /// The lens's distortion as set (used where no take or calibration point gives one); nil: a pinhole.
    public var distortion: LensDistortion?
    /// Entrance pupil in front of the sensor plane along the optical axis, metres (where no take or calibration
    /// point gives one).
    public var entrancePupilM: Double?
    /// Calibration points on a zoom × focus encoder grid (see `optics(zoomEncoder:focusEncoder:)`).
    public var calibration: [LensCalibrationPoint]

    public init(name: String, focalLengthMM: Double, fStop: Double = 2.8, focusDistanceM: Double = 3,
                distortion: LensDistortion? = nil, entrancePupilM: Double? = nil,
                calibration: [LensCalibrationPoint] = []) {
        self.name = name
        self.focalLengthMM = focalLengthMM
        self.fStop = fStop
        self.focusDistanceM = focusDistanceM
        self.distortion = distortion
        self.entrancePupilM = entrancePupilM
        self.calibration = calibration
    }

    /// Full field of view across a sensor dimension, degrees: 2 atan(size / 2f).
    public func fieldOfViewDegrees(sensorMM: Double) -> Double {
        2 * atan2D(sensorMM / 2, focalLengthMM) * 180 / Double.pi
    }
}

/// One point of a lens calibration: zoom and focus encoder readings and the optics they mean there (as a row of
/// Unreal's LensFile tables: focal length, focus distance, distortion and entrance pupil per zoom and focus).
public struct LensCalibrationPoint: Sendable, Equatable {
    /// Raw zoom and focus encoder values (as the tracking system reports them).
    public var zoomEncoder: Double
    public var focusEncoder: Double
    public var focalLengthMM: Double
    public var focusDistanceM: Double
    public var distortion: LensDistortion?
    /// Entrance pupil in front of the sensor plane, metres.
    public var entrancePupilM: Double?

    public init(zoomEncoder: Double, focusEncoder: Double, focalLengthMM: Double, focusDistanceM: Double,
                distortion: LensDistortion? = nil, entrancePupilM: Double? = nil) {
        self.zoomEncoder = zoomEncoder
        self.focusEncoder = focusEncoder
        self.focalLengthMM = focalLengthMM
        self.focusDistanceM = focusDistanceM
        self.distortion = distortion
        self.entrancePupilM = entrancePupilM
    }
}

/// What a lens does at one zoom and focus setting.
public struct LensOptics: Sendable, Equatable {
    public var focalLengthMM: Double
    public var focusDistanceM: Double
    public var distortion: LensDistortion?
    public var entrancePupilM: Double?

    public init(focalLengthMM: Double, focusDistanceM: Double, distortion: LensDistortion? = nil,
                entrancePupilM: Double? = nil) {
        self.focalLengthMM = focalLengthMM
        self.focusDistanceM = focusDistanceM
        self.distortion = distortion
        self.entrancePupilM = entrancePupilM
    }
}
