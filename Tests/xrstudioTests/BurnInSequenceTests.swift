// BurnInSequenceTests: --burn-in stamps each sequence frame in its bottom-left corner and nowhere else.

import FoundationEssentials
import Foundation
import ImageCodecs
import Imaging
@testable import RenderJobs
import XCTest
import XRTestSupport

final class BurnInSequenceTests: XCTestCase {
    func testBurnInChangesOnlyTheBottomLeftBox() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-burn-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let scene = CommandLineTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path
        var images: [RGBA8Image] = []
        for (name, extra) in [("plain", [String]()), ("burnt", ["--burn-in"])] {
            let dir = tmp.appendingPathComponent(name).path
            let r = try runCLI(["render", scene, "--take", "dolly push-in", "--frames", "40-40", "--size", "320x180",
                                "--out", dir, "--quiet"] + extra)
            XCTAssertEqual(r.code, 0, r.err)
            images.append(try ImageFile.read(path: dir + "/frame.0040.png"))
        }
        // Three lines of text: the box's top edge, whatever the lines' lengths (the box is left-aligned).
        let box = try XCTUnwrap(BurnIn.region(width: 320, height: 180, lines: ["x", "x", "x"], scale: nil))
        var inside = 0, outside = 0
        for y in 0..<180 {
            for x in 0..<320 where images[0][x, y] != images[1][x, y] {
                if x >= box.x && y >= box.y { inside += 1 } else { outside += 1 }
            }
        }
        XCTAssertGreaterThan(inside, 200, "the burn-in box and its text")
        XCTAssertEqual(outside, 0, "burn-in must not touch the picture outside its box")
    }

    /// The burnt-in text is the frame's: its timecode and number, the camera, the take's focal length and the
    /// horizontal angle of view worked here from the scene's sensor width (24.89 mm) and the sidecar's focal
    /// length, the same at 16:9 and square (the vertical angle differs). The burnt frame equals the plain one
    /// stamped with these lines.
    func testBurnInShowsTheFramesTimecodeLensAndHorizontalAngle() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-burn-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let scene = CommandLineTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path
        for (size, width, height) in [("320x180", 320, 180), ("240x240", 240, 240)] {
            var images: [RGBA8Image] = []
            var frame: [String: Any] = [:]
            for name in ["plain", "burnt"] {
                let dir = tmp.appendingPathComponent(name + size).path
                let r = try runCLI(["render", scene, "--take", "dolly push-in", "--frames", "40-40", "--size", size,
                                    "--out", dir, "--quiet"] + (name == "burnt" ? ["--burn-in"] : []))
                XCTAssertEqual(r.code, 0, r.err)
                images.append(try ImageFile.read(path: dir + "/frame.0040.png"))
                let sidecar = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/sequence.json")))
                frame = try XCTUnwrap(((sidecar as? [String: Any])?["frames"] as? [[String: Any]])?.first)
            }
            let camera = try XCTUnwrap(frame["camera"] as? [String: Any])
            let focal = try XCTUnwrap(camera["focal_mm"] as? Double)
            XCTAssertEqual(focal, 32.29, accuracy: 0.005, "the take's focal length at frame 40")
            let hfov = 2 * atan(24.89 / 2 / focal) * 180 / .pi
            XCTAssertEqual(hfov, 42.2, accuracy: 0.1)
            let vfov = try XCTUnwrap(camera["fov_y_deg"] as? Double)
            XCTAssertEqual(vfov, 2 * atan(24.89 / 2 / focal / (Double(width) / Double(height))) * 180 / .pi, accuracy: 1e-9)
            let lines = ["TC \(try XCTUnwrap(frame["timecode"] as? String))  FRAME 40",
                         "A  \(String(format: "%.1f", focal))MM  HFOV \(String(format: "%.1f", hfov))",
                         "dolly push-in"]
            XCTAssertEqual(lines[0], "TC 10:00:01:15  FRAME 40")
            var expected = images[0]
            BurnIn.stamp(&expected, lines: lines)
            XCTAssertTrue(expected.pixels == images[1].pixels, "\(size): the burn-in reads \(lines)")
        }
    }

    /// A Chinese take name, burnt in with the system's GNU Unifont (Debian's `unifont`, which `make` installs):
    /// the glyph of 推 on screen is the one in the font file, read here without xrstudio's parser; without the
    /// font the frame is still written, with '?' and a warning naming the file.
    func testChineseTakeNameBurnsInWithUnifont() throws {
        let fontPath = "/usr/share/unifont/unifont.hex"
        guard FileManager.default.fileExists(atPath: fontPath) else {
            return XCTFail("\(fontPath) is missing: install Debian's unifont package (make test does)")
        }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-burn-cjk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let scene = CommandLineTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path
        let take = tmp.appendingPathComponent("推轨.csv").path
        try FileManager.default.copyItem(atPath: CommandLineTests.root.appendingPathComponent("Scenes/takes/binhai-dolly-push.csv").path,
                                         toPath: take)
        func render(_ name: String, font: String?, burnIn: Bool = true) throws -> (RGBA8Image, String) {
            let dir = tmp.appendingPathComponent(name).path
            var env = ProcessInfo.processInfo.environment
            if let font { env["XRSTUDIO_UNIFONT"] = font } else { env.removeValue(forKey: "XRSTUDIO_UNIFONT") }
            let r = try ExternalTool.capture(CommandLineTests.binary, ["render", scene, "--take", take, "--frames", "0-0",
                                                                       "--size", "1280x720", "--out", dir, "--quiet"] + (burnIn ? ["--burn-in"] : []),
                                             environment: env)
            XCTAssertEqual(r.status, 0, r.err)
            return (try ImageFile.read(path: dir + "/frame.0000.png"), r.err)
        }
        let (plain, _) = try render("plain", font: nil, burnIn: false)
        let (img, err) = try render("unifont", font: nil)
        XCTAssertFalse(err.contains("burn-in"), err)
        // 720 rows: built-in scale 3, so Unifont at 1 (16-pixel lines, 1 apart); the take line is the third.
        let box = try XCTUnwrap(BurnIn.region(width: 1280, height: 720, lines: ["x", "x", "x"], scale: nil))
        let boxHeight = 3 * 16 + 2 + 4 * 3
        let top = 720 - 3 - boxHeight
        XCTAssertLessThan(box.y, top, "the built-in box, 21-pixel lines, is taller than the Unifont one")
        XCTAssertLessThan(img[3, top].g, plain[3, top].g, "the box's top row is darkened")
        XCTAssertTrue(img[3, top - 1] == plain[3, top - 1], "the row above is not")
        // 推 is U+63A8; its rows from the font file, as hex digits.
        let text = try String(contentsOfFile: fontPath, encoding: .utf8)
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("63A8:") })
        let digits = Array(line.dropFirst(5))
        XCTAssertEqual(digits.count, 64)
        // The take line is the path as given, shortened from the start to 48 columns (`...` and its end).
        let shown = SequenceRender.shortened(take, columns: 48, keepEnd: true)
        XCTAssertTrue(shown.hasSuffix("/推轨.csv"), shown)
        let x0 = 3 + 3 * 2 + 8 * (shown.unicodeScalars.count - "推轨.csv".unicodeScalars.count)
        let y0 = top + 2 * 3 + 2 * (16 + 1)
        var lit = 0
        for r in 0..<16 {
            let row = Int(String(digits[(4 * r)..<(4 * r + 4)]), radix: 16)!
            for c in 0..<16 {
                let on = row & (0x8000 >> c) != 0
                let p = img[x0 + c, y0 + r]
                XCTAssertEqual(p.r == 255 && p.g == 255 && p.b == 255, on, "推 row \(r) column \(c)")
                if on { lit += 1 }
            }
        }
        XCTAssertGreaterThan(lit, 60)

        let (fallback, warning) = try render("nofont", font: tmp.appendingPathComponent("missing.hex").path)
        XCTAssertTrue(warning.contains("burn-in: '推' '轨' drawn as '?'") && warning.contains("missing.hex: no such file"), warning)
        XCTAssertNotEqual(fallback, img)
        // A file that parses but is no whole Unifont (no ASCII, no U+FFFD) is refused the same way, not drawn blank.
        let partial = tmp.appendingPathComponent("partial.hex")
        try "63A8:\(String(digits))\n".write(to: partial, atomically: true, encoding: .utf8)
        let (withPartial, partialWarning) = try render("partial", font: partial.path)
        XCTAssertTrue(partialWarning.contains("partial.hex: not a whole Unifont: no glyph for U+0020"), partialWarning)
        XCTAssertTrue(withPartial == fallback, "the built-in font's box, as without a font")
        XCTAssertLessThan(fallback[3, box.y].g, plain[3, box.y].g, "the built-in box's top row")
        XCTAssertTrue(fallback[3, box.y - 1] == plain[3, box.y - 1])
    }
}

