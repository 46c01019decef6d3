// ProcessCPUClock: the CPU time this process has used, for the benchmarks' cpu_ms figure.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time of every thread of this process (user and system), in milliseconds.
///
/// On a shared host a frame's wall time moves with other tenants (time stolen by the hypervisor counts); the CPU
/// time spent on it moves far less, so benchmarks report both: wall time is what a user waits, CPU time is the work.
enum ProcessCPUClock {
    static func milliseconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
    }
}
