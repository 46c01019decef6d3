// FrameChunk: a sequence cut into pieces a scheduler can hand out, each one `render --frames A-B [--every N]`.

/// One contiguous piece of a sequence: the frames one task renders.
///
/// `first` and `last` are frame numbers (the take's timecode frame numbers at the render rate); `frames` are the
/// numbers the chunk writes. With `--every N` they are every Nth frame from `first`, which is why chunks always
/// start on a frame the whole render would keep: `render --frames first-last --every N` then writes exactly
/// `frames`, the same files the whole render writes for that span.
public struct FrameChunk: Sendable, Equatable, Codable {
    public var index: Int
    public var first: Int
    public var last: Int
    public var frames: [Int]

    public init(index: Int, first: Int, last: Int, frames: [Int]) {
        self.index = index; self.first = first; self.last = last; self.frames = frames
    }

    /// `A-B`, or `A` for a one-frame chunk: the value of `--frames`.
    public var rangeText: String { first == last ? "\(first)" : "\(first)-\(last)" }

    enum CodingKeys: String, CodingKey { case index, first, last, frames }
}

/// Cuts a render's frames into chunks, the way `render --frames` and `--every` select them.
public enum FrameChunker {
    /// The frames a render keeps from an ascending list of frame numbers: the first, then every `every`th
    /// (what `render --every` does to the frames in its `--frames` range).
    public static func select(_ frames: [Int], every: Int) -> [Int] {
        precondition(every >= 1, "every must be 1 or more")
        return frames.enumerated().filter { $0.offset % every == 0 }.map(\.element)
    }

    /// The frames of an ascending list that fall in `range`, then thinned by `every`: one chunk's render.
    public static func select(_ frames: [Int], in range: ClosedRange<Int>, every: Int) -> [Int] {
        select(frames.filter { range.contains($0) }, every: every)
    }

    /// Consecutive chunks of `size` selected frames (the last may be shorter). `selected` must be ascending.
    public static func chunks(_ selected: [Int], size: Int) -> [FrameChunk] {
        precondition(size >= 1, "chunk size must be 1 or more")
        var out: [FrameChunk] = []
        var start = 0
        while start < selected.count {
            let end = min(start + size, selected.count)
            let part = Array(selected[start..<end])
            out.append(FrameChunk(index: out.count, first: part.first!, last: part.last!, frames: part))
            start = end
        }
        return out
    }
}
