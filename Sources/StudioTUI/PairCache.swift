// PairCache: colour pairs made on demand for direct colour, recycled least-recently-released first.

/// (fg, bg) → curses pair numbers over a fixed range, for colours that cannot have a static table (24-bit RGB).
///
/// Why not `alloc_pair`: ncurses 6.4 stops allocating after 65,537 pairs in direct-colour mode even when pairs
/// are freed (notes/terminal.md §2.2). So pairs are numbered here and defined with `init_extended_pair`:
/// 1. fresh numbers first (cheap: 0.4 µs);
/// 2. then, up to `budget` per frame, the pair released longest ago is redefined. Redefining makes ncurses scan
///    the whole screen for cells of that pair (≈ 1.6 ns per cell, 19.6 µs at 200x60), so only pairs that no
///    cell on screen uses are candidates: the painter `retain`s and `release`s pairs as cells change;
/// 3. when the budget or the free list runs out, `pair` returns nil and the caller calls `reset()`
///    (`reset_color_pairs`: every pair is fresh again and ncurses repaints the screen, which a moving camera
///    needed anyway).
final class PairCache {
    let range: Range<Int32>
    /// Redefinitions allowed per frame (`beginFrame`).
    var budget: Int
    private(set) var redefinitions = 0
    private(set) var resets = 0

    private var keys: [Int64]
    private var refs: [Int32]
    private var prev: [Int32]
    private var next: [Int32]
    private var head: Int32 = -1
    private var tail: Int32 = -1
    private var lookup: [Int64: Int32] = [:]
    private var nextFresh: Int32

    init(range: Range<Int32>, budget: Int = 256) {
        self.range = range
        self.budget = budget
        let n = Int(range.count)
        keys = [Int64](repeating: -1, count: n)
        refs = [Int32](repeating: 0, count: n)
        prev = [Int32](repeating: -1, count: n)
        next = [Int32](repeating: -1, count: n)
        nextFresh = range.lowerBound
    }

    /// Starts counting redefinitions for a new frame.
    func beginFrame() { redefinitions = 0 }

    /// The pair for colour numbers (fg, bg), defining one if needed; nil when none can be had this frame.
    func pair(fg: Int32, bg: Int32) -> Int32? {
        let key = Int64(fg) << 32 | Int64(UInt32(bitPattern: bg))
        if let p = lookup[key] { return p }
        let p: Int32
        if nextFresh < range.upperBound {
            p = nextFresh
            nextFresh += 1
        } else {
            guard redefinitions < budget, head >= 0 else { return nil }
            p = head + range.lowerBound
            unlink(head)
            lookup[keys[Int(p - range.lowerBound)]] = nil
            redefinitions += 1
        }
        guard Curses.initPair(p, fg: fg, bg: bg) else { return nil }
        let i = p - range.lowerBound
        keys[Int(i)] = key
        lookup[key] = p
        linkTail(i)
        return p
    }

    /// A cell on screen now uses pair `p` (pairs outside the range are ignored).
    func retain(_ p: Int32) {
        guard range.contains(p) else { return }
        let i = p - range.lowerBound
        if refs[Int(i)] == 0 { unlink(i) }
        refs[Int(i)] += 1
    }

    /// A cell on screen no longer uses pair `p`.
    func release(_ p: Int32) {
        guard range.contains(p) else { return }
        let i = p - range.lowerBound
        guard refs[Int(i)] > 0 else { return }
        refs[Int(i)] -= 1
        if refs[Int(i)] == 0 { linkTail(i) }
    }

    /// Forgets every pair (`reset_color_pairs`); the caller must repaint every cell.
    func reset() {
        Curses.resetPairs()
        for i in 0..<keys.count {
            keys[i] = -1
            refs[i] = 0
            prev[i] = -1
            next[i] = -1
        }
        head = -1
        tail = -1
        lookup.removeAll(keepingCapacity: true)
        nextFresh = range.lowerBound
        resets += 1
    }

    /// Number of pairs defined so far.
    var defined: Int { Int(nextFresh - range.lowerBound) }

    // Free list: pairs no cell uses, oldest release first (head), linked by index into the range.

    private func linkTail(_ i: Int32) {
        prev[Int(i)] = tail
        next[Int(i)] = -1
        if tail >= 0 { next[Int(tail)] = i } else { head = i }
        tail = i
    }

    private func unlink(_ i: Int32) {
        let p = prev[Int(i)], n = next[Int(i)]
        // Not linked: neither neighbour nor an end points at it.
        guard p >= 0 || n >= 0 || head == i else { return }
        if p >= 0 { next[Int(p)] = n } else { head = n }
        if n >= 0 { prev[Int(n)] = p } else { tail = p }
        prev[Int(i)] = -1
        next[Int(i)] = -1
    }
}
