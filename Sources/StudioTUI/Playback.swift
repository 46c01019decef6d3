// Playback: a take's play head — which frame shows, whether it plays — driven by a clock the tests can hold.

import Geometry

/// Monotonic seconds since some start; the viewer uses the system clock, tests a hand-driven one.
protocol ViewerClock: AnyObject {
    var seconds: Double { get }
}

/// `ContinuousClock` seconds since the clock was made.
final class SystemViewerClock: ViewerClock {
    private let start = ContinuousClock.now
    var seconds: Double { (ContinuousClock.now - start).milliseconds / 1000 }
}

/// The play head over `count` frames at `framesPerSecond`, looping while it plays.
struct Playback: Equatable {
    let count: Int
    let framesPerSecond: Double
    private(set) var playhead = 0
    private(set) var playing = true
    /// Clock time at which frame 0 would have shown (while playing).
    private var startSeconds: Double

    init(count: Int, framesPerSecond: Double, now: Double) {
        self.count = max(1, count)
        self.framesPerSecond = framesPerSecond > 0 && framesPerSecond.isFinite ? framesPerSecond : 25
        startSeconds = now
    }

    /// Moves the play head with the clock while playing; true when it moved.
    mutating func advance(now: Double) -> Bool {
        guard playing else { return false }
        let elapsed = max(0, now - startSeconds)
        let frame = Int(elapsed * framesPerSecond) % count
        guard frame != playhead else { return false }
        playhead = frame
        return true
    }

    /// Plays from the frame shown, or pauses.
    mutating func toggle(now: Double) {
        playing.toggle()
        if playing { startSeconds = now - Double(playhead) / framesPerSecond }
    }

    /// Pauses on frame index `i` (clamped to the take).
    mutating func seek(_ i: Int) {
        playing = false
        playhead = min(max(i, 0), count - 1)
    }

    /// Pauses and steps `n` frames (wrapping).
    mutating func step(_ n: Int) {
        playing = false
        playhead = ((playhead + n) % count + count) % count
    }

    /// Stops playing where it is (the camera was taken by the keys).
    mutating func pause() {
        playing = false
    }
}
