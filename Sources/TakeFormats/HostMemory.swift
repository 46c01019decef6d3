// HostMemory: the memory this process may use — the machine's, or less where a container or a batch job limits it.

#if canImport(Glibc)
import Glibc
#endif

/// Physical memory, or the memory cgroup's limit when that is lower: a container (`docker run --memory 2g`), a Slurm
/// job with `--mem` under cgroup enforcement, a systemd unit's `MemoryMax`; or the address-space limit (`ulimit -v`,
/// a batch system's per-job virtual memory limit) when that is lower still. Foundation's `physicalMemory` reports
/// the machine's 25 GB inside a 2 GB cgroup, so limits made from it let a job load until the kernel killed it
/// instead of refusing with the estimate.
///
/// Here (TakeFormats) because this is the lowest layer that may read system files, and both the take readers' limits
/// and the command line's default memory budget are made from it.
public enum HostMemory {
    /// The memory this process may use, in bytes (read once).
    public static let bytes: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), page = sysconf(Int32(_SC_PAGESIZE))
        let physical = pages > 0 && page > 0 ? pages * page : 4 << 30
        let limit = cgroupLimit(cgroups: read("/proc/self/cgroup") ?? "", root: "/sys/fs/cgroup", read: read)
        var rl = rlimit()
        // RLIM_INFINITY is all ones; any value past Int.max is no limit either.
        let addressSpace = getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &rl) == 0 && rl.rlim_cur < UInt(Int.max)
            ? Int(rl.rlim_cur) : Int.max
        return Swift.min(physical, limit ?? .max, addressSpace)
    }()

    /// The tightest memory limit of the process's cgroups, or nil when none is set. `cgroups` is /proc/self/cgroup's
    /// text ("0::/path" for cgroup v2, "4:memory:/path" for v1); each limit is looked for at the process's cgroup and
    /// every parent up to the mount's root (a limit on a parent applies too, and in a container the root is the
    /// container's own cgroup): v2's `memory.max` under `root`, v1's `memory.limit_in_bytes` under `root/memory`.
    /// "max" and v1's near-2^63 "unlimited" are no limit.
    static func cgroupLimit(cgroups: String, root: String, read: (String) -> String?) -> Int? {
        var files: [String] = []
        for line in cgroups.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, fields[2].hasPrefix("/") else { continue }
            let path = String(fields[2])
            if fields[0] == "0" && fields[1].isEmpty {
                files += ancestors(path).map { root + $0 + "memory.max" }
            } else if fields[1].split(separator: ",").contains("memory") {
                files += ancestors(path).map { root + "/memory" + $0 + "memory.limit_in_bytes" }
            }
        }
        var tightest: Int?
        for file in files {
            guard let text = read(file)?.split(whereSeparator: { $0 == "\n" || $0 == " " }).first,
                  let value = Int(text), value > 0, value < 1 << 62 else { continue }
            tightest = Swift.min(tightest ?? .max, value)
        }
        return tightest
    }

    /// "/a/b" → ["/a/b/", "/a/", "/"]: a cgroup's folder and its parents', each ending in a slash.
    static func ancestors(_ path: String) -> [String] {
        var parts = path.split(separator: "/").map(String.init)
        var out: [String] = []
        while true {
            out.append("/" + parts.map { $0 + "/" }.joined())
            if parts.isEmpty { return out }
            parts.removeLast()
        }
    }

    /// A small system file's text (at most 4 KB), or nil.
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }
}
