// OpenTrackIOTests: the official OpenTrackIO examples, axis and pan mapping, JSON Lines and array splitting.

import Takes
@testable import TakeFormats
import XCTest

final class OpenTrackIOTests: XCTestCase {
    func sharedSample(_ name: String) throws -> [UInt8] {
        let dir = TakeFixtures.openTrackIOSamples
        guard TakeFixtures.exists(dir) else {
            XCTFail("../shared/samples is absent (a user's clone): these tests need it beside the project")
            throw XCTSkip("no shared samples")
        }
        return try TakeFixtures.read(dir + "/" + name)
    }

    func testOfficialExamples() throws {
        for name in ["recommended_dynamic_example.json", "recommended_static_example.json", "complete_static_example.json"] {
            let r = OpenTrackIO.read(try sharedSample(name))
            XCTAssertEqual(r.rejects, [], name)
            XCTAssertEqual(r.take.count, 1, name)
            let s = try XCTUnwrap(r.take.samples.first)
            if name == "complete_static_example.json" {
                // Dolly → Crane Arm → Camera, each (1, 2, 3) m turned (180, 90, 45)°, composed in order:
                // p = t + R t + R² t and R³, R = Rz(180)·Rx(90)·Ry(45) (intrinsic ZXY). Worked independently with
                // numpy matrices: p = (−1.24264, 6.82843, 6.41421) → scene (−1.24264, 6.41421, −6.82843); the
                // sensor's forward (+Y) in scene axes (0.5, 0.70711, −0.5), its up (+Z) (−0.85355, 0.5, −0.14645).
                let want: [(SIMD3<Double>, SIMD3<Double>)] = [
                    (s.position, [-1.2426406871, 6.4142135624, -6.8284271247]),
                    (s.orientation.forward, [0.5, 0.7071067812, -0.5]),
                    (s.orientation.up, [-0.8535533906, 0.5, -0.1464466094])]
                for (got, w) in want {
                    for k in 0..<3 { XCTAssertEqual(got[k], w[k], accuracy: 1e-9, name) }
                }
            } else {
                // One transform: translation (1, 2, 3) Z-up/Y-forward -> scene (1, 3, -2); rotation (180, 90, 45),
                // pan negated.
                XCTAssertEqual(s.position, SIMD3(1, 3, -2), name)
                XCTAssertEqual(s.pan, -180)
                XCTAssertEqual(s.tilt, 90)
                XCTAssertEqual(s.roll, 45)
            }
            XCTAssertEqual(s.timecode?.description, "01:02:03:04")
            XCTAssertEqual(s.timecode?.rate, .fps23_976)
            XCTAssertEqual(s.lens.focalLength, 24.305)
            XCTAssertEqual(s.lens.focusDistance, 10)
            XCTAssertEqual(s.lens.fStop, 4)
            XCTAssertEqual(s.lens.entrancePupilOffset, 0.123)
            // The examples' distortion is placeholder numbers (radial 1…6, tangential 1, 2): p2 = 2 is no lens, so
            // the sample keeps its pose and optics and drops the distortion, saying so on its line.
            XCTAssertNil(s.lens.distortion)
            XCTAssertEqual(r.notes.map(\.description), ["line 1: distortion p2 2.0 is beyond ±1: the sample's lens distortion is ignored"])
            XCTAssertEqual(s.cameraID, 1)
        }
        let complete = OpenTrackIO.read(try sharedSample("complete_static_example.json"))
        XCTAssertEqual(complete.take.samples[0].raw, RawEncoders(zoom: 3000, focus: 1000, iris: 2000))
        // The schema is not a sample: it has no transforms.
        let schema = OpenTrackIO.read(try sharedSample("schema.json"))
        XCTAssertEqual(schema.take.count, 0)
        XCTAssertEqual(schema.rejects.count, 1)
    }

    func testExamplesAsArrayAndLines() throws {
        let one = try sharedSample("recommended_dynamic_example.json")
        let array = Array("[".utf8) + one + Array(",\n".utf8) + one + Array("]".utf8)
        XCTAssertEqual(OpenTrackIO.read(array).take.count, 2)
        let lines = try OpenTrackIO.write(OpenTrackIO.read(one + Array("\n".utf8) + one).take)
        XCTAssertEqual(lines.filter { $0 == 0x0A }.count, 2)
    }

    /// A UTF-8 byte order mark (Windows Notepad and PowerShell 5 write one) before JSON Lines or an array changes
    /// nothing: it cost the first sample, or split the array into 702 rejects.
    func testByteOrderMarkIsSkipped() throws {
        let lines = try TakeFixtures.read(TakeFixtures.fixture("broken.jsonl"))
        let plain = OpenTrackIO.read(lines)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let withBOM = OpenTrackIO.read(bom + lines)
        XCTAssertEqual(withBOM.take.samples, plain.take.samples)
        XCTAssertEqual(withBOM.rejects.map(\.location), plain.rejects.map(\.location))
        let good = try OpenTrackIO.write(plain.take)
        let records = good.split(separator: 0x0A).map(Array.init)
        let array = Array("[".utf8) + records.joined(separator: Array(",\n".utf8)) + Array("]".utf8)
        XCTAssertEqual(OpenTrackIO.read(bom + array).take.samples, plain.take.samples)
        XCTAssertTrue(OpenTrackIO.read(bom + array).rejects.isEmpty)
    }

    func testBadLinesAreReportedAndSkipped() throws {
        let fixture = try TakeFixtures.read(TakeFixtures.fixture("broken.jsonl"))
        let r = OpenTrackIO.read(fixture)
        XCTAssertEqual(r.take.count, 2)
        XCTAssertEqual(r.rejects.map(\.location), [.line(2), .line(3), .line(4), .line(5), .line(7)])
        XCTAssertTrue(r.rejects[0].reason.contains("truncated"), r.rejects[0].reason)
        XCTAssertTrue(r.rejects[1].reason.contains("not a JSON object"), r.rejects[1].reason)
        XCTAssertTrue(r.rejects[2].reason.contains("no transforms"), r.rejects[2].reason)
        XCTAssertTrue(r.rejects[3].reason.contains("not a valid label"), r.rejects[3].reason)
        XCTAssertTrue(r.rejects[4].reason.contains("absurd"), r.rejects[4].reason)
    }

    func testDropFrameTimecodeFromRational() {
        let json = #"{"timing":{"timecode":{"hours":0,"minutes":1,"seconds":0,"frames":2,"frameRate":{"num":30000,"denom":1001}}},"transforms":[{"translation":{"x":0,"y":0,"z":0},"rotation":{"pan":0,"tilt":0,"roll":0}}]}"#
        let s = OpenTrackIO.read(Array(json.utf8)).take.samples[0]
        XCTAssertEqual(s.timecode?.description, "00:01:00;02")
        XCTAssertEqual(s.timecode?.frameNumber, 1800)
        let ndf = OpenTrackIO.read(Array(json.utf8), dropFrame: false).take.samples[0]
        XCTAssertEqual(ndf.timecode?.description, "00:01:00:02")
    }
}
