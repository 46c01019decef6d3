// CLIRunner: runs the built xrstudio binary for end-to-end tests and collects its exit code and output.

import Foundation
import XCTest

extension XCTestCase {
    /// Runs `xrstudio ARGS` to completion (`CommandLineTests.binary`, or $XRSTUDIO_BIN).
    func runCLI(_ args: [String]) throws -> (code: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        p.arguments = args
        let o = Pipe(), e = Pipe()
        p.standardOutput = o
        p.standardError = e
        try p.run()
        let out = o.fileHandleForReading.readDataToEndOfFile(), err = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
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
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, CommandLineTests.binary] + args
        let o = Pipe(), e = Pipe()
        p.standardOutput = o
        p.standardError = e
        try p.run()
        let out = String(decoding: o.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: e.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let f = out.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard f.count == 2 else { throw NSError(domain: "measure", code: 1, userInfo: [NSLocalizedDescriptionKey: out + err]) }
        return (Int32(f[0]), f[1], err)
    }
}
