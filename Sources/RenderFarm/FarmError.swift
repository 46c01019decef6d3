// FarmError: the farm's failures as the command line reports them, one line each, split into usage and input.

import RenderJobs
import SceneModel

/// Shorthands for `JobError`, the error type the command line maps to exit codes (2 usage, 1 failure).
enum FarmError {
    /// A bad option value or combination: exit code 2.
    static func usage(_ message: String) -> JobError { JobError.usage(message) }
    /// Bad input, an unreachable host, a failed chunk or a missing frame: exit code 1.
    static func input(_ message: String) -> JobError { JobError.input(message) }
}
