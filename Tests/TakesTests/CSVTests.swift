// CSVTests: the documented CSV header, hand-written fixtures, bad rows by line, missing headers.

import Takes
@testable import TakeFormats
import XCTest

final class CSVTests: XCTestCase {
    func testDollyFixture() throws {
        let r = try TakeCSV.read(try TakeFixtures.read(TakeFixtures.fixture("dolly.csv")))
        XCTAssertEqual(r.rejects, [])
        XCTAssertEqual(r.take.count, 6)
        XCTAssertEqual(r.take.timecodeRate, .fps25)
        XCTAssertEqual(r.take.sourceRate ?? 0, 25, accuracy: 1e-6)
        XCTAssertEqual(r.take.duration, 0.2, accuracy: 1e-9)
        let last = r.take.samples[5]
        XCTAssertEqual(last.timecode?.description, "10:00:00:05")
        XCTAssertEqual(last.time, 36000.2, accuracy: 1e-9)
        XCTAssertEqual(last.lens, LensSample(focalLength: 35.8, focusDistance: 3.4, fStop: 2.8, k1: -0.05, k2: 0.01,
                                             entrancePupilOffset: 0.12))
        XCTAssertEqual(r.take.focalLengthRange?.min, 35)
        XCTAssertEqual(r.take.focalLengthRange?.max, 35.8)
    }

    func testBadRowsAreReportedByLine() throws {
        let r = try TakeCSV.read(try TakeFixtures.read(TakeFixtures.fixture("broken.csv")))
        XCTAssertEqual(r.take.count, 2)
        let expected: [(Int, String)] = [(3, "x_m 'zero' is not a number"), (4, "y_m is not a finite number"),
                                         (5, "absurd value: z"), (6, "pan_deg is empty")]
        XCTAssertEqual(r.rejects.count, expected.count)
        for (reject, (line, text)) in zip(r.rejects, expected) {
            XCTAssertEqual(reject.location, .line(line))
            XCTAssertTrue(reject.reason.hasPrefix(text), reject.reason)
        }
    }

    func testHeaderProblemsThrow() {
        let rows: [(String, String)] = [("", "no header"), ("# only a comment\n", "no header"),
                                        ("time_s,x_m,y_m,z_m,pan_deg,tilt_deg\n", "roll_deg"),
                                        ("x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n", "time_s")]
        for (text, needle) in rows {
            XCTAssertThrowsError(try TakeCSV.read(Array(text.utf8)), text) {
                XCTAssertTrue("\($0)".contains(needle), "\($0)")
            }
        }
    }

    func testColumnsInAnyOrderWithCRLFAndUnknownColumns() throws {
        let text = "roll_deg,pan_deg,tilt_deg,z_m,y_m,x_m,time_s,notes\r\n0,10,5,3,2,1,0.5,hello\r\n"
        let r = try TakeCSV.read(Array(text.utf8))
        XCTAssertEqual(r.rejects, [])
        XCTAssertEqual(r.take.samples[0].position, SIMD3(1, 2, 3))
        XCTAssertEqual(r.take.samples[0].pan, 10)
        XCTAssertEqual(r.take.samples[0].time, 0.5)
    }
}
