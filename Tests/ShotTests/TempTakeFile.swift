// TempTakeFile: take files written for one test, in a folder removed when the test ends.

import Foundation
import XCTest

extension XCTestCase {
    /// Writes `bytes` as `name` in a fresh temporary folder removed at the end of the test; returns the path.
    func tempTakeFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let dir = NSTemporaryDirectory() + "xrstudio-shot-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func tempTakeFile(_ name: String, _ text: String) throws -> String { try tempTakeFile(name, Array(text.utf8)) }
}
