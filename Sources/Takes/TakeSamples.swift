// TakeSamples: a take's samples in compact columns (about 72 bytes a sample), read back as TrackingSample values.

/// The samples of a take, stored so that a 10-million-row take fits in well under a gigabyte: time and pose as
/// plain `Double` columns, the timecode as its frame number and rate, and the lens and raw encoder values as
/// indices into tables of the distinct values (consecutive equal values share one entry; a take whose lens never
/// changes stores one `LensSample`). Reading `self[i]` builds the `TrackingSample` back, exactly as it went in.
///
/// A sample costs 8 (time) + 48 (position, pan, tilt, roll) + 8 (timecode) + 4 + 4 (table indices) bytes, plus
/// a table entry when its lens or raw values differ from the sample before.
public struct TakeSamples: RandomAccessCollection, Sendable, Equatable {
    var time: [Double] = []
    /// x, y, z, pan, tilt, roll per sample.
    var pose: [Double] = []
    /// frame number × 256 + index into `rates`, or -1 without a timecode.
    var timecode: [Int64] = []
    var rates: [FrameRate] = []
    var lensIndex: [UInt32] = []
    var lenses: [LensSample] = []
    var extraIndex: [UInt32] = []
    var extras: [Extra] = []

    /// What a sample carries besides its time, pose and lens: raw encoder values and the camera id.
    struct Extra: Hashable, Sendable {
        var raw: RawEncoders
        var cameraID: Int?
    }

    public init() {}

    public init<S: Sequence>(_ samples: S) where S.Element == TrackingSample {
        self.init()
        for s in samples { append(s) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { time.count }

    public subscript(i: Int) -> TrackingSample {
        let p = 6 * i
        let tc = timecode[i]
        return TrackingSample(time: time[i], timecode: tc < 0 ? nil : Timecode(frame: Int(tc >> 8), rate: rates[Int(tc & 0xFF)]),
                              position: SIMD3(pose[p], pose[p + 1], pose[p + 2]),
                              pan: pose[p + 3], tilt: pose[p + 4], roll: pose[p + 5],
                              lens: lenses[Int(lensIndex[i])], raw: extras[Int(extraIndex[i])].raw,
                              cameraID: extras[Int(extraIndex[i])].cameraID)
    }

    /// Every sample's time, in order, without building the samples.
    public var times: [Double] { time }

    /// Adds a sample at the end.
    public mutating func append(_ s: TrackingSample) {
        time.append(s.time)
        pose.append(contentsOf: [s.position.x, s.position.y, s.position.z, s.pan, s.tilt, s.roll])
        if let tc = s.timecode {
            var r = rates.firstIndex(of: tc.rate)
            if r == nil, rates.count < 256 { rates.append(tc.rate); r = rates.count - 1 }
            // More than 256 distinct rates in one take cannot happen with real sources; keep the first rate's index.
            timecode.append(Int64(tc.frameNumber) << 8 | Int64(r ?? 0))
        } else {
            timecode.append(-1)
        }
        if lenses.last != s.lens { lenses.append(s.lens) }
        lensIndex.append(UInt32(lenses.count - 1))
        let e = Extra(raw: s.raw, cameraID: s.cameraID)
        if extras.last != e { extras.append(e) }
        extraIndex.append(UInt32(extras.count - 1))
    }

    /// Reserves room for `n` samples.
    public mutating func reserveCapacity(_ n: Int) {
        time.reserveCapacity(n); pose.reserveCapacity(6 * n); timecode.reserveCapacity(n)
        lensIndex.reserveCapacity(n); extraIndex.reserveCapacity(n)
    }

    /// The samples in the order `order` gives (indices into self), each column gathered once.
    func gathered(_ order: [Int32]) -> TakeSamples {
        var out = TakeSamples()
        out.rates = rates; out.lenses = lenses; out.extras = extras
        out.time = order.map { time[Int($0)] }
        out.pose.reserveCapacity(pose.count)
        for k in order { let p = 6 * Int(k); out.pose.append(contentsOf: pose[p..<p + 6]) }
        out.timecode = order.map { timecode[Int($0)] }
        out.lensIndex = order.map { lensIndex[Int($0)] }
        out.extraIndex = order.map { extraIndex[Int($0)] }
        return out
    }

    /// Sorted by time, stably (equal times keep their order): unchanged when already in order.
    func sortedByTime() -> TakeSamples {
        if zip(time, time.dropFirst()).allSatisfy({ $0 <= $1 }) { return self }
        let t = time
        let order = (0..<Int32(t.count)).sorted { (a: Int32, b: Int32) -> Bool in
            let ta = t[Int(a)], tb = t[Int(b)]
            return ta != tb ? ta < tb : a < b
        }
        return gathered(order)
    }

    /// Bytes held (for measurements and the memory figures in Docs/performance.md).
    public var storageBytes: Int {
        time.capacity * 8 + pose.capacity * 8 + timecode.capacity * 8 + lensIndex.capacity * 4 + extraIndex.capacity * 4
            + lenses.count * MemoryLayout<LensSample>.stride + extras.count * MemoryLayout<Extra>.stride
    }

    public static func == (a: TakeSamples, b: TakeSamples) -> Bool { a.elementsEqual(b) }
}
