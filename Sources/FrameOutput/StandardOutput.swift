// StandardOutput: why a write to stdout failed, kept from the moment it failed; and whether stderr can redraw a line.

#if canImport(Glibc)
import Glibc
#endif
import Synchronization

private let firstFailure = Atomic<Int32>(0)

/// The reason of the first failed stdout write, for the one line the app prints at exit. Read at exit, `errno` is
/// whatever the last call left ("no such file or directory" for a progress line that failed with ENOSPC), so writers
/// that flush as they go record it when it happens.
public enum StandardOutput {
    /// Flushes stdout and records `errno` when that fails (the first failure wins).
    public static func flush() {
        if fflush(stdout) != 0 { record(errno) }
    }

    /// Records `code` as the first failure, unless one is recorded.
    public static func record(_ code: Int32) {
        _ = firstFailure.compareExchange(expected: 0, desired: code, ordering: .relaxed)
    }

    /// The first failure recorded, or 0.
    public static var failure: Int32 { firstFailure.load(ordering: .relaxed) }
}

/// What stderr is: the terminal a progress bar or status line is redrawn on, or a log.
public enum StandardError {
    /// A terminal that can redraw a line in place: stderr is a tty and TERM is not `dumb` (which cannot move the
    /// cursor). Progress bars and live status lines redraw there, and print plain lines otherwise.
    public static var redrawsLines: Bool {
        isatty(2) == 1 && getenv("TERM").map { String(cString: $0) != "dumb" } ?? true
    }
}
