// StopSignal: SIGINT/SIGTERM/SIGHUP handlers that only set a flag, so a run that writes files (a sequence, a
// recording, a farm run) can finish what it is writing and leave its sidecar or take whole. The one stop signal of
// the app.

#if canImport(Glibc)
import Glibc
#endif
import Synchronization

private let stopRequested = Atomic<Int32>(0)

private let secondSignalKills = Atomic<Bool>(true)

/// Whether SIGHUP was ignored when the handlers were installed (`nohup`), so `uninstall` leaves it ignored.
private let hangupWasIgnored = Atomic<Bool>(false)

/// Whether `sig` is one this run handles: every stop signal but a SIGHUP that `nohup` ignored.
private func handled(_ sig: Int32) -> Bool { sig != SIGHUP || !hangupWasIgnored.load(ordering: .relaxed) }

/// Records the signal. A second Ctrl-C or SIGTERM after one of them restores the default actions and, with
/// `secondSignalKills`, raises itself again: the user insists. A hangup never does: a closed SSH session delivers
/// SIGHUP twice, 0.1-0.3 ms apart (the shell passes it on, then the kernel sends it to the foreground group), and the
/// second killed a recording before its take was written. Nor does a stop that came from a closed pipe count as the
/// first of two.
private func stopHandler(_ s: Int32) {
    let before = stopRequested.load(ordering: .relaxed)
    if s != SIGHUP && (before == SIGINT || before == SIGTERM) {
        for sig in StopSignal.signals where handled(sig) { _ = signal(sig, SIG_DFL) }
        // Delivered when the handler returns (the signal is blocked inside it), so never recursive.
        if secondSignalKills.load(ordering: .relaxed) { _ = raise(s); return }
    }
    if before == 0 || before == SIGPIPE { stopRequested.store(s, ordering: .relaxed) }
}

/// A closed pipe on stdout (`render --progress json | head -n 1`) stops the run as a signal does, once: the process
/// died of SIGPIPE and left its frames' temporaries. Every later write to the pipe raises SIGPIPE again, so this one
/// never kills. (A handler, not SIG_IGN: handlers are reset at exec, so the programs a farm run starts keep theirs.)
private func pipeHandler(_ s: Int32) {
    _ = stopRequested.compareExchange(expected: 0, desired: s, ordering: .relaxed)
}

/// Installs SIGINT, SIGTERM and SIGHUP handlers that record the signal (async-signal-safe: atomic loads and stores).
/// SIGHUP is the one a closed SSH session or terminal sends: a recording over SSH whose link dropped was killed
/// with its take unwritten. A SIGHUP already ignored (`nohup`) stays ignored. A second signal restores the default
/// action and, with `secondSignalKills`, raises itself again, so pressing Ctrl-C twice quits at once (it waited for
/// a third). Without it (a farm run, whose scheduler must be told and waited for) the second is only recorded and
/// a third kills.
public enum StopSignal {
    /// The signals that stop a run.
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    public static func install(secondSignalKills kills: Bool = true) {
        stopRequested.store(0, ordering: .relaxed)
        secondSignalKills.store(kills, ordering: .relaxed)
        hangupWasIgnored.store(isIgnored(SIGHUP), ordering: .relaxed)
        for sig in signals where handled(sig) { _ = signal(sig, stopHandler) }
        if !isIgnored(SIGPIPE) { _ = signal(SIGPIPE, pipeHandler) }
    }

    /// Restores the default actions (SIGHUP's ignored one under `nohup`).
    public static func uninstall() {
        for sig in signals where handled(sig) { _ = signal(sig, SIG_DFL) }
        if !isIgnored(SIGPIPE) { _ = signal(SIGPIPE, SIG_DFL) }
    }

    /// The signal received since `install()` (SIGINT, SIGTERM, SIGHUP, or SIGPIPE from a closed stdout), or nil.
    public static var received: Int32? {
        let s = stopRequested.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }

    /// Whether `sig`'s disposition is SIG_IGN now.
    static func isIgnored(_ sig: Int32) -> Bool {
        var current = sigaction()
        guard sigaction(sig, nil, &current) == 0 else { return false }
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1  // SIG_IGN is (handler)1
    }
}
