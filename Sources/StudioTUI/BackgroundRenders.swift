// BackgroundRenders: `:render A-B` from the viewer — a take's frames written as PNG on a background queue while the
// viewer keeps running; the viewer shows one line when it is done.

import Dispatch
import SceneModel
import Synchronization

/// Runs sequence renders one after another on a utility queue and reports each one's outcome once.
final class BackgroundRenders: Sendable {
    private let queue = DispatchQueue(label: "xrstudio.tui.renders", qos: .utility)
    private let messages = Mutex<[String]>([])
    /// Renders started and not yet finished.
    private let running = Mutex<Int>(0)

    /// Whether a render is still writing frames (quitting would leave it half done).
    var busy: Bool { running.withLock { $0 > 0 } }

    private let run: (@Sendable (SequenceJob) throws -> String)?

    init(run: (@Sendable (SequenceJob) throws -> String)?) {
        self.run = run
    }

    func start(_ job: SequenceJob) {
        running.withLock { $0 += 1 }
        queue.async { [weak self] in
            defer { self?.running.withLock { $0 -= 1 } }
            let text: String
            do {
                guard let run = self?.run else { throw JobError.input("this viewer cannot render sequences") }
                text = try run(job)
            } catch {
                text = "render failed: \(error)"
            }
            self?.messages.withLock { $0.append(text) }
        }
    }

    /// The oldest finished render's line, once.
    func takeMessage() -> String? {
        messages.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}
