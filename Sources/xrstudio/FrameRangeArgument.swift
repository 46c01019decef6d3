// FrameRangeArgument: `--frames A-B` (or one number), as render, analyze and farm read it.

import SceneModel

/// Frame numbers `A-B` with A <= B, or one number `A`; a usage error otherwise.
func parseFrameRange(_ text: String) throws -> ClosedRange<Int> {
    let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
    if parts.count == 1, let a = Int(parts[0]) { return a...a }
    if parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a <= b { return a...b }
    throw JobError.usage("--frames '\(text)': expected A-B with A <= B (frame numbers), or one number")
}
