// ExternalTool: runs an independent program a test checks our output with (oiiotool, exrheader, pdftoppm, python3).

import Foundation

public enum ExternalTool {
    public struct ToolError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `tool ARGS` found on PATH; returns its stdout, throws with its stderr and the Debian `packages` that
    /// provide it (installed by `make test-deps`) on a nonzero exit.
    public static func run(_ tool: String, _ args: [String], packages: String) throws -> String {
        let r = try capture("/usr/bin/env", [tool] + args)
        guard r.status == 0 else {
            throw ToolError(description: "\(tool) \(args.joined(separator: " ")): exit \(r.status): "
                + r.err + " (install \(packages): make test-deps)")
        }
        return r.out
    }

    /// Runs `executable ARGS` to the end (with `environment` when given, else this process's): exit status,
    /// stdout and stderr. The tests' one way to run a program and read all it wrote.
    public static func capture(_ executable: String, _ args: [String], environment: [String: String]? = nil) throws
        -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if let environment { p.environment = environment }
        let o = Pipe(), e = Pipe()
        p.standardOutput = o
        p.standardError = e
        try p.run()
        let out = o.fileHandleForReading.readDataToEndOfFile(), err = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
