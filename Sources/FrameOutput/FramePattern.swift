// FramePattern: a sequence's file names, printf style: `frame.%04d.png`, `shot010.%05d.jpg`.

/// A file-name pattern with at most one frame-number conversion: `%d` or `%0Nd` (zero-padded to N digits,
/// N 1...9; `%Nd` pads with spaces in printf and is refused here). `%%` is a literal percent sign. A pattern
/// without a conversion names one file (fine for a one-frame render only). Names may not contain `/`.
public struct FramePattern: Sendable, Equatable, CustomStringConvertible {
    /// Text before and after the conversion (the whole name when there is none).
    public let prefix: String
    public let suffix: String
    /// Minimum digits (0: as many as needed); nil when the pattern has no frame number.
    public let width: Int?
    public let text: String

    public var description: String { text }

    /// Whether the pattern names a different file for each frame.
    public var hasFrameNumber: Bool { width != nil }

    public init(_ text: String) throws {
        self.text = text
        guard !text.isEmpty else { throw FramePatternError(pattern: text, reason: "is empty") }
        guard !text.contains("/") else {
            throw FramePatternError(pattern: text, reason: "must be a file name without '/' (the folder is --out)")
        }
        let chars = Array(text)
        var pre = "", post = ""
        var width: Int?
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "%" else {
                if width == nil { pre.append(c) } else { post.append(c) }
                i += 1
                continue
            }
            guard i + 1 < chars.count else {
                throw FramePatternError(pattern: text, reason: "ends with a lone '%' (write %% for a percent sign)")
            }
            if chars[i + 1] == "%" {
                if width == nil { pre.append("%") } else { post.append("%") }
                i += 2
                continue
            }
            // %d or %0Nd
            var j = i + 1
            var digits = ""
            while j < chars.count, chars[j].isASCII, chars[j].isNumber { digits.append(chars[j]); j += 1 }
            guard j < chars.count, chars[j] == "d" else {
                throw FramePatternError(pattern: text, reason: "has an unsupported conversion at '\(String(chars[i..<min(j + 1, chars.count)]))' (use %d or %0Nd)")
            }
            var w = 0
            if !digits.isEmpty {
                guard digits.count >= 2, digits.first == "0", let n = Int(digits.dropFirst()), (1...9).contains(n) else {
                    throw FramePatternError(pattern: text, reason: "'%\(digits)d': the width must be written %0Nd with N 1-9")
                }
                w = n
            }
            guard width == nil else {
                throw FramePatternError(pattern: text, reason: "has more than one frame number (%d); use exactly one")
            }
            width = w
            i = j + 1
        }
        guard !(pre + post).isEmpty || width != nil else { throw FramePatternError(pattern: text, reason: "is empty") }
        self.prefix = pre
        self.suffix = post
        self.width = width
    }

    /// The file name of frame `n`, as printf writes it: the width counts a negative number's sign (`%04d` of -42
    /// is -042, as printf, ffmpeg and Nuke name it).
    public func name(frame n: Int) -> String {
        guard let width else { return prefix }
        var digits = String(n.magnitude)
        let room = width - (n < 0 ? 1 : 0)
        if digits.count < room { digits = String(repeating: "0", count: room - digits.count) + digits }
        return prefix + (n < 0 ? "-" : "") + digits + suffix
    }

    /// The lower-cased extension after the last dot of the suffix ("png", "jpg"), or "".
    public var fileExtension: String {
        let tail = width == nil ? prefix : suffix
        guard let dot = tail.lastIndex(of: ".") else { return "" }
        return String(tail[tail.index(after: dot)...]).lowercased()
    }
}

/// A pattern that cannot name frames; the description says why, quoting the pattern.
public struct FramePatternError: Error, Equatable, Sendable, CustomStringConvertible {
    public let pattern: String
    public let reason: String
    public var description: String { "--pattern '\(pattern)' \(reason)" }
}
