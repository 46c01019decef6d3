// LensSample: the lens state of one tracking sample (focal length, focus, iris, distortion, pupil).

import Geometry

/// What the lens was doing at one sample. Every field is optional: FreeD carries none of them (only raw
/// encoder counts, see `RawEncoders`), OpenTrackIO and CSV carry what the tracker knows.
public struct LensSample: Hashable, Sendable, Codable {
    /// Focal length in millimetres.
    public var focalLength: Double?
    /// Focus distance in metres.
    public var focusDistance: Double?
    /// Iris as an f-stop number (2.8, 4 …).
    public var fStop: Double?
    /// Brown-Conrady distortion: radial k1, k2, k3 and tangential p1, p2 on normalised camera coordinates (y down,
    /// as OpenCV), mapping in the direction `distortionModel` says (nil: U-D, OpenCV's). See `distortion`.
    public var k1: Double?
    public var k2: Double?
    public var k3: Double?
    public var p1: Double?
    public var p2: Double?
    public var distortionModel: LensDistortion.Model?
    /// Entrance-pupil offset along the optical axis in metres (positive towards the subject).
    public var entrancePupilOffset: Double?

    public init(focalLength: Double? = nil, focusDistance: Double? = nil, fStop: Double? = nil,
                k1: Double? = nil, k2: Double? = nil, k3: Double? = nil, p1: Double? = nil, p2: Double? = nil,
                distortionModel: LensDistortion.Model? = nil, entrancePupilOffset: Double? = nil) {
        self.focalLength = focalLength; self.focusDistance = focusDistance; self.fStop = fStop
        self.entrancePupilOffset = entrancePupilOffset
        // One form for one lens: any coefficient given means all five (the rest 0) and a model (U-D by default).
        if k1 != nil || k2 != nil || k3 != nil || p1 != nil || p2 != nil {
            distortion = LensDistortion(k1: k1 ?? 0, k2: k2 ?? 0, k3: k3 ?? 0, p1: p1 ?? 0, p2: p2 ?? 0,
                                        model: distortionModel ?? .undistortedToDistorted)
        }
    }

    /// The sample's distortion (missing coefficients are 0), or nil when it gives none.
    public var distortion: LensDistortion? {
        get {
            guard k1 != nil || k2 != nil || k3 != nil || p1 != nil || p2 != nil else { return nil }
            return LensDistortion(k1: k1 ?? 0, k2: k2 ?? 0, k3: k3 ?? 0, p1: p1 ?? 0, p2: p2 ?? 0,
                                  model: distortionModel ?? .undistortedToDistorted)
        }
        set {
            k1 = newValue?.k1; k2 = newValue?.k2; k3 = newValue?.k3; p1 = newValue?.p1; p2 = newValue?.p2
            distortionModel = newValue?.model
        }
    }

    /// Why the distortion cannot be a real lens's (the scene's lens limits: |k| ≤ 10, |p| ≤ 1 on normalised
    /// coordinates), or nil. Readers keep such a sample's pose and drop its distortion, saying so (the official
    /// OpenTrackIO examples carry placeholder coefficients 1, 2, 3 …).
    public var distortionImplausibility: String? {
        // Comparisons only for a plausible lens (asked of every sample); the message is made when a check fails. A NaN
        // passes (it is `implausibility`'s to refuse).
        @inline(__always) func beyond(_ name: StaticString, _ v: Double?, _ limit: Double) -> String? {
            if let v, abs(v) > limit { return "distortion \(name) \(v) is beyond ±\(Int(limit))" }
            return nil
        }
        if let m = beyond("k1", k1, 10) { return m }
        if let m = beyond("k2", k2, 10) { return m }
        if let m = beyond("k3", k3, 10) { return m }
        if let m = beyond("p1", p1, 1) { return m }
        return beyond("p2", p2, 1)
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
        var out = LensSample(focalLength: mix(focalLength, o.focalLength), focusDistance: mix(focusDistance, o.focusDistance),
                             fStop: mix(fStop, o.fStop), entrancePupilOffset: mix(entrancePupilOffset, o.entrancePupilOffset))
        switch (distortion, o.distortion) {
        case let (a?, b?): out.distortion = a.interpolated(to: b, t)
        case let (a, b): out.distortion = t < 0.5 ? (a ?? b) : (b ?? a)
        }
        return out
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
