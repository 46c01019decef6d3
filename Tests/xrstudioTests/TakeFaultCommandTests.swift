// TakeFaultCommandTests: take files that used to hang or ask for terabytes, through the real binary: each ends
// with exit 1 and one line naming the position (issue 14, items 1 and 2).

import Foundation
import XCTest

final class TakeFaultCommandTests: XCTestCase {
    var tmp: URL!
    let scene = CommandLineTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-takefault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    func write(_ name: String, _ text: String) throws -> String {
        let path = tmp.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A 50 Hz CSV take of `count` rows, with `extra` rows inserted after row `at`.
    func csv(count: Int = 50, insert extra: [String] = [], at: Int = 20) -> String {
        var rows = (0..<count).map { "\(Double($0) * 0.02),0,1.6,\(Double($0) * 0.01),0,0,0" }
        rows.insert(contentsOf: extra, at: at)
        return "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n" + rows.joined(separator: "\n") + "\n"
    }

    /// OpenTrackIO samples with PTP timestamps at 50 Hz in 2026; sample `zeroAt` stamped 0.
    func ptp(count: Int = 50, zeroAt: Int) -> String {
        (0..<count).map { i in
            let (s, ns) = i == zeroAt ? (0, 0) : (1_764_979_200 + i / 50, (i % 50) * 20_000_000)
            return "{\"timing\":{\"sampleTimestamp\":{\"seconds\":\(s),\"nanoseconds\":\(ns)}},\"transforms\":[{\"id\":\"Camera\","
                + "\"translation\":{\"x\":0,\"y\":0,\"z\":1.6},\"rotation\":{\"pan\":0,\"tilt\":0,\"roll\":0}}]}"
        }.joined(separator: "\n") + "\n"
    }

    func assertOneLineError(_ r: (code: Int32, out: String, err: String), _ fragments: [String],
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.code, 1, r.err, file: file, line: line)
        let lines = r.err.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, r.err, file: file, line: line)
        for f in fragments { XCTAssertTrue(r.err.contains(f), "missing '\(f)' in: \(r.err)", file: file, line: line) }
    }

    func testStrayBraceInAnArrayIsAnErrorAtItsPosition() throws {
        for (text, position) in [("[}", "line 1, column 2"), ("[{\"a\":1},{\"b\":2}}", "line 1, column 17")] {
            let path = try write("stray.json", text)
            assertOneLineError(try runCLI(["take", "info", path]), [path, position, "unexpected '}'"])
            assertOneLineError(try runCLI(["analyze", scene, "--take", path]), [position])
        }
    }

    func testGlitchedClocksAreErrorsNamingTheLinesUnlessAllowed() throws {
        // One time_s of 1e9 in a CSV (file line 22): every command that reads takes refuses it. The take would span
        // more than a day, which --allow-gaps cannot keep: the error names the jump without offering it.
        let jump = try write("jump.csv", csv(insert: ["1e9,0,1.6,0,0,0,0"]))
        let named = ["spans 1e+09 s", "more than 86400 s (one day), always refused: a jump of 1e+09 s", "line 22 (time 1e+09 s)"]
        let info = try runCLI(["take", "info", jump])
        assertOneLineError(info, named)
        XCTAssertFalse(info.err.contains("--allow-gaps"), info.err)
        assertOneLineError(try runCLI(["analyze", scene, "--take", jump]), named)
        assertOneLineError(try runCLI(["render", scene, "--take", jump, "--out", tmp.appendingPathComponent("out").path]), named)
        assertOneLineError(try runCLI(["farm", "plan", scene, "--take", jump, "--chunk", "10", "--out", tmp.path]), named)
        // Even kept, a take longer than a day is refused.
        assertOneLineError(try runCLI(["take", "info", jump, "--allow-gaps"]), ["spans 1e+09 s", "more than 86400 s"])

        // A zero PTP timestamp among OpenTrackIO samples (file line 26).
        let zero = try write("zero.jsonl", ptp(zeroAt: 25))
        assertOneLineError(try runCLI(["take", "info", zero]), ["a jump of 1.76e+09 s from line 26 (time 0 s)"])
        assertOneLineError(try runCLI(["analyze", scene, "--take", zero]), ["line 26"])

        // A long gap within a day: an error by default, kept with --allow-gaps (take info reports it as a gap,
        // and a farm plan passes the flag on to its renders).
        let gap = try write("gap.csv", csv(insert: ["300,0,1.6,0,0,0,0"], at: 50))
        assertOneLineError(try runCLI(["take", "info", gap]), ["a jump of 299.02 s from line 51 (time 0.98 s) to line 52 (time 300 s)"])
        let kept = try runCLI(["take", "info", gap, "--allow-gaps", "--json"])
        XCTAssertEqual(kept.code, 0, kept.err)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(kept.out.utf8)) as? [String: Any])
        XCTAssertEqual(report["gaps"] as? Int, 1)
        XCTAssertEqual(report["duration_s"] as? Double, 300)
        let plan = try runCLI(["farm", "plan", scene, "--take", gap, "--chunk", "5000", "--out", tmp.path, "--allow-gaps"])
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertTrue(plan.out.contains("--allow-gaps"), plan.out)
    }

    /// A take of two samples a day apart is 2.2 million frames, every one resampled whatever --frames asks (1.6 GB):
    /// held to the memory budget with the estimate, where it took 1.6 GB under a 256 MB budget.
    func testATakesFramesAreHeldToTheMemoryBudget() throws {
        let take = try write("gap.csv", "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm\n0,0,1.6,7.5,0,0,0,32\n"
                                      + "86000,0,1.6,7.5,0,0,0,32\n")
        let r = try runMeasured(["analyze", scene, "--take", take, "--frames", "0-1", "--memory-budget", "256M"])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.err.contains("\(take): the take spans 23.9 h, 2150001 frames at 25 fps, which needs about 1."), r.err)
        XCTAssertTrue(r.err.contains("more than the memory budget of 268 MB"), r.err)
        XCTAssertLessThan(r.maxKB, 262_144)
    }

    /// A time_s of 3.4e38 used to trap (Double to Int); the row is now rejected by line and the rest renders.
    func testHugeTimeIsARejectNotATrap() throws {
        let huge = try write("huge.csv", csv(insert: ["3.4e38,0,1.6,0,0,0,0"]))
        let info = try runCLI(["take", "info", huge])
        XCTAssertEqual(info.code, 0, info.err)
        XCTAssertTrue(info.out.contains("line 22: absurd value: time 3.4e+38 s is beyond ±1e10 s"), info.out)
        let analyze = try runCLI(["analyze", scene, "--take", huge, "--json"])
        XCTAssertEqual(analyze.code, 0, analyze.err)
    }
}
