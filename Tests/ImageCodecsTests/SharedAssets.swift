// SharedAssets: finds ../shared/assets (real third-party PNG/JPEG files) relative to this package's root.

import Foundation
import XCTest

/// Locates the shared asset folder beside the package (`<package root>/../shared/assets`) from `#filePath`.
///
/// A user's clone has no `../shared`; tests that need it fail with a message saying so rather than passing.
enum SharedAssets {
    /// This file is `<root>/Tests/ImageCodecsTests/SharedAssets.swift`, so the root is three levels up.
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("../shared/assets")
        .standardizedFileURL

    /// The path of `relative` inside the folder, or nil after recording a failure when the folder is absent.
    static func path(_ relative: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        guard FileManager.default.fileExists(atPath: folder.path) else {
            XCTFail("../shared/assets is absent (a user's clone): these tests need it", file: file, line: line)
            return nil
        }
        return folder.appendingPathComponent(relative).path
    }

    /// The bytes of `relative`, or nil after recording a failure.
    static func bytes(_ relative: String, file: StaticString = #filePath, line: UInt = #line) -> [UInt8]? {
        guard let path = path(relative, file: file, line: line) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            XCTFail("cannot read \(path)", file: file, line: line)
            return nil
        }
        return [UInt8](data)
    }
}
