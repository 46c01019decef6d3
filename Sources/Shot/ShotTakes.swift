// ShotTakes: take files read for the Shot layer, their failures as the command line reports them.

import SceneModel
import TakeFormats

extension JobError {
    /// A take file's failure: an unknown extension is a usage error (exit 2), anything else bad input (exit 1).
    public init(_ e: TakeFileError) {
        self = e.isUsage ? .usage(e.message) : .input(e.message)
    }
}

public enum ShotTakes {
    /// Reads a take file by its extension (or `format`); `TakeFile.read` with `JobError`s. A FreeD file gives
    /// the once-per-process warning that it has no timecode. `allowGaps` keeps a take whose clock jumps.
    public static func read(path: String, format: TakeFileFormat? = nil, freed: FreeDReadOptions = FreeDReadOptions(),
                            allowGaps: Bool = false) throws -> (TakeReadResult, TakeFileFormat) {
        let result: (TakeReadResult, TakeFileFormat)
        do { result = try TakeFile.read(path: path, format: format, freed: freed, allowGaps: allowGaps) } catch { throw JobError(error) }
        if result.1 == .freed { ShotWarnings.warn(ShotWarnings.freedHasNoTimecode(rate: freed.rate.description)) }
        if let first = result.0.notes.first {
            let more = result.0.noted > 1 ? " (and \(result.0.noted - 1) more samples)" : ""
            ShotWarnings.warn("\(path): \(first)\(more)")
        }
        return result
    }
}
