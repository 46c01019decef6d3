// SceneRenderTests: `render SCENE.yaml` end to end (every sample scene from its first mark), --mark errors, and
// golden frames of the default scene's marks in Tests/Golden/scenes (XRSTUDIO_RECORD_GOLDEN=1 records and fails,
// as in GoldenFrameTests and Docs/golden-frames.md).

import FoundationEssentials
import Foundation
import ImageCodecs
import Imaging
import RenderJobs
import XCTest

final class SceneRenderTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scenes = root.appendingPathComponent("Scenes")
    static let golden = root.appendingPathComponent("Tests/Golden/scenes")
    static let defaultScene = scenes.appendingPathComponent("binhai-xr-stage.yaml").path

    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-scene-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }


    func sceneFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Self.scenes.path).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { Self.scenes.appendingPathComponent($0).path }
    }

    /// Distinct colours in an image (a flat frame has one).
    func distinctColours(_ img: RGBA8Image) -> Int {
        var seen = Set<UInt32>()
        for i in stride(from: 0, to: img.pixels.count, by: 4) {
            seen.insert(UInt32(img.pixels[i]) | UInt32(img.pixels[i + 1]) << 8 | UInt32(img.pixels[i + 2]) << 16)
        }
        return seen.count
    }

    func testEverySampleSceneRendersFromItsFirstMark() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: CommandLineTests.binary), "build the binary first")
        let files = try sceneFiles()
        XCTAssertGreaterThanOrEqual(files.count, 3)
        for f in files {
            let mark = try XCTUnwrap(try SceneRender.markNames(scenePath: f).first, "\(f) has no marks")
            let out = tmp.appendingPathComponent(URL(fileURLWithPath: f).deletingPathExtension().lastPathComponent + ".png").path
            let r = try runCLI(["render", f, "--mark", mark, "--size", "320x180", "--out", out])
            XCTAssertEqual(r.code, 0, "\(f): \(r.err)")
            XCTAssertEqual(r.out, "wrote \(out)\n")
            let img = try PNGCodec.decodeRGBA8([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
            XCTAssertEqual(img.width, 320)
            XCTAssertEqual(img.height, 180)
            XCTAssertGreaterThan(distinctColours(img), 20, "\(f): the frame is (nearly) flat")
            // The CLI writes exactly what the library renders.
            XCTAssertEqual(try SceneRender.renderImage(scenePath: f, mark: mark, width: 320, height: 180, threads: 3), img, f)
        }
    }

    func testSceneRenderSizeDefaultsOverwriteAndDepth() throws {
        let out = tmp.appendingPathComponent("a.png").path
        // No --size: the scene's render size (1280 x 720 for the Yangliuqing hall); no --mark: the first camera.
        let hall = Self.scenes.appendingPathComponent("yangliuqing-hall.yaml").path
        var r = try runCLI(["render", hall, "--out", out, "--aov", "depth", "--threads", "2"])
        XCTAssertEqual(r.code, 0, r.err)
        let img = try ImageFile.read(path: out)
        XCTAssertEqual([img.width, img.height], [1280, 720])
        let depth = try PNGCodec.decodeGray16([UInt8](try Data(contentsOf: tmp.appendingPathComponent("a.depth.png"))))
        XCTAssertEqual([depth.width, depth.height], [1280, 720])
        XCTAssertTrue(depth.samples.contains { $0 < 65535 })
        // Existing files are kept without --overwrite.
        r = try runCLI(["render", hall, "--size", "64x36", "--out", out])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("already exists"), r.err)
        r = try runCLI(["render", hall, "--size", "64x36", "--out", out, "--overwrite"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(try ImageFile.read(path: out).width, 64)
    }

    func testUnknownMarkIsAUsageErrorListingTheMarks() throws {
        let out = tmp.appendingPathComponent("m.png").path
        var r = try runCLI(["render", Self.defaultScene, "--mark", "A9", "--size", "64x36", "--out", out])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("'A9'") && r.err.contains("'A1 wide', 'A2 push in', 'A3 dutch left'"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        // --mark on a model file is a usage error too.
        let model = CommandLineTests.fixtures.appendingPathComponent("negative-indices.obj").path
        r = try runCLI(["render", model, "--mark", "A1 wide", "--size", "64x36", "--out", out])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("--mark"), r.err)
    }

    static func slug(_ mark: String) -> String {
        String(mark.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// Every mark of the default scene, 480 x 270, bit for bit; one thread and 32 px tiles give the same frame.
    func testDefaultSceneMarksMatchGoldenFrames() throws {
        let record = ProcessInfo.processInfo.environment["XRSTUDIO_RECORD_GOLDEN"] == "1"
        let marks = try SceneRender.markNames(scenePath: Self.defaultScene)
        XCTAssertEqual(marks.count, 3)
        for mark in marks {
            let image = try SceneRender.renderImage(scenePath: Self.defaultScene, mark: mark, width: 480, height: 270,
                                                    threads: 4, tileSize: 64)
            let url = Self.golden.appendingPathComponent("binhai-\(Self.slug(mark)).png")
            if record {
                try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
                try Data(try PNGCodec.encode(image, compression: .best)).write(to: url)
                continue
            }
            guard FileManager.default.fileExists(atPath: url.path) else {
                XCTFail("\(url.path) is missing: record it with XRSTUDIO_RECORD_GOLDEN=1")
                continue
            }
            let expected = try ImageFile.read(path: url.path)
            let d = try XCTUnwrap(ImageDiff(expected, image), "\(mark): size changed")
            XCTAssertEqual(d.differingPixels, 0, "\(mark): \(d.differingPixels) pixels differ (max channel difference "
                           + "\(d.maxChannelDifference)); if intended, record again with XRSTUDIO_RECORD_GOLDEN=1")
            let other = try SceneRender.renderImage(scenePath: Self.defaultScene, mark: mark, width: 480, height: 270,
                                                    threads: 1, tileSize: 32)
            XCTAssertEqual(other, image, "\(mark): 1 thread / 32 px tiles differ")
        }
        if record { XCTFail("scene golden frames recorded in \(Self.golden.path): check them and run the tests again") }
    }
}
