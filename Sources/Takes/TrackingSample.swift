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

    /// Why this sample cannot be used (NaN, infinite or absurd), or nil when it is fine. Readers ask this of every
    /// sample of a take (a CSV take can have millions), so a fine sample costs comparisons only: each message is
    /// made when its check fails, never on the way.
    public var implausibility: String? {
        @inline(__always) func notFinite(_ name: StaticString, _ v: Double?) -> String? {
            if let v, !v.isFinite { return "\(name) is not a finite number" }
            return nil
        }
        if let m = notFinite("time", time) { return m }
        if let m = notFinite("x", position.x) { return m }
        if let m = notFinite("y", position.y) { return m }
        if let m = notFinite("z", position.z) { return m }
        if let m = notFinite("pan", pan) { return m }
        if let m = notFinite("tilt", tilt) { return m }
        if let m = notFinite("roll", roll) { return m }
        if let m = notFinite("focal length", lens.focalLength) { return m }
        if let m = notFinite("focus distance", lens.focusDistance) { return m }
        if let m = notFinite("f-stop", lens.fStop) { return m }
        if let m = notFinite("k1", lens.k1) { return m }
        if let m = notFinite("k2", lens.k2) { return m }
        if let m = notFinite("k3", lens.k3) { return m }
        if let m = notFinite("p1", lens.p1) { return m }
        if let m = notFinite("p2", lens.p2) { return m }
        if let m = notFinite("entrance pupil offset", lens.entrancePupilOffset) { return m }
        if abs(time) > TrackingSample.maxTimeSeconds { return "time \(time) s is beyond ±1e10 s" }
        let p = TrackingSample.maxPositionMetres
        if abs(position.x) > p { return "x \(position.x) m is beyond ±\(Int(p)) m" }
        if abs(position.y) > p { return "y \(position.y) m is beyond ±\(Int(p)) m" }
        if abs(position.z) > p { return "z \(position.z) m is beyond ±\(Int(p)) m" }
        let a = TrackingSample.maxAngleDegrees
        if abs(pan) > a { return "pan \(pan)° is beyond ±\(Int(a))°" }
        if abs(roll) > a { return "roll \(roll)° is beyond ±\(Int(a))°" }
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
