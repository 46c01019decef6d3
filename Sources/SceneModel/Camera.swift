// Camera: a camera on the stage: body, lens, support and where it stands.

/// How the camera is carried (informs the previewer's fly controls and the plan view's icon).
public enum CameraMount: String, Sendable, Equatable, CaseIterable {
    case tripod, dolly, crane, handheld, steadicam
}

/// A physical camera: body, lens and its starting pose in studio coordinates.
public struct Camera: Sendable, Equatable {
    public var name: String
    public var body: CameraBody
    public var lens: Lens
    /// Its inner frustum keyed for compositing (nil: the virtual world).
    public var chromaKey: ChromaKey?
    public var mount: CameraMount
    /// Entrance pupil position, metres.
    public var position: SIMD3<Double>
    /// Pan (about +Y, positive turns left), tilt (positive looks up) and roll, degrees; all 0 looks along -Z.
    public var panDegrees: Double
    public var tiltDegrees: Double
    public var rollDegrees: Double

    public init(name: String, body: CameraBody, lens: Lens, mount: CameraMount = .tripod,
                position: SIMD3<Double> = [0, 1.6, 6], panDegrees: Double = 0, tiltDegrees: Double = 0,
                rollDegrees: Double = 0) {
        self.name = name
        self.body = body
        self.lens = lens
        self.mount = mount
        self.position = position
        self.panDegrees = panDegrees
        self.tiltDegrees = tiltDegrees
        self.rollDegrees = rollDegrees
    }

    /// Horizontal and vertical field of view, degrees.
    public var fieldOfViewDegrees: (horizontal: Double, vertical: Double) {
        (lens.fieldOfViewDegrees(sensorMM: body.sensorWidthMM), lens.fieldOfViewDegrees(sensorMM: body.sensorHeightMM))
    }
}
