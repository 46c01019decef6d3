// FrameChunkerTests: cutting frames into chunks: uneven tails, chunks larger than the take, --every, and the
// promise the farm rests on: rendering each chunk alone writes exactly the frames of the whole render.

import RenderFarm
import XCTest
import XRTestSupport

final class FrameChunkerTests: XCTestCase {
    func testUnevenLastChunkIsShorter() {
        let chunks = FrameChunker.chunks(Array(0...9), size: 4)
        XCTAssertEqual(chunks.map(\.rangeText), ["0-3", "4-7", "8-9"])
        XCTAssertEqual(chunks.map(\.frames.count), [4, 4, 2])
        XCTAssertEqual(chunks.map(\.index), [0, 1, 2])
    }

    func testChunkLargerThanTheTakeIsOneChunk() {
        let chunks = FrameChunker.chunks(Array(100...150), size: 1000)
        XCTAssertEqual(chunks.count, 1)
        XCTAssertEqual(chunks[0].first, 100)
        XCTAssertEqual(chunks[0].last, 150)
        XCTAssertEqual(chunks[0].frames.count, 51)
    }

    func testOneFrameChunksNameOneFrame() {
        let chunks = FrameChunker.chunks([7, 8], size: 1)
        XCTAssertEqual(chunks.map(\.rangeText), ["7", "8"])
    }

    func testEveryKeepsEveryNthFrameAndChunksCountKeptFrames() {
        let kept = FrameChunker.select(Array(0...20), every: 3)
        XCTAssertEqual(kept, [0, 3, 6, 9, 12, 15, 18])
        let chunks = FrameChunker.chunks(kept, size: 2)
        XCTAssertEqual(chunks.map(\.rangeText), ["0-3", "6-9", "12-15", "18"])
        // Rendering --frames 6-9 --every 3 keeps 6 and 9: the chunk starts on a kept frame.
        XCTAssertEqual(FrameChunker.select(Array(0...20), in: 6...9, every: 3), [6, 9])
    }

    /// Random takes (with gaps in the numbering), ranges, --every and chunk sizes: the chunks' own selections
    /// are disjoint, in order, no larger than the chunk size, and together exactly the whole render's frames.
    func testChunkRendersTogetherAreTheWholeRender() {
        var rng = SplitMix64(seed: 0xFA51)
        for _ in 0..<500 {
            var frames: [Int] = []
            var n = rng.int(50) - 10
            for _ in 0..<(1 + rng.int(80)) {
                frames.append(n)
                n += 1 + (rng.int(6) == 0 ? rng.int(4) : 0)
            }
            let every = 1 + rng.int(5), size = 1 + rng.int(9)
            let whole = FrameChunker.select(frames, every: every)
            let chunks = FrameChunker.chunks(whole, size: size)
            var union: [Int] = []
            for c in chunks {
                let alone = FrameChunker.select(frames, in: c.first...c.last, every: every)
                XCTAssertEqual(alone, c.frames, "chunk \(c.rangeText) every \(every) of \(frames)")
                XCTAssertLessThanOrEqual(alone.count, size)
                union += alone
            }
            XCTAssertEqual(union, whole)
        }
    }
}
