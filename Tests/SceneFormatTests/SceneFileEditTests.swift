// SceneFileEditTests: marks added to a scene file by inserting lines: the file still loads with the new marks, and
// every line the author wrote (comments, blank lines, order) is still there, unchanged.

import Foundation
import SceneFormat
import SceneModel
import XCTest

final class SceneFileEditTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func load(_ text: String) throws -> Scene {
        try SceneLoader.load(bytes: Array(text.utf8), name: "s.yaml") { _ in true }
    }

    let new = [Mark(name: "M1", camera: "A", position: [0.5, 1.6, 4.25], panDegrees: -12.5, tiltDegrees: 3, focalLengthMM: 40),
               Mark(name: "close \"up\"", position: [1, 2, 3], rollDegrees: 5, focusDistanceM: 2.5)]

    func testMarksAreInsertedIntoTheDefaultSceneKeepingEveryLine() throws {
        let path = Self.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let before = try load(text)
        let edited = try SceneFileEdit.appendingMarks(new, to: text)
        let after = try load(edited)
        XCTAssertEqual(after.marks.count, before.marks.count + 2)
        XCTAssertEqual(Array(after.marks.prefix(before.marks.count)), before.marks)
        let m1 = after.marks[before.marks.count], m2 = after.marks[before.marks.count + 1]
        XCTAssertEqual(m1, new[0])
        XCTAssertEqual(m2.name, "close \"up\"")
        XCTAssertEqual(m2.rollDegrees, 5)
        XCTAssertEqual(m2.focusDistanceM, 2.5)
        XCTAssertEqual(after.takes, before.takes)
        // Every original line survives in order: removing the inserted lines gives the file back exactly.
        let inserted = Set(edited.split(separator: "\n", omittingEmptySubsequences: false)).subtracting(text.split(separator: "\n", omittingEmptySubsequences: false))
        let kept = edited.split(separator: "\n", omittingEmptySubsequences: false).filter { !inserted.contains($0) }
        XCTAssertEqual(kept.joined(separator: "\n"), text)
    }

    func testAMarksBlockIsCreatedWhenThereIsNone() throws {
        let text = "# a scene\nname: bare   # no marks yet\n"
        var marks = new
        marks[0].camera = nil  // the bare scene has no cameras
        let edited = try SceneFileEdit.appendingMarks(marks, to: text)
        XCTAssertTrue(edited.hasPrefix(text))
        XCTAssertEqual(try load(edited).marks.map(\.name), ["M1", "close \"up\""])
    }

    func testInlineMarksAreRefused() {
        XCTAssertThrowsError(try SceneFileEdit.appendingMarks(new, to: "name: a\nmarks: []\n")) { e in
            XCTAssertEqual("\(e)", "line 2: 'marks:' is written inline ([...]); write it as a block list to add marks")
        }
    }
}
