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

    /// Photosite pitch across and down, millimetres: sensor size / recording resolution per axis.
    public var photositePitchMM: SIMD2<Double> {
        SIMD2(sensorWidthMM / Double(max(resolution.width, 1)), sensorHeightMM / Double(max(resolution.height, 1)))
    }

    /// How far the sensor's aspect is from the recording resolution's, as a share (0.01 = 1%): a body's sensor
    /// size is its active area for that resolution, so the two agree on a real camera (photosites are square).
    public var aspectMismatch: Double {
        let sensor = sensorWidthMM / sensorHeightMM
        let pixels = Double(resolution.width) / Double(max(resolution.height, 1))
        return abs(sensor / pixels - 1)
    }

    /// Sensor diagonal, millimetres.
    public var sensorDiagonalMM: Double { (sensorWidthMM * sensorWidthMM + sensorHeightMM * sensorHeightMM).squareRoot() }
}
