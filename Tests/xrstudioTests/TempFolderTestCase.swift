// TempFolderTestCase: a fresh temporary folder for each test, removed afterwards, and files written into it.

import Foundation
import XCTest

/// A test case with its own temporary folder per test (`tmp`), for tests that run the binary on generated files.
class TempFolderTestCase: XCTestCase {
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-\(type(of: self))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    /// Writes `bytes` as `name` in the folder; returns its path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = tmp.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
