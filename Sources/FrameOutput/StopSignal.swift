// StopSignal: SIGINT/SIGTERM handlers that only set a flag, so a run that writes files (a sequence, a recording, a
// farm run) can finish what it is writing and leave its sidecar or take whole. The one stop signal of the app.

#if canImport(Glibc)
import Glibc
#endif
import Synchronization

private let stopRequested = Atomic<Int32>(0)

private let secondSignalKills = Atomic<Bool>(true)

/// Installs SIGINT and SIGTERM handlers that record the signal (async-signal-safe: atomic loads and stores). A
/// second signal of either kind restores the default action and, with `secondSignalKills`, raises itself again,
/// so pressing Ctrl-C twice quits at once (it waited for a third). Without it (a farm run, whose scheduler must
/// be told and waited for) the second is only recorded and a third kills.
public enum StopSignal {
    public static func install(secondSignalKills kills: Bool = true) {
        stopRequested.store(0, ordering: .relaxed)
        secondSignalKills.store(kills, ordering: .relaxed)
        for sig in [SIGINT, SIGTERM] {
            _ = signal(sig) { s in
                if stopRequested.load(ordering: .relaxed) != 0 {
                    _ = signal(SIGINT, SIG_DFL)
                    _ = signal(SIGTERM, SIG_DFL)
                    // Delivered when the handler returns (the signal is blocked inside it), so never recursive.
                    if secondSignalKills.load(ordering: .relaxed) { _ = raise(s); return }
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
