// HostMemoryTests: the memory a process may use — cgroup v1 and v2 limits found at the process's cgroup or a parent,
// "max" and v1's "unlimited" ignored; and, when this machine lets the test make one, a real cgroup's limit.

@testable import TakeFormats
import Foundation
import XCTest
import XRTestSupport

final class HostMemoryTests: XCTestCase {
    /// A fake /sys/fs/cgroup: file path → text.
    func limit(_ cgroups: String, _ files: [String: String]) -> Int? {
        HostMemory.cgroupLimit(cgroups: cgroups, root: "/cg", read: { files[$0] })
    }

    func testAncestors() {
        XCTAssertEqual(HostMemory.ancestors("/a/b"), ["/a/b/", "/a/", "/"])
        XCTAssertEqual(HostMemory.ancestors("/"), ["/"])
    }

    func testCgroupV2LimitsAtTheGroupAndItsParents() {
        let text = "0::/system.slice/job_42/step_0\n"
        XCTAssertNil(limit(text, [:]))
        XCTAssertNil(limit(text, ["/cg/system.slice/job_42/step_0/memory.max": "max\n"]))
        XCTAssertEqual(limit(text, ["/cg/system.slice/job_42/step_0/memory.max": "2147483648\n"]), 2_147_483_648)
        // A tighter parent (a Slurm job's limit above its step's) wins; so does the mount's root in a container.
        XCTAssertEqual(limit(text, ["/cg/system.slice/job_42/step_0/memory.max": "max\n",
                                    "/cg/system.slice/job_42/memory.max": "1073741824\n",
                                    "/cg/memory.max": "4294967296\n"]), 1_073_741_824)
        XCTAssertEqual(limit("0::/\n", ["/cg/memory.max": "536870912\n"]), 536_870_912)
    }

    func testCgroupV1LimitsAndUnlimited() {
        // This machine's own form: several v1 hierarchies, the memory one at 4.
        let text = "9:name=systemd:/\n4:memory:/process_api/abc\n3:cpuset:/\n0::/\n"
        XCTAssertNil(limit(text, ["/cg/memory/process_api/abc/memory.limit_in_bytes": "9223372036854771712\n"]))
        XCTAssertEqual(limit(text, ["/cg/memory/process_api/abc/memory.limit_in_bytes": "9223372036854771712\n",
                                    "/cg/memory/process_api/memory.limit_in_bytes": "3221225472\n"]), 3_221_225_472)
        // Joined controllers ("memory,cpu") count; a cpu line's path does not.
        XCTAssertEqual(limit("5:cpu,memory:/x\n", ["/cg/memory/x/memory.limit_in_bytes": "1000000\n"]), 1_000_000)
        XCTAssertNil(limit("5:cpu:/x\n", ["/cg/memory/x/memory.limit_in_bytes": "1000000\n"]))
        // Garbage in either file, or in /proc/self/cgroup, is no limit.
        XCTAssertNil(limit(text, ["/cg/memory/process_api/abc/memory.limit_in_bytes": "lots\n"]))
        XCTAssertNil(limit("nonsense\n::\n0:\n", ["/cg/memory.max": "1"]))
        XCTAssertNil(limit(text, ["/cg/memory/memory.limit_in_bytes": "0\n"]))
    }

    /// The process's own figure is at most the machine's, and at least something.
    func testThisProcess() {
        XCTAssertGreaterThan(HostMemory.bytes, 64 << 20)
        XCTAssertLessThanOrEqual(UInt64(HostMemory.bytes), ProcessInfo.processInfo.physicalMemory)
    }

    /// A real memory cgroup of 1.5 GB (`MemoryCgroup`, made where the machine allows it): a shell moved into it
    /// reads its /proc/self/cgroup, and the limit is found through the real /sys/fs/cgroup layout.
    func testARealCgroupLimitIsFound() throws {
        let limitBytes = 1_610_612_736
        guard let group = MemoryCgroup.make(limit: limitBytes) else {
            throw XCTSkip("cannot make a memory cgroup here (needs root and a writable memory hierarchy); the fake trees above cover the logic")
        }
        defer { group.remove() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = group.shell("cat /proc/self/cgroup")
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(HostMemory.cgroupLimit(cgroups: text, root: "/sys/fs/cgroup", read: HostMemory.read), limitBytes, text)
    }
}
