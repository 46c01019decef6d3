// EXRSequenceTests: `render --take T --format exr` end to end: the files OpenImageIO reads hold the renderer's
// linear floats (no 8-bit step in the composite) and its depth, the header names the frame's timecode, the
// float frame is the same on any thread count, resume repairs a cut-short EXR, and bad options or paths fail
// in one line.

import Foundation
import FrameOutput
import Geometry
import ImageCodecs
import RenderJobs
import SceneImaging
import XCTest
import XRTestSupport

final class EXRSequenceTests: TempFolderTestCase {
    static let scene = CommandLineTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path
    static let take = "dolly push-in"

    func args(_ dir: String, frames: String = "100-101", _ extra: [String] = []) -> [String] {
        ["render", Self.scene, "--take", Self.take, "--size", "96x54", "--frames", frames, "--view", "camera",
         "--format", "exr", "--out", dir, "--quiet"] + extra
    }

    /// The renderer's float frame for `frame` of the take at 96x54, as the sequence renders it.
    func linearFrame(_ frame: Int, threads: Int) throws -> LinearFrame {
        let request = SequenceRequest(scenePath: Self.scene, take: Self.take, outDirectory: tmp.path,
                                      frames: frame...frame, size: (96, 54), threads: threads)
        let scene = try SequenceRender.sceneOrModel(Self.scene)
        let plan = try SequenceRender.plan(request, scene: scene)
        let xr = try XRFrameRenderer(scene: scene, sceneFile: Self.scene, threads: threads)
        let f = plan.frames[0]
        return try xr.renderLinear(.camera, camera: f.camera, width: 96, height: 54, wall: f.wall)
    }

    func testFilesHoldTheRenderersLinearFloatsAndDepth() throws {
        let dir = tmp.appendingPathComponent("plates").path
        let r = try runCLI(args(dir))
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(),
                       ["frame.0100.exr", "frame.0101.exr", "sequence.json"])
        let read = try EXRReader.pixels(dir + "/frame.0100.exr")
        XCTAssertEqual(read.channels, ["R", "G", "B", "Z"])
        XCTAssertEqual(read.width, 96)
        XCTAssertEqual(read.height, 54)
        let frame = try linearFrame(100, threads: 2)
        let depth = try XCTUnwrap(frame.depth)
        var offLevels = 0
        let levels = Set(SRGB.decodeTable.map { Float16($0) })
        for i in 0..<(96 * 54) {
            for c in 0..<3 {
                // Half is the file's type: the file holds the float rounded to the nearest half. oiiotool prints 9
                // decimals, which name one half (they are 1e-9 apart, halves near 0.01 are 8e-6 apart).
                XCTAssertEqual(Float16(read.values[i][c]), Float16(frame.rgba[4 * i + c]), "pixel \(i) channel \(c)")
            }
            XCTAssertEqual(read.values[i][3], depth[i], accuracy: depth[i] * 1e-7, "pixel \(i) Z")
            if !levels.contains(Float16(frame.rgba[4 * i])) { offLevels += 1 }
        }
        // LED pixels are traced and filtered in float: many of their values fall between the 256 sRGB levels an
        // 8-bit round trip would leave.
        XCTAssertGreaterThan(offLevels, 96 * 54 / 10)
        // Depth is metres along the view axis: the stage lies between the lens and a few tens of metres.
        XCTAssertTrue(depth.allSatisfy { $0 > 0.05 && $0 < 60 }, "\(depth.min()!)...\(depth.max()!)")
    }

    /// No view's colour passes through 8 bits on its way to the file: the virtual view and the camera view's rasterised
    /// floor (its bottom rows) read back from OpenImageIO as values between the 256 levels an 8-bit frame decodes to
    /// (every value sat on one of them before the rasterizer kept linear colour), and the PNG of the same frame is
    /// those floats encoded: off by at most one code, where the EXR's half rounding crosses a code boundary.
    func testNoViewIsEightBitLevelsAndThePNGIsTheFloatsEncoded() throws {
        let levels = Set(SRGB.decodeTable.map { Float16($0) })
        for view in ["virtual", "camera"] {
            let exr = tmp.appendingPathComponent("exr-" + view).path, png = tmp.appendingPathComponent("png-" + view).path
            let common = ["render", Self.scene, "--take", Self.take, "--size", "96x54", "--frames", "100-100", "--view", view,
                          "--quiet"]
            XCTAssertEqual(try runCLI(common + ["--format", "exr", "--out", exr]).code, 0)
            XCTAssertEqual(try runCLI(common + ["--out", png]).code, 0)
            let read = try EXRReader.pixels(exr + "/frame.0100.exr")
            let image = try ImageFile.read(path: png + "/frame.0100.png")
            let rows = view == "virtual" ? 0..<54 : 46..<54  // the camera view's floor: its bottom rows
            var onLevels = 0, samples = 0, worst = 0
            for y in rows {
                for x in 0..<96 {
                    let i = y * 96 + x
                    for c in 0..<3 {
                        let v = read.values[i][c]
                        if levels.contains(Float16(v)) { onLevels += 1 }
                        samples += 1
                        let code = Int(SRGB.encodeTable[Int((min(max(v, 0), 1) * 4095).rounded())])
                        worst = max(worst, abs(code - Int(image.pixels[4 * i + c])))
                    }
                }
            }
            // Constant colours (the sky, flat and emissive surfaces) may sit on a level; shaded ones do not. An 8-bit frame
            // has at most 256 values a channel; the virtual view has 759 greens (all 15,552 values on levels before).
            if view == "virtual" {
                XCTAssertGreaterThan(Set(read.values.map { $0[1] }).count, 256, "more greens than 8 bits hold")
                XCTAssertLessThan(onLevels, samples / 5, "virtual: \(onLevels) of \(samples) values on 8-bit levels")
            } else {
                XCTAssertLessThan(onLevels, samples / 20, "camera floor: \(onLevels) of \(samples) values on 8-bit levels")
            }
            XCTAssertLessThanOrEqual(worst, 1, "\(view): the PNG against the EXR's floats encoded")
        }
    }

    /// A scene file of a small wall (8 x 4 cabinets of 48 x 48 LED pixels, 5 m ahead) and camera A (24 mm, 1.2 m up),
    /// rendering `size` ("W, H") at 25 fps, with `world` (YAML) when given; returns its path.
    func smallWallScene(size: String, world: String = "") throws -> String {
        let text = """
            name: small wall
            stage:
              panels: [{ name: P, cabinet_mm: [500, 500], pitch_mm: 10.4 }]
              walls: [{ name: w, panel: P, columns: 8, rows: 4, position: [0, 0, -5] }]
            cameras:
              - { name: A, body: { sensor_mm: [36, 20.25], resolution: [1920, 1080] }, lens: { focal_mm: 24 }, position: [0, 1.2, 0] }
            render: { size: [\(size)], fps: 25 }

            """ + (world.isEmpty ? "" : world + "\n")
        let path = tmp.appendingPathComponent("small-wall.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A surface's native canvas (`--view wall --native`) in EXR is its LED pixels' floats: more values than 8 bits
    /// hold (all were 8-bit levels before), and its PNG is those floats encoded.
    func testNativeCanvasIsItsLEDPixelsFloats() throws {
        // A world of lit boxes behind the small wall.
        let scenePath = try smallWallScene(size: "64, 36", world: """
            world:
              objects:
                - { name: a, box: [2, 1, 1], translate: [-1, 1, -12], rotate: [0, 30, 10], color: "#a0523c" }
                - { name: b, sphere: { radius: 1.5, segments: 24, rings: 16 }, translate: [2, 1.5, -14], color: "#3b7a9c" }
            """)
        var take = "time_s,timecode,tc_rate,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n"
        for f in 0...1 { take += ",10:00:00:0\(f),25,0,1.2,0,0,2,0\n" }
        let takePath = tmp.appendingPathComponent("t.csv").path
        try take.write(toFile: takePath, atomically: true, encoding: .utf8)
        let exr = tmp.appendingPathComponent("exr").path, png = tmp.appendingPathComponent("png").path
        let common = ["render", scenePath, "--take", takePath, "--frames", "900000-900000", "--view", "wall", "--native", "--quiet"]
        var r = try runCLI(common + ["--format", "exr", "--out", exr])
        XCTAssertEqual(r.code, 0, r.err)
        r = try runCLI(common + ["--out", png])
        XCTAssertEqual(r.code, 0, r.err)
        let read = try EXRReader.pixels(exr + "/w/frame.900000.exr")
        let image = try ImageFile.read(path: png + "/w/frame.900000.png")
        XCTAssertEqual(read.width, image.width)
        XCTAssertEqual(read.height, image.height)
        XCTAssertGreaterThan(Set(read.values.map { $0[1] }).count, 256, "more greens than 8 bits hold")
        var worst = 0
        for i in 0..<(image.width * image.height) {
            for c in 0..<3 {
                let code = Int(SRGB.encodeTable[Int((min(max(read.values[i][c], 0), 1) * 4095).rounded())])
                worst = max(worst, abs(code - Int(image.pixels[4 * i + c])))
            }
        }
        // The PNG's LED pixels sample the frusta's 8-bit frames, the EXR's their floats: half a code apart at most
        // before encoding, and the EXR's half rounding another half.
        XCTAssertLessThanOrEqual(worst, 2, "the PNG against the EXR's floats encoded")
    }

    /// `--aov alpha`: the virtual view's A is its world's coverage, 1 exactly where its geometry is (where the opaque
    /// frame's Z is finite) and 0 where the sky shows, with the sky left out of R, G, B there (premultiplied) and the
    /// geometry's colour the opaque frame's; the camera view's CG plate carries it as virtual.A; the camera view itself
    /// has none (refused, saying where alpha is).
    func testAlphaIsTheVirtualWorldsCoverage() throws {
        func render(_ dir: String, _ view: String, _ aov: [String]) throws -> (code: Int32, out: String, err: String) {
            try runCLI(["render", Self.scene, "--take", Self.take, "--size", "96x54", "--frames", "100-100", "--view", view,
                        "--format", "exr", "--out", tmp.appendingPathComponent(dir).path, "--quiet"] + aov)
        }
        XCTAssertEqual(try render("opaque", "virtual", []).code, 0)
        XCTAssertEqual(try render("keyed", "virtual", ["--aov", "alpha"]).code, 0)
        let opaque = try EXRReader.pixels(tmp.appendingPathComponent("opaque/frame.0100.exr").path)
        let keyed = try EXRReader.pixels(tmp.appendingPathComponent("keyed/frame.0100.exr").path)
        XCTAssertEqual(opaque.channels, ["R", "G", "B", "Z"])
        XCTAssertEqual(keyed.channels, ["R", "G", "B", "A", "Z"])
        // The take's lens has distortion: colour and alpha are warped bilinearly from the pinhole render, so a pixel
        // whose four taps all see geometry has alpha 1 and the opaque frame's colour, one whose taps all see sky alpha
        // 0 and no colour (and +inf depth), and only pixels on the silhouette are in between.
        var sky = 0, edge = 0
        for (o, k) in zip(opaque.values, keyed.values) {
            XCTAssertEqual(k[4], o[3], "Z")
            switch k[3] {
            case 1:
                // (Alpha above 0.9998 is 1 as a half: its colour may miss a part in a few thousand.)
                for c in 0..<3 { XCTAssertEqual(k[c], o[c], accuracy: o[c] * 0.003) }
                XCTAssertTrue(o[3].isFinite)
            case 0: XCTAssertEqual(Array(k[0..<3]), [0, 0, 0]); XCTAssertEqual(o[3], .infinity); sky += 1
            default:
                XCTAssertTrue(k[3] > 0 && k[3] < 1, "alpha \(k[3])")
                edge += 1
            }
        }
        XCTAssertLessThan(edge, 96 * 54 / 10, "partial alpha on the silhouette only")
        XCTAssertGreaterThan(sky, 96 * 54 / 20, "the take looks up at some sky")
        XCTAssertLessThan(sky, 96 * 54 / 2)
        let refused = try render("camera", "camera", ["--aov", "alpha"])
        XCTAssertEqual(refused.code, 2)
        XCTAssertTrue(refused.err.contains("--aov virtual,alpha"), refused.err)
        XCTAssertEqual(try render("plate", "camera", ["--aov", "virtual,alpha"]).code, 0)
        let plate = try EXRReader.pixels(tmp.appendingPathComponent("plate/frame.0100.exr").path)
        XCTAssertEqual(plate.channels, ["R", "G", "B", "Z", "virtual.R", "virtual.G", "virtual.B", "virtual.A"])
        XCTAssertEqual(plate.values.map { Array($0[4...7]) }, keyed.values.map { Array($0[0...3]) }, "the CG plate with its alpha")
    }

    /// Without a sidecar (deleted, or named otherwise), a resume keeps only EXR frames whose headers record this
    /// run's shot: frames of another take of the same timecodes (another focal length, or only another camera pose)
    /// are refused naming what differs; the same take's frames are kept. (They were kept, and the new sidecar called
    /// the folder complete with this take's poses.)
    func testResumeRefusesFramesOfAnotherShotByTheirHeaders() throws {
        let scenePath = try smallWallScene(size: "48, 27")
        func take(_ x: Double, _ focal: Int) -> String {
            var t = "time_s,timecode,tc_rate,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm\n"
            for f in 0...2 { t += ",10:00:00:0\(f),25,\(x),1.2,0,\(f),0,0,\(focal)\n" }
            return t
        }
        let dir = tmp.appendingPathComponent("plates").path
        for (name, text) in [("a", take(0, 24)), ("zoomed", take(0, 35)), ("moved", take(0.25, 24))] {
            try text.write(toFile: tmp.appendingPathComponent(name + ".csv").path, atomically: true, encoding: .utf8)
        }
        func render(_ name: String, _ extra: [String] = []) throws -> (code: Int32, out: String, err: String) {
            try runCLI(["render", scenePath, "--take", tmp.appendingPathComponent(name + ".csv").path, "--view", "virtual",
                        "--format", "exr", "--out", dir, "--quiet"] + extra)
        }
        XCTAssertEqual(try render("a").code, 0)
        try FileManager.default.removeItem(atPath: dir + "/sequence.json")
        let zoomed = try render("zoomed", ["--skip-existing"])
        XCTAssertEqual(zoomed.code, 2)
        XCTAssertTrue(zoomed.err.contains("frame.900000.exr: the frame records another shot (nominalFocalLength 24.0 mm, "
                                          + "this run's frame has 35.0 mm, frame 900000)"), zoomed.err)
        let moved = try render("moved", ["--skip-existing"])
        XCTAssertEqual(moved.code, 2)
        XCTAssertTrue(moved.err.contains("a worldToCamera of another camera pose than this run's frame"), moved.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/sequence.json"), "refused before any sidecar")
        let same = try render("a", ["--skip-existing"])
        XCTAssertEqual(same.code, 0, same.err)
        let sidecar = try String(contentsOfFile: dir + "/sequence.json", encoding: .utf8)
        XCTAssertEqual(sidecar.components(separatedBy: "\"status\" : \"skipped\"").count - 1, 3, "the take's own frames kept")
        // The timecode label a refusal would give: drop-frame's ';' and a high rate's second frame of a pair.
        XCTAssertEqual(EXRTimecode.label(EXRTimecode.pack(hours: 10, minutes: 1, seconds: 0, frames: 2, dropFrame: true)!),
                       "10:01:00;02")
        XCTAssertEqual(EXRTimecode.label(EXRTimecode.pack(hours: 23, minutes: 59, seconds: 59, frames: 49, dropFrame: false,
                                                          nominalRate: 50)!), "23:59:59:24 (pair's second)")
    }

    func testHeaderNamesTheFramesTimecodeRateAndLens() throws {
        let dir = tmp.appendingPathComponent("plates").path
        XCTAssertEqual(try runCLI(args(dir, ["--exr-compression", "piz"])).code, 0)
        // The take is timecoded from 10:00:00:00 at the scene's 25 fps: frame 100 is 4 s later, 10:00:04:00.
        let h = try EXRReader.header(dir + "/frame.0100.exr")
        XCTAssertTrue(h.contains("time 10:00:04:00"), h)
        XCTAssertTrue(h.contains("framesPerSecond (type rational): 25/1"), h)
        XCTAssertTrue(h.contains("compression (type compression): piz"), h)
        XCTAssertTrue(h.contains("nominalFocalLength (type float): "), h)
        XCTAssertTrue(try EXRReader.header(dir + "/frame.0101.exr").contains("time 10:00:04:01"))
        let sidecar = try String(contentsOfFile: dir + "/sequence.json", encoding: .utf8)
        XCTAssertTrue(sidecar.contains("\"exr_compression\" : \"piz\""), sidecar)
        XCTAssertTrue(sidecar.contains("\"format\" : \"exr\""), sidecar)
    }

    /// At 50 fps the header's `timeCode` counts frame pairs (SMPTE ST 12-1 above 30 fps), the field/phase flag
    /// marking a pair's second frame: 10:00:00:40 and :41 are pair 20, :41 flagged, and no frame sets the
    /// drop-frame bit (written plainly, :40-:59 read back as ;00-;19, drop frame).
    func testHighFrameRateTimecodeCountsFramePairs() throws {
        let scene = """
            name: fifty
            stage:
              panels: [{ name: P, cabinet_mm: [500, 500], pitch_mm: 2.6 }]
              walls: [{ name: w, panel: P, columns: 20, rows: 8, position: [0, 0, -10] }]
            cameras:
              - { name: A, body: { sensor_mm: [36, 20.25], resolution: [1920, 1080] }, lens: { focal_mm: 35 }, position: [0, 1.6, 0] }
            render: { size: [32, 18], fps: 50 }

            """
        var take = "time_s,timecode,tc_rate,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n"
        for f in 38...42 { take += ",10:00:00:\(f),50,0,1.6,0,0,0,0\n" }
        let scenePath = tmp.appendingPathComponent("fifty.yaml").path, takePath = tmp.appendingPathComponent("t.csv").path
        try scene.write(toFile: scenePath, atomically: true, encoding: .utf8)
        try take.write(toFile: takePath, atomically: true, encoding: .utf8)
        let dir = tmp.appendingPathComponent("fifty").path
        let r = try runCLI(["render", scenePath, "--take", takePath, "--format", "exr", "--out", dir, "--quiet"])
        XCTAssertEqual(r.code, 0, r.err)
        let frames = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".exr") }.sorted()
        XCTAssertEqual(frames.count, 5)
        let expected = [("19", "0"), ("19", "1"), ("20", "0"), ("20", "1"), ("21", "0")]
        for (name, (pair, phase)) in zip(frames, expected) {
            let h = try EXRReader.header(dir + "/" + name)
            XCTAssertTrue(h.contains("time 10:00:00:\(pair)\n"), "\(name): \(h)")
            XCTAssertTrue(h.contains("drop frame 0, color frame 0, field/phase \(phase)"), "\(name): \(h)")
        }
    }

    func testLinearFrameIsTheSameOnAnyThreadCount() throws {
        let one = try linearFrame(100, threads: 1), seven = try linearFrame(100, threads: 7)
        XCTAssertEqual(one.rgba.map(\.bitPattern), seven.rgba.map(\.bitPattern))
        XCTAssertEqual(one.depth!.map(\.bitPattern), seven.depth!.map(\.bitPattern))
    }

    func testResumeRendersACutShortEXRAgainAndKeepsWholeOnes() throws {
        let dir = tmp.appendingPathComponent("plates").path
        XCTAssertEqual(try runCLI(args(dir)).code, 0)
        let cut = dir + "/frame.0101.exr", kept = dir + "/frame.0100.exr"
        let whole = try Data(contentsOf: URL(fileURLWithPath: cut))
        try whole.prefix(whole.count - 200).write(to: URL(fileURLWithPath: cut))
        let inode = try FileManager.default.attributesOfItem(atPath: kept)[.systemFileNumber] as? Int
        let r = try runCLI(args(dir, ["--skip-existing"]))
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.err.contains("frame.0101.exr: ") && r.err.contains("rendering it again"), r.err)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: cut)), whole)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: kept)[.systemFileNumber] as? Int, inode)
    }

    /// A resume keeps only EXR frames with this run's channels, whatever sidecar is there: frames rendered without
    /// `--aov P` are refused when resumed with it under another `--sidecar` name, and a wall sequence (no Z) under
    /// a camera run with its sidecar removed; the same run's frames are kept without their sidecar. (Both were kept
    /// and the new sidecar called the sequence complete.)
    func testResumeRefusesFramesWithOtherChannels() throws {
        let dir = tmp.appendingPathComponent("plates").path
        XCTAssertEqual(try runCLI(args(dir, ["--sidecar", "a.json"])).code, 0)
        let layered = try runCLI(args(dir, ["--sidecar", "b.json", "--aov", "P", "--skip-existing"]))
        XCTAssertEqual(layered.code, 2, layered.err)
        XCTAssertTrue(layered.err.contains("frame.0100.exr: the frame has channels B, G, R, Z, this run writes B, G, P.X, P.Y, P.Z, R, Z"),
                      layered.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/b.json"))
        try FileManager.default.removeItem(atPath: dir + "/a.json")
        let kept = dir + "/frame.0100.exr"
        let inode = try FileManager.default.attributesOfItem(atPath: kept)[.systemFileNumber] as? Int
        let same = try runCLI(args(dir, ["--skip-existing"]))
        XCTAssertEqual(same.code, 0, same.err)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: kept)[.systemFileNumber] as? Int, inode)

        let wall = tmp.appendingPathComponent("wall").path
        var wallArgs = args(wall)
        wallArgs[wallArgs.firstIndex(of: "camera")!] = "wall"
        XCTAssertEqual(try runCLI(wallArgs).code, 0)
        try FileManager.default.removeItem(atPath: wall + "/sequence.json")
        let camera = try runCLI(args(wall, ["--skip-existing"]))
        XCTAssertEqual(camera.code, 2, camera.err)
        XCTAssertTrue(camera.err.contains("the frame has channels B, G, R, this run writes B, G, R, Z"), camera.err)
    }

    /// A frame larger than the memory the process may use is refused before its buffers are allocated, one line with
    /// the estimate, and leaves nothing behind: under `ulimit -v` (a batch job's limit, which the default budget now
    /// follows) a 16384x16384 EXR frame died in an allocation (exit 134, a backtrace); with `--memory-budget` too.
    func testAFrameOverTheMemoryBudgetIsRefusedInOneLine() throws {
        let dir = tmp.appendingPathComponent("big").path
        let render = ["render", Self.scene, "--take", Self.take, "--frames", "100-100", "--view", "virtual", "--format", "exr",
                      "--out", dir, "--quiet"]
        let capped = try ExternalTool.capture("/bin/bash", ["-c", "ulimit -v 4000000; exec \"$0\" \"$@\"",
                                                            CommandLineTests.binary] + render + ["--size", "16384x16384"])
        XCTAssertEqual(capped.status, 1, capped.err)
        // One error line (after the take's frame-rate warning): half of 4,000,000 KB is the budget.
        let errors = capped.err.split(separator: "\n").filter { !$0.hasPrefix("warning: ") }
        XCTAssertEqual(errors, ["xrstudio: error: a 16384x16384 frame of the virtual view in linear light (EXR) needs about "
            + "20.4 GB, more than the memory budget of 2.0 GB (--memory-budget raises it)"], capped.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir))
        let budget = try runCLI(render + ["--size", "1920x1080", "--memory-budget", "64M"])
        XCTAssertEqual(budget.code, 1, budget.err)
        XCTAssertTrue(budget.err.contains("a 1920x1080 frame of the virtual view in linear light (EXR) needs about 158 MB, more than the memory budget of 67 MB"),
                      budget.err)
        XCTAssertEqual(try runCLI(render + ["--size", "192x108", "--memory-budget", "64M"]).code, 0, "a frame within it renders")
        // Layers are counted (P 32 bytes a pixel, alpha 8, the camera view's CG plate 16), before the folder is made.
        let layered = try runCLI(["render", Self.scene, "--take", Self.take, "--frames", "100-100", "--view", "camera",
                                  "--format", "exr", "--aov", "virtual,alpha,P", "--size", "1920x1080", "--memory-budget", "300M",
                                  "--out", dir + "-layers", "--quiet"])
        XCTAssertEqual(layered.code, 1, layered.err)
        XCTAssertTrue(layered.err.contains("a 1920x1080 frame of the camera view in linear light (EXR) with its layers "
                                           + "(virtual,alpha,P) needs about 382 MB"), layered.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "-layers"))
        // A native canvas is held to its own estimate (8 bytes an LED pixel), not a camera frame's at its LED size:
        // the sample volume's 8448x2112 canvas (257 MB at its peak) was refused under a 1 GB limit.
        let native = try ExternalTool.capture("/bin/bash", ["-c", "ulimit -v 1048576; exec \"$0\" \"$@\"", CommandLineTests.binary,
                                                            "render", Self.scene, "--take", Self.take, "--frames", "100-100",
                                                            "--view", "wall", "--native", "--out", dir + "-native", "--quiet"])
        XCTAssertEqual(native.status, 0, native.err)
    }

    func testBadOptionsAndPathsFailInOneLine() throws {
        let rows: [([String], Int32, String)] = [
            (args(tmp.appendingPathComponent("a").path, ["--exr-compression", "lzw"]), 2, "--exr-compression must be zip or piz"),
            (["render", Self.scene, "--take", Self.take, "--out", tmp.appendingPathComponent("b").path,
              "--exr-compression", "zip"], 2, "--exr-compression applies to --format exr"),
            (args(tmp.appendingPathComponent("c").path, ["--burn-in"]), 2, "--burn-in"),
            (args("/proc/xrstudio-exr-test"), 1, "/proc/xrstudio-exr-test"),
        ]
        for (argv, code, message) in rows {
            let r = try runCLI(argv)
            XCTAssertEqual(r.code, code, "\(argv): \(r.err)")
            let lines = r.err.split(separator: "\n").filter { !$0.hasPrefix("warning:") }
            XCTAssertEqual(lines.count, 1, r.err)
            XCTAssertTrue(r.err.contains(message), r.err)
        }
    }
}
