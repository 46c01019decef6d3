// BackgroundRenders: `:render A-B` from the viewer — a take's frames written as PNG on a background queue while the
// viewer keeps running; the viewer shows one line when it is done.

import Dispatch
import RenderJobs
import Synchronization

/// Runs sequence renders one after another on a utility queue and reports each one's outcome once.
final class BackgroundRenders: Sendable {
    private let queue = DispatchQueue(label: "xrstudio.tui.renders", qos: .utility)
    private let messages = Mutex<[String]>([])

    func start(scenePath: String, take: String, frames: ClosedRange<Int>, view: XRView, out: String) {
        queue.async { [weak self] in
            var r = SequenceRequest(scenePath: scenePath, take: take, outDirectory: out, frames: frames, threads: 1,
                                    skipExisting: true)
            r.view = view
            let text: String
            do {
                let result = try SequenceRender.run(r)
                text = "rendered \(result.written) frames (\(result.skipped) kept) to \(out)/"
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
