// ImageFileTests: reading images from disk by signature, and errors that name the file and the cause.

import Foundation
import ImageCodecs
import Imaging
import XCTest

final class ImageFileTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent("ImageFileTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func testSniffsBySignature() {
        XCTAssertEqual(ImageFormat.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]), .png)
        XCTAssertEqual(ImageFormat.sniff([0xFF, 0xD8, 0xFF, 0xE0]), .jpeg)
        XCTAssertNil(ImageFormat.sniff([0xFF, 0xD8]))
        XCTAssertNil(ImageFormat.sniff([]))
        XCTAssertNil(ImageFormat.sniff(Array("GIF89a".utf8)))
    }

    func testReadsRealPNGAndJPEG() throws {
        guard let png = SharedAssets.path("obj-spot-quads/spot_texture.png"),
            let jpeg = SharedAssets.path("obj-spider-mtl-jpeg/SpiderTex.jpg")
        else { return }
        let texture = try ImageFile.read(path: png)
        XCTAssertEqual([texture.width, texture.height], [1024, 1024])
        let spider = try ImageFile.read(path: jpeg)
        XCTAssertEqual([spider.width, spider.height], [249, 250])
    }

    func testTheSignatureWinsOverTheExtension() throws {
        let image = TestImages.rgba(width: 5, height: 4)
        let path = folder + "/really-a-png.jpg"
        try write(PNGCodec.encode(image), to: path)
        XCTAssertEqual(try ImageFile.read(path: path), image)
    }

    func testErrorsNameTheFileAndTheCause() throws {
        let png = try PNGCodec.encode(TestImages.rgba(width: 32, height: 32))
        let truncated = folder + "/truncated.png"
        try write(Array(png.prefix(png.count / 2)), to: truncated)
        let empty = folder + "/empty.png"
        try write([], to: empty)
        let text = folder + "/notes.png"
        try write(Array("hello".utf8), to: text)
        let fifo = folder + "/pipe.png"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let cases: [(path: String, message: String)] = [
            (truncated, "\(truncated): PNG: Read Error: the data ends early (truncated file)"),
            (empty, "\(empty): empty file (0 bytes)"),
            (text, "\(text): not a PNG or JPEG file (starts with 0x68 0x65 0x6C 0x6C)"),
            (folder + "/missing.png", "\(folder!)/missing.png: cannot read: No such file or directory"),
            (folder, "\(folder!): is a folder, not an image file"),
            (fifo, "\(fifo): is not a regular file (a pipe or a device)"),  // was "Permission denied", or a wait
        ]
        for (path, message) in cases {
            XCTAssertThrowsError(try ImageFile.read(path: path), path) { error in
                XCTAssertEqual(String(describing: error), message)
            }
        }
    }

    func testErrorNamingIsAPrefix() {
        XCTAssertEqual(ImageCodecError("PNG: Read Error").naming("a/b.png").description, "a/b.png: PNG: Read Error")
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
