// Parallel: how the per-pixel passes split rows over worker threads, deterministically. The bands run through
// RasterCore's `runWorkers` (inline for one band, else on Dispatch's workers); every pixel is a function of its
// inputs alone, so the split never changes a result.

/// Bands of rows for a per-pixel pass on `threads` workers: four per worker (interleaved or contiguous, they balance
/// uneven rows), one when `threads` is 1 so that one thread never leaves the caller. The bands only split the work.
@inline(__always) func bandCount(threads: Int, rows: Int) -> Int {
    threads <= 1 ? 1 : max(1, min(threads * 4, rows))
}
