// TakeCommandTests: `xrstudio take info` and `take convert` end to end — keys, round trips, refusals.

import FoundationEssentials
import Foundation
import XCTest
import XRTestSupport

final class TakeCommandTests: XCTestCase {
    static let takes = CommandLineTests.root.appendingPathComponent("Tests/Fixtures/takes")


    func json(_ s: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any])
    }

    func testInfoAndConvertRoundTrip() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-take-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let dolly = TakeCommandTests.takes.appendingPathComponent("dolly.csv").path

        let info = try runCLI(["take", "info", dolly, "--json"])
        XCTAssertEqual(info.code, 0, info.err)
        let j = try json(info.out)
        for key in ["samples", "rejected", "rate_hz", "timecode_in", "timecode_out", "bbox_min", "bbox_max"] {
            XCTAssertNotNil(j[key], "missing key \(key)")
        }
        XCTAssertEqual(j["samples"] as? Int, 6)
        XCTAssertEqual(j["timecode_in"] as? String, "10:00:00:00")

        // CSV -> OpenTrackIO (JSON Lines) -> CSV keeps every sample and the timecodes.
        let jsonl = tmp.appendingPathComponent("dolly.jsonl").path, back = tmp.appendingPathComponent("back.csv").path
        XCTAssertEqual(try runCLI(["take", "convert", dolly, jsonl]).code, 0)
        XCTAssertEqual(try runCLI(["take", "convert", jsonl, back]).code, 0)
        let j2 = try json(try runCLI(["take", "info", back, "--json"]).out)
        XCTAssertEqual(j2["samples"] as? Int, 6)
        XCTAssertEqual(j2["timecode_out"] as? String, j["timecode_out"] as? String)
        XCTAssertEqual(j2["bbox_max"] as? [Double], j["bbox_max"] as? [Double])

        // Existing output is kept without --overwrite.
        let again = try runCLI(["take", "convert", dolly, back])
        XCTAssertEqual(again.code, 1)
        XCTAssertTrue(again.err.contains("already exists"), again.err)
    }

    /// `take convert IN -` writes the take to standard output (the report to stderr): the same bytes as the file
    /// it writes, and no file named `-` (one was written, "-> -"). Without --to, or with --json, it is a usage error.
    func testConvertToStandardOutput() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-take-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let dolly = TakeCommandTests.takes.appendingPathComponent("dolly.csv").path
        let file = tmp.appendingPathComponent("dolly.jsonl").path
        XCTAssertEqual(try runCLI(["take", "convert", dolly, file]).code, 0)
        let piped = try ExternalTool.capture("/bin/sh", ["-c", "cd '\(tmp.path)' && '\(CommandLineTests.binary)' take convert '\(dolly)' - --to jsonl"])
        XCTAssertEqual(piped.status, 0, piped.err)
        XCTAssertEqual(piped.out, try String(contentsOfFile: file, encoding: .utf8))
        XCTAssertTrue(piped.err.contains("dolly.csv -> - (jsonl): 6 samples"), piped.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("-").path))
        // A full disk and a pipe closed early are failures with their reasons, the report left out.
        let dollyPush = CommandLineTests.root.appendingPathComponent("Scenes/takes/binhai-dolly-push.csv").path
        // (JSON lines: 265 KB, past the 64 KB a pipe holds before `head` has gone.)
        for (redirect, reason) in [("> /dev/full", "no space left on device"), ("| head -c 10 > /dev/null", "broken pipe")] {
            let r = try ExternalTool.capture("/bin/bash", ["-c", "'\(CommandLineTests.binary)' take convert '\(dollyPush)' - --to jsonl "
                                                            + "2>'\(tmp.path)/err' \(redirect); echo ${PIPESTATUS[0]}"])
            let err = try String(contentsOfFile: tmp.path + "/err", encoding: .utf8)
            XCTAssertEqual(r.out.trimmingCharacters(in: .whitespacesAndNewlines), "1", "\(redirect): \(err)")
            XCTAssertTrue(err.hasSuffix("xrstudio: error: cannot write to standard output: \(reason)\n"), err)
            XCTAssertFalse(err.contains("-> -"), err)
        }
        for (args, expected) in [([dolly, "-"], "give --to csv, freed, jsonl or json"),
                                 ([dolly, "-", "--to", "csv", "--json"], "--json: standard output carries the take")] {
            let r = try runCLI(["take", "convert"] + args)
            XCTAssertEqual(r.code, 2, "\(args)")
            XCTAssertTrue(r.err.contains(expected), r.err)
        }
    }

    func testRejectsAreReportedAndBadUsageFails() throws {
        let broken = try runCLI(["take", "info", TakeCommandTests.takes.appendingPathComponent("broken.csv").path, "--json"])
        XCTAssertEqual(broken.code, 0, broken.err)
        let j = try json(broken.out)
        XCTAssertGreaterThan(j["rejected"] as? Int ?? 0, 0)
        let missing = try runCLI(["take", "info", "/nonexistent/take.csv"])
        XCTAssertEqual(missing.code, 1)
        XCTAssertTrue(missing.err.hasPrefix("xrstudio: error: "), missing.err)
        let unknown = try runCLI(["take", "info", TakeCommandTests.takes.appendingPathComponent("README.md").path])
        XCTAssertEqual(unknown.code, 2, unknown.err)
    }

    /// A take with not one usable sample is exit 1 (the summary still printed), stderr naming the first reject;
    /// an empty file says it holds none.
    func testNoUsableSamplesIsExitOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xr-nousable-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.jsonl").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        let r = try runCLI(["take", "info", empty])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.out.contains("samples    0"), r.out)
        XCTAssertTrue(r.err.contains("empty.jsonl: no usable samples (the file holds none)"), r.err)
        let old = dir.appendingPathComponent("old.jsonl").path
        FileManager.default.createFile(atPath: old, contents: Data(#"{"protocol":"OpenTrackIO_0.9","transforms":[]}"#.utf8))
        let o = try runCLI(["take", "info", old, "--json"])
        XCTAssertEqual(o.code, 1, o.err)
        XCTAssertTrue(o.err.contains("no usable samples (1 rejected; the first: line 1: not an OpenTrackIO sample: protocol is not an object"), o.err)
    }
}
