// TimecodeTests: frame numbers <-> SMPTE labels, drop-frame cases, parsing and rates.

import Takes
import XCTest

final class TimecodeTests: XCTestCase {
    func tc(_ s: String, _ r: FrameRate) -> Timecode { Timecode(parsing: s, rate: r)! }

    func testDropFrame2997MinuteBoundary() {
        let r = FrameRate.fps29_97DF
        XCTAssertEqual(tc("00:00:59;29", r).frameNumber, 1799)
        XCTAssertEqual(Timecode(frame: 1800, rate: r).description, "00:01:00;02")
        XCTAssertEqual(tc("00:01:00;02", r).frameNumber, 1800)
        XCTAssertNil(Timecode(parsing: "00:01:00;00", rate: r), "labels ;00 and ;01 are skipped in minute 1")
        XCTAssertNil(Timecode(parsing: "00:01:00;01", rate: r))
        // Every tenth minute keeps ;00.
        XCTAssertEqual(Timecode(frame: 17982, rate: r).description, "00:10:00;00")
        XCTAssertEqual(Timecode(frame: 17981, rate: r).description, "00:09:59;29")
        XCTAssertEqual(tc("00:10:00;00", r).frameNumber, 17982)
        // One hour of 29.97 DF is 107892 frames (108 labels dropped).
        XCTAssertEqual(tc("01:00:00;00", r).frameNumber, 107_892)
        XCTAssertEqual(Timecode(frame: 107_892, rate: r).description, "01:00:00;00")
    }

    /// Why a text is no label: one drop-frame skips is said as such (the viewer called 10:01:00;00 outside a take
    /// running 10:00:59;20-10:01:01;21), an impossible one is not a timecode, a label is none of these.
    func testInvalidLabelsSayWhy() {
        let df = FrameRate.fps29_97DF, df60 = FrameRate.fps59_94DF
        XCTAssertEqual(Timecode.invalidLabel("10:01:00;00", rate: df),
                       "drop-frame has no such label (it skips frames 00 and 01 of each minute but every tenth)")
        XCTAssertEqual(Timecode.invalidLabel("10:01:00;03", rate: df60),
                       "drop-frame has no such label (it skips frames 00-03 of each minute but every tenth)")
        for label in ["10:01:00;02", "10:10:00;00", "10:00:59;29"] { XCTAssertNil(Timecode.invalidLabel(label, rate: df), label) }
        for bad in ["10:61:00;00", "10:01:00;30", "1:2:3:4", "x"] {
            XCTAssertEqual(Timecode.invalidLabel(bad, rate: df), "not a timecode HH:MM:SS:FF", bad)
        }
        XCTAssertNil(Timecode.invalidLabel("10:01:00:00", rate: FrameRate(numerator: 25, denominator: 1)!))
    }

    func testDropFrame5994() {
        let r = FrameRate.fps59_94DF
        XCTAssertEqual(Timecode(frame: 3599, rate: r).description, "00:00:59;59")
        XCTAssertEqual(Timecode(frame: 3600, rate: r).description, "00:01:00;04")
        XCTAssertNil(Timecode(parsing: "00:01:00;03", rate: r))
        XCTAssertEqual(tc("01:00:00;00", r).frameNumber, 215_784)
    }

    func testRoundTripEveryFrameOfTwentyMinutes() {
        for r in [FrameRate.fps29_97DF, .fps59_94DF, .fps25, .fps23_976, .fps60] {
            for n in stride(from: 0, to: 20 * 60 * 60, by: 7) {
                let t = Timecode(frame: n, rate: r)
                XCTAssertEqual(t.frameNumber, n, "\(r) \(t)")
                XCTAssertEqual(Timecode(parsing: t.description, rate: r), t)
            }
        }
    }

    func testNonDropFormattingAndParsing() {
        XCTAssertEqual(Timecode(frame: 25 * 3600 + 25 * 62 + 3, rate: .fps25).description, "01:01:02:03")
        XCTAssertEqual(tc("01:02:03:04", .fps24).frameNumber, 24 * 3723 + 4)
        XCTAssertNil(Timecode(parsing: "01:02:03:25", rate: .fps25))
        XCTAssertNil(Timecode(parsing: "1:02:03:04", rate: .fps25))
        XCTAssertNil(Timecode(parsing: "01:02:03;04", rate: .fps25), "25 fps has no drop-frame")
        // A ';' with an NDF 29.97 rate reads as drop-frame.
        XCTAssertEqual(tc("00:01:00;02", .fps29_97).rate, .fps29_97DF)
        // 23.976 counts 24 labels per second; real time runs 1.001 slower.
        XCTAssertEqual(tc("00:00:01:00", .fps23_976).secondsSinceMidnight, 1.001, accuracy: 1e-12)
        XCTAssertEqual(Timecode(frame: -1, rate: .fps25).description, "23:59:59:24")
        // Above 99 fps the frames take three digits both ways (a CSV take at 120 fps written by `take convert` was
        // refused on reading, "not a valid label at 120"); two-digit frames still read, and only three digits there.
        let r120 = FrameRate(numerator: 120, denominator: 1, dropFrame: false)!
        XCTAssertEqual(Timecode(frame: 120 * 3600 + 115, rate: r120).description, "01:00:00:115")
        XCTAssertEqual(tc("01:00:00:115", r120).frameNumber, 120 * 3600 + 115)
        XCTAssertEqual(tc("01:00:00:07", r120).frameNumber, 120 * 3600 + 7)
        XCTAssertNil(Timecode(parsing: "01:00:00:120", rate: r120))
        XCTAssertNil(Timecode(parsing: "01:00:00:1x5", rate: r120))
        XCTAssertNil(Timecode(parsing: "01:00:00:015", rate: .fps60), "three digits only above 99 fps")
        for n in stride(from: 0, to: 120 * 5, by: 7) {
            let label = Timecode(frame: n, rate: r120)
            XCTAssertEqual(Timecode(parsing: label.description, rate: r120), label)
        }
        // And as many as the last frame's number takes: four at 1200 fps; never more.
        let r1200 = FrameRate(numerator: 1200, denominator: 1, dropFrame: false)!
        XCTAssertEqual(Timecode(frame: 1199, rate: r1200).description, "00:00:00:1199")
        XCTAssertEqual(tc("00:00:00:1199", r1200).frameNumber, 1199)
        XCTAssertNil(Timecode(parsing: "00:00:00:01199", rate: r1200))
        XCTAssertNil(Timecode(parsing: "01:00:00:1150", rate: r120))
    }

    func testFrameRates() {
        XCTAssertEqual(FrameRate(parsing: "29.97DF"), .fps29_97DF)
        XCTAssertEqual(FrameRate(parsing: "59.94"), .fps59_94)
        XCTAssertEqual(FrameRate(parsing: "30000/1001"), .fps29_97)
        XCTAssertEqual(FrameRate(parsing: "50"), .fps50)
        XCTAssertNil(FrameRate(parsing: "25DF"))
        XCTAssertNil(FrameRate(parsing: "fast"))
        for r in FrameRate.common { XCTAssertEqual(FrameRate(parsing: r.description), r, r.description) }
        XCTAssertEqual(FrameRate.fps29_97DF.nominal, 30)
        XCTAssertEqual(FrameRate.fps23_976.nominal, 24)
        XCTAssertEqual(FrameRate.fps59_94DF.droppedPerMinute, 4)
        XCTAssertEqual(FrameRate.fps25.frame(at: 0.04 * 3), 3)
    }
}

/// Hand-worked drop-frame labels at the boundaries a sequence crosses (item 5 of issue 13).
final class DropFrameLabelTests: XCTestCase {
    func testHandWorkedLabels() throws {
        let r = FrameRate.fps29_97DF
        // 10:00:59;29 → 10:01:00;02 (minute 1 skips ;00 and ;01); 10:09:59;29 → 10:10:00;00 (tenth minute skips none).
        let a = try XCTUnwrap(Timecode(parsing: "10:00:59;29", rate: r))
        XCTAssertEqual(Timecode(frame: a.frameNumber + 1, rate: r).description, "10:01:00;02")
        let b = try XCTUnwrap(Timecode(parsing: "10:09:59;29", rate: r))
        XCTAssertEqual(Timecode(frame: b.frameNumber + 1, rate: r).description, "10:10:00;00")
        // 10:00:59;00 is frame 10 × 107,892 + 59 × 30 = 1,080,690.
        XCTAssertEqual(Timecode(parsing: "10:00:59;00", rate: r)?.frameNumber, 1_080_690)
        // At 59.94 DF minute 1 skips ;00-;03.
        let c = try XCTUnwrap(Timecode(parsing: "10:00:59;59", rate: .fps59_94DF))
        XCTAssertEqual(Timecode(frame: c.frameNumber + 1, rate: .fps59_94DF).description, "10:01:00;04")
    }
}
