// ContactSheetCommandTests: `xrstudio contact-sheet` end to end — layout, thumbnails, labels, exit codes.

import FoundationEssentials
import Foundation
import ImageCodecs
import Imaging
import RenderJobs
import XCTest

final class ContactSheetCommandTests: XCTestCase {
    var tmp: URL!
    static let background: (r: UInt8, g: UInt8, b: UInt8, a: UInt8) = (22, 23, 27, 255)

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-sheet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("take"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    func path(_ p: String) -> String { tmp.appendingPathComponent(p).path }


    static func colour(_ i: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        (UInt8(20 * i + 10), UInt8(250 - 20 * i), UInt8((i * 67 + 40) % 256), 255)
    }

    /// 12 frames frame.0100.png ... frame.0111.png, 32x18, each one flat distinct colour; written in a
    /// scrambled order so sorting is by number, not by listing order.
    func makeTake(sequenceJSON: Bool) throws {
        for i in [5, 0, 11, 3, 1, 2, 4, 6, 7, 8, 9, 10] {
            let img = RGBA8Image(width: 32, height: 18, fill: Self.colour(i))
            try Data(try PNGCodec.encode(img)).write(to: URL(fileURLWithPath: path("take/frame.\(100 + i < 1000 ? "0" : "")\(100 + i).png")))
        }
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: path("take/notes.txt")))
        if sequenceJSON {
            let entries = (0..<12).map { i in
                "{\"file\": \"frame.0\(100 + i).png\", \"timecode\": \"01:00:04:\(i < 10 ? "0" : "")\(i)\", \"lens\": {\"focal_mm\": 35}}"
            }
            let json = "{\"version\": 1, \"fps\": 24, \"frames\": [" + entries.joined(separator: ", ") + "]}"
            try Data(json.utf8).write(to: URL(fileURLWithPath: path("take/sequence.json")))
        }
    }

    func testSheetLayoutThumbnailsAndLabels() throws {
        try makeTake(sequenceJSON: true)
        let out = path("sheet.png")
        let r = try runCLI(["contact-sheet", path("take"), "--every", "3", "--thumb-width", "64", "--out", out])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("4 of 12 frames 100-109"), r.out)
        let sheet = try ImageFile.read(path: out)
        // Documented layout at thumb width 64: s = 1, margin 8, gap 6, title 14 px (scale 2); thumbnails 64x36;
        // "frame 0100  01:00:04:00" is 137 px > 64, so two label lines: 7 + 2 + 7 = 16; row = 36 + 2 + 16 = 54.
        // 4 cells: 3 columns give 220 x 152 (1.45, the closest to 4:3; 2 columns: 150 x 152).
        // width = 2*8 + 3*64 + 2*6 = 220; height = 8 + 14 + 8 + 2*54 + 6 + 8 = 152.
        XCTAssertEqual(sheet.width, 220)
        XCTAssertEqual(sheet.height, 152)
        XCTAssertTrue(sheet[0, 0] == Self.background)
        // Title: non-background pixels in the title band.
        XCTAssertGreaterThan(countNonBackground(sheet, x: 8, y: 8, w: 204, h: 14), 20)
        for (cell, frame) in [0, 3, 6, 9].enumerated() {
            let ox = 8 + (cell % 3) * 70, oy = 30 + (cell / 3) * 60
            let c = Self.colour(frame)
            for (dx, dy) in [(1, 1), (32, 18), (62, 34)] {
                XCTAssertTrue(sheet[ox + dx, oy + dy] == c, "cell \(cell): expected frame \(100 + frame)'s colour")
            }
            // Labels under the thumbnail: frame line and timecode line.
            XCTAssertGreaterThan(countNonBackground(sheet, x: ox, y: oy + 38, w: 64, h: 7), 20, "cell \(cell) frame label")
            XCTAssertGreaterThan(countNonBackground(sheet, x: ox, y: oy + 47, w: 64, h: 7), 20, "cell \(cell) timecode")
            // The gap between thumbnail and label is background.
            XCTAssertEqual(countNonBackground(sheet, x: ox, y: oy + 36, w: 64, h: 2), 0)
        }
        // The unused sixth cell is empty.
        XCTAssertEqual(countNonBackground(sheet, x: 8 + 2 * 70, y: 90, w: 64, h: 54), 0)
    }

    /// A Chinese folder name (the title) and a Chinese file name (a label) are drawn in GNU Unifont, the title band
    /// growing to its 16-pixel line; the title's first glyph is the font file's 镜 (U+955C), read here without
    /// xrstudio's parser. Needs Debian's unifont package (make installs it).
    func testChineseFolderAndFileNamesInUnifont() throws {
        let fontPath = "/usr/share/unifont/unifont.hex"
        guard let text = try? String(contentsOfFile: fontPath, encoding: .utf8) else {
            return XCTFail("\(fontPath) is missing: install Debian's unifont package (make test does)")
        }
        let dir = path("镜头")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (i, name) in ["frame.0001.png", "全景.png"].enumerated() {
            try Data(try PNGCodec.encode(RGBA8Image(width: 32, height: 18, fill: Self.colour(i)))).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        let out = path("sheet.png")
        let r = try runCLI(["contact-sheet", dir, "--thumb-width", "64", "--columns", "2", "--out", out])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertFalse(r.err.contains("contact sheet"), r.err)
        let sheet = try ImageFile.read(path: out)
        // s = 1: title 16 px (Unifont at 1) where the built-in title is 14; labels 16 px where they were 7.
        // height = 8 + 16 + 8 + (36 + 2 + 16) + 8 = 94 (one row of 64x36 thumbnails; "frame 0001" and "全景.png"
        // each fit 64 px, so one label line).
        XCTAssertEqual(sheet.width, 2 * 8 + 2 * 64 + 6)
        XCTAssertEqual(sheet.height, 94)
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("955C:") })
        let digits = Array(line.dropFirst(5))
        for row in 0..<16 {
            let bits = Int(String(digits[(4 * row)..<(4 * row + 4)]), radix: 16)!
            for c in 0..<16 {
                XCTAssertEqual(sheet[8 + c, 8 + row].r == 255, bits & (0x8000 >> c) != 0, "镜 row \(row) column \(c)")
            }
        }
        // 全景.png's label under the second thumbnail.
        XCTAssertGreaterThan(countNonBackground(sheet, x: 8 + 70, y: 32 + 36 + 2, w: 64, h: 16), 40)
    }

    func testErrorsAndExitCodes() throws {
        try makeTake(sequenceJSON: false)
        let out = path("sheet.png")
        XCTAssertEqual(try runCLI(["contact-sheet", path("take"), "--every", "0", "--out", out]).code, 2)
        // The sheet is a PNG: another name is a usage error (it got PNG bytes under .jpg), and nothing is written.
        for name in ["sheet.jpg", "sheet.exr", "sheet"] {
            let r = try runCLI(["contact-sheet", path("take"), "--out", path(name)])
            XCTAssertEqual(r.code, 2, r.err)
            XCTAssertTrue(r.err.contains("the contact sheet is a PNG; name it .png"), r.err)
            XCTAssertFalse(FileManager.default.fileExists(atPath: path(name)))
        }
        XCTAssertEqual(try runCLI(["contact-sheet", path("take"), "--columns", "0", "--out", out]).code, 2)
        XCTAssertEqual(try runCLI(["contact-sheet", path("missing"), "--out", out]).code, 2)
        XCTAssertEqual(try runCLI(["contact-sheet", path("take")]).code, 2, "--out is required")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))

        var r = try runCLI(["contact-sheet", path("take"), "--thumb-width", "40", "--out", out])
        XCTAssertEqual(r.code, 0, r.err)
        r = try runCLI(["contact-sheet", path("take"), "--thumb-width", "40", "--out", out])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("already exists"), r.err)
        r = try runCLI(["contact-sheet", path("take"), "--thumb-width", "40", "--out", out, "--overwrite"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("12 of 12 frames 100-111"), r.out)

        try FileManager.default.createDirectory(atPath: path("empty"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: path("empty/readme.txt")))
        r = try runCLI(["contact-sheet", path("empty"), "--out", path("e.png")])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("no PNG or JPEG frames"), r.err)

        try Data("garbage".utf8).write(to: URL(fileURLWithPath: path("take/frame.0112.png")))
        r = try runCLI(["contact-sheet", path("take"), "--out", path("g.png")])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("frame.0112.png"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("g.png")))
    }

    /// In-process: frame numbers, ordering, the sidecar's variants, one-line labels without timecodes.
    func testFrameNumbersSidecarAndOneLineLabels() throws {
        XCTAssertEqual(ContactSheet.frameNumber(in: "frame.0100.png"), 100)
        XCTAssertEqual(ContactSheet.frameNumber(in: "shot2_take3_0042.jpg"), 42)
        XCTAssertEqual(ContactSheet.frameNumber(in: "cam2-17b.png"), 17)
        XCTAssertNil(ContactSheet.frameNumber(in: "still.png"))
        XCTAssertEqual(ContactSheet.label(.init(name: "a_7.png", number: 7, timecode: nil)), "frame 0007")
        XCTAssertEqual(ContactSheet.label(.init(name: "a_12345.png", number: 12345, timecode: nil)), "frame 12345")

        try makeTake(sequenceJSON: false)
        try Data(try PNGCodec.encode(RGBA8Image(width: 32, height: 18))).write(to: URL(fileURLWithPath: path("take/poster.png")))
        try Data(try PNGCodec.encode(RGBA8Image(width: 32, height: 18))).write(to: URL(fileURLWithPath: path("take/f9.png")))
        let names = try ContactSheet.listFrames(path("take"))
        XCTAssertEqual(names.first, "f9.png")
        XCTAssertEqual(names.last, "poster.png")
        XCTAssertEqual(Array(names[1...3]), ["frame.0100.png", "frame.0101.png", "frame.0102.png"])

        // Sidecar variants: `name` instead of `file`, paths, `frame` numbers, junk entries are skipped.
        let json = """
            {"frames": [{"name": "out/frame.0100.png", "timecode": "10:00:00:00"}, 7, {"timecode": 3},
                        {"frame": 105, "timecode": "10:00:00:05"}, {"file": "frame.0101.png"}]}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: path("take/sequence.json")))
        let tc = ContactSheet.sequenceTimecodes(dir: path("take"))
        XCTAssertEqual(tc.byName, ["frame.0100.png": "10:00:00:00"])
        XCTAssertEqual(tc.byFrame, [105: "10:00:00:05"])
        try Data("{\"frames\": 3}".utf8).write(to: URL(fileURLWithPath: path("take/sequence.json")))
        XCTAssertTrue(ContactSheet.sequenceTimecodes(dir: path("take")).byName.isEmpty)
        try FileManager.default.removeItem(atPath: path("take/sequence.json"))

        let result = try ContactSheet.run(ContactSheetRequest(dir: path("take"), every: 5, columns: 2, thumbWidth: 64,
                                                              out: path("take/sheet.png")))
        XCTAssertEqual(result.frames.map(\.name), ["f9.png", "frame.0104.png", "frame.0109.png"])
        XCTAssertEqual(result.layout.labelLines, 1)
        XCTAssertEqual(result.layout.columns, 2)
        XCTAssertEqual(result.layout.rows, 2)
        let sheet = try ImageFile.read(path: path("take/sheet.png"))
        XCTAssertEqual(sheet.width, 2 * 8 + 2 * 64 + 6)
        XCTAssertEqual(sheet.height, 3 * 8 + 14 + 2 * (36 + 2 + 7) + 6)
        // Running again with --overwrite does not pick up its own sheet as a frame.
        let again = try ContactSheet.run(ContactSheetRequest(dir: path("take"), every: 5, columns: 2, thumbWidth: 64,
                                                             out: path("take/sheet.png"), overwrite: true))
        XCTAssertEqual(again.available, 14)
    }

    func countNonBackground(_ img: RGBA8Image, x: Int, y: Int, w: Int, h: Int) -> Int {
        var n = 0
        for yy in y..<(y + h) { for xx in x..<(x + w) where !(img[xx, yy] == Self.background) { n += 1 } }
        return n
    }
}
