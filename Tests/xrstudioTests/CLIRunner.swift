// CLIRunner: runs the built xrstudio binary for end-to-end tests and collects its exit code and output.

import Foundation
import XCTest
import XRTestSupport

extension XCTestCase {
    /// Runs `xrstudio ARGS` to completion (`CommandLineTests.binary`, or $XRSTUDIO_BIN).
    func runCLI(_ args: [String]) throws -> (code: Int32, out: String, err: String) {
        let r = try ExternalTool.capture(CommandLineTests.binary, args)
        return (r.status, r.out, r.err)
    }

    /// Runs the binary from a fresh python3 whose only child it is, and returns its exit code and peak memory
    /// (ru_maxrss of the children, in kB).
    func runMeasured(_ args: [String]) throws -> (code: Int32, maxKB: Int, err: String) {
        let script = """
            import resource, subprocess, sys
            r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            sys.stderr.buffer.write(r.stderr)
            print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let (_, out, err) = try ExternalTool.capture("/usr/bin/env", ["python3", "-c", script, CommandLineTests.binary] + args)
        let f = out.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard f.count == 2 else { throw NSError(domain: "measure", code: 1, userInfo: [NSLocalizedDescriptionKey: out + err]) }
        return (Int32(f[0]), f[1], err)
    }
}
