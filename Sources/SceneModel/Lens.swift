// Lens: focal length, aperture and focus, with an optional encoder calibration table.

import Geometry

/// A lens as set for the shot, optionally with the table that maps zoom and focus encoder counts to optics.
public struct Lens: Sendable, Equatable {
    public var name: String
    public var focalLengthMM: Double
    public var fStop: Double
    /// Distance from the sensor plane to the plane in focus, metres.
    public var focusDistanceM: Double
    public var calibration: [LensCalibrationPoint]

    public init(name: String, focalLengthMM: Double, fStop: Double = 2.8, focusDistanceM: Double = 3,
                calibration: [LensCalibrationPoint] = []) {
        self.name = name
        self.focalLengthMM = focalLengthMM
        self.fStop = fStop
        self.focusDistanceM = focusDistanceM
        self.calibration = calibration
    }

    /// Full field of view across a sensor dimension, degrees: 2 atan(size / 2f).
    public func fieldOfViewDegrees(sensorMM: Double) -> Double {
        2 * atan2D(sensorMM / 2, focalLengthMM) * 180 / Double.pi
    }
}

/// One row of a lens calibration: encoder readings and the focal length and focus distance they mean.
public struct LensCalibrationPoint: Sendable, Equatable {
    /// Raw zoom and focus encoder values (as the tracking system reports them).
    public var zoomEncoder: Double
    public var focusEncoder: Double
    public var focalLengthMM: Double
    public var focusDistanceM: Double

    public init(zoomEncoder: Double, focusEncoder: Double, focalLengthMM: Double, focusDistanceM: Double) {
        self.zoomEncoder = zoomEncoder
        self.focusEncoder = focusEncoder
        self.focalLengthMM = focalLengthMM
        self.focusDistanceM = focusDistanceM
    }
}
