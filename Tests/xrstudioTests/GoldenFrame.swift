// GoldenFrame: the golden-frame check the golden tests share: record a frame (XRSTUDIO_RECORD_GOLDEN=1, `make
// golden`) or compare it pixel for pixel with the recorded file (Docs/golden-frames.md).

import Foundation
import ImageCodecs
import Imaging
import XCTest

enum GoldenFrame {
    /// `make golden` sets XRSTUDIO_RECORD_GOLDEN=1: frames are written, and the test then fails on purpose.
    static var recording: Bool { ProcessInfo.processInfo.environment["XRSTUDIO_RECORD_GOLDEN"] == "1" }

    /// When recording, writes `image` to `url` (best PNG compression); otherwise fails unless the file exists and
    /// every pixel equals `image`'s, naming the frame and how many pixels differ.
    static func check(_ image: RGBA8Image, at url: URL, name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        if recording {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(try PNGCodec.encode(image, compression: .best)).write(to: url)
            return
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            XCTFail("\(url.path) is missing: run `make golden` to record it (and commit it)", file: file, line: line)
            return
        }
        let expected = try ImageFile.read(path: url.path)
        let d = try XCTUnwrap(ImageDiff(expected, image), "\(name): size changed", file: file, line: line)
        XCTAssertEqual(d.differingPixels, 0, "\(name): \(d.differingPixels) pixels differ (max channel difference "
                       + "\(d.maxChannelDifference)); if the change is intended, run `make golden` and commit the frames",
                       file: file, line: line)
    }
}
