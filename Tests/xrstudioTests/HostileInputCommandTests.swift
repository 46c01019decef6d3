// HostileInputCommandTests: the defects an adversarial sweep of the command line found (2026-12-07), each as the
// input that found it: a crash, an allocation of tens of gigabytes, a clobbered file or a lost recording became one
// clear line on stderr and exit 1 (2 for usage), or the work the user asked for.

import Foundation
import ImageCodecs
import XRTestSupport
import Imaging
import XCTest

final class HostileInputCommandTests: TempFolderTestCase {
    var defaultScene: String { CommandLineTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path }
    var sceneText: String { (try? String(contentsOfFile: defaultScene, encoding: .utf8)) ?? "" }

    /// Asserts exit `code` and one line on stderr containing `expected`.
    func assertOneLineError(_ r: (code: Int32, out: String, err: String), _ code: Int32, _ expected: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.code, code, r.err, file: file, line: line)
        XCTAssertTrue(r.err.contains(expected), r.err, file: file, line: line)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, "one line: \(r.err)", file: file, line: line)
    }

    /// A wall of 8192-pixel panels is 163840 x 81920 LED pixels: its native canvas is refused by the memory budget
    /// before it is allocated (it aborted, asking for 54 GB).
    func testNativeCanvasOverTheBudgetIsRefused() throws {
        let scene = try write("huge.yaml", Array("""
            name: native huge
            stage:
              panels:
                - { name: P, cabinet_mm: [500, 500], pixels: [8192, 8192] }
              walls:
                - { name: w, panel: P, columns: 20, rows: 10, position: [0, 0, -5] }
            cameras:
              - name: A
                body: { sensor_mm: [24.89, 13.13], resolution: [4096, 2160] }
                lens: { focal_mm: 32, f_stop: 2.8, focus_m: 5 }
                position: [0, 1.6, 7.5]
            render: { size: [320, 180], fps: 25 }

            """.utf8))
        let r = try runCLI(["render", scene, "--view", "wall", "--native", "--out", tmp.appendingPathComponent("n").path,
                            "--threads", "1"])
        assertOneLineError(r, 1, "huge.yaml: LED surface 'w' at its native 163840x81920 LED pixels needs about 107.4 GB")
    }

    /// Positions are bounded (a thousand kilometres): a camera at 10^15 m made the plan view draw for minutes in
    /// 11 GB, and one at 10^300 crashed it; a mark at 10^19 crashed `plan` while it formatted its error.
    func testAbsurdPositionsAreRefusedWhereTheyAreWritten() throws {
        for value in ["1e15", "1e300", "-2e6"] {
            let text = sceneText.replacingOccurrences(of: "position: [0, 1.6, 7.5]", with: "position: [\(value), 1.6, 7.5]")
            XCTAssertNotEqual(text, sceneText, "the default scene's camera A moved")
            let scene = try write("far-\(value).yaml", Array(text.utf8))
            let r = try runCLI(["render", scene, "--view", "plan", "--size", "64x36", "--out",
                                tmp.appendingPathComponent("p.png").path, "--threads", "1"])
            assertOneLineError(r, 1, "'position' must be from -1000000 to 1000000, found \(value)")
        }
    }

    /// A 1x8192 frame set a 320 x 2.6-million-pixel thumbnail box (51 s, 7 GB, then a failure): the box is at
    /// most four widths tall, and a sheet too big to hold is refused before any frame is read.
    func testContactSheetsOfExtremeFramesStayBounded() throws {
        let dir = tmp.appendingPathComponent("tall").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(try PNGCodec.encode(RGBA8Image(width: 1, height: 8192, fill: (200, 10, 10, 255))))
            .write(to: URL(fileURLWithPath: dir + "/frame.0001.png"))
        let sheet = tmp.appendingPathComponent("sheet.png").path
        let r = try runCLI(["contact-sheet", dir, "--out", sheet])
        XCTAssertEqual(r.code, 0, r.err)
        let image = try PNGCodec.decodeRGBA8(Array(try Data(contentsOf: URL(fileURLWithPath: sheet))))
        XCTAssertLessThan(image.height, 4 * 320 + 200, "the box is at most four thumbnail widths tall")
        XCTAssertEqual(image.width, 320 + 2 * 16)

        let many = tmp.appendingPathComponent("many").path
        try FileManager.default.createDirectory(atPath: many, withIntermediateDirectories: true)
        let png = try PNGCodec.encode(RGBA8Image(width: 16, height: 9, fill: (1, 2, 3, 255)))
        for i in 0..<40 { try Data(png).write(to: URL(fileURLWithPath: many + "/f.\(1000 + i).png")) }
        let wide = try runCLI(["contact-sheet", many, "--thumb-width", "4096", "--columns", "40", "--out", sheet + ".2.png"])
        assertOneLineError(wide, 2, "more than 16384 a side")
        let columns = try runCLI(["contact-sheet", many, "--columns", "1000000000000", "--out", sheet + ".3.png"])
        assertOneLineError(columns, 2, "--columns 1000000000000 would make the sheet more than 16384 pixels wide")
    }

    /// `info` counts a primitive's triangles instead of meshing every repeated copy (10,000 copies of a 256x128
    /// sphere took a minute each).
    func testInfoCountsRepeatedPrimitivesWithoutMeshingThem() throws {
        let scene = try write("spheres.yaml", Array("""
            name: many spheres
            world:
              objects:
                - name: ball
                  sphere: { radius: 1, segments: 256, rings: 128 }
                  repeat: { count: 10000, step: [0, 0, -3] }
            render: { size: [320, 180], fps: 25 }

            """.utf8))
        let r = try runCLI(["info", scene, "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        // 256 x 128 sphere: two caps of 256 triangles and 126 bands of 512 (SceneMeshTests checks the count).
        XCTAssertTrue(r.out.contains("\"triangles\": \(10_000 * (2 * 256 + 126 * 512))") ||
                      r.out.contains("\"triangles\":\(10_000 * (2 * 256 + 126 * 512))"), r.out)
    }

    /// `--overwrite` onto a pipe is refused, and the pipe is kept (it was replaced by a regular file).
    func testOverwriteOntoAPipeIsRefused() throws {
        let fifo = tmp.appendingPathComponent("take.csv").path
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let take = CommandLineTests.root.appendingPathComponent("Scenes/takes/binhai-dolly-push.csv").path
        let r = try runCLI(["take", "convert", take, fifo, "--overwrite"])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.err.contains("take.csv: is a pipe, not a file"), r.err)
        var st = stat()
        XCTAssertEqual(lstat(fifo, &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFIFO)
    }

    /// A pipe named as an OBJ model (or a scene) is refused at once: the OBJ reader's open waited for a writer forever.
    func testAPipeAsAModelOrSceneIsRefused() throws {
        for name in ["m.obj", "s.yaml"] {
            let fifo = tmp.appendingPathComponent(name).path
            XCTAssertEqual(mkfifo(fifo, 0o644), 0)
            let r = try ExternalTool.capture("/usr/bin/timeout", ["20", CommandLineTests.binary, "info", fifo])
            XCTAssertEqual(r.status, 1, r.err)
            XCTAssertTrue(r.err.contains("\(fifo): is a pipe, not a "), r.err)
        }
    }

    /// A 2 GB sparse scene file or "PNG" is refused by its size or signature before it is read: each was read whole
    /// (4.2 GB of memory for a 2 GB file) to be told it was too big or not a PNG.
    func testBigFilesAreRefusedBeforeTheyAreRead() throws {
        let scene = tmp.appendingPathComponent("big.yaml").path, png = tmp.appendingPathComponent("big.png").path
        for path in [scene, png] {
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
            XCTAssertEqual(truncate(path, 2 << 30), 0)
        }
        let info = try runMeasured(["info", scene])
        XCTAssertEqual(info.code, 1, info.err)
        XCTAssertTrue(info.err.contains("\(scene): the file is 2147483648 bytes; a scene file may be at most 16777216"), info.err)
        XCTAssertLessThan(info.maxKB, 500_000)
        let diff = try runMeasured(["diff", png, png])
        XCTAssertEqual(diff.code, 2, diff.err)
        XCTAssertTrue(diff.err.contains("not a PNG or JPEG file (starts with 0x00 0x00 0x00 0x00)"), diff.err)
        XCTAssertLessThan(diff.maxKB, 500_000)
    }

    /// `render --progress json | head -n 1`: the closed pipe stops the render as a signal does (finished frames kept,
    /// exit 130), where SIGPIPE killed it mid-frame and left the frame's temporary in the folder.
    func testAClosedProgressPipeStopsCleanly() throws {
        let out = tmp.appendingPathComponent("piped").path
        let render = "'\(CommandLineTests.binary)' render '\(defaultScene)' --take 'dolly push-in' --frames 0-200 --size 64x36 "
            + "--threads 1 --progress json --out '\(out)'"
        let r = try ExternalTool.capture("/bin/bash", ["-c", "\(render) | head -n 1 >/dev/null; echo ${PIPESTATUS[0]}"])
        XCTAssertEqual(r.out.trimmingCharacters(in: .whitespacesAndNewlines), "130", r.err)
        let left = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.contains(".tmp-") }
        XCTAssertEqual(left, [])
        XCTAssertTrue(r.err.contains("cannot write to standard output: broken pipe"), r.err)
    }

    /// A recording whose folder is missing fails before it listens (it listened for the whole take, then lost it).
    func testRecordChecksItsOutputBeforeListening() throws {
        let r = try runCLI(["record", "--freed", "127.0.0.1:0", "--out", tmp.appendingPathComponent("no-such/take.csv").path,
                            "--duration", "30"])
        assertOneLineError(r, 1, "no-such/take.csv: cannot create a file in ")
        XCTAssertFalse(r.err.contains("accepted"), r.err)
    }

    /// `farm slurm --script` and `farm opencue --output` keep an existing file unless asked (they replaced it).
    func testFarmFilesAreNotClobbered() throws {
        let script = try write("mine.sh", Array("precious user script\n".utf8))
        let args = ["farm", "slurm", defaultScene, "--take", "dolly push-in", "--chunk", "100", "--out",
                    tmp.appendingPathComponent("shot").path, "--script", script]
        let refused = try runCLI(args)
        XCTAssertEqual(refused.code, 1, refused.err)
        XCTAssertTrue(refused.err.contains("mine.sh: already exists (pass --overwrite to replace it)"), refused.err)
        XCTAssertEqual(try String(contentsOfFile: script, encoding: .utf8), "precious user script\n")
        let replaced = try runCLI(args + ["--overwrite"])
        XCTAssertEqual(replaced.code, 0, replaced.err)
        XCTAssertTrue(try String(contentsOfFile: script, encoding: .utf8).hasPrefix("#!"))
        let mode = (try FileManager.default.attributesOfItem(atPath: script)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o755)
        let job = try write("job.py", Array("precious\n".utf8))
        let cue = try runCLI(["farm", "opencue", defaultScene, "--take", "dolly push-in", "--chunk", "100", "--out",
                              tmp.appendingPathComponent("shot").path, "--show", "s", "--output", job])
        XCTAssertEqual(cue.code, 1, cue.err)
        XCTAssertEqual(try String(contentsOfFile: job, encoding: .utf8), "precious\n")
    }

    /// Usage errors are one line naming where to look (ArgumentParser printed four), and a value that starts like
    /// a negative number is the option's value, so the option itself says what is wrong.
    func testUsageErrorsAreOneLine() throws {
        let missing = try runCLI(["render"])
        assertOneLineError(missing, 2, "(see 'xrstudio render --help')")
        let size = try runCLI(["render", defaultScene, "--size", "-5x10", "--out", tmp.appendingPathComponent("x.png").path])
        XCTAssertEqual(size.code, 2, size.err)
        XCTAssertFalse(size.err.contains("Missing value"), size.err)
        XCTAssertTrue(size.err.contains("-5x10"), size.err)
        XCTAssertEqual(size.err.split(separator: "\n").count, 1, size.err)
        let date = try runCLI(["plan", defaultScene, "--date", "2026-02-30", "--out", tmp.appendingPathComponent("p.pdf").path])
        assertOneLineError(date, 2, "--date 2026-02-30: expected YYYY-MM-DD")
    }

    /// For `diff`, exit 1 means "the frames differ": a --diff-out that is a file is an error, 2.
    func testDiffFailureIsNotADifference() throws {
        let png = try write("a.png", try PNGCodec.encode(RGBA8Image(width: 4, height: 4, fill: (1, 2, 3, 255))))
        let file = try write("heat", Array("a file".utf8))
        let r = try runCLI(["diff", png, png, "--diff-out", file])
        XCTAssertEqual(r.code, 2, r.err)
    }

    /// A scene's take that names a folder is an input error (it was "unknown take format", a usage error).
    func testTakeThatIsAFolderIsAnInputError() throws {
        let folder = CommandLineTests.root.appendingPathComponent("Scenes/takes").path
        let text = sceneText.replacingOccurrences(of: "file: takes/binhai-dolly-push.csv", with: "file: \(folder)")
        XCTAssertNotEqual(text, sceneText)
        let scene = try write("s.yaml", Array(text.utf8))
        let r = try runCLI(["analyze", scene, "--take", "dolly push-in"])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.err.contains("\(folder): is a folder, not a take file"), r.err)
    }

    /// A control character a file puts into a message is shown (`\x00`): a NUL in an nDisplay id ended the line
    /// there, newline and all.
    func testControlCharactersInMessagesAreShown() throws {
        let cfg = """
            [info] version="23"
            [screen] id=screen\u{0}left loc="X=0,Y=-1.5,Z=1.5" rot="P=0,Y=-90,R=0" size="X=3,Y=3"
            [projection] id=proj_left type=simple screen=screen_left
            [viewport] id=vp_left x=0 y=0 width=1920 height=1920 projection=proj_left

            """
        _ = try write("wall.cfg", Array(cfg.utf8))
        let scene = try write("nul.yaml", Array("name: c\nstage:\n  ndisplay: wall.cfg\n".utf8))
        let r = try runCLI(["info", scene])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.err.contains("screen\\x00left"), r.err)
        XCTAssertTrue(r.err.hasSuffix("\n"), r.err)
    }

    /// A CSV take with a byte-order mark before its leading comment reads (the mark hid the comment, and the
    /// comment was taken for the header).
    func testCSVTakeWithByteOrderMarkAndComment() throws {
        let take = try write("bom.csv", Array("\u{FEFF}# a take\ntime_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n0,0,1.6,5,0,0,0\n0.04,0,1.6,4.9,0,0,0\n".utf8))
        let r = try runCLI(["take", "info", take, "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("\"samples\":2,"), r.out)
    }

    /// `--skip-existing` with a FIFO where a frame goes: the frame is not a frame, and writing it is refused
    /// (opening the FIFO to check it waited forever). Run under `timeout` so a regression fails, not hangs.
    func testSkipExistingDoesNotWaitOnAPipe() throws {
        let out = tmp.appendingPathComponent("out").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(out + "/frame.0001.png", 0o644), 0)
        let r = try ExternalTool.capture("/usr/bin/timeout", ["60", CommandLineTests.binary, "render", defaultScene, "--take",
                                                              "dolly push-in", "--out", out, "--frames", "0-2", "--size", "64x36",
                                                              "--threads", "1", "--skip-existing", "--quiet"])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.err.contains("frame.0001.png: is a pipe, not a file"), r.err)
    }

    /// A --size within 1...16384 whose view renders larger inside says so, naming that size (it said "frame size
    /// 17468x119 is outside ...", a size the user never gave).
    func testSizesThatRenderLargerInsideAreExplained() throws {
        let r = try runCLI(["render", defaultScene, "--view", "camera", "--size", "15000x100", "--threads", "1", "--out",
                            tmp.appendingPathComponent("o.png").path])
        assertOneLineError(r, 2, "this view renders 17468x119 inside for the size asked")
    }

    /// Textures count against --memory-budget: a 4096-texel map (358 MB of float mips) under a 100 MB budget is
    /// refused with a warning and the part drawn untextured (they were loaded whatever the budget).
    func testTexturesCountAgainstTheMemoryBudget() throws {
        _ = try write("big.png", try PNGCodec.encode(RGBA8Image(width: 4096, height: 4096, fill: (90, 90, 90, 255)),
                                                     compression: .fast))
        let obj = try writeTexturedQuad(texture: "big.png")
        let out = tmp.appendingPathComponent("q.png").path
        let tight = try runCLI(["render", obj, "--size", "64x36", "--threads", "1", "--out", out, "--memory-budget", "100M"])
        XCTAssertEqual(tight.code, 0, tight.err)
        XCTAssertTrue(tight.err.contains("texture 'big.png' (4096x4096, with the model's textures before it) needs about 358 MB"),
                      tight.err)
        let roomy = try runCLI(["render", obj, "--size", "64x36", "--threads", "1", "--out", out, "--overwrite",
                                "--memory-budget", "1G"])
        XCTAssertEqual(roomy.code, 0, roomy.err)
        XCTAssertFalse(roomy.err.contains("texture"), roomy.err)
    }

    /// OpenTrackIO cannot hold times before 0: converting such a take is refused (every sample was written at 0);
    /// a CSV whose time_s disagrees with its timecode converts with a warning that the time base changes.
    func testTakeConversionsThatWouldLoseTimes() throws {
        let neg = try write("neg.csv", Array("time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n-4.5,0,1.6,5,0,0,0\n-0.5,0,1.6,4,0,0,0\n".utf8))
        let refused = try runCLI(["take", "convert", neg, tmp.appendingPathComponent("neg.jsonl").path])
        assertOneLineError(refused, 1, "sample 1 is at -4.5 s, before 0: OpenTrackIO's sampleTimestamp cannot hold it")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("neg.jsonl").path))
        let take = CommandLineTests.root.appendingPathComponent("Scenes/takes/binhai-dolly-push.csv").path
        let warned = try runCLI(["take", "convert", take, tmp.appendingPathComponent("dolly.jsonl").path])
        XCTAssertEqual(warned.code, 0, warned.err)
        XCTAssertTrue(warned.err.contains("times and timecodes disagree (time 0.000 s at 10:00:00:00): jsonl keeps the timecode"),
                      warned.err)
    }
}
