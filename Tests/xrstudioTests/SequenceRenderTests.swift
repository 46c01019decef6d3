// SequenceRenderTests: `render SCENE --take T --out DIR` end to end — names, sidecar, determinism, Ctrl-C and
// resume, refusals; plus FramePattern and EncodeQueue in process.

import Foundation
import FoundationEssentials
import FrameOutput
import ImageCodecs
import Imaging
import RenderJobs
import SceneFormat
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

final class SequenceRenderTests: XCTestCase {
    static let scene = CommandLineTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path
    static let take = "dolly push-in"
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-seq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: CommandLineTests.binary),
                      "build the binary first (swift build): \(CommandLineTests.binary)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }


    func sequenceArgs(_ dir: String, frames: String = "0-9", _ extra: [String] = []) -> [String] {
        ["render", SequenceRenderTests.scene, "--take", SequenceRenderTests.take, "--size", "160x90",
         "--frames", frames, "--out", dir] + extra
    }

    func files(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// Ten frames named by the pattern, all decoding at 160x90; the sidecar lists them with timecodes and poses.
    func testTenFrameSequenceWritesNamedFramesAndSidecar() throws {
        let dir = tmp.appendingPathComponent("seq").path
        let r = try runCLI(sequenceArgs(dir, ["--pattern", "shot010.%05d.png", "--quiet"]))
        XCTAssertEqual(r.code, 0, r.err)
        let expected = (0...9).map { "shot010.0000\($0).png" } + ["sequence.json"]
        XCTAssertEqual(try files(dir), expected.sorted())
        for name in expected.dropLast() {
            let img = try PNGCodec.decodeRGBA8(try bytes(dir + "/" + name))
            XCTAssertEqual(img.width, 160)
            XCTAssertEqual(img.height, 90)
        }
        let sidecar = try JSONDecoder().decode(SequenceSidecar.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/sequence.json")))
        XCTAssertTrue(sidecar.complete)
        XCTAssertEqual(sidecar.size, [160, 90])
        XCTAssertEqual(sidecar.frameRange, [0, 9])
        XCTAssertEqual(sidecar.take, "dolly push-in")
        XCTAssertEqual(sidecar.frames.map(\.frame), Array(0...9))
        // Labels are the take's own timecode (it starts at 10:00:00:00), frame numbers count from the take's start.
        XCTAssertEqual(sidecar.frames.map(\.timecode), (0...9).map { "10:00:00:0\($0)" })
        XCTAssertEqual(sidecar.frames.map(\.status), Array(repeating: "written", count: 10))
        XCTAssertTrue(sidecar.frames.allSatisfy { $0.renderMS != nil && $0.encodeMS != nil })
        XCTAssertEqual(sidecar.frames[0].camera.focalMM, 32, accuracy: 1e-9)
        // The take tracks the sensor at z 7.5 m, tilted 2° up; the camera is at the entrance pupil, which camera A's
        // lens file puts this far ahead at 32 mm focused at 7.5 m.
        let lens = try SceneFile.load(path: CommandLineTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path)
            .cameras[0].lens
        let pupil = try XCTUnwrap(lens.optics(focalMM: 32, focusM: 7.5)?.entrancePupilM)
        XCTAssertGreaterThan(pupil, 0.1)
        XCTAssertEqual(sidecar.frames[0].camera.position[2], 7.5 - pupil * cos(2 * Double.pi / 180), accuracy: 0.01)
    }

    /// --threads 1 and --threads 2 (and different encoder counts) give byte-identical files.
    func testSequenceIsIdenticalAcrossThreadCounts() throws {
        let a = tmp.appendingPathComponent("t1").path, b = tmp.appendingPathComponent("t2").path
        XCTAssertEqual(try runCLI(sequenceArgs(a, frames: "20-27", ["--threads", "1", "--encoders", "1", "--quiet"])).code, 0)
        XCTAssertEqual(try runCLI(sequenceArgs(b, frames: "20-27", ["--threads", "2", "--encoders", "3", "--quiet"])).code, 0)
        let names = try files(a).filter { $0.hasSuffix(".png") }
        XCTAssertEqual(names.count, 8)
        XCTAssertEqual(names, try files(b).filter { $0.hasSuffix(".png") })
        for n in names { XCTAssertEqual(try bytes(a + "/" + n), try bytes(b + "/" + n), n) }
    }

    /// SIGINT mid-sequence: exit 130, only complete PNGs and no temporary files; --skip-existing then completes
    /// the rest, equal to an uninterrupted run.
    func testInterruptedSequenceKeepsCompleteFramesAndResumes() throws {
        let dir = tmp.appendingPathComponent("cut").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        p.arguments = sequenceArgs(dir, frames: "0-79", ["--threads", "1", "--quiet"])
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let pngs = ((try? files(dir)) ?? []).filter { $0.hasSuffix(".png") && !$0.hasPrefix(".") }
            if pngs.count >= 3 || !p.isRunning { break }
            usleep(20_000)
        }
        XCTAssertTrue(p.isRunning, "the render finished before it could be interrupted")
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 130)
        let left = try files(dir)
        XCTAssertFalse(left.contains { $0.hasPrefix(".") }, "temporary files left: \(left)")
        let pngs = left.filter { $0.hasSuffix(".png") }
        XCTAssertGreaterThanOrEqual(pngs.count, 3)
        XCTAssertLessThan(pngs.count, 80)
        for n in pngs { XCTAssertNoThrow(try PNGCodec.decodeRGBA8(try bytes(dir + "/" + n)), n) }
        let partial = try JSONDecoder().decode(SequenceSidecar.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/sequence.json")))
        XCTAssertFalse(partial.complete)
        XCTAssertTrue(partial.interrupted)
        XCTAssertEqual(partial.frames.filter { $0.status == "written" }.count, pngs.count)

        // Without --skip-existing (or --overwrite) the folder is refused.
        let refused = try runCLI(sequenceArgs(dir, frames: "0-79", ["--quiet"]))
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.err.contains("already exists"), refused.err)

        let resumed = try runCLI(sequenceArgs(dir, frames: "0-79", ["--threads", "2", "--skip-existing", "--quiet"]))
        XCTAssertEqual(resumed.code, 0, resumed.err)
        let whole = tmp.appendingPathComponent("whole").path
        XCTAssertEqual(try runCLI(sequenceArgs(whole, frames: "0-79", ["--quiet"])).code, 0)
        let names = try files(whole).filter { $0.hasSuffix(".png") }
        XCTAssertEqual(names.count, 80)
        XCTAssertEqual(try files(dir), try files(whole))
        for n in names { XCTAssertEqual(try bytes(dir + "/" + n), try bytes(whole + "/" + n), n) }
        let done = try JSONDecoder().decode(SequenceSidecar.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/sequence.json")))
        XCTAssertTrue(done.complete)
        XCTAssertEqual(done.frames.filter { $0.status == "skipped" }.count, pngs.count)
        XCTAssertEqual(done.frames.filter { $0.status == "written" }.count, 80 - pngs.count)
    }

    /// A pattern without a frame number for several frames: exit 1, nothing written.
    func testPatternWithoutFrameNumberIsRefused() throws {
        let dir = tmp.appendingPathComponent("nop").path
        let r = try runCLI(sequenceArgs(dir, ["--pattern", "still.png"]))
        XCTAssertEqual(r.code, 2, "a usage error, as farm plan's and a pattern with two numbers are")
        XCTAssertTrue(r.err.contains("no frame number"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir))
        // One frame may use a fixed name.
        let one = try runCLI(sequenceArgs(dir, frames: "5-5", ["--pattern", "still.png", "--quiet"]))
        XCTAssertEqual(one.code, 0, one.err)
        XCTAssertEqual(try files(dir), ["sequence.json", "still.png"])
    }

    /// Existing frames without --overwrite are refused and untouched; --overwrite replaces them.
    /// `--format none` renders for timing and writes nothing: no folder, no sidecar, and a folder's own sidecar left
    /// as it was (it made the folder and wrote sequence.json, and refused a folder that held a render's).
    func testFormatNoneWritesNothing() throws {
        let missing = tmp.appendingPathComponent("timing").path
        let r = try runCLI(sequenceArgs(missing, frames: "0-1", ["--format", "none", "--progress", "plain"]))
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
        XCTAssertTrue(r.err.hasSuffix("rendered 2 of 2 frames, nothing written (--format none)\n"), r.err)
        let events = try runCLI(sequenceArgs(missing, frames: "0-1", ["--format", "none", "--progress", "json"]))
        XCTAssertTrue(events.out.contains("\"event\":\"frame\",\"frame\":0,\"file\":null"), events.out)
        XCTAssertFalse(events.out.contains("sidecar"), events.out)
        let rendered = tmp.appendingPathComponent("rendered").path
        XCTAssertEqual(try runCLI(sequenceArgs(rendered, frames: "0-1", ["--quiet"])).code, 0)
        let before = try files(rendered), sidecar = try Data(contentsOf: URL(fileURLWithPath: rendered + "/sequence.json"))
        let again = try runCLI(sequenceArgs(rendered, frames: "0-1", ["--format", "none", "--quiet"]))
        XCTAssertEqual(again.code, 0, again.err)
        XCTAssertEqual(try files(rendered), before)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: rendered + "/sequence.json")), sidecar)
    }

    /// A run refused at its first frame (a camera view too large inside for the size asked) leaves nothing behind: the
    /// retry its error asks for, a smaller --size into the same folder, runs (a sidecar of pending frames was left,
    /// and the retry was refused as "already exists", with --skip-existing as "resume with --size" the refused size).
    /// A folder that was there, and a sidecar that was, are kept.
    func testARunThatMadeNoFrameLeavesNothing() throws {
        let dir = tmp.appendingPathComponent("new/day1/plates").path
        func run(_ size: String, _ extra: [String] = []) throws -> (code: Int32, out: String, err: String) {
            try runCLI(["render", Self.scene, "--take", Self.take, "--view", "camera", "--size", size, "--frames", "0-1",
                        "--out", dir, "--quiet"] + extra)
        }
        let refused = try run("16384x16384")
        XCTAssertEqual(refused.code, 2, refused.err)
        XCTAssertTrue(refused.err.contains("ask for a smaller --size"), refused.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("new").path),
                       "the new folders are removed, the ones on the way too")
        XCTAssertEqual(try run("160x90").code, 0)
        XCTAssertEqual(try files(dir), ["frame.0000.png", "frame.0001.png", "sequence.json"])
        // A folder of frames: a refused resume keeps them and their sidecar.
        let sidecar = try Data(contentsOf: URL(fileURLWithPath: dir + "/sequence.json"))
        XCTAssertEqual(try run("16384x16384", ["--overwrite"]).code, 2)
        XCTAssertEqual(try files(dir), ["frame.0000.png", "frame.0001.png", "sequence.json"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/sequence.json")), sidecar)
    }

    func testExistingFramesAreRefusedWithoutOverwrite() throws {
        let dir = tmp.appendingPathComponent("old").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: dir + "/frame.0003.png"))
        let r = try runCLI(sequenceArgs(dir, frames: "0-4", ["--quiet"]))
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("frame.0003.png: already exists"), r.err)
        XCTAssertEqual(try files(dir), ["frame.0003.png"])
        XCTAssertEqual(try bytes(dir + "/frame.0003.png"), Array("keep".utf8))
        let o = try runCLI(sequenceArgs(dir, frames: "0-4", ["--overwrite", "--quiet"]))
        XCTAssertEqual(o.code, 0, o.err)
        XCTAssertNoThrow(try PNGCodec.decodeRGBA8(try bytes(dir + "/frame.0003.png")))
    }

    /// JPEG proxies, JSON progress events (one per frame), --every; a folder that is a file is a clear error.
    func testJPEGProgressJSONAndEvery() throws {
        let dir = tmp.appendingPathComponent("jpg").path
        let r = try runCLI(sequenceArgs(dir, frames: "0-9", ["--every", "3", "--format", "jpeg", "--quality", "70",
                                                          "--progress", "json"]))
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(try files(dir), ["frame.0000.jpg", "frame.0003.jpg", "frame.0006.jpg", "frame.0009.jpg", "sequence.json"])
        XCTAssertNoThrow(try JPEGCodec.decode(try bytes(dir + "/frame.0003.jpg")))
        let events = r.out.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertTrue(events.allSatisfy { $0 != nil }, r.out)
        XCTAssertEqual(events.compactMap { $0?["event"] as? String }, ["start", "frame", "frame", "frame", "frame", "end"])
        let file = tmp.appendingPathComponent("afile").path
        try Data().write(to: URL(fileURLWithPath: file))
        let bad = try runCLI(sequenceArgs(file + "/sub", frames: "0-1"))
        XCTAssertEqual(bad.code, 1)
        XCTAssertFalse(bad.err.isEmpty)
        // A bare model with a take file: the take drives a default camera over it; a missing take is a usage error.
        let obj = CommandLineTests.root.appendingPathComponent("Tests/Fixtures/obj/negative-indices.obj").path
        let model = try runCLI(["render", obj, "--take", "x", "--out", dir])
        XCTAssertEqual(model.code, 2)
        let takeFile = CommandLineTests.root.appendingPathComponent("Tests/Fixtures/takes/dolly.csv").path
        let modelDir = tmp.appendingPathComponent("model").path
        let ok = try runCLI(["render", obj, "--take", takeFile, "--size", "64x36", "--out", modelDir, "--quiet"])
        XCTAssertEqual(ok.code, 0, ok.err)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: modelDir).filter { $0.hasSuffix(".png") }.count, 6)
    }

    /// A take without timecode whose clock starts below zero numbers its first frames below zero: `--frames` picks
    /// them (`-3--1`, `-1-1`; they were refused) and the files are named as printf names them (frame.-003.png).
    func testNegativeFramesArePickedAndNamedAsPrintf() throws {
        var csv = "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n"
        for k in -5...5 { csv += "\(Double(k) * 0.04),0,1.6,6,0,0,0\n" }
        let take = tmp.appendingPathComponent("early.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: take))
        for (range, names) in [("-3--1", ["frame.-003.png", "frame.-002.png", "frame.-001.png"]),
                               ("-1-1", ["frame.-001.png", "frame.0000.png", "frame.0001.png"])] {
            let dir = tmp.appendingPathComponent("range\(range)").path
            let r = try runCLI(["render", SequenceRenderTests.scene, "--take", take, "--size", "32x18", "--frames", range,
                                "--out", dir, "--quiet"])
            XCTAssertEqual(r.code, 0, "\(range): \(r.err)")
            XCTAssertEqual(try files(dir), (names + ["sequence.json"]).sorted(), range)
        }
    }

    /// A render checks the lenses of the frames it renders: a take whose first three frames have a distortion no
    /// render can cover (k1 -0.8 at 18 mm folds back inside the frame) renders frame 6, and frames 1-3 are refused
    /// naming frame 1 (frame 6 was refused for frame 0's lens).
    func testOnlyTheRenderedFramesLensesAreChecked() throws {
        var csv = "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm,k1,k2\n"
        for k in 0..<10 { csv += "\(Double(k) * 0.04),0,1.6,6,0,0,0,18,\(k < 3 ? -0.8 : 0),0\n" }
        let take = tmp.appendingPathComponent("folding.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: take))
        let lantern = CommandLineTests.root.appendingPathComponent("Scenes/lantern-flat-wall.yaml").path
        func render(_ frames: String) throws -> (code: Int32, out: String, err: String) {
            try runCLI(["render", lantern, "--take", take, "--size", "64x36", "--frames", frames, "--quiet",
                        "--out", tmp.appendingPathComponent("fold\(frames)").path])
        }
        let six = try render("6-6")
        XCTAssertEqual(six.code, 0, six.err)
        let early = try render("1-3")
        XCTAssertEqual(early.code, 1)
        XCTAssertTrue(early.err.contains("folding.csv: frame 1 (00:00:00:01): the lens distortion (k1 -0.8"), early.err)
    }

    func testFramePatternParsesOneFrameNumber() throws {
        XCTAssertEqual(try FramePattern("frame.%04d.png").name(frame: 7), "frame.0007.png")
        XCTAssertEqual(try FramePattern("shot010.%05d.jpg").name(frame: 123456), "shot010.123456.jpg")
        XCTAssertEqual(try FramePattern("f%d.png").name(frame: 42), "f42.png")
        XCTAssertEqual(try FramePattern("100%%_%03d.png").name(frame: 5), "100%_005.png")
        // Negative frames as printf writes them (the width counts the sign): checked against Foundation's printf.
        for (pattern, format) in [("f.%04d.png", "f.%04d.png"), ("f%d.png", "f%d.png"), ("f%02d.png", "f%02d.png")] {
            for n in [-12345, -100, -42, -3, -1, 0, 3, 99] {
                XCTAssertEqual(try FramePattern(pattern).name(frame: n), String(format: format, n), "\(pattern) \(n)")
            }
        }
        XCTAssertFalse(try FramePattern("still.png").hasFrameNumber)
        for bad in ["a%d%d.png", "a%s.png", "a%4d.png", "x%", "dir/%04d.png", ""] {
            XCTAssertThrowsError(try FramePattern(bad), bad)
        }
    }

    /// The queue surfaces a write failure to the caller and stops.
    func testEncodeQueueSurfacesWriteErrors() throws {
        let q = EncodeQueue(workers: 2, capacity: 1, encoding: .png(.fast), overwrite: false)
        let img = RGBA8Image(width: 8, height: 8)
        let missing = tmp.appendingPathComponent("no/such/dir").path
        var thrown = false
        do {
            for i in 0..<20 { try q.submit(EncodeJob(index: i, frame: i, image: img, path: "\(missing)/\(i).png")) }
            try q.finish()
        } catch {
            thrown = true
            q.cancel()
            _ = try? q.finish()
        }
        XCTAssertTrue(thrown)
        let ok = EncodeQueue(workers: 3, capacity: 2, encoding: .png(.default), overwrite: false)
        for i in 0..<10 { try ok.submit(EncodeJob(index: i, frame: i, image: img, path: tmp.appendingPathComponent("\(i).png").path)) }
        var got: [Int] = ok.takeResults().map(\.index)
        try ok.finish { got.append($0.index) }
        XCTAssertEqual(got.sorted(), Array(0..<10))
    }
}
