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

    /// A mark's numbers read back exactly (a take frame's interpolated pose, 1e-7 m, a focus of 0.9217 m): it
    /// renders the frame it was dropped on (it was rounded to 1 mm, 0.001° and 1 cm).
    func testMarkNumbersReadBackExactly() throws {
        let exact = Mark(name: "K", camera: "A", position: [-0.05599872340982, 1.6000000000000001, 1e-7],
                         panDegrees: 0.5559872340981234, tiltDegrees: -2.0000000003, rollDegrees: 1e-300,
                         focalLengthMM: 23.456789012345, focusDistanceM: 0.9217)
        let path = Self.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let after = try load(try SceneFileEdit.appendingMarks([exact], to: text))
        XCTAssertEqual(after.marks.last, exact)
    }

    /// A scene saved with CRLF line ends (and a byte-order mark, as Windows editors write): the marks go into its
    /// `marks:` block, not a second one at the end (which the loader refused as a duplicate key), and the file keeps
    /// its line ends and mark.
    func testCRLFAndByteOrderMarkAreKept() throws {
        let path = Self.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path
        let lf = try String(contentsOfFile: path, encoding: .utf8)
        let text = "\u{FEFF}" + lf.replacingOccurrences(of: "\n", with: "\r\n")
        let edited = try SceneFileEdit.appendingMarks(new, to: text)
        XCTAssertTrue(edited.hasPrefix("\u{FEFF}"))
        let scalars = Array(edited.unicodeScalars)
        for (i, c) in scalars.enumerated() where c == "\n" { XCTAssertEqual(scalars[i - 1], "\r", "a bare LF at scalar \(i)") }
        // The same edit as on the LF file, line for line.
        XCTAssertEqual(String(edited.dropFirst()).replacingOccurrences(of: "\r\n", with: "\n"),
                       try SceneFileEdit.appendingMarks(new, to: lf))
        XCTAssertEqual(try load(String(edited.dropFirst())).marks.count, try load(lf).marks.count + 2)
    }

    /// Names with line breaks YAML folds (U+2028, U+2029) and tabs are escaped, so the mark reads back with its
    /// name (a camera so named no longer matched, and the save was refused). A name with a control character
    /// (U+0085, U+0001), which the loader refuses, is not saved: the file would no longer load.
    func testMarkNamesWithLineBreakCharactersReadBack() throws {
        let name = "A\u{2028}B C\u{2029}D\tE F é"
        let edited = try SceneFileEdit.appendingMarks([Mark(name: name, position: [0, 1, 2])], to: "name: a\n")
        XCTAssertEqual(try load(edited).marks.map(\.name), [name])
        XCTAssertFalse(edited.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" })
        for bad in ["A\u{85}B", "A\u{1}B", "A\u{1B}[2JB"] {
            XCTAssertThrowsError(try SceneFileEdit.appendingMarks([Mark(name: bad, position: [0, 1, 2])], to: "name: a\n")) { e in
                XCTAssertTrue("\(e)".contains("control character"), "\(e)")
            }
        }
        // A block scalar's final line break is no part of the name (`name: >` keeps one); one inside still is refused.
        XCTAssertEqual(try load("name: >\n  Folded\n").name, "Folded")
        XCTAssertThrowsError(try load("name: |\n  two\n  lines\n"))
        // The loader's own refusal names the field, line and column.
        XCTAssertThrowsError(try load("name: \"a\\e[2Jb\"\n")) { e in
            XCTAssertEqual("\(e)", "s.yaml:1:7: error: 'name' holds a control character (U+001B); names and paths are one line of visible text")
        }
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
