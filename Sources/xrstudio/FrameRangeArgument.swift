// FrameRangeArgument: `--frames A-B` (or one number), as render, analyze and farm read it.

import SceneModel

/// Frame numbers `A-B` with A <= B, or one number `A`; either may be negative (a take without timecode whose clock
/// starts below zero numbers its first frames so): `-5--2`, `-5-3`. A usage error otherwise.
func parseFrameRange(_ text: String) throws -> ClosedRange<Int> {
    if let a = Int(text) { return a...a }
    // The separator: the first '-' after a digit.
    let chars = Array(text)
    if let k = chars.indices.dropFirst().first(where: { chars[$0] == "-" && chars[$0 - 1].isASCII && chars[$0 - 1].isNumber }),
       let a = Int(String(chars[..<k])), let b = Int(String(chars[(k + 1)...])), a <= b {
        return a...b
    }
    throw JobError.usage("--frames '\(text)': expected A-B with A <= B (frame numbers), or one number")
}
