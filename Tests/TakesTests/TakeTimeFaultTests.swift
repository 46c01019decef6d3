// TakeTimeFaultTests: broken OpenTrackIO arrays end with their position; glitched clocks are found and named by
// line; huge times never trap the resampler.

@testable import TakeFormats
import Takes
import XCTest

final class TakeTimeFaultTests: XCTestCase {
    /// A stray `}` used to make the array splitter add empty pieces forever; it now stops at its position.
    func testStrayClosingBraceEndsTheArrayAtItsPosition() throws {
        let cases: [(String, line: Int, column: Int)] = [
            ("[}", 1, 2),
            ("[{\"a\":1},{\"b\":2}}", 1, 17),
            ("[\n  {\"a\":1},\n  }", 3, 3),
            ("[\n{\"a\":1} x\n]", 2, 9),
            ("[,]", 1, 2),
        ]
        for (text, line, column) in cases {
            let pieces = JSONValueSplitter.split(Array(text.utf8))
            guard case let .malformed(l, c, reason)? = pieces.last else { return XCTFail("\(text): \(pieces)") }
            XCTAssertEqual(l, line, text)
            XCTAssertEqual(c, column, text)
            XCTAssertTrue(reason.hasPrefix("unexpected "), reason)
            XCTAssertThrowsError(try OpenTrackIO.readStrict(Array(text.utf8)), text) { e in
                XCTAssertEqual((e as? TakeFormatError)?.message.hasPrefix("line \(line), column \(column): unexpected"), true, "\(e)")
            }
            XCTAssertEqual(OpenTrackIO.read(Array(text.utf8)).rejects.last?.location, .line(line))
        }
        // Every generated stray byte after a value ends the split (no input may loop).
        for stray in ["}", "]]", "x", "{", "\"", "1"] {
            let text = "[{\"a\":1}" + stray + String(repeating: "}", count: 50)
            let pieces = JSONValueSplitter.split(Array(text.utf8))
            XCTAssertLessThanOrEqual(pieces.count, 3, text)
        }
    }

    func testOutOfLineStepIsFoundWithItsSamples() {
        var times = (0..<200).map { Double($0) * 0.02 }
        times.insert(1e9, at: 70)  // a glitched row in the middle of the file
        let problems = TakeTimes.check(times)
        guard case let .outOfLine(before, after, step, typical)? = problems.first else { return XCTFail("\(problems)") }
        XCTAssertEqual([before, after], [200, 70])  // from the last regular sample (index 200 after the insert) to it
        XCTAssertEqual(step, 1e9 - 199 * 0.02, accuracy: 1e-3)
        XCTAssertEqual(typical, 0.02, accuracy: 1e-12)
        XCTAssertTrue(problems.contains { if case .tooLong(first: 0, last: 70, _) = $0 { return true }; return false })

        // A zero PTP timestamp among samples stamped in 2026: the jump is from it to the first real sample.
        var ptp = (0..<100).map { 1_764_979_200 + Double($0) * 0.02 }
        ptp[40] = 0
        guard case let .outOfLine(from, to, _, _)? = TakeTimes.check(ptp).first else { return XCTFail() }
        XCTAssertEqual([from, to], [40, 0])

        // Ordinary gaps (a 30 s dropout at 50 Hz) and short takes are fine.
        let early: [Double] = (0..<100).map { Double($0) * 0.02 }
        let late: [Double] = (0..<100).map { 32 + Double($0) * 0.02 }
        XCTAssertEqual(TakeTimes.check(early + late), [])
        XCTAssertEqual(TakeTimes.check([5]), [])
        XCTAssertEqual(TakeTimes.check([0, 3600]), [])
    }

    func testFaultMessagesNameTheLines() throws {
        var csv = "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n"
        for i in 0..<50 { csv += "\(Double(i) * 0.02),0,1.5,0,0,0,0\n" }
        csv += "4000,0,1.5,0,0,0,0\n"
        let r = try TakeCSV.read(Array(csv.utf8))
        XCTAssertEqual(r.timeFaults.map(\.message),
                       ["a jump of 3999.02 s from line 51 (time 0.98 s) to line 52 (time 4000 s), where samples are 0.02 s apart"])
        XCTAssertFalse(r.timeFaults[0].isSpan)
        XCTAssertEqual(TakeTimeFault.seconds(1.7649792e9), "1.76e+09")
        XCTAssertEqual(TakeTimeFault.seconds(99_999_999), "1e+08")
    }

    /// A time of 3.4e38 used to trap converting frames to Int; now the sample is rejected, and the resampler
    /// and the frame rate clamp such times anyway.
    func testHugeTimesNeverTrap() throws {
        var csv = "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n0,0,1.5,0,0,0,0\n3.4e38,0,1.5,0,0,0,0\n"
        csv += "0.04,0,1.5,0,0,0,0\n"
        let r = try TakeCSV.read(Array(csv.utf8))
        XCTAssertEqual(r.take.count, 2)
        XCTAssertEqual(r.rejects.map(\.description), ["line 3: absurd value: time 3.4e+38 s is beyond ±1e10 s"])

        XCTAssertEqual(FrameRate.fps25.frame(at: 3.4e38), FrameRate.largestFrame)
        XCTAssertEqual(FrameRate.fps25.frame(at: -.infinity), -FrameRate.largestFrame)
        XCTAssertEqual(FrameRate.fps25.frame(at: .nan), 0)
        let one = Take(samples: [TrackingSample(time: 3.4e38, position: .zero, pan: 0, tilt: 0, roll: 0)])
        XCTAssertLessThanOrEqual(Resampler(frameRate: .fps25).resample(one).states.count, 1)
        // A take built past the readers (two samples a year apart) resamples at most one day of frames.
        let long = Take(samples: [TrackingSample(time: 0, position: .zero, pan: 0, tilt: 0, roll: 0),
                                  TrackingSample(time: 3e7, position: .zero, pan: 0, tilt: 0, roll: 0)])
        let perSecond = try XCTUnwrap(FrameRate(numerator: 1, denominator: 1))
        XCTAssertEqual(Resampler(frameRate: perSecond).resample(long).states.count, 86_400 + 2)
    }
}
