// DiffCommandTests: `xrstudio diff` — exit codes 0/1/2, tolerance, heat maps and JSON.

import FoundationEssentials
import Foundation
import ImageCodecs
import Imaging
import XCTest

final class DiffCommandTests: XCTestCase {
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-diff-\(UUID().uuidString)")
        for d in ["a", "b"] {
            try FileManager.default.createDirectory(at: tmp.appendingPathComponent(d), withIntermediateDirectories: true)
        }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    func write(_ image: RGBA8Image, _ path: String) throws {
        try Data(try PNGCodec.encode(image)).write(to: tmp.appendingPathComponent(path))
    }


    /// A frame named `café` in NFC in one folder (as Linux tools write it) and in NFD in the other (as macOS writes
    /// it) is one frame, each read by its own spelling: the second was opened by the first's and "not found".
    func testNamesInOtherUnicodeFormsPair() throws {
        let image = RGBA8Image(width: 4, height: 2, fill: (10, 20, 30, 255))
        let nfc = "caf\u{E9}.0100.png", nfd = "cafe\u{301}.0100.png"
        XCTAssertNotEqual(Array(nfc.utf8), Array(nfd.utf8))
        try write(image, "a/" + nfc); try write(image, "b/" + nfd)
        let r = try runCLI(["diff", tmp.appendingPathComponent("a").path, tmp.appendingPathComponent("b").path])
        XCTAssertEqual(r.code, 0, r.out + r.err)
        XCTAssertTrue(r.out.contains("1 compared, 1 match"), r.out)
        // Both spellings in one folder (two files on Linux): an error for that name, not one of them silently.
        try write(RGBA8Image(width: 4, height: 2, fill: (200, 20, 30, 255)), "b/" + nfc)
        let twice = try runCLI(["diff", tmp.appendingPathComponent("a").path, tmp.appendingPathComponent("b").path])
        XCTAssertEqual(twice.code, 2, twice.out + twice.err)
        XCTAssertTrue(twice.err.contains("holds two files named caf"), twice.err)
        XCTAssertTrue(twice.out.contains("1 error"), twice.out)
    }

    /// Two folders with no PNG or JPEG frames (EXR frames, or nothing) compare nothing: exit 2 saying so, not 0
    /// ("all frames match"), which let a golden check of EXR output pass.
    func testNothingToCompareIsNotAMatch() throws {
        let a = tmp.appendingPathComponent("ea"), b = tmp.appendingPathComponent("eb")
        for d in [a, b] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let empty = try runCLI(["diff", a.path, b.path])
        XCTAssertEqual(empty.code, 2, empty.out)
        XCTAssertTrue(empty.err.contains("no frames to compare"), empty.err)
        for d in [a, b] { try Data([0x76, 0x2F, 0x31, 0x01]).write(to: d.appendingPathComponent("frame.0001.exr")) }
        XCTAssertEqual(try runCLI(["diff", a.path, b.path]).code, 2)
    }

    func testExitCodesToleranceHeatMapAndJSON() throws {
        let base = RGBA8Image(width: 8, height: 4, fill: (40, 80, 120, 255))
        var off = base
        off[2, 1] = (44, 80, 120, 255)  // one pixel, one channel off by 4
        try write(base, "a/f1.png"); try write(base, "b/f1.png")
        try write(base, "a/f2.png"); try write(off, "b/f2.png")
        let a = tmp.appendingPathComponent("a").path, b = tmp.appendingPathComponent("b").path
        let heat = tmp.appendingPathComponent("heat").path

        var r = try runCLI(["diff", a, b, "--diff-out", heat])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.out.contains("f1.png: match (bit exact)"), r.out)
        XCTAssertTrue(r.out.contains("f2.png: DIFFERS: 1 pixels, max channel difference 4"), r.out)
        XCTAssertTrue(r.out.hasSuffix("diff: 2 compared, 1 match, 1 differ, 0 errors (tolerance 0, max differing pixels 0)\n"), r.out)
        let h = try ImageFile.read(path: heat + "/f2.diff.png")
        XCTAssertEqual(h[2, 1].r, 255)
        XCTAssertEqual(h[0, 0].r, h[0, 0].b)

        r = try runCLI(["diff", a, b, "--tolerance", "4"])
        XCTAssertEqual(r.code, 0, r.out)
        r = try runCLI(["diff", a, b, "--max-differing-pixels", "1"])
        XCTAssertEqual(r.code, 0, r.out)

        r = try runCLI(["diff", a, b, "--json"])
        XCTAssertEqual(r.code, 1)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        XCTAssertEqual(json["differ"] as? Int, 1)
        XCTAssertEqual(json["match"] as? Int, 1)
        let frames = try XCTUnwrap(json["frames"] as? [[String: Any]])
        XCTAssertEqual(frames[1]["differing_pixels"] as? Int, 1)
        XCTAssertEqual(frames[1]["max_channel_difference"] as? Int, 4)
        XCTAssertNil(frames[0]["psnr"], "identical frames have no finite PSNR")

        // A frame missing on one side and a size mismatch are errors: exit 2, named.
        try write(base, "a/only-a.png")
        try write(RGBA8Image(width: 3, height: 3), "a/f3.png"); try write(base, "b/f3.png")
        r = try runCLI(["diff", a, b])
        XCTAssertEqual(r.code, 2)
        // Errors go to stderr; stdout keeps the report's verdict.
        XCTAssertTrue(r.err.contains("xrstudio: error: only-a.png: missing in \(b)\n"), r.err)
        XCTAssertTrue(r.err.contains("xrstudio: error: f3.png: size mismatch: 3x3"), r.err)
        XCTAssertFalse(r.out.contains("missing in"), r.out)
        XCTAssertTrue(r.out.contains("2 errors"), r.out)

        // A heat map already in --diff-out is the user's until they say otherwise: kept, the refusal said, exit 2
        // (it was replaced silently); --overwrite replaces it. A heat map that cannot be written is said in text mode.
        try FileManager.default.removeItem(atPath: a + "/only-a.png")
        try FileManager.default.removeItem(atPath: a + "/f3.png")
        try FileManager.default.removeItem(atPath: b + "/f3.png")
        try Data("mine".utf8).write(to: URL(fileURLWithPath: heat + "/f2.diff.png"))
        r = try runCLI(["diff", a, b, "--diff-out", heat])
        XCTAssertEqual(r.code, 2, r.err)
        XCTAssertTrue(r.err.contains("f2.png: heat map not written: \(heat)/f2.diff.png already exists (use --overwrite to replace it)"), r.err)
        XCTAssertEqual(try String(contentsOfFile: heat + "/f2.diff.png", encoding: .utf8), "mine")
        r = try runCLI(["diff", a, b, "--diff-out", heat, "--overwrite"])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertNoThrow(try ImageFile.read(path: heat + "/f2.diff.png"))

        r = try runCLI(["diff", a, tmp.appendingPathComponent("nowhere").path])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("nowhere: no such file or folder"), r.err)
        r = try runCLI(["diff", a, tmp.appendingPathComponent("a/f1.png").path])
        XCTAssertEqual(r.code, 2)
    }
}
