// TakeSamplesTests: the compact sample columns give back exactly what went in, cost a few dozen bytes a sample,
// and the one-pass CSV reader gives the same take whatever pieces the file arrives in.

@testable import TakeFormats
import Takes
import XCTest
import XRTestSupport

final class TakeSamplesTests: XCTestCase {
    func sample(_ i: Int, _ rng: inout SplitMix64) -> TrackingSample {
        func r() -> Double { Double(rng.next() % 2_000_001) / 1000 - 1000 }
        let rates: [FrameRate] = [.fps25, .fps29_97DF, .fps59_94DF, .fps23_976]
        let rate = rates[i / 7 % rates.count]
        return TrackingSample(
            time: Double(i) * 0.02 + (i % 5 == 0 ? 1e-9 : 0),
            timecode: i % 3 == 0 ? nil : Timecode(frame: 1_000_000 + 37 * i, rate: rate),
            position: SIMD3(r(), r(), r()), pan: r() / 10, tilt: r() / 10, roll: r() / 10,
            lens: i % 4 == 0 ? LensSample() : LensSample(focalLength: 20 + Double(i / 8), focusDistance: i % 2 == 0 ? 3 : nil,
                                                         fStop: 2.8, k1: i % 16 == 1 ? -0.01 : nil, entrancePupilOffset: 0.1),
            raw: i % 6 == 0 ? RawEncoders() : RawEncoders(zoom: i / 3, focus: 7, iris: nil, user: i % 2),
            cameraID: i % 9 == 0 ? nil : 2)
    }

    func testColumnsGiveBackEverySampleExactly() {
        var rng = SplitMix64(seed: 8)
        let samples = (0..<500).map { sample($0, &rng) }
        let columns = TakeSamples(samples)
        XCTAssertEqual(Array(columns), samples)
        // Sorting by time is stable and moves every field with its sample.
        let shuffled = samples.reversed() + samples.prefix(3)
        let take = Take(samples: Array(shuffled))
        let expected = Array(shuffled).enumerated().sorted { $0.element.time != $1.element.time
            ? $0.element.time < $1.element.time : $0.offset < $1.offset }.map(\.element)
        XCTAssertEqual(Array(take.samples), expected)
    }

    func testASampleCostsAFewDozenBytes() {
        var columns = TakeSamples()
        columns.reserveCapacity(100_000)  // a grown array may hold up to twice its count; this measures a sample
        for i in 0..<100_000 {
            columns.append(TrackingSample(time: Double(i) / 50, timecode: Timecode(frame: i, rate: .fps25),
                                          position: SIMD3(Double(i), 1.6, 0), pan: 1, tilt: 2, roll: 0,
                                          lens: LensSample(focalLength: 35, focusDistance: 4, fStop: 2.8)))
        }
        XCTAssertEqual(columns.storageBytes / columns.count, 72)
    }

    /// The reader fed the file in pieces of 1, 7 and 4096 bytes (lines cut anywhere, CRLF split) gives the take
    /// and rejects that one piece gives.
    func testPiecesGiveTheSameTake() throws {
        var csv = "# comment\r\ntime_s,timecode,tc_rate,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm\r\n"
        for i in 0..<300 {
            csv += i == 77 ? "bad,row\r\n" : "\(Double(i) / 25),,,\(i),1.5,-2,\(i % 10),0,0,\(i % 50 == 0 ? "" : "35")\r\n"
        }
        csv += "12.5,,,1,2,3,4,5,6,35"  // no newline at the end
        let bytes = Array(csv.utf8)
        let whole = try TakeCSV.read(bytes)
        XCTAssertEqual(whole.take.count, 300)  // 299 good rows and the last line
        XCTAssertEqual(whole.rejects.map(\.location), [.line(80)])
        for size in [1, 7, 4096] {
            var reader = TakeCSV.Reader()
            var k = 0
            while k < bytes.count { reader.feed(bytes[k..<min(k + size, bytes.count)]); k += size }
            let r = try reader.finish()
            XCTAssertEqual(Array(r.take.samples), Array(whole.take.samples), "pieces of \(size)")
            XCTAssertEqual(r.rejects, whole.rejects, "pieces of \(size)")
        }
    }
}
