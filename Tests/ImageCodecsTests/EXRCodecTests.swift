// EXRCodecTests: OpenEXR frames written through the shim read back by OpenImageIO and exrheader: half colour,
// float depth, ZIP and PIZ, the header attributes, SMPTE timecode packing, and cut-short files refused.

import Foundation
import FrameOutput
import ImageCodecs
import XCTest
import XRTestSupport

final class EXRCodecTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("EXRCodecTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    /// A 3x2 frame: colours exactly representable in half (including HDR values above 1), one that is not (0.1),
    /// depth in metres with +infinity for "nothing hit".
    func sampleImage() -> EXRImage {
        let rgba: [Float] = [0.5, 0.25, 0.125, 1, 1, 2.5, 1024, 1, 0.1, 0, 0.0625, 1,
                             0.75, 0.375, 3, 1, 0.1875, 6, 0.5, 1, 0, 0, 0, 1]
        let depth: [Float] = [1.5, 2.25, 12.34567, .infinity, 0.3, 100]
        return EXRImage(width: 3, height: 2, rgba: rgba, depth: depth,
                        attributes: EXRAttributes(focalLengthMM: 35, timecode: EXRTimecode.pack(
                            hours: 10, minutes: 0, seconds: 4, frames: 0, dropFrame: false),
                                                  framesPerSecond: (25, 1), software: "xrstudio test"))
    }

    func testTimecodePackingIsSMPTEBinaryCodedDecimal() {
        // 10:00:04:00 -> hours 0x10 << 24, seconds 0x04 << 8.
        XCTAssertEqual(EXRTimecode.pack(hours: 10, minutes: 0, seconds: 4, frames: 0, dropFrame: false), 0x1000_0400)
        // 23:59:59;29 drop frame -> 0x23 59 59 29 with bit 6 set in the frame byte (0x29 | 0x40 = 0x69).
        XCTAssertEqual(EXRTimecode.pack(hours: 23, minutes: 59, seconds: 59, frames: 29, dropFrame: true), 0x2359_5969)
        // Above 30 fps the field counts frame pairs, the field/phase flag (bit 15) marking a pair's second frame:
        // 50 fps frame 41 is pair 20 (0x20), flag set; frame 40 pair 20, flag clear; never the drop-frame bit.
        XCTAssertEqual(EXRTimecode.pack(hours: 10, minutes: 0, seconds: 0, frames: 41, dropFrame: false, nominalRate: 50),
                       0x1000_8020)
        XCTAssertEqual(EXRTimecode.pack(hours: 10, minutes: 0, seconds: 0, frames: 40, dropFrame: false, nominalRate: 50),
                       0x1000_0020)
        // 59.94 DF 10:01:00;04 (the first label of a dropped-frame minute) is pair 2 with the drop-frame bit.
        XCTAssertEqual(EXRTimecode.pack(hours: 10, minutes: 1, seconds: 0, frames: 4, dropFrame: true, nominalRate: 60),
                       0x1001_0042)
        // 48 fps frame 47: pair 23, second frame.
        XCTAssertEqual(EXRTimecode.pack(hours: 1, minutes: 2, seconds: 3, frames: 47, dropFrame: false, nominalRate: 48),
                       0x0102_8323)
        // Above 60 fps the pairs pass 29: no timeCode is written.
        XCTAssertNotNil(EXRTimecode.pack(hours: 0, minutes: 0, seconds: 0, frames: 59, dropFrame: false, nominalRate: 60))
        XCTAssertNil(EXRTimecode.pack(hours: 0, minutes: 0, seconds: 0, frames: 0, dropFrame: false, nominalRate: 120))
        // Up to 30 fps nothing changes: 29 is 0x29.
        XCTAssertEqual(EXRTimecode.pack(hours: 0, minutes: 0, seconds: 0, frames: 29, dropFrame: false, nominalRate: 30),
                       0x0000_0029)
    }

    func testPixelsReadBackByOpenImageIOWithBothCompressions() throws {
        for compression in EXRCompression.allCases {
            let path = folder + "/sample-\(compression.rawValue).exr"
            try AtomicFile.writeEXR(sampleImage(), to: path, overwrite: false, compression: compression)
            let read = try EXRReader.pixels(path)
            XCTAssertEqual(read.channels, ["R", "G", "B", "Z"])
            XCTAssertEqual(read.width, 3)
            XCTAssertEqual(read.height, 2)
            // Half keeps the exact values exactly; 0.1 becomes the nearest half, 1638 / 16384 = 0.0999755859375.
            // Z is float32, so 12.34567 is the float nearest it.
            let expected: [[Float]] = [[0.5, 0.25, 0.125, 1.5], [1, 2.5, 1024, 2.25], [0.0999755859375, 0, 0.0625, 12.34567],
                                       [0.75, 0.375, 3, .infinity], [0.1875, 6, 0.5, 0.3], [0, 0, 0, 100]]
            XCTAssertEqual(read.values.count, 6)
            for (i, px) in read.values.enumerated() {
                XCTAssertEqual(px.count, 4)
                for c in 0..<3 { XCTAssertEqual(px[c], expected[i][c], "pixel \(i) channel \(c) (\(compression))") }
                XCTAssertEqual(px[3], expected[i][3], accuracy: expected[i][3].isInfinite ? 0 : expected[i][3] * 1e-7,
                               "pixel \(i) Z (\(compression))")
            }
            XCTAssertTrue(try EXRReader.header(path).contains("compression (type compression): \(compression.rawValue)"))
        }
    }

    func testHeaderCarriesChromaticitiesLensTimecodeAndRate() throws {
        let path = folder + "/header.exr"
        try AtomicFile.writeEXR(sampleImage(), to: path, overwrite: false)
        let h = try EXRReader.header(path)
        for line in ["red   (0.64 0.33)", "green (0.3 0.6)", "blue  (0.15 0.06)", "white (0.3127 0.329)",
                     "nominalFocalLength (type float): 35", "time 10:00:04:00", "drop frame 0",
                     "framesPerSecond (type rational): 25/1", "Z, 32-bit floating-point", "R, 16-bit floating-point",
                     "software (type string): \"xrstudio test\""] {
            XCTAssertTrue(h.contains(line), "exrheader lacks '\(line)':\n\(h)")
        }
        XCTAssertFalse(h.contains("A, 16-bit"), "opaque frames carry no alpha channel")
    }

    func testCheckAcceptsWholeFilesAndRefusesCutShortOnes() throws {
        let bytes = try EXRCodec.encode(sampleImage())
        let size = try EXRCodec.check(bytes, decode: true)
        XCTAssertEqual(size.width, 3)
        XCTAssertEqual(size.height, 2)
        XCTAssertEqual(size.channels, ["B", "G", "R", "Z"])
        // Channel names come back whole, whatever they hold: one named "B\nG\nR\nZ" was read as four channels.
        var odd = sampleImage()
        odd.extra = [EXRChannel(name: "x\ny", samples: .half([Float](repeating: 0, count: 6)), linear: true)]
        XCTAssertEqual(try EXRCodec.check(try EXRCodec.encode(odd)).channels, ["B", "G", "R", "Z", "x\ny"])
        XCTAssertThrowsError(try EXRCodec.check(Array(bytes.dropLast(10)))) { error in
            XCTAssertTrue("\(error)".hasPrefix("EXR: "), "\(error)")
        }
        XCTAssertThrowsError(try EXRCodec.check([0x89, 0x50, 0x4E, 0x47])) { error in
            XCTAssertEqual("\(error)", "EXR: not an OpenEXR file (bad magic number)")
        }
    }

    func testUnwritablePathIsOneLineErrorNamingIt() {
        XCTAssertThrowsError(try AtomicFile.writeEXR(sampleImage(), to: "/proc/xrstudio-no/frame.exr", overwrite: false)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("/proc/xrstudio-no/frame.exr"), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
    }
}
