// WorkerPool: runs a frame stage on N workers (Dispatch), with dynamic hand-out of work items.

import Dispatch
import Synchronization

/// Runs `body(worker)` for workers 0..<n concurrently (at most one per core at a time) and returns when all
/// are done. One worker runs on the calling thread, so `n == 1` never leaves it. Also the stage passes' row bands
/// (StagePasses' `bandCount`): one dispatch helper for every layer.
@inlinable @inline(__always)
package func runWorkers(_ n: Int, _ body: (Int) -> Void) {
    if n <= 1 { body(0); return }
    DispatchQueue.concurrentPerform(iterations: n, execute: body)
}

/// A shared counter that hands out work items 0..<count to whichever worker asks first.
final class WorkQueue: Sendable {
    private let next = Atomic<Int>(0)
    let count: Int
    init(count: Int) { self.count = count }

    /// The next item, or nil when all have been taken.
    @inline(__always) func take() -> Int? {
        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return i < count ? i : nil
    }
}
