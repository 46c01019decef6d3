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
}
