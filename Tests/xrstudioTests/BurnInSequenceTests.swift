// BurnInSequenceTests: --burn-in stamps each sequence frame in its bottom-left corner and nowhere else.

import FoundationEssentials
import Foundation
import ImageCodecs
import Imaging
import XCTest

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
}
