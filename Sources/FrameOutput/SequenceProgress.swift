// SequenceProgress: how a long render tells people (a bar on a terminal, a line every few seconds in a log)
// and scripts (one JSON event per frame on stdout) how far it is.

import Geometry

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A progress display for a frame sequence. Not thread-safe: call it from one thread.
public final class SequenceProgress {
    public enum Mode: String, Sendable, CaseIterable {
        /// One line redrawn with `\r` on stderr: done/total, frames/s, ETA.
        case bar
        /// A plain line on stderr every `plainInterval` seconds (and at the end).
        case plain
        /// One JSON object per line on stdout per frame, plus `start` and `end` events.
        case json
        /// Nothing.
        case quiet

        /// `bar` when stderr is a terminal, else `plain`.
        /// A bar on a terminal that can redraw a line; plain lines when piped, and on TERM=dumb (which cannot).
        public static var automatic: Mode { StandardError.redrawsLines ? .bar : .plain }
    }

    public let mode: Mode
    public let total: Int
    public var plainInterval: Double = 2
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant?
    private(set) public var done = 0
    private var drewBar = false

    public init(mode: Mode, total: Int) {
        self.mode = mode
        self.total = total
        start = clock.now
    }

    /// Seconds since the start.
    public var elapsed: Double { EncodeQueue.ms(clock.now - start) / 1000 }

    /// The `start` event (json): frames to render, and how many were skipped as existing.
    public func begin(fields: [(String, JSONScalar)]) {
        guard mode == .json else { return }
        emit([("event", .string("start")), ("total", .int(total))] + fields)
    }

    /// One frame is on disk.
    /// A frame finished: written to `path` (nil: rendered only, `--format none`).
    public func frameDone(frame: Int, path: String?, renderMilliseconds: Double, encodeMilliseconds: Double) {
        done += 1
        let t = elapsed
        let fps = t > 0 ? Double(done) / t : 0
        switch mode {
        case .quiet:
            return
        case .json:
            emit([("event", .string("frame")), ("frame", .int(frame)), ("file", path.map { .string($0) } ?? .null), ("done", .int(done)),
                  ("total", .int(total)), ("render_ms", .double(renderMilliseconds)),
                  ("encode_ms", .double(encodeMilliseconds)), ("fps", .double(fps))])
        case .bar:
            let now = clock.now
            if let last = lastDraw, done < total, EncodeQueue.ms(now - last) < 100 { return }
            lastDraw = now
            drawBar(fps: fps)
        case .plain:
            let now = clock.now
            if let last = lastDraw, done < total, EncodeQueue.ms(now - last) < plainInterval * 1000 { return }
            if lastDraw == nil, done < total, t < plainInterval { return }
            lastDraw = now
            writeErr("\(done)/\(total) frames, \(fixed(fps, 1)) frames/s, ETA \(eta(fps))\n")
        }
    }

    /// The end: finishes the bar's line; a plain summary; the json `end` event.
    public func end(fields: [(String, JSONScalar)]) {
        let t = elapsed
        let fps = t > 0 ? Double(done) / t : 0
        switch mode {
        case .quiet: return
        case .json: emit([("event", .string("end")), ("done", .int(done)), ("total", .int(total)),
                          ("seconds", .double(t)), ("fps", .double(fps))] + fields)
        case .bar:
            if drewBar || done > 0 { drawBar(fps: fps) }
            writeErr("\n")
        case .plain:
            writeErr("\(done)/\(total) frames in \(fixed(t, 1)) s, \(fixed(fps, 1)) frames/s\n")
        }
    }

    private func drawBar(fps: Double) {
        let width = 30
        let filled = total > 0 ? min(width, done * width / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        writeErr("\r[\(bar)] \(done)/\(total) frames  \(fixed(fps, 1)) fps  ETA \(eta(fps))\u{1B}[K")
        drewBar = true
    }

    private func eta(_ fps: Double) -> String {
        guard fps > 0 else { return "--:--" }
        let s = Int((Double(total - done) / fps).rounded())
        let two = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(two(s / 60)):\(two(s % 60))"
    }

    private func emit(_ fields: [(String, JSONScalar)]) {
        let body = fields.map { "\(JSONScalar.string($0.0).json):\($0.1.json)" }.joined(separator: ",")
        let line = "{\(body)}\n"
        _ = line.withCString { fputs($0, stdout) }
        StandardOutput.flush()
    }

    private func writeErr(_ s: String) {
        _ = s.withCString { fputs($0, stderr) }
        fflush(stderr)
    }
}

/// A JSON value for progress events.
public enum JSONScalar: Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    public var json: String {
        switch self {
        case .null: return "null"
        case .int(let v): return "\(v)"
        case .bool(let v): return v ? "true" : "false"
        case .double(let v): return v.isFinite ? fixed(v, 3) : "null"
        case .string(let s): return jsonStringLiteral(s)
        }
    }
}

/// `v` with `digits` decimals, without Foundation.
func fixed(_ v: Double, _ digits: Int) -> String {
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let r = (abs(v) * p).rounded()
    let whole = Int(r / p), frac = Int(r.truncatingRemainder(dividingBy: p))
    let sign = v < 0 && r > 0 ? "-" : ""
    guard digits > 0 else { return sign + "\(whole)" }
    let f = String(frac)
    return sign + "\(whole)." + String(repeating: "0", count: digits - f.count) + f
}
