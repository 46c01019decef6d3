// Parallel: how the per-pixel passes split rows over worker threads (Dispatch), deterministically.

import Dispatch

/// Runs `body(band)` for bands 0..<n: inline for one band, else on Dispatch's workers. Every pixel is a function
/// of its inputs alone, so the split never changes a result.
@inline(__always) func parallelBands(_ n: Int, _ body: (Int) -> Void) {
    if n <= 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: n, execute: body) }
}

/// Bands of rows for a per-pixel pass on `threads` workers: four per worker (interleaved or contiguous, they balance
/// uneven rows), one when `threads` is 1 so that one thread never leaves the caller. The bands only split the work.
@inline(__always) func bandCount(threads: Int, rows: Int) -> Int {
    threads <= 1 ? 1 : max(1, min(threads * 4, rows))
}
