// RoundTripTests: a take through FreeD, CSV and OpenTrackIO and back, each hop checked.

import Takes
@testable import TakeFormats
import XCTest

final class RoundTripTests: XCTestCase {
    /// A take FreeD can carry exactly: values on FreeD's grid (1/32768°, 1/64 mm), raw lens counts.
    func freedTake() -> Take {
        var samples: [TrackingSample] = []
        for k in 0..<40 {
            let mm = SIMD3<Double>(Double(k * 37 - 700), Double(1600 + k), Double(-k * 51 + 300)) + 0.015625 * Double(k % 5)
            samples.append(TrackingSample(time: Double(k) / 50, position: TrackerAxes.toScene(mm / 1000),
                                          pan: Double(k * 1000 - 20000) / 32768, tilt: Double(-k * 77) / 32768,
                                          roll: Double(k) / 32768,
                                          raw: RawEncoders(zoom: 1000 + k, focus: 0xFFFFFF - k, user: k), cameraID: 3))
        }
        return Take(samples: samples)
    }

    func assertSame(_ a: Take, _ b: Take, time: Bool = true, user: Bool = true, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (x, y) in zip(a.samples, b.samples) {
            if time { XCTAssertEqual(x.time, y.time, accuracy: 1e-9, file: file, line: line) }
            for i in 0..<3 { XCTAssertEqual(x.position[i], y.position[i], accuracy: 1e-9, file: file, line: line) }
            XCTAssertEqual(x.pan, y.pan, accuracy: 1e-9, file: file, line: line)
            XCTAssertEqual(x.tilt, y.tilt, accuracy: 1e-9, file: file, line: line)
            XCTAssertEqual(x.roll, y.roll, accuracy: 1e-9, file: file, line: line)
            XCTAssertEqual(x.raw.zoom, y.raw.zoom, file: file, line: line)
            XCTAssertEqual(x.raw.focus, y.raw.focus, file: file, line: line)
            if user { XCTAssertEqual(x.raw.user, y.raw.user, file: file, line: line) }
            XCTAssertEqual(x.lens, y.lens, file: file, line: line)
            XCTAssertEqual(x.timecode, y.timecode, file: file, line: line)
            XCTAssertEqual(x.cameraID, y.cameraID, file: file, line: line)
        }
    }

    func testFreeDToCSVToOpenTrackIOAndBack() throws {
        let take = freedTake()
        let freed = try FreeDCapture.write(take)
        XCTAssertEqual(freed.count, 40 * 29)
        let fromFreeD = FreeDCapture.read(freed, rate: .fps50)
        XCTAssertEqual(fromFreeD.rejects, [])
        assertSame(take, fromFreeD.take)

        let csv = try TakeCSV.read(TakeCSV.write(fromFreeD.take))
        XCTAssertEqual(csv.rejects, [])
        assertSame(take, csv.take)

        let otio = OpenTrackIO.read(try OpenTrackIO.write(csv.take))
        XCTAssertEqual(otio.rejects, [])
        assertSame(take, otio.take, user: false)  // OpenTrackIO has no field for FreeD's spare bytes

        let otioArray = OpenTrackIO.read(try OpenTrackIO.write(csv.take, array: true))
        assertSame(take, otioArray.take, user: false)

        // And back to FreeD: byte for byte, except the spare field OpenTrackIO dropped.
        let back = try FreeDCapture.write(TakeCSV.read(TakeCSV.write(otio.take)).take)
        XCTAssertEqual(back.count, freed.count)
        let original = FreeDCapture.read(freed).take.samples.map { s -> TrackingSample in var t = s; t.raw.user = nil; return t }
        assertSame(Take(samples: original), FreeDCapture.read(back).take, user: false)
    }

    func testTimecodedLensTakeThroughCSVAndOpenTrackIO() throws {
        let dolly = try TakeCSV.read(try TakeFixtures.read(TakeFixtures.fixture("dolly.csv"))).take
        let otio = OpenTrackIO.read(try OpenTrackIO.write(dolly))
        XCTAssertEqual(otio.rejects, [])
        assertSame(dolly, otio.take)
        let csv = try TakeCSV.read(TakeCSV.write(otio.take))
        assertSame(dolly, csv.take)
    }

    func testDropFrameTimecodeSurvivesEveryFormatThatCarriesIt() throws {
        let rate = FrameRate.fps29_97DF
        let samples = (1795..<1805).map { n in
            TrackingSample(time: rate.seconds(ofFrame: n), timecode: Timecode(frame: n, rate: rate),
                           position: [0, 1, 2], pan: 1, tilt: 2, roll: 3)
        }
        let take = Take(samples: samples)
        assertSame(take, try TakeCSV.read(TakeCSV.write(take)).take)
        assertSame(take, OpenTrackIO.read(try OpenTrackIO.write(take)).take)
        XCTAssertTrue(String(decoding: TakeCSV.write(take), as: UTF8.self).contains("00:01:00;02,29.97DF"))
    }

    func testPTZLensScalingThroughFreeD() throws {
        let s = TrackingSample(time: 0, position: [0, 0, 0], pan: 0, tilt: 0, roll: 0,
                               lens: LensSample(focalLength: 24.5, focusDistance: 3.25))
        let bytes = try FreeDCapture.write(Take(samples: [s]), lens: .mm)
        let back = FreeDCapture.read(bytes, lens: .mm).take.samples[0]
        XCTAssertEqual(back.lens.focalLength, 24.5)
        XCTAssertEqual(back.lens.focusDistance, 3.25)
        XCTAssertEqual(back.raw.zoom, 2450)
        XCTAssertEqual(back.raw.focus, 32500)
    }
}
