// FarmVerifyTests: the frame check after a farm run: every planned frame present, decodable and of the plan's
// size; missing, broken and wrong-size frames named; temporaries of killed writers listed.

import Foundation
import FrameOutput
import ImageCodecs
import Imaging
import RenderFarm
import XCTest

final class FarmVerifyTests: XCTestCase {
    func testFindsMissingBrokenAndWrongSizeFrames() throws {
        let dir = try FarmTest.temporaryFolder(self)
        var r = FarmTest.request(out: dir, chunk: 2)
        r.views = [.wall, .plan]
        let plan = try FarmTest.plan(r, frames: Array(0...4), width: 8, height: 4)
        for v in ["wall", "plan"] { try FileManager.default.createDirectory(atPath: dir + "/" + v, withIntermediateDirectories: true) }
        let files = plan.jobs.flatMap(\.files)
        XCTAssertEqual(files.count, 10)
        for f in files { try AtomicFile.writePNG(RGBA8Image(width: 8, height: 4), to: f, overwrite: false, compression: .fast) }
        let clean = FarmVerify.run(plan)
        XCTAssertTrue(clean.ok)
        XCTAssertEqual(clean.good, 10)
        XCTAssertEqual(clean.summary, "verify: 10 of 10 frames present and decode (8x4)")
        XCTAssertEqual(FarmVerify.countPresent(files), 10)

        try FileManager.default.removeItem(atPath: dir + "/wall/frame.0003.png")
        let whole = try Data(contentsOf: URL(fileURLWithPath: dir + "/plan/frame.0001.png"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: dir + "/plan/frame.0001.png"))
        try AtomicFile.writePNG(RGBA8Image(width: 4, height: 4), to: dir + "/plan/frame.0004.png", overwrite: true, compression: .fast)
        try Data("half".utf8).write(to: URL(fileURLWithPath: dir + "/wall/.frame.0003.png.tmp-4242-beef"))
        let report = FarmVerify.run(plan)
        XCTAssertFalse(report.ok)
        XCTAssertEqual(report.good, 7)
        XCTAssertEqual(report.missing, [dir + "/wall/frame.0003.png"])
        XCTAssertEqual(report.bad.map(\.file), [dir + "/plan/frame.0001.png", dir + "/plan/frame.0004.png"])
        XCTAssertTrue(report.bad[0].error.contains("truncated"), report.bad[0].error)
        XCTAssertFalse(report.bad[0].error.hasPrefix(dir), "the file is named once, in the file field")
        XCTAssertEqual(report.bad[1].error, "4x4, expected 8x4")
        XCTAssertEqual(report.temporaries, [dir + "/wall/.frame.0003.png.tmp-4242-beef"])
        XCTAssertTrue(report.summary.hasPrefix("verify: 7 of 10 frames present and decode (8x4); 1 missing (\(dir)/wall/frame.0003.png); 2 bad ("),
                      report.summary)
        XCTAssertTrue(report.summary.hasSuffix("; 1 leftover temporary file"), report.summary)
        XCTAssertEqual(FarmVerify.countPresent(files), 9)
    }

    /// An EXR farm render is checked as EXR: every chunk inside the file and decompressing, the plan's size.
    func testEXRFramesAreCheckedAsEXR() throws {
        let dir = try FarmTest.temporaryFolder(self)
        var r = FarmTest.request(out: dir, chunk: 2)
        r.format = "exr"
        let plan = try FarmTest.plan(r, frames: Array(0...2), width: 8, height: 4)
        XCTAssertEqual(plan.jobs.flatMap(\.files), (0...2).map { dir + "/frame.000\($0).exr" })
        let frame = EXRImage(width: 8, height: 4, rgba: [Float](repeating: 0.5, count: 8 * 4 * 4))
        for f in plan.jobs.flatMap(\.files) { try AtomicFile.writeEXR(frame, to: f, overwrite: false) }
        XCTAssertEqual(FarmVerify.run(plan).good, 3)
        let cut = dir + "/frame.0001.exr"
        let whole = try Data(contentsOf: URL(fileURLWithPath: cut))
        try whole.prefix(whole.count - 10).write(to: URL(fileURLWithPath: cut))
        try AtomicFile.writePNG(RGBA8Image(width: 8, height: 4), to: dir + "/frame.0002.png", overwrite: false, compression: .fast)
        try FileManager.default.removeItem(atPath: dir + "/frame.0002.exr")
        try FileManager.default.moveItem(atPath: dir + "/frame.0002.png", toPath: dir + "/frame.0002.exr")
        let report = FarmVerify.run(plan)
        XCTAssertEqual(report.good, 1)
        XCTAssertEqual(report.bad.map(\.file), [cut, dir + "/frame.0002.exr"])
        XCTAssertTrue(report.bad.allSatisfy { $0.error.contains("EXR") || $0.error.contains("OpenEXR") }, "\(report.bad)")
    }
}
