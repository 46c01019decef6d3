// CameraBody: a camera's sensor size and recording resolution.

/// A camera body: the sensor's active area (millimetres) and the image it records (pixels).
public struct CameraBody: Sendable, Equatable {
    public var name: String
    public var sensorWidthMM: Double
    public var sensorHeightMM: Double
    public var resolution: (width: Int, height: Int)

    public init(name: String, sensorWidthMM: Double, sensorHeightMM: Double, resolution: (width: Int, height: Int)) {
        self.name = name
        self.sensorWidthMM = sensorWidthMM
        self.sensorHeightMM = sensorHeightMM
        self.resolution = resolution
    }

    public static func == (a: CameraBody, b: CameraBody) -> Bool {
        a.name == b.name && a.sensorWidthMM == b.sensorWidthMM && a.sensorHeightMM == b.sensorHeightMM
            && a.resolution == b.resolution
    }

    /// Sensor diagonal, millimetres.
    public var sensorDiagonalMM: Double { (sensorWidthMM * sensorWidthMM + sensorHeightMM * sensorHeightMM).squareRoot() }
}
