// GrowBuffer: an append-only buffer reused frame after frame, without Array's per-append checks.

/// A growable buffer of trivial values owned by one worker at a time; `reset()` keeps the capacity.
final class GrowBuffer<T> {
    private(set) var base: UnsafeMutablePointer<T>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always) func reset() { count = 0 }

    @inline(__always) func append(_ v: T) {
        if count == capacity { grow(to: capacity * 2) }
        (base + count).initialize(to: v)
        count += 1
    }

    /// Makes room for `n` elements in total, keeping the contents.
    func reserve(_ n: Int) {
        if n > capacity { grow(to: max(n, capacity * 2)) }
    }

    /// Sets the count to `n` (after `reserve`), for buffers filled by index.
    @inline(__always) func setCount(_ n: Int) {
        precondition(n <= capacity)
        count = n
    }

    private func grow(to n: Int) {
        let nb = UnsafeMutablePointer<T>.allocate(capacity: n)
        nb.moveInitialize(from: base, count: count)
        base.deallocate()
        base = nb
        capacity = n
    }

    @inline(__always) subscript(i: Int) -> T {
        get { base[i] }
        set { base[i] = newValue }
    }
}
