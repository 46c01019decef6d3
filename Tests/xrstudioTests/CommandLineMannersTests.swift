// CommandLineMannersTests: a new user's mistakes, one row each, with the exact message and exit code of the
// real binary; negative numbers as values; help text that wraps once; stdout write failures.

import Foundation
import FrameOutput
import XCTest
import XRTestSupport

final class CommandLineMannersTests: TempFolderTestCase {
    var root: URL { CommandLineTests.root }
    var quad: String { CommandLineTests.fixtures.appendingPathComponent("quad.obj").path }
    var scene: String { root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path }

    func write(_ name: String, _ text: String) throws -> String {
        let path = tmp.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// One mistake per row: the whole first stderr line, and the exit code.
    func testMistakes() throws {
        let out = tmp.appendingPathComponent("out.png").path
        let unclosed = try write("unclosed.yaml", "name: x\nstage:\n  floor:\n    size: [10, 8\n    color: \"#404040\"\n")
        let quote = try write("quote.yaml", "name: \"x\nworld: []\n")
        let indent = try write("indent.yaml", "name: x\nworld:\n  - name: a\n   mesh: b\n")
        // A copy of the sample scene whose take names a file that is not there.
        let sceneDir = tmp.appendingPathComponent("scene")
        try FileManager.default.copyItem(at: root.appendingPathComponent("Scenes"), to: sceneDir)
        let broken = sceneDir.appendingPathComponent("binhai-xr-stage.yaml").path
        let text = try String(contentsOfFile: broken, encoding: .utf8)
        try text.replacingOccurrences(of: "takes/binhai-dolly-push.csv", with: "takes/gone.csv")
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let takeLine = text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("takes/binhai-dolly-push.csv") }! + 1

        let rows: [(args: [String], code: Int32, line: String)] = [
            (["rendr", quad], 2, "xrstudio: error: unknown command 'rendr'; did you mean 'render'?"),
            (["anlyze"], 2, "xrstudio: error: unknown command 'anlyze'; did you mean 'analyze'?"),
            (["render", quad, "--outt", out], 2, "xrstudio: error: unknown option '--outt'; did you mean '--out'?"),
            (["farm", "plan", scene, "--chunkk", "5"], 2, "xrstudio: error: unknown option '--chunkk'; did you mean '--chunk'?"),
            (["help", "rendr"], 2, "xrstudio: error: unknown command 'rendr'; did you mean 'render'?"),
            (["help", "take", "nonexist"], 2, "xrstudio: error: unknown command 'nonexist'"),
            // No near name: where the real ones are.
            (["take", "info", scene, "--bogus"], 2, "xrstudio: error: unknown option '--bogus' (see 'xrstudio take info --help')"),
            (["bench", scene], 2, "xrstudio: error: \(scene): a scene is timed over a take: add --take TAKE (a model file is timed without one)"),
            (["render", scene, "--frames", "0-4", "--out", out], 2,
             "xrstudio: error: --frames applies to sequences only: add --take TAKE (one frame renders without it)"),
            (["render", scene, "--burn-in", "--out", out], 2,
             "xrstudio: error: --burn-in applies to sequences only: add --take TAKE (one frame renders without it)"),
            (["render", scene, "--every", "2", "--out", out], 2,
             "xrstudio: error: --every applies to sequences only: add --take TAKE (one frame renders without it)"),
            (["render", scene, "--skip-existing", "--out", out], 2,
             "xrstudio: error: --skip-existing applies to sequences only: add --take TAKE (one frame renders without it)"),
            (["render", quad, "--camera", "-3,1,2", "--look-at", "-3,1,2", "--out", out], 2,
             "xrstudio: error: --camera and --look-at must differ, and --up must not be parallel to the view direction"),
            (["render", quad, "--fov-y", "-5", "--out", out], 2,
             "xrstudio: error: --fov-y must be between 0 and 180 degrees (exclusive), got -5.0"),
            // The viewer reads FreeD captures at the rate render and analyze read them (--freed-rate), checked first.
            (["tui", scene, "--freed-rate", "fast"], 2, "xrstudio: error: --freed-rate fast: not a frame rate (e.g. 50, 59.94, 60000/1001)"),
            (["info", unclosed], 1, "\(unclosed):4:11: error: '[' is never closed: expected ',' or ']' before line 5, column 10"),
            (["info", quote], 1, "\(quote):1:7: error: quoted text is never closed (its closing quote is missing)"),
            (["info", indent], 1, "\(indent):4:4: error: expected a list item '- ' here, in the list that starts at line 3: check the indentation"),
            (["render", broken, "--take", "dolly push-in", "--out", tmp.appendingPathComponent("seq").path], 1,
             "\(broken):\(takeLine):11: error: take 'dolly push-in': file 'takes/gone.csv' not found (tried \(sceneDir.path)/takes/gone.csv)"),
        ]
        for row in rows {
            let r = try runCLI(row.args)
            XCTAssertEqual(r.code, row.code, "\(row.args): \(r.err)")
            XCTAssertEqual(r.err.split(separator: "\n").first.map(String.init), row.line, "\(row.args)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(row.args) wrote --out")
        }
    }

    /// Negative numbers are values for every option that takes numbers: `--camera -3,1,2` renders exactly what
    /// `--camera=-3,1,2` (which ArgumentParser always accepted) renders.
    func testNegativeNumbersAreValues() throws {
        let a = tmp.appendingPathComponent("a.png").path, b = tmp.appendingPathComponent("b.png").path
        let spaced = try runCLI(["render", quad, "--camera", "-3,1,2", "--look-at", "-0.5,-1e-1,0", "--up", "0,1,0",
                                 "--size", "32x24", "--out", a])
        XCTAssertEqual(spaced.code, 0, spaced.err)
        let joined = try runCLI(["render", quad, "--camera=-3,1,2", "--look-at=-0.5,-1e-1,0", "--size", "32x24", "--out", b])
        XCTAssertEqual(joined.code, 0, joined.err)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a)), try Data(contentsOf: URL(fileURLWithPath: b)))
        // A lone negative number for an integer option reaches the option's own range check.
        let threads = try runCLI(["render", quad, "--threads", "-2", "--out", a, "--overwrite"])
        XCTAssertEqual(threads.code, 2)
        XCTAssertEqual(threads.err, "xrstudio: error: --threads must be 1...64, got -2\n")
    }

    /// Any value that starts with a dash and names no option is a value too: a take named `-dolly`, an output
    /// folder `-renders`. A known option name after a valued option is not taken as its value silently.
    func testDashLedValuesAreValues() throws {
        let scene = tmp.appendingPathComponent("dash.yaml").path
        let text = try String(contentsOfFile: CommandLineTests.root.appendingPathComponent("Scenes/lantern-flat-wall.yaml").path,
                              encoding: .utf8)
        let base = CommandLineTests.root.appendingPathComponent("Scenes").path + "/"
        try text.replacingOccurrences(of: "name: handheld drift", with: "name: -drift")
            .replacingOccurrences(of: "gltf: assets/", with: "gltf: " + base + "assets/")
            .replacingOccurrences(of: "file: takes/", with: "file: " + base + "takes/")
            .write(toFile: scene, atomically: true, encoding: .utf8)
        let spaced = try runCLI(["analyze", scene, "--take", "-drift", "--json"])
        XCTAssertEqual(spaced.code, 0, spaced.err)
        let joined = try runCLI(["analyze", scene, "--take=-drift", "--json"])
        XCTAssertEqual(spaced.out, joined.out)
        let out = tmp.appendingPathComponent("-frames").path
        // A known option where the value should be is not swallowed: ArgumentParser reports the missing value.
        let missing = try runCLI(["render", scene, "--take", "-drift", "--out", "--quiet"])
        XCTAssertEqual(missing.code, 2, missing.err)
        let ok = try runCLI(["render", scene, "--take", "-drift", "--frames", "0-0", "--size", "32x18", "--out", out, "--quiet"])
        XCTAssertEqual(ok.code, 0, ok.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/frame.0000.png"))
    }

    /// A file name with an ESC sequence in it is named in the error with the ESC shown as \x1B: sent raw, it would
    /// be a terminal command (here, red text; others set the title or move the cursor).
    func testControlCharactersInErrorsAreShownNotSent() throws {
        let name = tmp.appendingPathComponent("x\u{1B}[31mRED\u{7}.csv").path
        try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: name))
        let r = try runCLI(["take", "info", name])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertFalse(r.err.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" }, r.err)
        XCTAssertTrue(r.err.contains("x\\x1B[31mRED\\x07.csv"), r.err)
        // A line break in a name keeps the error one line.
        let broken = tmp.appendingPathComponent("take\nB.csv").path
        try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: broken))
        let b = try runCLI(["take", "info", broken])
        XCTAssertEqual(b.code, 1, b.err)
        XCTAssertEqual(b.err.split(separator: "\n").count, 1, b.err)
        XCTAssertTrue(b.err.contains("take\\x0AB.csv"), b.err)
    }

    static let commands: [[String]] = [
        [], ["render"], ["analyze"], ["bench"], ["diff"], ["contact-sheet"], ["info"], ["take"], ["take", "info"],
        ["take", "convert"], ["take", "recover"], ["record"], ["tui"], ["farm"], ["farm", "plan"], ["farm", "run"],
        ["farm", "verify"], ["farm", "slurm"], ["farm", "opencue"], ["plan"], ["stage"], ["stage", "export"],
    ]

    /// Help is wrapped once, by the terminal width: at 1000 columns no prose paragraph is broken across lines,
    /// at 80 columns every example fits on its lines (continued with a shell `\`), and no default is given twice.
    func testHelpWrapsOnce() throws {
        for c in Self.commands {
            let wide = try runHelp(c, columns: 1000)
            let body = wide.components(separatedBy: "\nUSAGE:")[0].split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in body.enumerated().dropFirst() where i + 1 < body.count {
                let next = body[i + 1]
                // Two prose lines in a row: the first must end a sentence (a hard wrap would not).
                guard !line.isEmpty, !next.isEmpty, !line.hasPrefix(" "), !next.hasPrefix(" ") else { continue }
                XCTAssertTrue(line.hasSuffix(".") || line.hasSuffix(":"), "\(c): hard-wrapped line: \(line)")
            }
            for line in wide.split(separator: "\n") where line.hasPrefix("  -") {
                let defaults = line.components(separatedBy: "(default").count - 1
                XCTAssertLessThanOrEqual(defaults, 1, "\(c): default said twice: \(line)")
            }
            let narrow = try runHelp(c, columns: 80).split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in narrow.enumerated() where line.hasPrefix("  xrstudio ") || line.hasPrefix("    --") {
                XCTAssertLessThanOrEqual(line.count, 80, "\(c): \(line)")
                if line.hasSuffix("\\") {
                    XCTAssertTrue(narrow[i + 1].hasPrefix("    "), "\(c): continuation of \(line)")
                } else if i + 1 < narrow.count {
                    let next = narrow[i + 1]
                    XCTAssertTrue(next.isEmpty || next.hasPrefix("  ") || next.first!.isUppercase
                                  || next.hasPrefix("--") || next.hasPrefix("("), "\(c): example split: \(line) / \(next)")
                }
            }
        }
    }

    /// Help teaches: every command's help shows at least one example command line (the top level, take, stage, farm
    /// verify and tui had none).
    func testEveryHelpHasAnExample() throws {
        for c in Self.commands {
            XCTAssertTrue(try runHelp(c, columns: 1000).contains("\n  xrstudio "), "\(c): no example in the help")
        }
    }

    /// Every option and flag a command's help lists is accepted by name: `--set-extension/--no-set-extension`, as
    /// this ArgumentParser prints an inversion, was refused as an unknown option by the command-line repair.
    func testEveryListedOptionIsKnown() throws {
        for c in Self.commands {
            let help = try runHelp(c, columns: 1000)
            for line in help.split(separator: "\n") where line.hasPrefix("  -") {
                let first = line.drop { $0 == " " }.split(separator: " ")[0]
                for name in first.split(separator: "/").map({ String($0.hasSuffix(",") ? $0.dropLast() : $0) })
                    where name.hasPrefix("--") && name != "--help" && name != "--version" {
                    let r = try runCLI(c + [name, "--help"])
                    XCTAssertFalse(r.err.contains("unknown option"), "\(c) \(name): \(r.err)")
                }
            }
        }
    }

    func runHelp(_ command: [String], columns: Int) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        p.arguments = command + ["--help"]
        p.environment = ["COLUMNS": "\(columns)", "PATH": "/usr/bin:/bin"]
        let o = Pipe()
        p.standardOutput = o
        try p.run()
        let data = o.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "\(command)")
        return String(decoding: data, as: UTF8.self)
    }

    /// A report that cannot be written (stdout is /dev/full) is a failure: exit 1 and a line saying why.
    func testFailedStdoutWriteIsAnError() throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else {
            return XCTFail("/dev/full is needed for this test")
        }
        // A render's progress lines flush as they go: the reason is the failed write's, not what errno held at exit
        // (it said "no such file or directory").
        let progress = ["render", root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path, "--take", "dolly push-in",
                        "--frames", "0-1", "--size", "32x18", "--format", "none", "--progress", "json",
                        "--out", FileManager.default.temporaryDirectory.appendingPathComponent("xr-full-\(getpid())").path]
        for args in [["info", quad], ["info", quad, "--json"], ["take", "info", root.appendingPathComponent("Scenes/takes/binhai-dolly-push.csv").path, "--json"], progress] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
            p.arguments = args
            p.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
            let e = Pipe()
            p.standardError = e
            try p.run()
            let err = String(decoding: e.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 1, "\(args): \(err)")
            XCTAssertTrue(err.hasSuffix("xrstudio: error: cannot write to standard output: no space left on device\n"), "\(args): \(err)")
        }
    }

    /// With stdout closed (`>&-`) the report fails as a bad descriptor: no file the run opens takes descriptor 1 (a
    /// scene did, and the failure read "invalid argument").
    func testClosedStdoutIsABadDescriptor() throws {
        let r = try ExternalTool.capture("/bin/sh", ["-c", "exec '\(CommandLineTests.binary)' info '\(quad)' >&-"])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.err.hasSuffix("xrstudio: error: cannot write to standard output: bad file descriptor\n"), r.err)
    }

    /// Foundation's file errors read as one short line (a read-only folder, as root cannot be tested for real).
    func testFileErrorsAreShortLines() throws {
        let rows: [(CocoaError.Code, String)] = [
            (.fileWriteNoPermission, "cannot create /srv/out: permission denied"),
            (.fileWriteOutOfSpace, "cannot create /srv/out: no space left on device"),
            (.fileWriteVolumeReadOnly, "cannot create /srv/out: read-only file system"),
            (.fileReadNoSuchFile, "cannot read /srv/out: no such file or folder"),
        ]
        for (code, line) in rows {
            XCTAssertEqual(FileErrorMessage.message(for: CocoaError(code, userInfo: [NSFilePathErrorKey: "/srv/out"])), line)
        }
        // End to end: a folder that cannot be made because a file is in its path.
        let file = try write("plain.txt", "x")
        let r = try runCLI(["render", scene, "--view", "all", "--size", "32x18", "--out", file + "/sub"])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertFalse(r.err.contains("NSCocoaErrorDomain"), r.err)
        XCTAssertFalse(r.err.contains("Error Domain"), r.err)
        XCTAssertTrue(r.err.hasPrefix("xrstudio: error: cannot create \(file)"), r.err)
    }
}
