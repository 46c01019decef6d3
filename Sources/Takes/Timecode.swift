// Timecode: SMPTE HH:MM:SS:FF at a frame rate, to and from frame numbers, drop-frame (`;`) included.

/// An SMPTE timecode label with its rate. Frame numbers count from 00:00:00:00; drop-frame rates skip
/// labels (not frames): at 29.97 DF frames 00 and 01 of every minute except each tenth, at 59.94 DF 00-03,
/// so the label stays within a few frames of the wall clock (error 0.086 s a day).
public struct Timecode: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var hours: Int
    public var minutes: Int
    public var seconds: Int
    public var frames: Int
    public var rate: FrameRate

    /// Frames in 24 hours at this rate: labels wrap there.
    public static func framesPerDay(_ rate: FrameRate) -> Int {
        let perTenMinutes = rate.nominal * 600 - rate.droppedPerMinute * 9
        return perTenMinutes * 144
    }

    /// Checks the fields: nil when a field is out of range or the label is one drop-frame skips.
    public init?(hours: Int, minutes: Int, seconds: Int, frames: Int, rate: FrameRate) {
        guard (0..<24).contains(hours), (0..<60).contains(minutes), (0..<60).contains(seconds),
              (0..<rate.nominal).contains(frames) else { return nil }
        if rate.dropFrame, seconds == 0, minutes % 10 != 0, frames < rate.droppedPerMinute { return nil }
        self.hours = hours; self.minutes = minutes; self.seconds = seconds; self.frames = frames; self.rate = rate
    }

    /// The label of frame `frame` (wrapped into one day; negative numbers count back from midnight).
    public init(frame: Int, rate: FrameRate) {
        let day = Timecode.framesPerDay(rate)
        var n = ((frame % day) + day) % day
        let drop = rate.droppedPerMinute
        if drop > 0 {
            let perTen = rate.nominal * 600 - drop * 9
            let perMinute = rate.nominal * 60 - drop
            let tens = n / perTen, rem = n % perTen
            n += drop * 9 * tens
            if rem > drop { n += drop * ((rem - drop) / perMinute) }
        }
        let fps = rate.nominal
        frames = n % fps
        seconds = (n / fps) % 60
        minutes = (n / (fps * 60)) % 60
        hours = n / (fps * 3600)
        self.rate = rate
    }

    /// Frames since 00:00:00:00 (labels skipped by drop-frame are not counted).
    public var frameNumber: Int {
        let totalMinutes = hours * 60 + minutes
        let nominalCount = rate.nominal * (hours * 3600 + minutes * 60 + seconds) + frames
        return nominalCount - rate.droppedPerMinute * (totalMinutes - totalMinutes / 10)
    }

    /// Real time since midnight, in seconds (frame number × denominator / numerator).
    public var secondsSinceMidnight: Double { rate.seconds(ofFrame: frameNumber) }

    /// "01:02:03:04", or "01:02:03;04" for drop-frame.
    public var description: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(hours)):\(two(minutes)):\(two(seconds))\(rate.dropFrame ? ";" : ":")\(two(frames))"
    }

    /// Why `text` is no label at `rate`: not a timecode at all (10:61:00;00), or one drop-frame skips (10:01:00;00
    /// at 29.97 DF); nil when it is a label. What `plan --frames` and the viewer's `:goto` say.
    public static func invalidLabel(_ text: String, rate: FrameRate) -> String? {
        guard Timecode(parsing: text, rate: rate) == nil else { return nil }
        let skipped = rate.dropFrame && FrameRate(numerator: rate.numerator, denominator: rate.denominator, dropFrame: false)
            .flatMap { Timecode(parsing: String(text.map { $0 == ";" ? ":" : $0 }), rate: $0) } != nil
        return skipped ? "drop-frame has no such label (it skips frames \(rate.droppedPerMinute == 4 ? "00-03" : "00 and 01") of each minute but every tenth)"
            : "not a timecode HH:MM:SS:FF"
    }

    /// The numbers of a label as written ("10:01:00;02" and "10:1:0:2": [10, 1, 0, 2]): how a label a person types
    /// is matched with a take's, whichever of `:` `;` `.` `,` separates the frames.
    public static func labelNumbers(_ text: String) -> [Int] {
        text.split(whereSeparator: { c in !("0"..."9").contains(c) }).compactMap { Int($0) }
    }

    /// Reads "HH:MM:SS:FF" or "HH:MM:SS;FF" (also "." or "," before the frames). A `;` with a rate that
    /// is not drop-frame makes it drop-frame when the rate allows it (29.97, 59.94). nil when malformed.
    public init?(parsing text: String, rate: FrameRate) {
        let chars = Array(text.utf8)
        // Above 99 fps the frames take as many digits as the last frame's number, as `description` writes them
        // ("01:00:00:115" at 120), and at least two ("01:00:00:07").
        let widest = max(2, String(rate.nominal - 1).count)
        guard chars.count >= 11 && chars.count <= 9 + widest else { return nil }
        for i in [2, 5] where chars[i] != UInt8(ascii: ":") { return nil }
        let sep = chars[8]
        var r = rate
        if sep == UInt8(ascii: ";") || sep == UInt8(ascii: ",") {
            if !rate.dropFrame {
                guard let df = FrameRate(numerator: rate.numerator, denominator: rate.denominator, dropFrame: true)
                else { return nil }
                r = df
            }
        } else if sep != UInt8(ascii: ":") && sep != UInt8(ascii: ".") {
            return nil
        }
        func num(_ i: Int) -> Int? {
            let a = chars[i], b = chars[i + 1]
            guard (48...57).contains(a), (48...57).contains(b) else { return nil }
            return Int(a - 48) * 10 + Int(b - 48)
        }
        var frameField: Int? = 0
        for c in chars[9...] {
            guard (48...57).contains(c), let f = frameField else { frameField = nil; break }
            frameField = f * 10 + Int(c - 48)
        }
        guard let h = num(0), let m = num(3), let s = num(6), let f = frameField else { return nil }
        self.init(hours: h, minutes: m, seconds: s, frames: f, rate: r)
    }

    public static func < (a: Timecode, b: Timecode) -> Bool { a.secondsSinceMidnight < b.secondsSinceMidnight }
}
