// MemoryCgroup: a memory cgroup with a limit, for tests that run a process under a container's or a batch job's
// memory limit (made only where the machine allows it: root and a writable v2 or v1 memory hierarchy).

import Foundation

/// A new memory cgroup limited to `bytes`, removed by `remove()`.
public struct MemoryCgroup {
    public let path: String

    /// Makes the group under the hierarchy's root (v2, else v1) and sets its limit; nil where that is not allowed.
    public static func make(limit bytes: Int) -> MemoryCgroup? {
        let name = "xrstudio-test-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
        for (root, file) in [("/sys/fs/cgroup", "memory.max"), ("/sys/fs/cgroup/memory", "memory.limit_in_bytes")]
            where FileManager.default.fileExists(atPath: root + "/cgroup.procs") {
            let group = root + "/" + name
            guard mkdir(group, 0o755) == 0 else { continue }
            if (try? "\(bytes)\n".write(toFile: group + "/" + file, atomically: false, encoding: .utf8)) != nil {
                return MemoryCgroup(path: group)
            }
            rmdir(group)
        }
        return nil
    }

    /// `/bin/sh -c` arguments that move the shell into the group and then run `command`.
    public func shell(_ command: String) -> [String] { ["-c", "echo $$ > '\(path)/cgroup.procs' && \(command)"] }

    /// Removes the group (once its processes have ended).
    public func remove() { rmdir(path) }
}
