// StderrNotice: how a job's one-line notices reach the user when no one routes them elsewhere.

import FoundationEssentials
import Geometry
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `line` to stderr as one line, "xrstudio: LINE", control characters shown as `\xNN`: the default of
/// the jobs' `notify` and the command line's own notices.
@Sendable public func noticeOnStderr(_ line: String) {
    _ = "xrstudio: \(visibleText(line))\n".withCString { fputs($0, stderr) }
}
