// OpenTrackIOSampleReaderTests: the byte reader gives JSONDecoder's sample, or gives up, on every text.

import FoundationEssentials
@testable import TakeFormats
import Takes
import XCTest
import XRTestSupport

final class OpenTrackIOSampleReaderTests: XCTestCase {
    /// Samples to mutate: the official examples (read from ../shared), a sample as our writer prints it, and a
    /// hand-written one with every field the reader knows, nulls and unknown members of every JSON type.
    func seeds() throws -> [[UInt8]] {
        var seeds: [[UInt8]] = []
        let dir = TakeFixtures.openTrackIOSamples
        if TakeFixtures.exists(dir) {
            for name in ["recommended_dynamic_example.json", "recommended_static_example.json", "complete_static_example.json"] {
                seeds.append(try TakeFixtures.read(dir + "/" + name))
            }
        } else {
            XCTFail("../shared/samples is absent (a user's clone): the official examples are read from beside the project")
        }
        let written = try OpenTrackIO.write(Take(samples: [
            TrackingSample(time: 3600.04, timecode: Timecode(parsing: "01:00:00:01", rate: .fps25),
                           position: [1.25, 1.5, -3.0000000000000004], pan: -12.5, tilt: 3.25, roll: 0.1,
                           lens: LensSample(focalLength: 35, focusDistance: 3.2, fStop: 2.8, k1: -0.1, k2: 0.01,
                                            entrancePupilOffset: 0.05),
                           raw: RawEncoders(zoom: 1000, focus: 2000, iris: 30), cameraID: 2),
        ]))
        seeds.append(Array(written))
        seeds.append(Array("""
            { "protocol": {"name": "OpenTrackIO", "version": [1, 0, 0], "extra": null},
              "sourceNumber": 7, "custom": {"a": [1, 2.5e-3, -0, true, false, null, "x", {"b": []}], "c": {}},
              "timing": {"sampleRate": {"num": 50, "denom": 1},
                         "timecode": {"hours": 23, "minutes": 59, "seconds": 59, "frames": 29,
                                      "frameRate": {"num": 30000, "denom": 1001}, "subFrame": 1, "dropFrame": false},
                         "sampleTimestamp": {"seconds": 1718000000, "nanoseconds": 500000000}},
              "lens": {"pinholeFocalLength": 24.000000000000004, "focusDistance": null, "fStop": 4,
                       "entrancePupilOffset": -0.0, "rawEncoders": {"focus": 1, "iris": null, "zoom": 65535},
                       "distortion": [{"model": "Brown-Conrady D-U", "radial": [0.1, -0.02, 1e-3],
                                       "tangential": [0.001, 0.0], "overscan": 1.05}, {"model": null}]},
              "transforms": [{"id": "Dolly", "translation": {"x": 1, "y": 2, "z": 3},
                              "rotation": {"pan": 180, "tilt": 90, "roll": 45}},
                             {"id": "Camera", "translation": {"x": 0.5, "y": 0, "z": 1E2},
                              "rotation": {"pan": -1.5e1, "tilt": 0, "roll": 0}}] }
            """.utf8))
        return seeds
    }

    /// What JSONDecoder makes of a text, printed in full (so -0.0 and 0.0 differ), or nil when it refuses it.
    func decoded(_ text: [UInt8]) -> String? {
        (try? JSONDecoder().decode(OpenTrackIOSample.self, from: Data(text))).map { "\($0)" }
    }

    func testSeedsTakeTheFastPathAndMatchJSONDecoder() throws {
        for seed in try seeds() {
            let fast = try XCTUnwrap(OpenTrackIOSampleReader.read(seed[...]), String(decoding: seed.prefix(80), as: UTF8.self))
            XCTAssertEqual("\(fast)", decoded(seed))
        }
    }

    /// Commas between members and elements, none before the first or after the last, also around nested empty
    /// objects and arrays: the reader reads strict JSON and gives up on the rest, which JSONDecoder then decides
    /// (it accepts a trailing comma, `{"sourceNumber": 1,}`, and refuses a leading one).
    func testCommasAroundNestedValues() {
        let valid = [#"{}"#, #"{"custom": {}, "sourceNumber": 1}"#, #"{"custom": [{}, {}], "custom2": []}"#,
                     #"{"lens": {"distortion": [{}]}, "sourceNumber": 2}"#]
        let broken = [#"{,"sourceNumber": 1}"#, #"{"custom": {} "sourceNumber": 1}"#, #"{"custom": [{},], "a": 1}"#,
                      #"{"sourceNumber": 1,}"#, #"{"custom": {"a": 1,}}"#, #"{"custom": [,{}]}"#, #"{"a": 1 "b": 2}"#]
        for text in valid {
            let fast = OpenTrackIOSampleReader.read(Array(text.utf8)[...])
            XCTAssertNotNil(fast, text)
            XCTAssertEqual(fast.map { "\($0)" }, decoded(Array(text.utf8)), text)
        }
        for text in broken {
            XCTAssertNil(OpenTrackIOSampleReader.read(Array(text.utf8)[...]), text)
            let both = try? OpenTrackIOSample.decode(json: Array(text.utf8)[...], with: JSONDecoder())
            XCTAssertEqual(both.map { "\($0)" }, decoded(Array(text.utf8)), text)
        }
        XCTAssertNotNil(decoded(Array(#"{"sourceNumber": 1,}"#.utf8)), "JSONDecoder takes a trailing comma")
        XCTAssertNil(decoded(Array(#"{,"sourceNumber": 1}"#.utf8)), "and refuses a leading one")
    }

    /// Thousands of mutations (bytes replaced, inserted, deleted from a JSON alphabet; numbers and keys swapped;
    /// members repeated): wherever the reader answers, its sample is JSONDecoder's.
    func testMutationsNeverDisagreeWithJSONDecoder() throws {
        let alphabet = Array("{}[],:\"\\ \n\t0123456789-+.eEnultrfasx".utf8) + [0xC3, 0xA9, 0x00, 0x7F]
        let snippets = ["null", "-0", "1e400", "1.5", "\"x\"", "[]", "{}", "true", "00", "1.", ".5", "9007199254740993",
                        "12345678901234567890", "0.30000000000000004", "-1e-400", "\"\\u0041\"", "1E+2"].map { Array($0.utf8) }
        var rng = SplitMix64(seed: 42)
        var answered = 0, agreed = 0, total = 0
        for seed in try seeds() {
            for _ in 0..<3000 {
                var t = seed
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let at = Int.random(in: 0..<t.count, using: &rng)
                    switch Int.random(in: 0..<6, using: &rng) {
                    case 0: t[at] = alphabet.randomElement(using: &rng)!
                    case 1: t.insert(alphabet.randomElement(using: &rng)!, at: at)
                    case 2: t.remove(at: at)
                    case 3:  // a number or literal replaced by another value
                        if let r = valueRange(t, near: at) { t.replaceSubrange(r, with: snippets.randomElement(using: &rng)!) }
                    case 4:  // a member repeated: "key": value, copied after itself
                        if let r = memberRange(t, near: at) { t.insert(contentsOf: t[r] + Array(",".utf8), at: r.lowerBound) }
                    default:  // a digit changed
                        if let d = t[at...].firstIndex(where: { $0 >= 48 && $0 <= 57 }) { t[d] = UInt8.random(in: 48...57, using: &rng) }
                    }
                    if t.isEmpty { t = [0x7B] }
                }
                total += 1
                let slow = decoded(t)
                if slow != nil { agreed += 1 }
                guard let fast = OpenTrackIOSampleReader.read(t[...]) else { continue }
                answered += 1
                XCTAssertEqual("\(fast)", slow, String(decoding: t, as: UTF8.self))
            }
        }
        // The mutations must exercise both sides: many texts read fast, and many refused or left to JSONDecoder.
        XCTAssertGreaterThan(answered, total / 5)
        XCTAssertLessThan(answered, total)
        XCTAssertGreaterThanOrEqual(agreed, answered)
    }

    /// The bytes of the number, literal or string around `at`.
    func valueRange(_ t: [UInt8], near at: Int) -> Range<Int>? {
        let isValueByte: (UInt8) -> Bool = { ($0 >= 48 && $0 <= 57) || Array("-+.eEnultrfas".utf8).contains($0) }
        guard let s = t[at...].firstIndex(where: { $0 >= 48 && $0 <= 57 }) else { return nil }
        var a = s, b = s
        while a > 0, isValueByte(t[a - 1]) { a -= 1 }
        while b < t.count, isValueByte(t[b]) { b += 1 }
        return a..<b
    }

    /// A `"key": value` member with a scalar value, from the key's opening quote to the value's end.
    func memberRange(_ t: [UInt8], near at: Int) -> Range<Int>? {
        guard let colon = t[at...].firstIndex(of: UInt8(ascii: ":")) else { return nil }
        var q = colon - 1
        while q > 0, t[q] != UInt8(ascii: "\"") { q -= 1 }
        q -= 1
        while q > 0, t[q] != UInt8(ascii: "\"") { q -= 1 }
        var e = colon + 1
        while e < t.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "[")].contains(t[e]) { e += 1 }
        guard q >= 0, e < t.count, t[e] != UInt8(ascii: "{"), t[e] != UInt8(ascii: "[") else { return nil }
        return q..<e
    }

    /// A take read through the file reader gives the same result as before the fast path (a JSONL take with a
    /// mix of plain lines and lines only JSONDecoder reads).
    func testReaderGivesJSONDecodersTakeForMixedLines() throws {
        let plain = #"{"timing":{"sampleTimestamp":{"seconds":1,"nanoseconds":0}},"transforms":[{"id":"Camera","translation":{"x":1,"y":2,"z":3},"rotation":{"pan":10,"tilt":0,"roll":0}}]}"#
        let escaped = #"{"timing":{"sampleTimestamp":{"seconds":2,"nanoseconds":0}},"transforms":[{"id":"C\u0061mera","translation":{"x":1,"y":2,"z":3},"rotation":{"pan":10,"tilt":0,"roll":0}}]}"#
        XCTAssertNotNil(OpenTrackIOSampleReader.read(Array(plain.utf8)[...]))
        XCTAssertNil(OpenTrackIOSampleReader.read(Array(escaped.utf8)[...]))
        let r = OpenTrackIO.read(Array((plain + "\n" + escaped + "\n").utf8))
        XCTAssertEqual(r.rejects, [])
        XCTAssertEqual(r.take.samples.map(\.time), [1, 2])
        XCTAssertEqual(r.take.samples[1].position, r.take.samples[0].position)
    }
}
