// SequenceResumeTests: resuming a sequence (--skip-existing) keeps only whole frames of the right size, refuses
// another --size, cleans up a killed run's temporaries, and lets two copies of one chunk run at once (issue 14).

import Foundation
import FoundationEssentials
import FrameOutput
import ImageCodecs
import Imaging
import RenderJobs
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

final class SequenceResumeTests: TempFolderTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: CommandLineTests.binary),
                      "build the binary first (swift build): \(CommandLineTests.binary)")
    }

    func args(_ dir: String, frames: String = "0-4", size: String = "160x90", _ extra: [String] = []) -> [String] {
        ["render", SequenceRenderTests.scene, "--take", SequenceRenderTests.take, "--size", size,
         "--frames", frames, "--out", dir, "--quiet"] + extra
    }

    func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }
    func put(_ b: [UInt8], _ path: String) throws { try Data(b).write(to: URL(fileURLWithPath: path)) }
    func names(_ dir: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir).sorted() }

    /// A partial re-run (`--frames 2-3` of a 0-9 sequence whose frames 2 and 3 were removed) keeps the sidecar's
    /// record of the other eight: every frame's timecode, pose and size are what the first run wrote, and the range
    /// is 0-9 (it listed frames 2-3 alone, complete). Frames a resume keeps keep their sizes and times.
    func testAPartialReRunKeepsTheOtherFramesRecords() throws {
        let dir = tmp.appendingPathComponent("partial").path
        XCTAssertEqual(try runCLI(args(dir, frames: "0-9")).code, 0)
        struct Sidecar: Decodable {
            struct Frame: Decodable, Equatable { var frame: Int; var timecode: String; var file: String; var status: String; var bytes: Int? }
            var frame_range: [Int]
            var complete: Bool
            var frames: [Frame]
        }
        func sidecar() throws -> Sidecar { try JSONDecoder().decode(Sidecar.self, from: Data(try bytes(dir + "/sequence.json"))) }
        let first = try sidecar()
        XCTAssertEqual(first.frames.count, 10)
        for n in [2, 3] { try FileManager.default.removeItem(atPath: dir + "/frame.000\(n).png") }
        XCTAssertEqual(try runCLI(args(dir, frames: "2-3", ["--skip-existing"])).code, 0)
        let second = try sidecar()
        XCTAssertEqual(second.frame_range, [0, 9])
        XCTAssertTrue(second.complete)
        XCTAssertEqual(second.frames.map(\.frame), Array(0...9))
        XCTAssertEqual(second.frames.map(\.timecode), first.frames.map(\.timecode))
        XCTAssertEqual(second.frames.map(\.file), first.frames.map(\.file))
        XCTAssertEqual(second.frames.map(\.bytes), first.frames.map(\.bytes), "the re-rendered frames are the same bytes")
        XCTAssertEqual(second.frames.map(\.status), Array(repeating: "written", count: 10))
        // A whole resume: every frame kept, each with its size.
        XCTAssertEqual(try runCLI(args(dir, frames: "0-9", ["--skip-existing"])).code, 0)
        let third = try sidecar()
        XCTAssertEqual(third.frames.map(\.status), Array(repeating: "skipped", count: 10))
        XCTAssertEqual(third.frames.map(\.bytes), first.frames.map(\.bytes))

        // Frames of the earlier run that are not on disk (interrupted, or removed) are carried as pending, and the
        // sequence is not complete; an edited sidecar's records of no frame of this take, under another name, or
        // twice are not carried (they were: `..`, frame 10^15, frame 4 as frame.0001.png).
        for n in [7, 8] { try FileManager.default.removeItem(atPath: dir + "/frame.000\(n).png") }
        var edited = try JSONSerialization.jsonObject(with: Data(try bytes(dir + "/sequence.json"))) as! [String: Any]
        var frames = edited["frames"] as! [[String: Any]]
        var odd = frames[4]; odd["file"] = ".."
        var far = frames[5]; far["frame"] = 1_000_000_000_000_000
        var misnamed = frames[6]; misnamed["file"] = "frame.0001.png"
        frames += [odd, far, misnamed, frames[9]]
        edited["frames"] = frames
        try JSONSerialization.data(withJSONObject: edited).write(to: URL(fileURLWithPath: dir + "/sequence.json"))
        XCTAssertEqual(try runCLI(args(dir, frames: "2-3", ["--skip-existing"])).code, 0)
        let fourth = try sidecar()
        XCTAssertEqual(fourth.frames.map(\.frame), Array(0...9))
        XCTAssertEqual(fourth.frames.map(\.file), first.frames.map(\.file))
        XCTAssertEqual(fourth.frames.map(\.status), (0...9).map { [7, 8].contains($0) ? "pending" : "skipped" })
        XCTAssertEqual(fourth.frame_range, [0, 9])
        XCTAssertFalse(fourth.complete, "frames 7 and 8 are not there")
    }

    /// Each frame's record has the lens's focus and stop (what a defocus in compositing needs; the EXR header had
    /// them, the sidecar not), and a sidecar written before they were recorded still resumes.
    func testFramesRecordFocusAndStopAndOlderSidecarsResume() throws {
        let dir = tmp.appendingPathComponent("focus").path
        XCTAssertEqual(try runCLI(args(dir, frames: "0-1")).code, 0)
        let path = dir + "/sequence.json"
        var json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try bytes(path))) as? [String: Any])
        var frames = try XCTUnwrap(json["frames"] as? [[String: Any]])
        for (k, f) in frames.enumerated() {
            var camera = try XCTUnwrap(f["camera"] as? [String: Any])
            XCTAssertGreaterThan(try XCTUnwrap(camera["focus_m"] as? Double), 0, "frame \(k)")
            XCTAssertGreaterThan(try XCTUnwrap(camera["f_stop"] as? Double), 0, "frame \(k)")
            camera["focus_m"] = nil
            camera["f_stop"] = nil
            frames[k]["camera"] = camera
        }
        json["frames"] = frames
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        let resumed = try runCLI(args(dir, frames: "0-2", ["--skip-existing"]))
        XCTAssertEqual(resumed.code, 0, resumed.err)
        // A size no run can have (an edited sidecar's) is passed over, the frames' own headers checked: it was
        // offered back as "resume with --size 9223372036854775807x-9223372036854775808".
        var edited = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try bytes(path))) as? [String: Any])
        edited["size"] = [Int.max, Int.min]
        try JSONSerialization.data(withJSONObject: edited).write(to: URL(fileURLWithPath: path))
        let again = try runCLI(args(dir, frames: "0-2", ["--skip-existing"]))
        XCTAssertEqual(again.code, 0, again.err)
    }

    /// A truncated frame is rendered again (one stderr line naming it); a frame corrupt inside but whole at both
    /// ends passes the header check and is caught by --verify; afterwards the folder equals a clean render.
    func testTruncatedAndCorruptFramesAreRenderedAgain() throws {
        let dir = tmp.appendingPathComponent("seq").path, clean = tmp.appendingPathComponent("clean").path
        XCTAssertEqual(try runCLI(args(clean)).code, 0)
        XCTAssertEqual(try runCLI(args(dir)).code, 0)
        let f2 = dir + "/frame.0002.png", f3 = dir + "/frame.0003.png"
        let whole2 = try bytes(f2)
        try put(Array(whole2.prefix(whole2.count / 2)), f2)
        var b3 = try bytes(f3)
        for i in (b3.count / 3)..<(b3.count / 3 + 64) { b3[i] ^= 0x5A }
        try put(b3, f3)

        let r = try runCLI(args(dir, ["--skip-existing"]))
        XCTAssertEqual(r.code, 0, r.err)
        // One line for the frame (the take's frame-rate warning aside).
        XCTAssertEqual(r.err.split(separator: "\n").filter { !$0.contains("warning:") }.count, 1, r.err)
        XCTAssertTrue(r.err.contains("frame.0002.png: truncated: no IEND chunk at the end: rendering it again"), r.err)
        XCTAssertEqual(try bytes(f2), try bytes(clean + "/frame.0002.png"))
        XCTAssertEqual(try bytes(f3), b3, "the header check alone keeps a frame that is whole at both ends")

        let v = try runCLI(args(dir, ["--skip-existing", "--verify"]))
        XCTAssertEqual(v.code, 0, v.err)
        XCTAssertTrue(v.err.contains("frame.0003.png: does not decode"), v.err)
        XCTAssertFalse(v.err.contains("frame.0002.png"), v.err)
        for n in 0...4 {
            XCTAssertEqual(try bytes(dir + "/frame.000\(n).png"), try bytes(clean + "/frame.000\(n).png"), "frame \(n)")
        }
        let sidecar = try JSONDecoder().decode(SequenceSidecar.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/sequence.json")))
        XCTAssertTrue(sidecar.complete)
        XCTAssertEqual(sidecar.frames.map(\.status), ["skipped", "skipped", "skipped", "written", "skipped"])
    }

    /// Empty files, frames of another format and JPEGs cut short are each rendered again, with the reason; a
    /// whole frame of another size is refused (exit 2, both sizes), as the folder then holds another size.
    func testEmptyWrongFormatAndTruncatedJPEGFramesAndOtherSize() throws {
        let dir = tmp.appendingPathComponent("mix").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try put([], dir + "/frame.0001.png")
        try put(try JPEGCodec.encode(RGBA8Image(width: 160, height: 90), quality: 80), dir + "/frame.0002.png")
        let r = try runCLI(args(dir, frames: "0-3", ["--skip-existing"]))
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.err.contains("frame.0001.png: empty file: rendering it again"), r.err)
        XCTAssertTrue(r.err.contains("frame.0002.png: a JPEG file, the sequence is PNG: rendering it again"), r.err)
        for n in 0...3 {
            let img = try PNGCodec.decodeRGBA8(try bytes(dir + "/frame.000\(n).png"))
            XCTAssertEqual([img.width, img.height], [160, 90])
        }

        // No sidecar to say so (a farm chunk's own sidecar not yet written), but a whole frame of another size.
        let odd = tmp.appendingPathComponent("odd").path
        try FileManager.default.createDirectory(atPath: odd, withIntermediateDirectories: true)
        let big = try PNGCodec.encode(RGBA8Image(width: 320, height: 180), compression: .fast)
        try put(big, odd + "/frame.0002.png")
        let o = try runCLI(args(odd, frames: "0-3", ["--skip-existing"]))
        XCTAssertEqual(o.code, 2, o.err)
        XCTAssertTrue(o.err.contains("frame.0002.png: the sequence was rendered at 320x180, this run renders 160x90"), o.err)
        XCTAssertEqual(try names(odd), ["frame.0002.png"])
        XCTAssertEqual(try bytes(odd + "/frame.0002.png"), big)

        let jdir = tmp.appendingPathComponent("jpeg").path
        XCTAssertEqual(try runCLI(args(jdir, frames: "0-2", ["--format", "jpeg"])).code, 0)
        let j1 = jdir + "/frame.0001.jpg"
        let whole = try bytes(j1)
        try put(Array(whole.dropLast(40)), j1)
        let jr = try runCLI(args(jdir, frames: "0-2", ["--format", "jpeg", "--skip-existing"]))
        XCTAssertEqual(jr.code, 0, jr.err)
        XCTAssertTrue(jr.err.contains("frame.0001.jpg: truncated: no EOI marker at the end: rendering it again"), jr.err)
        XCTAssertEqual(try bytes(j1), whole)
    }

    /// Resuming at another --size is refused (exit 2, both sizes named) and nothing changes; --verify needs
    /// --skip-existing.
    func testResumingAtAnotherSizeIsRefused() throws {
        let dir = tmp.appendingPathComponent("size").path
        XCTAssertEqual(try runCLI(args(dir, frames: "0-2")).code, 0)
        let before = try names(dir)
        let stamp = try bytes(dir + "/sequence.json")
        let r = try runCLI(args(dir, frames: "0-5", size: "320x180", ["--skip-existing"]))
        XCTAssertEqual(r.code, 2, r.err)
        XCTAssertTrue(r.err.contains("rendered at 160x90, this run renders 320x180"), r.err)
        XCTAssertEqual(r.err.split(separator: "\n").filter { !$0.contains("warning:") }.count, 1, r.err)
        XCTAssertEqual(try names(dir), before)
        XCTAssertEqual(try bytes(dir + "/sequence.json"), stamp)
        let v = try runCLI(args(tmp.appendingPathComponent("v").path, ["--verify"]))
        XCTAssertEqual(v.code, 2)
        XCTAssertTrue(v.err.contains("--verify checks the frames --skip-existing keeps"), v.err)
        // Usage errors leave no folder behind (a bad --sidecar made the --out folders first).
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("v").path))
        let bad = tmp.appendingPathComponent("new/deeper").path
        XCTAssertEqual(try runCLI(args(bad, ["--sidecar", "x.txt"])).code, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("new").path))
    }

    /// Resuming with output options that change the frames is refused, nothing touched: frames without the burn-in,
    /// at another JPEG quality or without the asked EXR layers were kept, and the sidecar called the mix complete with
    /// the new options. A PNG level is not such an option (the same pixels): that resumes.
    func testResumingWithOtherOutputOptionsIsRefused() throws {
        let dir = tmp.appendingPathComponent("options").path
        XCTAssertEqual(try runCLI(args(dir, frames: "0-1")).code, 0)
        let before = try names(dir), stamp = try bytes(dir + "/sequence.json")
        let burn = try runCLI(args(dir, frames: "0-3", ["--skip-existing", "--burn-in"]))
        XCTAssertEqual(burn.code, 2, burn.err)
        XCTAssertTrue(burn.err.contains("frames without the burn-in; this run writes them with"), burn.err)
        let jpeg = try runCLI(args(dir, frames: "0-3", ["--skip-existing", "--format", "jpeg"]))
        XCTAssertEqual(jpeg.code, 2, jpeg.err)
        XCTAssertTrue(jpeg.err.contains("frames in png; this run writes jpeg quality 90"), jpeg.err)
        XCTAssertEqual(try names(dir), before)
        XCTAssertEqual(try bytes(dir + "/sequence.json"), stamp)
        XCTAssertEqual(try runCLI(args(dir, frames: "0-2", ["--skip-existing", "--png-compression", "best"])).code, 0)
        let exr = tmp.appendingPathComponent("exr").path
        XCTAssertEqual(try runCLI(args(exr, frames: "0-1", ["--view", "camera", "--format", "exr"])).code, 0)
        let layers = try runCLI(args(exr, frames: "0-2", ["--view", "camera", "--format", "exr", "--aov", "P", "--skip-existing"]))
        XCTAssertEqual(layers.code, 2, layers.err)
        XCTAssertTrue(layers.err.contains("frames with no layers; this run writes layers P"), layers.err)
        let piz = try runCLI(args(exr, frames: "0-2", ["--view", "camera", "--format", "exr", "--exr-compression", "piz",
                                                      "--skip-existing"]))
        XCTAssertEqual(piz.code, 2, piz.err)
    }

    /// Resuming into a folder that holds another take's (or view's) frames is refused, nothing touched: they would be
    /// kept as this take's. (The TUI's `:render` names folders by slug, which two take names can share.) Every
    /// sequence sidecar counts (farm chunks write `sequence.A-B.json`), and takes are told apart by what they shoot,
    /// frame by frame, not by name: two days' `take01.csv` are two takes; the same take file by another path resumes.
    func testResumingAnotherTakeOrViewIsRefused() throws {
        let dir = tmp.appendingPathComponent("take").path
        XCTAssertEqual(try runCLI(args(dir, frames: "0-2")).code, 0)
        let before = try names(dir), stamp = try bytes(dir + "/sequence.json")
        let other = ["render", SequenceRenderTests.scene, "--take", "handheld B", "--size", "160x90", "--frames", "50-52",
                     "--out", dir, "--quiet", "--skip-existing"]
        let r = try runCLI(other)
        XCTAssertEqual(r.code, 2, r.err)
        XCTAssertTrue(r.err.contains("sequence.json records take 'dolly push-in', camera 'A'; this run renders camera 'B'"), r.err)
        XCTAssertEqual(try names(dir), before)
        XCTAssertEqual(try bytes(dir + "/sequence.json"), stamp)
        let plan = try runCLI(args(dir, frames: "0-2", ["--skip-existing", "--view", "plan"]))
        XCTAssertEqual(plan.code, 2, plan.err)
        XCTAssertTrue(plan.err.contains("view virtual; this run renders view plan"), plan.err)
        // Two takes of one file name in two folders (another day's take01.csv): refused at the first shared frame,
        // also through a farm chunk's own sidecar name.
        let takeFile = CommandLineTests.root.appendingPathComponent("Scenes/takes/binhai-dolly-push.csv").path
        let day1 = tmp.appendingPathComponent("day1"), day2 = tmp.appendingPathComponent("day2")
        for d in [day1, day2] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let text = try String(contentsOfFile: takeFile, encoding: .utf8)
        try text.write(to: day1.appendingPathComponent("take01.csv"), atomically: true, encoding: .utf8)
        // Day 2: the same rows, the camera 10 cm higher.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let h = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("time_s,") })
        let y = try XCTUnwrap(lines[h].split(separator: ",").map(String.init).firstIndex(of: "y_m"))
        for i in (h + 1)..<lines.count where !lines[i].isEmpty && !lines[i].hasPrefix("#") {
            var cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[y] = String(Double(cells[y])! + 0.1)
            lines[i] = cells.joined(separator: ",")
        }
        try lines.joined(separator: "\n").write(to: day2.appendingPathComponent("take01.csv"), atomically: true, encoding: .utf8)
        let fileDir = tmp.appendingPathComponent("file").path
        func byFile(_ path: String, sidecar: [String] = []) -> [String] {
            ["render", SequenceRenderTests.scene, "--take", path, "--size", "160x90", "--frames", "0-1", "--out", fileDir,
             "--quiet", "--skip-existing"] + sidecar
        }
        XCTAssertEqual(try runCLI(byFile(day1.appendingPathComponent("take01.csv").path)).code, 0)
        for sidecar in [[String](), ["--sidecar", "sequence.0-1.json"]] {
            let day2run = try runCLI(byFile(day2.appendingPathComponent("take01.csv").path, sidecar: sidecar))
            XCTAssertEqual(day2run.code, 2, day2run.err)
            XCTAssertTrue(day2run.err.contains("whose frame 0 (10:00:00:00) is another shot than this run's"), day2run.err)
        }
        // The same take by another path: the same shot, resumed.
        let again = try runCLI(byFile(day1.appendingPathComponent("../day1/take01.csv").path))
        XCTAssertEqual(again.code, 0, again.err)
    }

    /// Camera B's view of another take set that shares B's take (the same camera's shot, other frusta on the wall)
    /// is another shot: resuming it into B's folder of the first set is refused, nothing touched. The sidecar recorded
    /// only B's take, so the folder mixed the two sets' frames, exit 0. The same set resumes.
    func testResumingAnotherTakeSetIsRefused() throws {
        let takes = tmp.appendingPathComponent("takes")
        try FileManager.default.createDirectory(at: takes, withIntermediateDirectories: true)
        for (name, x) in [("a", "-1"), ("b", "1")] {
            var rows = "time_s,timecode,tc_rate,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm,focus_m,f_stop\n"
            for i in 0..<4 { rows += "\(Double(i) * 0.04),10:00:00:0\(i),25,\(x),2,4,0,0,0,50,5,2.8\n" }
            try rows.write(to: takes.appendingPathComponent("\(name).csv"), atomically: true, encoding: .utf8)
        }
        let scene = tmp.appendingPathComponent("s.yaml").path
        try """
        stage:
          panels:
            - { name: P5, cabinet_mm: [500, 500], pixels: [100, 100] }
          walls:
            - { name: wall, panel: P5, columns: 20, rows: 8, position: [0, 0, -4] }
        render: { size: [160, 90], fps: 25 }
        cameras:
          - { name: A, body: { sensor_mm: [36, 20.25], resolution: [3840, 2160] }, lens: { focal_mm: 50 }, chroma_key: { color: "#ff0000" } }
          - { name: B, body: { sensor_mm: [36, 20.25], resolution: [3840, 2160] }, lens: { focal_mm: 50 }, chroma_key: { color: "#00ff00" } }
        takes:
          - { name: ta, file: takes/a.csv, camera: A }
          - { name: tb, file: takes/b.csv, camera: B }
        take_sets:
          - { name: ab, takes: [ta, tb] }
          - { name: abkey, takes: [ta, tb], overlap: key, overlap_color: "#ff00ff" }
        """.write(toFile: scene, atomically: true, encoding: .utf8)
        let dir = tmp.appendingPathComponent("b").path
        func run(_ set: String, _ frames: String) throws -> (code: Int32, err: String) {
            let r = try runCLI(["render", scene, "--take", set, "--view", "camera:B", "--frames", frames, "--out", dir,
                                "--quiet", "--skip-existing"])
            return (r.code, r.err)
        }
        XCTAssertEqual(try run("ab", "0-1").code, 0)
        let sidecar = try JSONSerialization.jsonObject(with: Data(try bytes(dir + "/sequence.json"))) as? [String: Any]
        XCTAssertEqual(sidecar?["take_set"] as? String, "ab")
        XCTAssertEqual(sidecar?["take"] as? String, "tb")
        let before = try names(dir), stamp = try bytes(dir + "/sequence.json")
        let other = try run("abkey", "0-3")
        XCTAssertEqual(other.code, 2, other.err)
        XCTAssertTrue(other.err.contains("sequence.json records take 'tb' of take set 'ab'; this run renders take set 'abkey'"), other.err)
        XCTAssertEqual(try names(dir), before)
        XCTAssertEqual(try bytes(dir + "/sequence.json"), stamp)
        // B's take alone (no set) is another shot too: A's frustum is not on its wall.
        let alone = try runCLI(["render", scene, "--take", "tb", "--frames", "0-3", "--out", dir, "--quiet", "--skip-existing"])
        XCTAssertEqual(alone.code, 2, alone.err)
        XCTAssertTrue(alone.err.contains("of take set 'ab'; this run renders no take set"), alone.err)
        let again = try run("ab", "0-3")
        XCTAssertEqual(again.code, 0, again.err)
        XCTAssertEqual(try names(dir).filter { $0.hasSuffix(".png") }.count, 4)
    }

    /// A sidecar that cannot be read is no licence to resume: this run's own (one stray byte) or any holding
    /// `xrstudio_version` (a field of the wrong type) is refused, naming it, the folder untouched; they were passed
    /// over, and the run kept another camera's frames and wrote its sidecar over them as complete. A file past the
    /// size a sidecar of this run's frames is read at (a sparse 300 MB one) is refused unread (it was read whole);
    /// other JSON files are passed over.
    func testUnreadableSidecarsAreRefused() throws {
        let dir = tmp.appendingPathComponent("bad").path
        XCTAssertEqual(try runCLI(args(dir, frames: "0-2")).code, 0)
        let sidecar = dir + "/sequence.json"
        let good = try bytes(sidecar)
        let text = String(decoding: good, as: UTF8.self)
        func resume() throws -> (code: Int32, err: String) {
            let r = try runCLI(args(dir, frames: "0-3", ["--skip-existing"]))
            return (r.code, r.err)
        }
        // The run's own sidecar with a stray byte: not JSON.
        try put(good + [UInt8(ascii: "x")], sidecar)
        var before = try names(dir)
        var r = try resume()
        XCTAssertEqual(r.code, 2, r.err)
        XCTAssertTrue(r.err.contains("sequence.json cannot be read as a sequence sidecar (not valid JSON), so the frames it records cannot be checked: render into another folder"), r.err)
        XCTAssertEqual(try names(dir), before)
        // A farm chunk's sidecar with a field of the wrong type.
        try put(good, sidecar)
        try put(Array(text.replacingOccurrences(of: "\"take\" : \"", with: "\"take\" : 5, \"x\" : \"").utf8), dir + "/sequence.0-2.json")
        before = try names(dir)
        r = try resume()
        XCTAssertEqual(r.code, 2, r.err)
        XCTAssertTrue(r.err.contains("sequence.0-2.json cannot be read as a sequence sidecar (take is not what a sidecar holds there)"), r.err)
        XCTAssertEqual(try names(dir), before)
        XCTAssertEqual(try bytes(sidecar), good)
        // Past the size: refused unread.
        try FileManager.default.removeItem(atPath: dir + "/sequence.0-2.json")
        let big = dir + "/sequence-old.json"
        XCTAssertTrue(FileManager.default.createFile(atPath: big, contents: nil))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try h.truncate(atOffset: 300 << 20)
        try h.close()
        r = try resume()
        XCTAssertEqual(r.code, 2, r.err)
        XCTAssertTrue(r.err.contains("sequence-old.json is 300 MB, more than a sequence sidecar of this run's 4 frames is read at (64 MB)"), r.err)
        // Nor read: a sidecar past the size of this run's frames is not a sidecar of them (a long take's own is read:
        // 4 KB a frame, `SequenceRender.maxSidecarBytes`).
        XCTAssertEqual(SequenceRender.maxSidecarBytes(frames: 340_000), 340_000 * 4096)
        // Another JSON file named like a sidecar: passed over, the run resumes.
        try FileManager.default.removeItem(atPath: big)
        try put(Array(#"{"notes": "day 2"}"#.utf8), dir + "/sequence-notes.json")
        r = try resume()
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(try names(dir).filter { $0.hasSuffix(".png") }.count, 4)
    }

    /// A killed run's temporaries (dead process, this machine; also the older name without a host) are removed on
    /// the next run in the folder, with one line; a live process's, and a recent one from another machine, stay.
    func testStaleTemporariesOfDeadProcessesAreRemoved() throws {
        let dir = tmp.appendingPathComponent("tmp").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let dead = gone.processIdentifier, live = getpid(), host = AtomicFile.hostTag
        let stale = [".frame.0001.png.tmp-\(dead)-\(host)-9f3a", ".frame.0002.png.tmp-\(dead)-77b0"]
        let kept = [".frame.0003.png.tmp-\(live)-\(host)-abc1", ".frame.0004.png.tmp-\(dead)-otherhost7-e2"]
        for n in stale + kept { try put([1, 2, 3], dir + "/" + n) }
        let r = try runCLI(args(dir, frames: "0-1", ["--skip-existing"]))
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.err.contains("removed 2 temporary files left by stopped runs: \(stale.sorted().joined(separator: " "))"), r.err)
        XCTAssertEqual(try names(dir).filter { $0.hasPrefix(".") }, kept.sorted())

        XCTAssertNil(AtomicFile.temporaryOwner("frame.0001.png"))
        XCTAssertNil(AtomicFile.temporaryOwner(".frame.png.tmp-x-1"))
        XCTAssertEqual(AtomicFile.temporaryOwner(".a.png.tmp-12-h-ff")?.host, "h")
        XCTAssertEqual(AtomicFile.temporaryOwner(".a.png.tmp-12-ff")?.pid, 12)
    }

    /// A frame that appears while it is being encoded (another copy of the chunk wrote it) is done under
    /// --skip-existing and kept as it is; without it, the write is refused as before.
    func testFrameAppearingDuringTheWriteIsDoneWhenResuming() throws {
        let img = RGBA8Image(width: 8, height: 8)
        let path = tmp.appendingPathComponent("frame.png").path
        try put([7, 7, 7], path)
        let q = EncodeQueue(workers: 1, encoding: .png(.fast), overwrite: false, existingIsDone: true)
        try q.submit(EncodeJob(index: 0, frame: 0, image: img, path: path))
        var got: [EncodeResult] = []
        try q.finish { got.append($0) }
        XCTAssertEqual(got.map(\.alreadyThere), [true])
        XCTAssertEqual(try bytes(path), [7, 7, 7])
        let strict = EncodeQueue(workers: 1, encoding: .png(.fast), overwrite: false)
        try strict.submit(EncodeJob(index: 0, frame: 0, image: img, path: path))
        XCTAssertThrowsError(try strict.finish()) { XCTAssertTrue("\($0)".contains("refusing to replace"), "\($0)") }
        let replace = EncodeQueue(workers: 1, encoding: .png(.fast), overwrite: false, existingIsDone: true)
        try replace.submit(EncodeJob(index: 0, frame: 0, image: img, path: path, replace: true))
        try replace.finish()
        XCTAssertEqual(try PNGCodec.decodeRGBA8(try bytes(path)).width, 8)
    }

    /// Two copies of the same chunk at the same time into one folder: both succeed and every frame is whole.
    func testTwoCopiesOfOneChunkBothSucceed() throws {
        let dir = tmp.appendingPathComponent("twice").path
        let a = args(dir, frames: "0-23", ["--skip-existing", "--threads", "1", "--sidecar", "chunk-0000.json"])
        var procs: [(Process, Pipe)] = []
        for _ in 0..<2 {
            let p = Process(), err = Pipe()
            p.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
            p.arguments = a
            p.standardOutput = FileHandle.nullDevice
            p.standardError = err
            try p.run()
            procs.append((p, err))
        }
        for (p, err) in procs {
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, text)
        }
        let files = try names(dir)
        XCTAssertEqual(files.filter { $0.hasSuffix(".png") }.count, 24)
        XCTAssertFalse(files.contains { $0.hasPrefix(".") }, "\(files)")
        for n in files where n.hasSuffix(".png") {
            let img = try PNGCodec.decodeRGBA8(try bytes(dir + "/" + n))
            XCTAssertEqual([img.width, img.height], [160, 90])
        }
        let sidecar = try JSONDecoder().decode(SequenceSidecar.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/chunk-0000.json")))
        XCTAssertTrue(sidecar.complete)
    }
}
