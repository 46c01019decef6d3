// CommandLineTests: the xrstudio binary end to end — outputs, exit codes and one-line errors.

import FoundationEssentials
import Foundation
import Geometry
import ImageCodecs
import Imaging
import RasterCore
import RenderJobs
import SceneFormat
import XCTest
import SceneImaging

final class CommandLineTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/obj")
    static var binary: String {
        ProcessInfo.processInfo.environment["XRSTUDIO_BIN"] ?? root.appendingPathComponent(".build/debug/xrstudio").path
    }

    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: CommandLineTests.binary),
                      "build the binary first (swift build): \(CommandLineTests.binary)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }



    func fixture(_ name: String) -> String { CommandLineTests.fixtures.appendingPathComponent(name).path }

    /// The PNG written by `render` decodes to exactly the pixels the library renders, whatever the thread count
    /// and tile size.
    func testRenderWritesThePixelsTheLibraryRenders() throws {
        let model = fixture("negative-indices.obj")
        let camera = ["--camera", "1.2,0.8,3", "--look-at", "1.5,0.7,0", "--fov-y", "50", "--size", "96x64"]
        var decoded: [RGBA8Image] = []
        for (threads, tile) in [("1", "64"), ("2", "16"), ("7", "8")] {
            let out = tmp.appendingPathComponent("t\(threads).png").path
            let r = try runCLI(["render", model] + camera + ["--threads", threads, "--tile-size", tile, "--out", out])
            XCTAssertEqual(r.code, 0, r.err)
            decoded.append(try PNGCodec.decodeRGBA8([UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))))
        }
        XCTAssertEqual(decoded[0], decoded[1])
        XCTAssertEqual(decoded[0], decoded[2])
        // In-process render of the same request.
        let mesh = try OBJParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: model))), name: model)
        let cam = ModelCamera(eye: [1.2, 0.8, 3], lookAt: [1.5, 0.7, 0], fovYDegrees: 50)
        let view = try cam.viewSetup(width: 96, height: 64, bounds: mesh.bounds)
        let list = try ClayPreview.drawList(for: mesh, view: view, shading: .clay, cull: .none)
        let r = Rasterizer()
        try r.render(list, view: view, settings: FrameSettings(width: 96, height: 64, clearColor: ClayPreview.background))
        XCTAssertEqual(decoded[0], r.colorImage())
        // The model (two flat faces) covers a good part of the frame in a colour other than the background.
        let bg = r.colorImage()[0, 0]
        let covered = (0..<(96 * 64)).filter { decoded[0][$0 % 96, $0 / 96] != bg }.count
        XCTAssertGreaterThan(covered, 96 * 64 / 10)
    }

    /// `render quad.obj --aov depth` at 64x48 from `camera` looking along -Z through `fovY`: the run and its depth file.
    func quadDepth(_ name: String, camera: String, fovY: String) throws -> (run: (code: Int32, out: String, err: String), depth: Gray16Image) {
        let r = try runCLI(["render", fixture("quad.obj"), "--camera", camera, "--look-at", "0,0,-1", "--fov-y", fovY,
                            "--size", "64x48", "--aov", "depth", "--out", tmp.appendingPathComponent(name + ".png").path])
        XCTAssertEqual(r.code, 0, r.err)
        let path = tmp.appendingPathComponent(name + ".depth.png").path
        return (r, try PNGCodec.decodeGray16([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))))
    }

    /// The depth AOV: a square 5 m in front of the camera, perpendicular to the view axis, is 5000 mm; 65535
    /// where nothing was drawn.
    func testDepthAOVIsMillimetresAlongTheViewAxis() throws {
        let depth = try quadDepth("q", camera: "0,0,0", fovY: "90").depth
        XCTAssertEqual(depth.width, 64)
        // The square spans x, y in [-2, 2] at 5 m: with a 90° vertical FOV it covers the centre 40% of rows.
        XCTAssertEqual(depth[32, 24], 5000)
        XCTAssertEqual(depth[1, 1], 65535)
        let drawn = depth.samples.filter { $0 != 65535 }
        XCTAssertTrue(drawn.allSatisfy { $0 == 5000 })
        XCTAssertGreaterThan(drawn.count, 64 * 48 / 10)
    }

    /// Depth past 16-bit millimetres (the quad 80 m away) is written as 65534 and said on stderr with the count of
    /// such pixels (it was clamped silently); 5 m away says nothing.
    func testDepthBeyondSixtyFiveMetresIsSaid() throws {
        let (r, depth) = try quadDepth("far", camera: "0,0,75", fovY: "10")
        let far = depth.samples.filter { $0 == 65534 }.count
        XCTAssertGreaterThan(far, 100)  // the 4 m square at 80 m through a 10° lens: about 196 of 3072 pixels
        XCTAssertEqual(depth.samples.filter { $0 != 65534 && $0 != 65535 }.count, 0)
        XCTAssertTrue(r.err.contains("far.depth.png: \(far) pixels are farther than 65.534 m"), r.err)
        let near = try quadDepth("near", camera: "0,0,0", fovY: "90").run
        XCTAssertFalse(near.err.contains("farther"), near.err)
    }

    func testBenchPrintsOneParseableLine() throws {
        let r = try runCLI(["bench", fixture("quad.obj"), "--size", "32x32", "--frames", "3", "--threads", "1"])
        XCTAssertEqual(r.code, 0, r.err)
        let line = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertNotNil(line.range(of: #"^bench frames=3 size=32x32 tris=2 median_ms=[0-9]+\.[0-9]{3} min_ms=[0-9]+\.[0-9]{3} mtris_per_s=[0-9]+\.[0-9]{2} cpu_ms=[0-9]+\.[0-9]{3}$"#,
                                   options: .regularExpression), line)
        // CPU time per frame: the work spent, so more than nothing.
        let cpu = try XCTUnwrap(Double(line.components(separatedBy: "cpu_ms=").last ?? ""))
        XCTAssertGreaterThan(cpu, 0, line)
    }

    /// Bad input: one line on stderr naming the problem, exit 2 for usage and 1 for input, nothing at --out.
    func testBadInputFailsCleanly() throws {
        let quad = fixture("quad.obj")
        let cases: [(args: [String], code: Int32, message: String)] = [
            (["render", tmp.appendingPathComponent("missing.obj").path], 1, "missing.obj: no such file"),
            (["render", fixture("bad-number.obj")], 1, "bad-number.obj:3:5: error: expected a number"),
            (["render", fixture("bad-index.obj")], 1, "bad-index.obj:5:7: error: vertex index 4 is out of range"),
            (["render", fixture("nan-vertex.obj")], 1, "nan-vertex.obj:4:5: error: vertex 2 (line 2) is not finite"),
            (["render", quad, "--size", "0x0"], 2, "--size 0x0 is out of range"),
            (["render", quad, "--size", "20000x100"], 2, "--size 20000x100 is out of range"),
            (["render", quad, "--size", "big"], 2, "--size expects WIDTHxHEIGHT"),
            (["render", quad, "--camera", "nan,0,0"], 2, "--camera expects X,Y,Z (three finite numbers)"),
            (["render", quad, "--camera", "0,0,1", "--look-at", "0,0,1"], 2, "--camera and --look-at must differ"),
            (["render", quad, "--fov-y", "0"], 2, "--fov-y must be between 0 and 180"),
            (["render", quad, "--far", "0.01"], 2, "--far must be greater than --near"),
            (["render", quad, "--threads", "0"], 2, "--threads must be 1...64"),
            (["render", quad, "--tile-size", "48"], 2, "tile size 48 is not a power of two"),
            (["render", quad, "--cull", "sideways"], 2, "--cull must be none, back or front"),
            (["render", quad, "--no-such-option"], 2, "unknown option '--no-such-option'"),
            (["render", tmp.path], 1, "unsupported model format"),
        ]
        for c in cases {
            let out = tmp.appendingPathComponent("out.png").path
            let r = try runCLI(c.args + ["--out", out])
            XCTAssertEqual(r.code, c.code, "\(c.args): \(r.err)")
            XCTAssertTrue(r.err.contains(c.message), "\(c.args): expected '\(c.message)' in: \(r.err)")
            // Located diagnostics read FILE:LINE:COLUMN: error: ..., the rest xrstudio: error: ...
            XCTAssertTrue(r.err.hasPrefix("xrstudio: error: ") || r.err.hasPrefix(CommandLineTests.fixtures.path),
                          "\(c.args): \(r.err)")
            XCTAssertFalse(r.err.contains("xrstudio: error: /") && r.err.contains(": error: expected"), r.err)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(c.args) left a file at --out")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path).filter { $0.hasPrefix(".") }, [],
                           "\(c.args) left a temporary file")
        }
    }

    func testExistingOutputIsKeptWithoutOverwrite() throws {
        let out = tmp.appendingPathComponent("mine.png").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: out))
        let r = try runCLI(["render", fixture("quad.obj"), "--size", "16x16", "--out", out])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("already exists (pass --overwrite to replace it)"), r.err)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "precious")
        let again = try runCLI(["render", fixture("quad.obj"), "--size", "16x16", "--out", out, "--overwrite"])
        XCTAssertEqual(again.code, 0, again.err)
        XCTAssertNoThrow(try PNGCodec.decodeRGBA8([UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))))
    }

    /// glTF and GLB models render too (node transforms applied, instanced meshes drawn once per node).
    func testRenderGLTFAndGLB() throws {
        let shared = CommandLineTests.root.deletingLastPathComponent().appendingPathComponent("shared/assets")
        guard FileManager.default.fileExists(atPath: shared.path) else {
            XCTFail("../shared/assets is absent (a user's clone): these tests need it beside the project")
            return
        }
        for model in ["gltf-cesium-milk-truck/CesiumMilkTruck.gltf", "glb-duck/Duck.glb"] {
            let out = tmp.appendingPathComponent("m.png").path
            let r = try runCLI(["render", shared.appendingPathComponent(model).path, "--size", "96x64", "--out", out, "--overwrite",
                             "--shading", "id"])
            XCTAssertEqual(r.code, 0, r.err)
            let img = try PNGCodec.decodeRGBA8([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
            let covered = stride(from: 3, to: img.pixels.count, by: 4).filter { img.pixels[$0] != 0 }.count
            XCTAssertGreaterThan(covered, 96 * 64 / 8, model)  // auto-framing puts the model in view
        }
        let broken = tmp.appendingPathComponent("b.gltf")
        try Data(#"{"asset":{"version":"2.0"},"buffers":[{"uri":"gone.bin","byteLength":12}]}"#.utf8).write(to: broken)
        let r = try runCLI(["render", broken.path, "--out", tmp.appendingPathComponent("b.png").path])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("b.gltf: buffers[0]: cannot read 'gone.bin'"), r.err)
    }

    func testUnwritableFolderFailsWithoutLeftovers() throws {
        let out = tmp.appendingPathComponent("no/such/dir/x.png").path
        let r = try runCLI(["render", fixture("quad.obj"), "--size", "16x16", "--out", out])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("x.png"), r.err)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err)
    }
}
