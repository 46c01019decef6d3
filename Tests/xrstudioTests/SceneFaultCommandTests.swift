// SceneFaultCommandTests: small scene and model files that used to crash or need gigabytes, through the real
// binary: each ends with exit 1 and one line (issue 14, items 3 and 4).

import Foundation
import XCTest

final class SceneFaultCommandTests: XCTestCase {
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-scenefault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = tmp.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func assertOneLineError(_ r: (code: Int32, out: String, err: String), _ fragments: [String],
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.code, 1, r.err, file: file, line: line)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err, file: file, line: line)
        for f in fragments { XCTAssertTrue(r.err.contains(f), "missing '\(f)' in: \(r.err)", file: file, line: line) }
    }

    /// 3,000 nested `? ` keys overflowed Yams' stack (signal 11); now refused at a position before Yams runs.
    func testNestedComplexKeysAreRefused() throws {
        for (name, text) in [("keys.yaml", String(repeating: "? ", count: 3000) + "a\n"),
                             ("mixed.yaml", "name: x\nmarks:\n  - " + String(repeating: "- ? ", count: 3000) + "a\n")] {
            let path = try write(name, Array(text.utf8))
            for command in [["info", path], ["render", path, "--out", tmp.appendingPathComponent("o.png").path]] {
                assertOneLineError(try runCLI(command), [path + ":", "nest deeper than 200 levels"])
            }
        }
    }
}
