// SequenceStop: SIGINT/SIGTERM handlers for a sequence render that only set a flag, so the render can stop
// submitting frames, let the encoders finish, and write its sidecar (the LiveTracking StopSignal, for RenderJobs).

#if canImport(Glibc)
    import Glibc
#endif
import Synchronization

private let sequenceStopRequested = Atomic<Int32>(0)

/// Installs SIGINT and SIGTERM handlers that record the signal (one atomic store, async-signal-safe). A second
/// signal restores the default actions, so pressing Ctrl-C twice quits at once.
public enum SequenceStop {
    public static func install() {
        sequenceStopRequested.store(0, ordering: .relaxed)
        for sig in [SIGINT, SIGTERM] {
            _ = signal(sig) { s in
                if sequenceStopRequested.load(ordering: .relaxed) != 0 {
                    _ = signal(SIGINT, SIG_DFL)
                    _ = signal(SIGTERM, SIG_DFL)
                }
                sequenceStopRequested.store(s, ordering: .relaxed)
            }
        }
    }

    public static func uninstall() {
        _ = signal(SIGINT, SIG_DFL)
        _ = signal(SIGTERM, SIG_DFL)
    }

    /// The signal received since `install()`, or nil.
    public static var received: Int32? {
        let s = sequenceStopRequested.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
}
