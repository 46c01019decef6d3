// SceneLoaderTests: the sample scenes load, and the numbers derived from them (walls, triangles) are checked by hand.

import FoundationEssentials
import Geometry
import SceneFormat
import SceneModel
import XCTest

final class SceneLoaderTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scenes = root.appendingPathComponent("Scenes")

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    func loadSample(_ file: String) throws -> Scene {
        let url = SceneLoaderTests.scenes.appendingPathComponent(file)
        // Mesh walls and nDisplay configs are read while loading.
        return try SceneLoader.load(bytes: [UInt8](try Data(contentsOf: url)), name: url.path, fileExists: Self.exists,
                                    readFile: { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } })
    }

    func load(_ yaml: String, name: String = "test.yaml") throws -> Scene {
        try SceneLoader.load(bytes: Array(yaml.utf8), name: name) { _ in true }
    }

    func testEverySampleSceneLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: SceneLoaderTests.scenes.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 3)
        XCTAssertTrue(files.contains("binhai-xr-stage.yaml"), "the default scene")
        for f in files {
            let s = try loadSample(f)
            XCTAssertFalse(s.stage.walls.isEmpty, f)
            XCTAssertFalse(s.cameras.isEmpty, f)
            XCTAssertFalse(s.world.objects.isEmpty, f)
            XCTAssertFalse(s.lights.isEmpty, f)
            for t in s.takes { XCTAssertTrue(t.path.hasPrefix("takes/"), "\(f): \(t.path)") }
        }
    }

    /// 44 x 11 cabinets of 500 mm at 2.6 mm pitch: 500 / 2.6 = 192.3 -> 192 px per cabinet, so 44 x 192 = 8448
    /// by 11 x 192 = 2112 pixels; 22 m x 5.5 m = 121 m²; 22 m of arc at 9 m radius = 22/9 rad = 140.056°.
    func testBinhaiWallNumbersByHand() throws {
        let s = try loadSample("binhai-xr-stage.yaml")
        let wall = try XCTUnwrap(s.stage.walls.first)
        XCTAssertEqual(wall.name, "main volume")
        XCTAssertEqual(wall.grid.panel.pixelsPerCabinet.width, 192)
        XCTAssertEqual(wall.grid.cabinets, 484)
        XCTAssertEqual(wall.grid.pixelResolution.width, 8448)
        XCTAssertEqual(wall.grid.pixelResolution.height, 2112)
        XCTAssertEqual(wall.grid.areaM2, 121, accuracy: 1e-9)
        XCTAssertEqual(wall.spanDegrees, 140.0563499, accuracy: 1e-6)
        guard case .curved(let radius, let start) = wall.shape else { return XCTFail("curved") }
        XCTAssertEqual(radius, 9)
        XCTAssertEqual(start, -wall.spanDegrees / 2, accuracy: 1e-12, "centred on -Z by default")
        // Ceiling: 600 mm at 5.9 mm = 101.7 -> 102 px; 14 x 102 = 1428, 10 x 102 = 1020; 8.4 m x 6 m = 50.4 m².
        let ceiling = try XCTUnwrap(s.stage.ceilings.first)
        XCTAssertEqual(ceiling.grid.pixelResolution.width, 1428)
        XCTAssertEqual(ceiling.grid.pixelResolution.height, 1020)
        XCTAssertEqual(ceiling.grid.areaM2, 50.4, accuracy: 1e-9)
        XCTAssertEqual(s.stage.totalCabinets, 484 + 140)
    }

    /// Pixels per cabinet given directly: 320 x 180 on 600 x 337.5 mm is a 1.875 mm pitch; 14 x 12 cabinets
    /// are 4480 x 2160 px and 8.4 m x 4.05 m = 34.02 m².
    func testPixelsPerCabinetPanel() throws {
        let s = try loadSample("yangliuqing-hall.yaml")
        let back = s.stage.walls[0]
        XCTAssertEqual(back.grid.panel.pitchMM, 1.875, accuracy: 1e-12)
        XCTAssertEqual(back.grid.pixelResolution.width, 4480)
        XCTAssertEqual(back.grid.pixelResolution.height, 2160)
        XCTAssertEqual(back.grid.areaM2, 34.02, accuracy: 1e-9)
        XCTAssertEqual(s.stage.walls[1].yawDegrees, 90)
    }

    /// Every world object of the default scene is a primitive; the sum is counted by hand in the comment:
    /// road 2, pavements 24, villas 96 + 84, roofs 64 + 56, porches 96, garden walls 96, trunks 2 x 16 x 36,
    /// crowns 2 x 16 x 168, lamps 8 x 28, globes 8 x 100, tower 12, spire 28.
    func testBinhaiWorldTriangles() throws {
        let s = try loadSample("binhai-xr-stage.yaml")
        XCTAssertEqual(s.world.objects.count, 131)
        XCTAssertEqual(s.world.primitiveTriangles, 8110)
        XCTAssertEqual(s.cameras[0].mount, .dolly)
        XCTAssertEqual(s.cameras[0].lens.calibration.count, 20)
        XCTAssertEqual(s.marks.map(\.name), ["A1 wide", "A2 push in", "A3 dutch left"])
        XCTAssertEqual(s.takes, [TakeRef(name: "dolly push-in", path: "takes/binhai-dolly-push.csv", camera: "A"),
                                 TakeRef(name: "zoom through", path: "takes/binhai-zoom-encoders.csv", camera: "A"),
                                 TakeRef(name: "handheld B", path: "takes/binhai-handheld-b.csv", camera: "B")])
        XCTAssertEqual(s.takeSets, [TakeSet(name: "two cameras", takes: ["handheld B", "dolly push-in"])])
        XCTAssertEqual(s.cameras[1].chromaKey?.markers?.spacingM, 1)
        XCTAssertEqual(s.lightCards.map(\.name), ["warm key"])
        XCTAssertEqual(s.render, RenderDefaults(width: 1920, height: 1080, frameRate: 25))
    }

    func testGLTFSceneKeepsPathsRelative() throws {
        let s = try loadSample("lantern-flat-wall.yaml")
        let lanterns = s.world.objects.filter { $0.mesh == .gltf(path: "assets/lantern.gltf") }
        XCTAssertEqual(lanterns.count, 11)
        XCTAssertEqual(lanterns[0].transform.scale, [1.6, 1.6, 1.6])
        XCTAssertEqual(SceneLoader.resolve("assets/lantern.gltf", sceneFile: "Scenes/lantern-flat-wall.yaml"),
                       "Scenes/assets/lantern.gltf")
        XCTAssertEqual(SceneLoader.resolve("/abs/x.obj", sceneFile: "Scenes/a.yaml"), "/abs/x.obj")
        XCTAssertEqual(SceneLoader.resolve("x.obj", sceneFile: "a.yaml"), "x.obj")
        XCTAssertEqual(s.stage.walls[0].elevation, 0.2)
    }

    /// A curved wall given by angle: 90° at 6 m is 9.42 m of arc, 18.85 cabinets of 0.5 m, so 19 columns.
    func testSpanGivesColumnsAndDefaults() throws {
        let s = try load("""
            stage:
              panels: [{ name: P, cabinet_mm: [500, 500], pitch_mm: 2.6 }]
              walls: [{ name: arc, panel: P, shape: curved, radius: 6, span_deg: 90, rows: 4 }]
            """, name: "dir/arc.yaml")
        XCTAssertEqual(s.name, "arc.yaml", "the file name when the scene has no name")
        XCTAssertEqual(s.stage.walls[0].grid.columns, 19)
        XCTAssertEqual(s.stage.floor, Floor())
        XCTAssertEqual(s.stage.viewOrigin, [0, 1.7, 0])
        XCTAssertEqual(s.render, RenderDefaults())
        XCTAssertTrue(s.cameras.isEmpty && s.takes.isEmpty && s.world.objects.isEmpty)
    }

    func testRepeatAndTransforms() throws {
        let s = try load("""
            world:
              objects:
                - { name: post, box: [1, 2, 3], translate: [1, 0, 0], rotate: [0, 90, 0], scale: 2,
                    repeat: { count: 3, step: [0, 0, -5] } }
            """)
        XCTAssertEqual(s.world.objects.map(\.name), ["post 1", "post 2", "post 3"])
        XCTAssertEqual(s.world.objects[2].transform.translate, [1, 0, -10])
        // Scale, then turn 90° about +Y (+X goes to -Z), then translate.
        let p = s.world.objects[0].transform.apply([1, 0, 0])
        XCTAssertEqual(p.x, 1, accuracy: 1e-12)
        XCTAssertEqual(p.z, -2, accuracy: 1e-12)
        let b = s.world.objects[0].transform.apply(bounds: Primitive.box(size: [1, 2, 3]).bounds)
        XCTAssertEqual(b.min.x, -2, accuracy: 1e-9)  // depth 3 x 2 = 6 now along X, centred on x = 1
        XCTAssertEqual(b.max.x, 4, accuracy: 1e-9)
        XCTAssertEqual(b.max.y, 4, accuracy: 1e-9)
    }

    func testPrimitiveTriangleCounts() {
        XCTAssertEqual(Primitive.box(size: [1, 1, 1]).triangleCount, 12)
        XCTAssertEqual(Primitive.plane(size: [1, 1]).triangleCount, 2)
        XCTAssertEqual(Primitive.cylinder(radius: 1, height: 1, segments: 24).triangleCount, 92)
        XCTAssertEqual(Primitive.sphere(radius: 1, segments: 24, rings: 12).triangleCount, 528)
        XCTAssertEqual(Primitive.extrusion(points: [[0, 0], [1, 0], [0, 1]], height: 1).triangleCount, 8)
    }

    func testCameraOptics() throws {
        let s = try loadSample("yangliuqing-hall.yaml")
        // 2 atan(18 / 35) = 54.43°.
        XCTAssertEqual(s.cameras[0].fieldOfViewDegrees.horizontal, 54.4322, accuracy: 1e-3)
        XCTAssertEqual(s.cameras[0].body.resolution.width, 3840)
    }

    func testDidYouMean() {
        XCTAssertEqual(DidYouMean.distance("colums", "columns"), 1)
        XCTAssertEqual(DidYouMean.distance("kitten", "sitting"), 3)
    }

    /// Never a crash: every truncation of each sample, and each with one byte changed, loads or throws a
    /// SceneError (nothing else).
    func testDamagedSamplesNeverCrash() throws {
        for file in ["binhai-xr-stage.yaml", "yangliuqing-hall.yaml", "lantern-flat-wall.yaml"] {
            let bytes = [UInt8](try Data(contentsOf: SceneLoaderTests.scenes.appendingPathComponent(file)))
            var cases: [[UInt8]] = []
            for cut in stride(from: 0, to: bytes.count, by: 53) { cases.append(Array(bytes[..<cut])) }
            for (i, at) in stride(from: 0, to: bytes.count, by: 97).enumerated() {
                var b = bytes
                b[at] = [UInt8(ascii: "["), UInt8(ascii: ":"), UInt8(ascii: "\t"), UInt8(ascii: "-"), 0xFF, UInt8(ascii: "x")][i % 6]
                cases.append(b)
            }
            for c in cases {
                do {
                    _ = try SceneLoader.load(bytes: c, name: file) { _ in true }
                } catch is SceneError {
                } catch {
                    XCTFail("\(file): not a SceneError: \(error)")
                }
            }
        }
    }
}

extension SceneLoaderTests {
    /// The annotated example in Docs/scene-format.md is a scene that loads.
    func testDocumentedExampleLoads() throws {
        let doc = String(decoding: try Data(contentsOf: SceneLoaderTests.root.appendingPathComponent("Docs/scene-format.md")),
                         as: UTF8.self)
        let start = try XCTUnwrap(doc.range(of: "```yaml\n"))
        let end = try XCTUnwrap(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        let s = try load(String(doc[start.upperBound..<end.lowerBound]), name: "Docs/example.yaml")
        XCTAssertEqual(s.name, "Example stage")
        XCTAssertEqual(s.stage.walls[0].grid.pixelResolution.width, 8448)
        XCTAssertEqual(s.world.objects.count, 13)  // road, 5 houses, 5 roofs, tree, trunk
        XCTAssertEqual(s.cameras[0].lens.calibration.count, 4)
        XCTAssertEqual(s.takes.count, 1)
    }
}
