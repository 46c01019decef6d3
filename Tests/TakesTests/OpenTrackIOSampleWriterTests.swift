// OpenTrackIOSampleWriterTests: the sample writer's bytes are JSONEncoder's (sorted keys, no escaped slashes).

import FoundationEssentials
@testable import TakeFormats
import Takes
import XCTest
import XRTestSupport

final class OpenTrackIOSampleWriterTests: XCTestCase {
    func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// Doubles of every kind JSONEncoder prints differently: integral (`35`), negative zero, tiny and huge exponents
    /// (`1e-07`, `1e+16`), 2^53 and past it, the shortest round trips of random bit patterns.
    func randomDouble(_ rng: inout SplitMix64) -> Double {
        let edges: [Double] = [0, -0.0, 1, -35, 0.1, 0.30000000000000004, 1e-7, 2.5e-5, 1e15, 1e16, 1e21, 1e22,
                               9007199254740992, 9007199254740994, 5e-324, 1.7976931348623157e308, 100, 12345678912345.5]
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return edges.randomElement(using: &rng)!
        case 1: return Double(Int.random(in: -100_000...100_000, using: &rng)) / [1, 10, 1000, 1e6].randomElement(using: &rng)!
        case 2: return Double.random(in: -10...10, using: &rng)
        default:
            let v = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))
            return v.isFinite ? v : 1.5
        }
    }

    func randomSample(_ rng: inout SplitMix64) -> OpenTrackIOSample {
        func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &rng) ? make() : nil }
        func d() -> Double { randomDouble(&rng) }
        func i() -> Int { [0, 1, 25, -3, 1_000_000_007, Int.max, Int.min].randomElement(using: &rng)! }
        let names = ["Camera", "Dolly", "Crane Arm", "a/b", "Brown-Conrady U-D", "", "x y"]
        var s = OpenTrackIOSample()
        s.protocol = maybe { .init(name: "OpenTrackIO", version: [1, 0, Int.random(in: 0...9, using: &rng)]) }
        s.sourceNumber = maybe(i)
        s.timing = maybe {
            var t = OpenTrackIOSample.Timing()
            t.sampleRate = maybe { .init(num: i(), denom: i()) }
            t.sampleTimestamp = maybe { .init(seconds: i(), nanoseconds: i()) }
            t.timecode = maybe {
                .init(hours: i(), minutes: i(), seconds: i(), frames: i(), frameRate: .init(num: 30000, denom: 1001),
                      subFrame: maybe(i), dropFrame: maybe { Bool.random(using: &rng) })
            }
            return t
        }
        s.lens = maybe {
            var l = OpenTrackIOSample.Lens()
            l.pinholeFocalLength = maybe(d); l.focusDistance = maybe(d); l.fStop = maybe(d); l.entrancePupilOffset = maybe(d)
            l.distortion = maybe {
                (0..<Int.random(in: 0...2, using: &rng)).map { _ in
                    OpenTrackIOSample.Distortion(model: maybe { names.randomElement(using: &rng)! }, radial: maybe { [d(), d(), d()] },
                                                 tangential: maybe { [d(), d()] }, overscan: maybe(d))
                }
            }
            l.rawEncoders = maybe { .init(focus: maybe(i), iris: maybe(i), zoom: maybe(i)) }
            return l
        }
        s.transforms = maybe {
            (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                OpenTrackIOSample.Transform(translation: maybe { .init(x: d(), y: d(), z: d()) },
                                            rotation: maybe { .init(pan: d(), tilt: d(), roll: d()) },
                                            id: maybe { names.randomElement(using: &rng)! })
            }
        }
        return s
    }

    /// 20,000 random samples: wherever the writer writes, its bytes are JSONEncoder's.
    func testBytesAreJSONEncoders() throws {
        var rng = SplitMix64(seed: 7)
        let enc = encoder()
        var written = 0
        for _ in 0..<20_000 {
            let s = randomSample(&rng)
            var w = OpenTrackIOSampleWriter()
            if w.append(s) {
                written += 1
                XCTAssertEqual(String(decoding: w.out, as: UTF8.self), String(decoding: try enc.encode(s), as: UTF8.self))
            } else {
                XCTAssertEqual(w.out, [], "a sample it cannot write leaves nothing behind")
            }
        }
        XCTAssertGreaterThan(written, 15_000)
    }

    /// Strings that need escaping are JSONEncoder's to write; the take writer then falls back for that sample.
    func testEscapesAndNonFiniteAreLeftToJSONEncoder() throws {
        for name in ["quote\"d", "back\\slash", "tab\t", "é"] {
            var s = OpenTrackIOSample()
            s.transforms = [.init(translation: .init(x: 1, y: 2, z: 3), rotation: .init(pan: 0, tilt: 0, roll: 0), id: name)]
            var w = OpenTrackIOSampleWriter()
            w.out = [1, 2]
            XCTAssertFalse(w.append(s), name)
            XCTAssertEqual(w.out, [1, 2], name)
        }
        var s = OpenTrackIOSample()
        s.lens = .init(pinholeFocalLength: .infinity)
        var w = OpenTrackIOSampleWriter()
        XCTAssertFalse(w.append(s))
    }

    /// A whole take through `OpenTrackIO.write` (lines and array) reads back to the same samples.
    func testTakeRoundTripsThroughTheWriter() throws {
        let samples = (0..<50).map { k in
            TrackingSample(time: 3600 + Double(k) / 25, timecode: Timecode(frame: 90_000 + k, rate: .fps25),
                           position: [Double(k) * 0.01, 1.5, -3], pan: Double(k), tilt: -2.5, roll: 0.1,
                           lens: LensSample(focalLength: 35 + Double(k), focusDistance: 3, k1: -0.05),
                           raw: RawEncoders(zoom: k), cameraID: 1)
        }
        let take = Take(samples: samples)
        for array in [false, true] {
            let bytes = try OpenTrackIO.write(take, array: array)
            let back = try OpenTrackIO.readStrict(bytes)
            XCTAssertEqual(back.rejects, [])
            XCTAssertEqual(Array(back.take.samples), samples, "array: \(array)")
        }
    }
}
