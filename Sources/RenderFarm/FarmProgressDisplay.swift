// FarmProgressDisplay: shows a farm run's progress on stderr: a bar redrawn in place on a terminal, a plain
// line every few seconds in a log, nothing when quiet. Messages (a failed chunk) print above the bar.

import FrameOutput

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes `FarmProgress` snapshots and messages to stderr. Call from one thread.
public final class FarmProgressDisplay {
    public enum Mode: String, Sendable, CaseIterable {
        case bar, plain, quiet

        /// `bar` when stderr is a terminal (and TERM is not dumb), else `plain`.
        public static var automatic: Mode { StandardError.redrawsLines ? .bar : .plain }
    }

    public let mode: Mode
    /// Seconds between plain lines.
    public var plainInterval: Double
    private var lastPlain: Double?
    private var barShown = false

    public init(mode: Mode, plainInterval: Double = 5) {
        self.mode = mode
        self.plainInterval = plainInterval
    }

    /// A line for people (a host's check, a failed job): printed above the bar, or as is.
    public func message(_ text: String) {
        guard mode != .quiet else { return }
        write((barShown ? "\r\u{1B}[K" : "") + text + "\n")
        barShown = false
    }

    /// A new snapshot: the bar at once, a plain line when `plainInterval` has passed since the last.
    public func update(_ p: FarmProgress) {
        switch mode {
        case .quiet: return
        case .bar:
            write("\r" + p.bar() + "\u{1B}[K")
            barShown = true
        case .plain:
            if let last = lastPlain, p.elapsed - last < plainInterval { return }
            if lastPlain == nil && p.elapsed < plainInterval { return }
            lastPlain = p.elapsed
            write("farm: " + p.line + "\n")
        }
    }

    /// The last snapshot: the bar finished with a newline; the plain line always.
    public func end(_ p: FarmProgress) {
        switch mode {
        case .quiet: return
        case .bar: write("\r" + p.bar() + "\u{1B}[K\n")
        case .plain: write("farm: " + p.line + "\n")
        }
        barShown = false
    }

    private func write(_ s: String) {
        _ = s.withCString { fputs($0, stderr) }
        fflush(stderr)
    }
}
