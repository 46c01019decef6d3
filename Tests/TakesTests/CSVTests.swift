// CSVTests: the documented CSV header, hand-written fixtures, bad rows by line, missing headers.

import Takes
@testable import TakeFormats
import Geometry
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

    /// Timecoded rows across midnight (25 fps: 23:59:59:23, :24, 00:00:00:00, :01) keep file order, 40 ms apart.
    func testTimecodedRowsAcrossMidnightKeepTheirOrder() throws {
        var text = "timecode,tc_rate,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n"
        for tc in ["23:59:59:23", "23:59:59:24", "00:00:00:00", "00:00:00:01"] { text += "\(tc),25,0,1.5,6,0,0,0\n" }
        let r = try TakeCSV.read(Array(text.utf8))
        XCTAssertEqual(r.rejects, [])
        XCTAssertEqual(r.take.samples.map { $0.timecode!.description }, ["23:59:59:23", "23:59:59:24", "00:00:00:00", "00:00:00:01"])
        let t = r.take.samples.map(\.time)
        for i in 1..<4 { XCTAssertEqual(t[i] - t[i - 1], 0.04, accuracy: 1e-9) }
        XCTAssertEqual(t[2], 86_400, accuracy: 1e-9)
    }

    /// Every distortion column reads, and any one given means all five (the rest 0) with a direction.
    func testDistortionColumns() throws {
        let text = "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,k1,k2,k3,p1,p2,distortion\n"
            + "0,0,1,2,0,0,0,-0.1,0.02,0.003,0.001,-0.002,D-U\n1,0,1,2,0,0,0,-0.1,,,,,\n2,0,1,2,0,0,0,,,,,,Brown-Conrady U-D\n"
            + "3,0,1,2,0,0,0,0.1,,,,,fisheye\n"
        let r = try TakeCSV.read(Array(text.utf8))
        XCTAssertEqual(r.take.samples[0].lens.distortion,
                       LensDistortion(k1: -0.1, k2: 0.02, k3: 0.003, p1: 0.001, p2: -0.002, model: .distortedToUndistorted))
        XCTAssertEqual(r.take.samples[1].lens.distortion, LensDistortion(k1: -0.1))
        XCTAssertNil(r.take.samples[2].lens.distortion)
        XCTAssertEqual(r.rejects.map(\.description), ["line 5: distortion 'fisheye' is not U-D or D-U"])
    }
}
