// HeapReuseTests: big frames reuse their buffers from frame to frame instead of faulting in fresh pages
// (`keepFrameBuffersInTheHeap` in main.swift).

import Foundation
import XCTest
import XRTestSupport

final class HeapReuseTests: XCTestCase {
    /// Minor page faults of one `xrstudio bench` run of `frames` timed 4K in-camera frames (two warm-up frames
    /// besides), read by Python from the child's rusage.
    private func faults(frames: Int) throws -> Int {
        let script = """
            import resource, subprocess, sys
            r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if r.returncode != 0: sys.exit(r.stderr.decode())
            print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt)
            """
        let scene = SceneRenderTests.scenes.appendingPathComponent("lantern-flat-wall.yaml").path
        let r = try ExternalTool.capture("/usr/bin/env", ["python3", "-c", script, CommandLineTests.binary, "bench", scene,
                                                         "--take", "handheld drift", "--view", "camera", "--size", "3840x2160",
                                                         "--threads", "2", "--frames", String(frames)])
        XCTAssertEqual(r.status, 0, r.err)
        return try XCTUnwrap(Int(r.out.trimmingCharacters(in: .whitespacesAndNewlines)), r.out + r.err)
    }

    /// A 4K in-camera frame's images and depth planes are 33-44 MB each, above glibc's own mmap threshold (at most
    /// 32 MB): without the heap settings every frame faulted them in afresh, about 34,600 minor faults a frame for
    /// this scene; with them, a few hundred. The extra frames of the second run must cost under 3,000 faults each.
    func testFourKFramesReuseTheirBuffers() throws {
        let one = try faults(frames: 1), five = try faults(frames: 5)
        let perFrame = Double(five - one) / 4
        XCTAssertLessThan(perFrame, 3000, "minor page faults per 4K frame (1 frame: \(one), 5 frames: \(five))")
    }
}
