// ExternalTool: runs an independent program a test checks our output with (oiiotool, exrheader, pdftoppm, python3).

import Foundation

public enum ExternalTool {
    public struct ToolError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `tool ARGS` found on PATH; returns its stdout, throws with its stderr and the Debian `packages` that
    /// provide it (installed by `make test-deps`) on a nonzero exit.
    public static func run(_ tool: String, _ args: [String], packages: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + args
        let o = Pipe(), e = Pipe()
        p.standardOutput = o
        p.standardError = e
        try p.run()
        let out = o.fileHandleForReading.readDataToEndOfFile(), err = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw ToolError(description: "\(tool) \(args.joined(separator: " ")): exit \(p.terminationStatus): "
                + String(decoding: err, as: UTF8.self) + " (install \(packages): make test-deps)")
        }
        return String(decoding: out, as: UTF8.self)
    }
}
