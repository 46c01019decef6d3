// FrameRate: a timecode rate as an exact rational, with its drop-frame flag (23.976 … 60, 29.97 DF, 59.94 DF).

/// A frame rate as an exact fraction (29.97 is 30000/1001, never 29.97), plus whether timecode counts it
/// drop-frame. Only 30000/1001 and 60000/1001 may be drop-frame (SMPTE 12M).
public struct FrameRate: Hashable, Sendable, Codable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int
    public let dropFrame: Bool

    /// nil when the fraction is not positive, or drop-frame is asked for a rate that has none.
    public init?(numerator: Int, denominator: Int, dropFrame: Bool = false) {
        guard numerator > 0, denominator > 0, numerator <= 1_000_000, denominator <= 1_000_000 else { return nil }
        let g = FrameRate.gcd(numerator, denominator)
        self.numerator = numerator / g
        self.denominator = denominator / g
        if dropFrame {
            guard self.denominator == 1001, self.numerator == 30000 || self.numerator == 60000 else { return nil }
        }
        self.dropFrame = dropFrame
    }

    private init(_ n: Int, _ d: Int, _ df: Bool) { numerator = n; denominator = d; dropFrame = df }

    public static let fps23_976 = FrameRate(24000, 1001, false)
    public static let fps24 = FrameRate(24, 1, false)
    public static let fps25 = FrameRate(25, 1, false)
    public static let fps29_97 = FrameRate(30000, 1001, false)
    public static let fps29_97DF = FrameRate(30000, 1001, true)
    public static let fps30 = FrameRate(30, 1, false)
    public static let fps48 = FrameRate(48, 1, false)
    public static let fps50 = FrameRate(50, 1, false)
    public static let fps59_94 = FrameRate(60000, 1001, false)
    public static let fps59_94DF = FrameRate(60000, 1001, true)
    public static let fps60 = FrameRate(60, 1, false)

    /// The common rates, in the order `--help` lists them.
    public static let common: [FrameRate] = [.fps23_976, .fps24, .fps25, .fps29_97, .fps29_97DF, .fps30, .fps48,
                                             .fps50, .fps59_94, .fps59_94DF, .fps60]

    /// Frames per second as a Double (29.97002997…).
    public var framesPerSecond: Double { Double(numerator) / Double(denominator) }

    /// The integer frame count timecode uses per second: 30 for 29.97, 24 for 23.976.
    public var nominal: Int { (numerator + denominator - 1) / denominator }

    /// Frame numbers skipped per minute (except every tenth) in drop-frame: 2 at 29.97, 4 at 59.94, else 0.
    public var droppedPerMinute: Int { dropFrame ? nominal / 15 : 0 }

    /// "25", "29.97DF", "23.976", "59.94", or "N/D" for other fractions. `init(parsing:)` reads all of them back.
    public var description: String {
        let base: String
        if denominator == 1 {
            base = "\(numerator)"
        } else if denominator == 1001, numerator % 1000 == 0 {
            switch numerator / 1000 {
            case 24: base = "23.976"
            case 30: base = "29.97"
            case 48: base = "47.952"
            case 60: base = "59.94"
            case 120: base = "119.88"
            default: base = "\(numerator)/\(denominator)"
            }
        } else {
            base = "\(numerator)/\(denominator)"
        }
        return dropFrame ? base + "DF" : base
    }

    /// Reads "25", "29.97", "29.97DF", "29.97 DF", "59.94NDF", "30000/1001", "30000/1001DF"; nil otherwise.
    public init?(parsing text: String) {
        var s = Substring(text.uppercased()).filter { $0 != " " }[...]
        var df = false
        if s.hasSuffix("NDF") { s = s.dropLast(3) } else if s.hasSuffix("DF") { s = s.dropLast(2); df = true }
        if let slash = s.firstIndex(of: "/") {
            guard let n = Int(s[..<slash]), let d = Int(s[s.index(after: slash)...]) else { return nil }
            self.init(numerator: n, denominator: d, dropFrame: df)
            return
        }
        switch s {
        case "23.976", "23.98": self.init(numerator: 24000, denominator: 1001, dropFrame: df)
        case "29.97": self.init(numerator: 30000, denominator: 1001, dropFrame: df)
        case "47.952", "47.95": self.init(numerator: 48000, denominator: 1001, dropFrame: df)
        case "59.94": self.init(numerator: 60000, denominator: 1001, dropFrame: df)
        case "119.88": self.init(numerator: 120000, denominator: 1001, dropFrame: df)
        default:
            guard let n = Int(s) else { return nil }
            self.init(numerator: n, denominator: 1, dropFrame: df)
        }
    }

    /// The real time of frame `n` (frame 0 at 0 s), in seconds.
    public func seconds(ofFrame n: Int) -> Double { Double(n) * Double(denominator) / Double(numerator) }

    /// The frame showing at time `t` seconds (floor), tolerant of rounding: 1e-9 s before a boundary counts.
    /// Times beyond any take (±2^52 frames, NaN as 0) are clamped there rather than trapping in the conversion.
    public func frame(at t: Double) -> Int {
        let f = (t * framesPerSecond + 1e-6).rounded(.down)
        guard f.isFinite else { return f.isNaN ? 0 : (f > 0 ? FrameRate.largestFrame : -FrameRate.largestFrame) }
        return Int(Swift.min(Swift.max(f, -Double(FrameRate.largestFrame)), Double(FrameRate.largestFrame)))
    }

    /// The largest frame number `frame(at:)` returns (2^52: exact in a Double, far inside Int).
    public static let largestFrame = 1 << 52

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
