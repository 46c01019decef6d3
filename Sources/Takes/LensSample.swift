// LensSample: the lens state of one tracking sample (focal length, focus, iris, distortion, pupil).

/// What the lens was doing at one sample. Every field is optional: FreeD carries none of them (only raw
/// encoder counts, see `RawEncoders`), OpenTrackIO and CSV carry what the tracker knows.
public struct LensSample: Hashable, Sendable, Codable {
    /// Focal length in millimetres.
    public var focalLength: Double?
    /// Focus distance in metres.
    public var focusDistance: Double?
    /// Iris as an f-stop number (2.8, 4 …).
    public var fStop: Double?
    /// Radial distortion coefficients k1, k2 (Brown-Conrady, normalised image coordinates).
    public var k1: Double?
    public var k2: Double?
    /// Entrance-pupil offset along the optical axis in metres (positive towards the subject).
    public var entrancePupilOffset: Double?

    public init(focalLength: Double? = nil, focusDistance: Double? = nil, fStop: Double? = nil,
                k1: Double? = nil, k2: Double? = nil, entrancePupilOffset: Double? = nil) {
        self.focalLength = focalLength; self.focusDistance = focusDistance; self.fStop = fStop
        self.k1 = k1; self.k2 = k2; self.entrancePupilOffset = entrancePupilOffset
    }

    /// Linear interpolation of each field present on both sides; a field missing on one side takes the
    /// nearer side's value.
    public func interpolated(to o: LensSample, _ t: Double) -> LensSample {
        func mix(_ a: Double?, _ b: Double?) -> Double? {
            switch (a, b) {
            case let (a?, b?): return a + (b - a) * t
            default: return t < 0.5 ? (a ?? b) : (b ?? a)
            }
        }
        return LensSample(focalLength: mix(focalLength, o.focalLength), focusDistance: mix(focusDistance, o.focusDistance),
                          fStop: mix(fStop, o.fStop), k1: mix(k1, o.k1), k2: mix(k2, o.k2),
                          entrancePupilOffset: mix(entrancePupilOffset, o.entrancePupilOffset))
    }
}

/// Raw lens encoder values as a source sent them, in vendor units (FreeD zoom and focus are 24-bit counts
/// whose meaning needs a lens calibration; the 16-bit FreeD spare field often carries iris or a counter).
public struct RawEncoders: Hashable, Sendable, Codable {
    public var zoom: Int?
    public var focus: Int?
    public var iris: Int?
    /// FreeD's 16-bit spare/user field, kept so a FreeD take converts back byte for byte.
    public var user: Int?

    public init(zoom: Int? = nil, focus: Int? = nil, iris: Int? = nil, user: Int? = nil) {
        self.zoom = zoom; self.focus = focus; self.iris = iris; self.user = user
    }

    public var isEmpty: Bool { zoom == nil && focus == nil && iris == nil && user == nil }
}
