// TrackingSample: one tracker reading in scene terms — time, timecode, camera pose, lens, raw encoders.

/// One sample of a take, already in scene conventions (Docs/takes.md): position in metres in the scene's
/// right-handed Y-up axes; pan, tilt and roll in degrees (pan turns right, tilt looks up, roll turns
/// clockwise seen from behind; `Quaternion(pan:tilt:roll:)` gives the orientation).
public struct TrackingSample: Hashable, Sendable {
    /// Seconds on the take's clock: since midnight when the sample came with a timecode, else since the
    /// first sample of the file. The resampler orders and interpolates by this.
    public var time: Double
    /// The timecode label the source sent, with its rate (nil for FreeD and untimed CSV rows).
    public var timecode: Timecode?
    public var position: SIMD3<Double>
    public var pan: Double
    public var tilt: Double
    public var roll: Double
    public var lens: LensSample
    public var raw: RawEncoders
    /// The source's camera id (FreeD byte 1; OpenTrackIO sourceNumber), when it sends one.
    public var cameraID: Int?

    public init(time: Double, timecode: Timecode? = nil, position: SIMD3<Double>, pan: Double, tilt: Double,
                roll: Double, lens: LensSample = LensSample(), raw: RawEncoders = RawEncoders(), cameraID: Int? = nil) {
        self.time = time; self.timecode = timecode; self.position = position
        self.pan = pan; self.tilt = tilt; self.roll = roll
        self.lens = lens; self.raw = raw; self.cameraID = cameraID
    }

    /// The camera's orientation in the scene.
    public var orientation: Quaternion { Quaternion(pan: pan, tilt: tilt, roll: roll) }

    /// Largest plausible values: a reader rejects a sample beyond them as absurd (a stage is not 10 km
    /// wide; a lens is not 10 m long). FreeD's own limits (±131 m, ±256°) are inside these.
    public static let maxPositionMetres = 10_000.0
    public static let maxAngleDegrees = 3600.0
    public static let maxFocalLengthMM = 5000.0
    /// The largest sample time in seconds (about 317 years: PTP timestamps since 1970 are 1.8e9 s), so a frame
    /// number computed from any time fits an Int with room to spare.
    public static let maxTimeSeconds = 1e10

    /// Why this sample cannot be used (NaN, infinite or absurd), or nil when it is fine.
    public var implausibility: String? {
        if isPlainlyFine { return nil }
        let values: [(String, Double?)] = [("time", time), ("x", position.x), ("y", position.y), ("z", position.z),
                                           ("pan", pan), ("tilt", tilt), ("roll", roll),
                                           ("focal length", lens.focalLength), ("focus distance", lens.focusDistance),
                                           ("f-stop", lens.fStop), ("k1", lens.k1), ("k2", lens.k2), ("k3", lens.k3), ("p1", lens.p1), ("p2", lens.p2),
                                           ("entrance pupil offset", lens.entrancePupilOffset)]
        for (name, v) in values { if let v, !v.isFinite { return "\(name) is not a finite number" } }
        if abs(time) > TrackingSample.maxTimeSeconds { return "time \(time) s is beyond ±1e10 s" }
        for (name, v) in [("x", position.x), ("y", position.y), ("z", position.z)]
        where abs(v) > TrackingSample.maxPositionMetres {
            return "\(name) \(v) m is beyond ±\(Int(TrackingSample.maxPositionMetres)) m"
        }
        for (name, v) in [("pan", pan), ("roll", roll)] where abs(v) > TrackingSample.maxAngleDegrees {
            return "\(name) \(v)° is beyond ±\(Int(TrackingSample.maxAngleDegrees))°"
        }
        if abs(tilt) > 180 { return "tilt \(tilt)° is beyond ±180°" }
        if let f = lens.focalLength, f <= 0 || f > TrackingSample.maxFocalLengthMM {
            return "focal length \(f) mm is outside (0, \(Int(TrackingSample.maxFocalLengthMM))] mm"
        }
        if let d = lens.focusDistance, d < 0 { return "focus distance \(d) m is negative" }
        if let n = lens.fStop, n <= 0 { return "f-stop \(n) is not positive" }

        return nil
    }
}

extension TrackingSample {
    /// Every value finite and within the limits `implausibility` checks, tested without building its lists (readers
    /// check every sample of a take; a CSV take can have millions).
    @inline(__always) var isPlainlyFine: Bool {
        func finite(_ v: Double?) -> Bool { v?.isFinite ?? true }
        let p = TrackingSample.maxPositionMetres, a = TrackingSample.maxAngleDegrees
        return abs(time) <= TrackingSample.maxTimeSeconds
            && abs(position.x) <= p && abs(position.y) <= p && abs(position.z) <= p
            && abs(pan) <= a && abs(roll) <= a && abs(tilt) <= 180
            && (lens.focalLength.map { $0 > 0 && $0 <= TrackingSample.maxFocalLengthMM } ?? true)
            && (lens.focusDistance.map { $0 >= 0 && $0.isFinite } ?? true)
            && (lens.fStop.map { $0 > 0 && $0.isFinite } ?? true)
            && finite(lens.k1) && finite(lens.k2) && finite(lens.k3) && finite(lens.p1) && finite(lens.p2)
            && finite(lens.entrancePupilOffset)
    }

    /// The sample's time less its timecode's time since midnight, folded to within half a day either way (a take
    /// that crossed midnight moved its later samples a day on); nil without a timecode. The sub-frame offset of a
    /// sample faster than its timecode, or how far a CSV's `time_s` stands from its timecode.
    public var timeBeyondTimecode: Double? {
        guard let tc = timecode else { return nil }
        let day = tc.rate.seconds(ofFrame: Timecode.framesPerDay(tc.rate))
        let d = time - tc.secondsSinceMidnight
        return d - (d / day).rounded() * day
    }
}
