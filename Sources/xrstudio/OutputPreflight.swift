// OutputPreflight: the check before work whose output cannot be made again (a recording, a recovered take).

import FrameOutput
import SceneModel

/// Checks that `path` can be written when the work ends (`AtomicFile.preflight`): an existing file without
/// `overwrite` is "PATH: already exists (use --overwrite to replace it…)" with `hint` appended; other failures are
/// the writer's own message. Both are input errors (exit 1).
func preflightOutput(_ path: String, overwrite: Bool, hint: String = "") throws {
    do {
        try AtomicFile.preflight(path, overwrite: overwrite)
    } catch let e as AtomicFileError where e.refusedExisting {
        throw JobError.input("\(path): already exists (use --overwrite to replace it\(hint))")
    } catch {
        throw JobError.input("\(error)")
    }
}
