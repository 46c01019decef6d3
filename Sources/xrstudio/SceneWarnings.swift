// SceneWarnings: writes a loaded scene's warnings to stderr, each distinct line once per run.

import Foundation
import SceneFormat

/// The command line's sink for `SceneFile.warn`: commands load a scene more than once, a warning is said once.
enum SceneWarnings {
    nonisolated(unsafe) static var said = Set<String>()
    static let lock = NSLock()

    @Sendable static func write(_ line: String) {
        let first = lock.withLock { said.insert(line).inserted }
        // Control characters a file put into a warning (an ESC in a name) shown as \xNN, as errors show them.
        if first { _ = (visible(line) + "\n").withCString { fputs($0, stderr) } }
    }
}
