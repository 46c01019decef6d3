// ProcessCPUClock: the CPU time this process has used, for the benchmarks' cpu_ms figure.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time of every thread of this process (user and system), in milliseconds.
///
/// Benchmarks report it beside wall time: wall time is what a user waits; CPU time is the work (with 2 threads,
/// whether both were busy), without the time the process waited. On a shared host it still moves with the other
/// tenants (a core whose sibling is busy runs slower), so both are compared by alternated runs.
enum ProcessCPUClock {
    static func milliseconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
    }
}
