// LiveStats: a snapshot of a live receiver's counters — rate, accepted, rejected by reason, filtered, dropped.

/// Counters since the receiver started. Every datagram read is counted once:
/// `received = accepted + filtered + dropped + rejected`; `kernelDropped` never reached the reader.
public struct LiveStats: Sendable, Equatable {
    /// Seconds since the receiver started.
    public var elapsed: Double = 0
    /// Datagrams read from the socket.
    public var received = 0
    /// Valid samples stored in the ring.
    public var accepted = 0
    /// Valid samples from another camera id than the filter's.
    public var filtered = 0
    /// Valid samples lost because the ring was full (the consumer did not drain fast enough).
    public var dropped = 0
    /// Datagrams the kernel dropped before they were read (mostly its socket buffer full: a flood faster than the
    /// decoding): counted by the kernel (`SO_RXQ_OVFL`) and told with each datagram read; not in `received`.
    public var kernelDropped = 0
    /// Rejected datagrams per reason.
    public var rejectedByReason: [RejectReason: Int] = [:]
    /// The first rejection messages (at most `LiveReceiver.keptRejectMessages`), with arrival seconds.
    public var firstRejects: [String] = []
    /// Datagrams per second over the last second.
    public var packetsPerSecond: Double = 0
    /// The socket's receive buffer as the kernel granted it, in bytes.
    public var receiveBufferBytes = 0
    /// Why the recording's journal stopped being written (a full disk), or nil.
    public var journalFailure: String?

    public init() {}

    public var rejected: Int { rejectedByReason.values.reduce(0, +) }

    /// "dropped 3", "dropped 3 (+40 by the kernel)": the datagrams lost before they were decoded.
    public var droppedText: String { "dropped \(dropped)" + (kernelDropped > 0 ? " (+\(kernelDropped) by the kernel)" : "") }
    /// Accepted samples whose lens distortion was left out (implausible, as the file readers judge it), and the
    /// first few reasons.
    public var distortionIgnored = 0
    public var firstNotes: [String] = []

    /// "1234 pkt/s  accepted 5000  rejected 3 (bad checksum 2, wrong length 1)  filtered 0  dropped 0".
    public var line: String {
        var s = "\(Int(packetsPerSecond.rounded())) pkt/s  accepted \(accepted)  rejected \(rejected)"
        if rejected > 0 {
            s += " (" + rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
                .joined(separator: ", ") + ")"
        }
        if filtered > 0 { s += "  filtered \(filtered)" }
        s += "  " + droppedText
        if distortionIgnored > 0 { s += "  distortion ignored \(distortionIgnored)" }
        return s
    }
}

/// Datagrams per second over a sliding one-second window, in 50 ms buckets (fixed memory).
struct RateMeter {
    static let buckets = 20
    static let width = 0.05
    private var counts = [Int](repeating: 0, count: RateMeter.buckets)
    private var current = 0  // absolute bucket index of the newest bucket

    mutating func advance(to t: Double) {
        let b = Int(t / RateMeter.width)
        if b <= current { return }
        let steps = Swift.min(b - current, RateMeter.buckets)
        for k in 1...steps { counts[(current + k) % RateMeter.buckets] = 0 }
        current = b
    }

    mutating func count(at t: Double) {
        advance(to: t)
        counts[current % RateMeter.buckets] += 1
    }

    mutating func rate(at t: Double) -> Double {
        advance(to: t)
        return Double(counts.reduce(0, +)) / (Double(RateMeter.buckets) * RateMeter.width)
    }
}
