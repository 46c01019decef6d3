// FreeDTests: D1 packet vectors from notes/tracking-protocols.md, limits, checksums, broken captures.

import Takes
@testable import TakeFormats
import XCTest
import XRTestSupport

func bytes(_ hex: String) -> [UInt8] {
    hex.split(separator: " ").map { UInt8($0, radix: 16)! }
}

final class FreeDTests: XCTestCase {
    let v1 = bytes("d1 00 df 78 aa 00 47 ef 00 00 00 00 00 00 00 00 00 00 00 00 00 40 00 00 15 01 d1 ff 12")
    let v2 = bytes("d1 00 21 98 d8 ff eb 94 00 00 00 00 00 00 00 00 00 00 00 00 00 28 c6 00 13 b9 d1 ff d6")
    let v3 = bytes("d1 01 0f 00 00 fd 40 00 00 20 00 01 77 00 fd cd 60 01 9c 80 00 80 00 00 04 00 00 00 bf")

    func testPublishedVectors() throws {
        let p1 = try FreeDPacket(decoding: v1)
        XCTAssertEqual(p1.cameraID, 0)
        XCTAssertEqual(p1.pan, -65.05731, accuracy: 1e-5)
        XCTAssertEqual(p1.tilt, 0.56198, accuracy: 1e-5)
        XCTAssertEqual(p1.roll, 0)
        XCTAssertEqual([p1.x, p1.y, p1.z], [0, 0, 0])
        XCTAssertEqual(p1.zoom, 16384)
        XCTAssertEqual(p1.focus, 5377)
        XCTAssertEqual(p1.user, 0xD1FF)
        XCTAssertEqual(try p1.encoded(), v1)

        let p2 = try FreeDPacket(decoding: v2)
        XCTAssertEqual(p2.pan, 67.19409, accuracy: 1e-5)
        XCTAssertEqual(p2.tilt, -0.15955, accuracy: 1e-5)
        XCTAssertEqual(p2.zoom, 10438)
        XCTAssertEqual(p2.focus, 5049)
        XCTAssertEqual(try p2.encoded(), v2)
    }

    func testLayoutVectorBothWays() throws {
        let p = try FreeDPacket(decoding: v3)
        XCTAssertEqual(p, FreeDPacket(cameraID: 1, pan: 30, tilt: -5.5, roll: 0.25, x: 1500, y: -2250.5, z: 1650,
                                      zoom: 0x8000, focus: 0x400, user: 0))
        XCTAssertEqual(try p.encoded(), v3)
        XCTAssertEqual(FreeDPacket.checksum(v3[0..<28]), 0xBF)
    }

    func testLimitsAndSignBoundaries() throws {
        // ±180° = 0x5A0000 / 0xA60000; the most negative 24-bit value; -1 LSB (a common decoder bug).
        let cases: [(Double, [UInt8])] = [(180, [0x5A, 0, 0]), (-180, [0xA6, 0, 0]), (-1.0 / 32768, [0xFF, 0xFF, 0xFF]),
                                          (-256, [0x80, 0, 0]), (8_388_607.0 / 32768, [0x7F, 0xFF, 0xFF])]
        for (deg, enc) in cases {
            let p = FreeDPacket(cameraID: 255, pan: deg, tilt: 0, roll: 0, x: -131072, y: 131071.984375, z: 0,
                                zoom: 0xFFFFFF, focus: 0, user: 0xFFFF)
            let b = try p.encoded()
            XCTAssertEqual(Array(b[2..<5]), enc, "pan \(deg)")
            XCTAssertEqual(Array(b[11..<14]), [0x80, 0, 0])
            XCTAssertEqual(Array(b[14..<17]), [0x7F, 0xFF, 0xFF])
            XCTAssertEqual(try FreeDPacket(decoding: b), p)
        }
        let tooBig = FreeDPacket(cameraID: 0, pan: 0, tilt: 0, roll: 0, x: 131073, y: 0, z: 0, zoom: 0, focus: 0, user: 0)
        XCTAssertThrowsError(try tooBig.encoded())
    }

    func testDecodeErrors() {
        var bad = v3
        bad[28] = 0xC0
        XCTAssertThrowsError(try FreeDPacket(decoding: bad)) {
            XCTAssertEqual($0 as? FreeDPacket.DecodeError, .badChecksum(expected: 0xBF, found: 0xC0))
        }
        XCTAssertThrowsError(try FreeDPacket(decoding: v3.dropLast())) {
            XCTAssertEqual($0 as? FreeDPacket.DecodeError, .wrongLength(28))
        }
        var other = v3
        other[0] = 0xD0
        XCTAssertThrowsError(try FreeDPacket(decoding: other)) {
            XCTAssertEqual($0 as? FreeDPacket.DecodeError, .unknownType(0xD0))
        }
    }

    func testCaptureMapsAxesToScene() {
        let r = FreeDCapture.read(v3, rate: .fps50)
        XCTAssertEqual(r.rejects, [])
        let s = r.take.samples[0]
        // FreeD X 1500, Y -2250.5 (forward), Z 1650 (up) mm -> scene (1.5, 1.65, 2.2505) m.
        XCTAssertEqual(s.position.x, 1.5, accuracy: 1e-12)
        XCTAssertEqual(s.position.y, 1.65, accuracy: 1e-12)
        XCTAssertEqual(s.position.z, 2.2505, accuracy: 1e-12)
        XCTAssertEqual(s.pan, 30)
        XCTAssertEqual(s.raw.zoom, 0x8000)
        XCTAssertEqual(s.cameraID, 1)
        // Pan 30 (right) looks along scene (+sin 30, ·, -cos 30) at tilt 0.
        let f = Quaternion(pan: 30, tilt: 0, roll: 0).forward
        XCTAssertEqual(f.x, 0.5, accuracy: 1e-12)
        XCTAssertEqual(f.z, -(0.75).squareRoot(), accuracy: 1e-12)
    }

    func testBrokenCaptureIsReportedAndSkipped() {
        var badSum = v2
        badSum[28] ^= 0xFF
        var capture: [UInt8] = v1           // 0: good
        capture += badSum                   // 29: bad checksum
        capture += Array(v3.prefix(20))     // 58: short packet (20 bytes)
        capture += v3                       // 78: good
        capture += [0x00, 0x13, 0x37]       // 107: junk
        capture += v1                       // 110: good
        capture += Array(v2.prefix(10))     // 139: truncated at the end
        let r = FreeDCapture.read(capture)
        XCTAssertEqual(r.take.count, 3)
        XCTAssertEqual(r.rejects.map(\.location), [.byteOffset(29), .byteOffset(58), .byteOffset(107), .byteOffset(139)])
        XCTAssertTrue(r.rejects[0].reason.hasPrefix("bad checksum"), r.rejects[0].reason)
        XCTAssertTrue(r.rejects[1].reason.hasPrefix("wrong length: 20 bytes"), r.rejects[1].reason)
        XCTAssertTrue(r.rejects[2].reason.hasPrefix("unknown packet type 0x00"), r.rejects[2].reason)
        XCTAssertTrue(r.rejects[3].reason.hasPrefix("truncated packet: 10 of 29"), r.rejects[3].reason)
        XCTAssertEqual(r.take.samples.map(\.cameraID), [0, 1, 0])
    }

    func testGarbageNeverCrashes() {
        var rng = SplitMix64(seed: 7)
        for len in [0, 1, 28, 29, 30, 57, 58, 300, 4000] {
            let junk = (0..<len).map { _ in UInt8(truncatingIfNeeded: rng.next() % 3 == 0 ? 0xD1 : rng.next()) }
            let r = FreeDCapture.read(junk)
            XCTAssertLessThanOrEqual(r.take.count * 29, len)
        }
    }

    func testAbsurdValueIsRejected() throws {
        // Tilt 200° fits 24 bits but no head tilts that far.
        let p = FreeDPacket(cameraID: 0, pan: 0, tilt: 200, roll: 0, x: 0, y: 0, z: 0, zoom: 0, focus: 0, user: 0)
        let r = FreeDCapture.read(try p.encoded() + v3)
        XCTAssertEqual(r.take.count, 1)
        XCTAssertEqual(r.rejects.first?.location, .byteOffset(0))
        XCTAssertTrue(r.rejects.first?.reason.contains("tilt") == true)
    }

    /// The manual sends pan and roll within ±180° (Appendix B.2): a take's pan 190° is written as −170°, −400° as
    /// −40°, roll 270° as −90°, 180° and −180° stay as they are (both are FreeD values: a −180° packet came back as
    /// +180°, not byte for byte); tilt is left as it is. A value FreeD cannot carry names its sample.
    func testWriterFoldsPanAndRollIntoHalfTurns() throws {
        func sample(_ t: Double, pan: Double, roll: Double, x: Double = 0) -> TrackingSample {
            TrackingSample(time: t, position: [x, 1, 0], pan: pan, tilt: 10, roll: roll)
        }
        let take = Take(samples: [sample(0, pan: 190, roll: 270), sample(0.02, pan: -400, roll: 180), sample(0.04, pan: 180, roll: -180)])
        let back = FreeDCapture.read(try FreeDCapture.write(take)).take.samples
        XCTAssertEqual(back.map(\.pan), [-170, -40, 180])
        XCTAssertEqual(back.map(\.roll), [-90, 180, -180])
        XCTAssertEqual(back.map(\.tilt), [10, 10, 10])
        XCTAssertEqual(FreeDCapture.halfTurn(-180), -180)
        XCTAssertEqual(FreeDCapture.halfTurn(-540), 180)
        XCTAssertEqual(FreeDCapture.halfTurn(540), 180)
        XCTAssertEqual(FreeDCapture.halfTurn(-179.5), -179.5)
        // Packets of −180° pan and roll read and write back byte for byte.
        let m180 = try FreeDPacket(cameraID: 1, pan: -180, tilt: 0, roll: -180, x: 0, y: 0, z: 1600, zoom: 0, focus: 0,
                                   user: 0).encoded()
        XCTAssertEqual(Array(m180[2..<5]), [0xA6, 0, 0])
        XCTAssertEqual(try FreeDCapture.write(FreeDCapture.read(m180).take), m180)
        let far = Take(samples: [sample(0, pan: 0, roll: 0), sample(0.02, pan: 0, roll: 0, x: 200)])
        XCTAssertThrowsError(try FreeDCapture.write(far)) { e in
            XCTAssertTrue("\(e)".contains("sample 2 at 0.020 s: FreeD cannot carry X (mm) 200000"), "\(e)")
        }
    }
}
