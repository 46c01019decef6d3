// LiveRecordingTests: received samples become a take its readers accept: across midnight, with a stray clock, and
// played back faster than real time.

import LiveTracking
import TakeFormats
import Takes
import XCTest

final class LiveRecordingTests: XCTestCase {
    let rate = FrameRate(numerator: 25, denominator: 1)!

    /// A source-timed sample at timecode frame `frame` (of the day), arriving at `arrival` seconds.
    func timed(_ frame: Int, arrival: Double, x: Double = 0) -> LiveSample {
        let tc = Timecode(frame: frame, rate: rate)
        return LiveSample(sample: TrackingSample(time: tc.secondsSinceMidnight, timecode: tc, position: [x, 1.6, 5], pan: 0,
                                                 tilt: 0, roll: 0),
                          arrival: arrival, sourceTimed: true)
    }

    /// 50 samples from 23:59:59:00 to 00:00:00:24: the take keeps their order and runs 1.96 s (it put the
    /// 00:00 samples first, and its readers saw a day's jump), and it reads back from its own file.
    func testRecordingAcrossMidnight() throws {
        let day = 24 * 3600 * 25
        let samples = (0..<50).map { timed((day - 25 + $0) % day, arrival: 0.04 * Double($0), x: Double($0)) }
        let (take, outOfLine) = LiveRecording.take(from: samples)
        XCTAssertEqual(outOfLine, 0)
        XCTAssertEqual(take.samples.map(\.position.x), (0..<50).map(Double.init))
        XCTAssertEqual(take.samples.last!.time - take.samples.first!.time, 1.96, accuracy: 1e-9)
        let back = try OpenTrackIO.readStrict(try OpenTrackIO.write(take))
        XCTAssertEqual(back.take.count, 50)
        XCTAssertTrue(back.timeFaults.isEmpty, "\(back.timeFaults)")
    }

    /// 23:59:59:24 arriving just after 00:00:00:00 is 0.04 s from its neighbours, not a day: every sample is kept,
    /// the take runs 0.16 s and its file reads back without a time fault (the late sample was left out live, and
    /// the same order in a file was "a jump of 86399.96 s").
    func testALateSampleFromBeforeMidnightStaysInTheTake() throws {
        let day = 24 * 3600 * 25
        // Labels in arrival order: 23:59:59:22, :23, 00:00:00:00, the late 23:59:59:24, 00:00:00:01, :02.
        let order = [day - 3, day - 2, 0, day - 1, 1, 2]
        let samples = order.enumerated().map { timed($0.element, arrival: 0.04 * Double($0.offset), x: Double($0.offset)) }
        let (take, outOfLine) = LiveRecording.take(from: samples)
        XCTAssertEqual(outOfLine, 0)
        XCTAssertEqual(take.count, 6)
        XCTAssertEqual(take.samples.map(\.time).max()! - take.samples.map(\.time).min()!, 0.2, accuracy: 1e-9)
        let back = try OpenTrackIO.readStrict(try OpenTrackIO.write(take))
        XCTAssertEqual(back.take.count, 6)
        XCTAssertTrue(back.timeFaults.isEmpty, "\(back.timeFaults)")
        // The same order in a JSON Lines file, one sample a line as written, through a file's reader.
        let lines = try samples.flatMap { try OpenTrackIO.write(Take(samples: [$0.sample])) }
        let file = try OpenTrackIO.readStrict(lines)
        XCTAssertTrue(file.timeFaults.isEmpty, "\(file.timeFaults)")
        XCTAssertEqual(file.take.samples.map(\.time).max()! - file.take.samples.map(\.time).min()!, 0.2, accuracy: 1e-9)
    }

    /// A sample without timing among timecoded ones goes on their clock by its arrival (it was timed from 0, a
    /// 10-hour jump that made the recording a take its readers refuse).
    func testAnUntimedSampleAmongTimedOnesFollowsTheirClock() throws {
        var samples = (0..<25).map { timed(36000 * 25 + $0, arrival: 1 + 0.04 * Double($0)) }
        let untimed = LiveSample(sample: TrackingSample(time: 1.5, timecode: nil, position: [9, 1.6, 5], pan: 0, tilt: 0, roll: 0),
                                 arrival: 1.5, sourceTimed: false)
        samples.insert(untimed, at: 13)  // arrives 0.02 s after the sample of 10:00:00:12
        let (take, outOfLine) = LiveRecording.take(from: samples)
        XCTAssertEqual(outOfLine, 0)
        XCTAssertEqual(take.count, 26)
        let placed = try XCTUnwrap(take.samples.first { $0.position.x == 9 })
        XCTAssertEqual(placed.time, 36000 + 0.48 + 0.02, accuracy: 1e-9)
        let back = try TakeCSV.read(TakeCSV.write(take))
        XCTAssertTrue(back.timeFaults.isEmpty, "\(back.timeFaults)")
    }

    /// One sample whose clock is years off is left out (counted); the rest is a take with no time faults.
    func testAStrayClockIsLeftOut() throws {
        var samples = (0..<100).map { timed(36000 * 25 + $0, arrival: 0.04 * Double($0)) }
        samples[40].sample.time -= 7e8
        let (take, outOfLine) = LiveRecording.take(from: samples)
        XCTAssertEqual(outOfLine, 1)
        XCTAssertEqual(take.count, 99)
        XCTAssertTrue(TakeTimeFault.find(times: take.samples.map(\.time)) { .line($0) }.isEmpty)
    }

    /// Three samples of a stale clock (01:00:00) ahead of the take (10:00:10): they agree among themselves, so the
    /// neighbours' test kept one, and the take had a 9-hour jump its readers refused. A group of up to `strayGroup`
    /// out of line with the rest is left out; a larger one (a real gap, the tracker restarted) is kept.
    func testAFewSamplesOfAStaleClockAreLeftOut() throws {
        let stale = (0..<3).map { timed(3600 * 25 + $0, arrival: 0.01 * Double($0)) }
        let take = (0..<100).map { timed(36010 * 25 + $0, arrival: 0.03 + 0.04 * Double($0)) }
        let (kept, outOfLine) = LiveRecording.take(from: stale + take)
        XCTAssertEqual(outOfLine, 3)
        XCTAssertEqual(kept.count, 100)
        XCTAssertTrue(TakeTimeFault.find(times: kept.samples.map(\.time)) { .line($0) }.isEmpty)
        // Eight stale samples are strays too; nine on their own clock are a part of the take.
        XCTAssertEqual(LiveRecording.take(from: (0..<8).map { timed(3600 * 25 + $0, arrival: 0) } + take).outOfLine, 8)
        let halves = (0..<9).map { timed(3600 * 25 + $0, arrival: 0.04 * Double($0)) } + take
        XCTAssertEqual(LiveRecording.take(from: halves).outOfLine, 0)
        // Two groups of eight: which clock is stale cannot be told, so neither is dropped (the earlier in time was
        // kept and the take dropped; `record` warns of the gap instead).
        let stale8: [LiveSample] = (0..<8).map { timed(3600 * 25 + $0, arrival: 0.01 * Double($0)) }
        let real8: [LiveSample] = (0..<8).map { timed(36010 * 25 + $0, arrival: 0.1 + 0.04 * Double($0)) }
        let even = stale8 + real8
        XCTAssertEqual(LiveRecording.take(from: even).outOfLine, 0)
    }

    /// A sparse sender (a sample every 2 minutes) keeps every sample: a stray is out of line with its group's own
    /// pace, not with a minute (every sample was dropped, "no samples arrived", and the journal removed). Three
    /// samples on three clocks an hour apart are all kept too: never every sample.
    func testASparseSenderKeepsEverySample() throws {
        let sparse = (0..<10).map { timed(36000 * 25 + $0 * 120 * 25, arrival: Double($0) * 0.01) }
        let (take, outOfLine) = LiveRecording.take(from: sparse)
        XCTAssertEqual(outOfLine, 0)
        XCTAssertEqual(take.count, 10)
        let clocks = [3600, 7200, 10800].map { timed($0 * 25, arrival: 0) }
        XCTAssertEqual(LiveRecording.take(from: clocks).take.count, 3)
    }

    /// A 10-minute take played back in 2 seconds: every sample is kept (neighbours agree; the whole recording's
    /// clock runs 300 times faster than arrival).
    func testFastPlaybackKeepsEverySample() {
        let samples = (0..<15_000).map { timed(36000 * 25 + $0, arrival: Double($0) / 7500) }
        let (take, outOfLine) = LiveRecording.take(from: samples)
        XCTAssertEqual(outOfLine, 0)
        XCTAssertEqual(take.count, 15_000)
    }
}
