// WarningInbox: warnings raised while the viewer owns the screen (a scene's, a take's), kept for the status line
// instead of printed over curses; written to stderr once the terminal is back.

import Synchronization

/// Collects warning lines from any thread; the viewer shows each one, and all of them are printed after it exits.
final class WarningInbox: Sendable {
    private let state = Mutex<(pending: [String], all: [String])>(([], []))

    func post(_ line: String) {
        state.withLock { s in
            guard !s.all.contains(line) else { return }
            s.pending.append(line)
            s.all.append(line)
        }
    }

    /// The oldest warning not shown yet, once.
    func next() -> String? {
        state.withLock { $0.pending.isEmpty ? nil : $0.pending.removeFirst() }
    }

    /// Every warning received, in order.
    var all: [String] { state.withLock { $0.all } }
}
