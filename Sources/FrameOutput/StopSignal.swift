// StopSignal: SIGINT/SIGTERM handlers that only set a flag, so a run that writes files (a sequence, a recording, a
// farm run) can finish what it is writing and leave its sidecar or take whole. The one stop signal of the app.

#if canImport(Glibc)
import Glibc
#endif
import Synchronization

private let stopRequested = Atomic<Int32>(0)

/// Installs SIGINT and SIGTERM handlers that record the signal (async-signal-safe: one atomic store). A
/// second signal of either kind restores the default action and raises itself again, so pressing Ctrl-C twice
/// quits at once (it waited for a third).
public enum StopSignal {
    public static func install() {
        stopRequested.store(0, ordering: .relaxed)
        for sig in [SIGINT, SIGTERM] {
            _ = signal(sig) { s in
                if stopRequested.load(ordering: .relaxed) != 0 {
                    _ = signal(SIGINT, SIG_DFL)
                    _ = signal(SIGTERM, SIG_DFL)
                    _ = raise(s)  // delivered when the handler returns (the signal is blocked inside it)
                    return
                }
                stopRequested.store(s, ordering: .relaxed)
            }
        }
    }

    /// Restores the default actions.
    public static func uninstall() {
        _ = signal(SIGINT, SIG_DFL)
        _ = signal(SIGTERM, SIG_DFL)
    }

    /// The signal received since `install()` (SIGINT, SIGTERM), or nil.
    public static var received: Int32? {
        let s = stopRequested.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
}
