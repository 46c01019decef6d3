// ShotWarnings: one-line warnings about a take (FreeD has no timecode, the render rate differs from the take's),
// each said once per process, to stderr unless an app (the TUI) routes them elsewhere.

import FoundationEssentials
import Geometry
import Synchronization
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Warnings the Shot layer raises while turning a take into frames. A message is delivered once per process
/// (a farm plan or a viewer that reads the take again does not repeat it).
public enum ShotWarnings {
    private struct State { var seen: Set<String> = []; var sink: (@Sendable (String) -> Void)? }
    private static let state = Mutex(State())

    /// Says `message` (without the "warning: " prefix) unless it was said already.
    public static func warn(_ message: String) {
        let sink: (@Sendable (String) -> Void)?? = state.withLock { s in
            guard s.seen.insert(message).inserted else { return .none }
            return .some(s.sink)
        }
        guard case .some(let custom) = sink else { return }
        if let custom { custom(message) } else { fputs("warning: \(visibleText(message))\n", stderr) }
    }

    /// Routes warnings to `sink` instead of stderr (nil: back to stderr). The TUI sets this while curses owns
    /// the screen, so a warning does not tear the display.
    public static func route(to sink: (@Sendable (String) -> Void)?) {
        state.withLock { $0.sink = sink }
    }

    /// The warning every FreeD read gives: the protocol has no clock, so the take is timed by packet count.
    public static func freedHasNoTimecode(rate: String) -> String {
        "FreeD carries no timecode: packets are timed at \(rate) per second from 0, frames are labelled from 00:00:00:00"
    }
}
