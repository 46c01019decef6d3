// NDisplayRoundTripTests: a stage written as .ndisplay and read back gives the same surfaces (names, corners,
// canvases), and the writer's rotators are Unreal's own for the fixtures' quarter turns.

import FoundationEssentials
import Foundation
import Geometry
import SceneFormat
import SceneModel
import XCTest

final class NDisplayRoundTripTests: XCTestCase {
    func roundTrip(_ surfaces: [LEDSurface], file: StaticString = #filePath, line: UInt = #line) throws -> [LEDSurface] {
        let out = try NDisplayWriter.json(surfaces: surfaces, viewOrigin: [0, 1.7, 0], description: "test")
        let (back, record) = try NDisplayImporter.load(bytes: Array(out.text.utf8), file: "out.ndisplay")
        XCTAssertEqual(record.skipped, [], file: file, line: line)
        let flat = surfaces.filter { $0.corners != nil }
        XCTAssertEqual(back.map(\.name), flat.map(\.name), file: file, line: line)
        for (a, b) in zip(flat, back) {
            for (p, q) in zip(a.corners!, b.corners!) {
                XCTAssertLessThan((p - q).length, 1e-9, "\(a.name): \(p) vs \(q)", file: file, line: line)
            }
            XCTAssertEqual(a.pixels.width, b.pixels.width, a.name, file: file, line: line)
            XCTAssertEqual(a.pixels.height, b.pixels.height, a.name, file: file, line: line)
        }
        return back
    }

    /// Every flat wall and ceiling of the sample scenes (a yawed wall, tilted ceilings), the imported CAVE and
    /// mesh-stage screens, and a screen at an arbitrary pose with roll.
    func testExportThenImportGivesTheSameSurfaces() throws {
        var surfaces: [LEDSurface] = []
        for f in ["binhai-xr-stage.yaml", "lantern-flat-wall.yaml", "yangliuqing-hall.yaml"] {
            let url = SceneLoaderTests.scenes.appendingPathComponent(f)
            let scene = try SceneLoader.load(bytes: [UInt8](try Data(contentsOf: url)), name: url.path, fileExists: SceneLoaderTests.exists)
            surfaces += scene.stage.ledSurfaces.filter { $0.corners != nil }.map { var s = $0; s.name = f + "/" + s.name; return s }
        }
        XCTAssertGreaterThanOrEqual(surfaces.count, 4)
        surfaces += try NDisplayImportTests.loadScene("cave.yaml").stage.screens
        surfaces += try NDisplayImportTests.loadScene("xr-stage.yaml").stage.screens
        // A screen turned about a skew axis: u and v from a rotation of (1, 0, 0) and (0, −1, 0).
        let t = Transform(rotateDegrees: [17, -41, 23])
        let panel = LEDPanelType(name: "p", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pitch(mm: 2.6))
        surfaces.append(LEDSurface(name: "skew \"quoted\"", kind: .wall, grid: CabinetGrid(panel: panel, columns: 3, rows: 2),
                                   shape: .flat(origin: [1, 2, -3], uAxis: t.apply([1, 0, 0]), vAxis: t.apply([0, -1, 0]))))
        _ = try roundTrip(surfaces)
    }

    /// Curved walls have no flat screen: listed as skipped, the rest written.
    func testCurvedWallIsSkipped() throws {
        let url = SceneLoaderTests.scenes.appendingPathComponent("binhai-xr-stage.yaml")
        let scene = try SceneLoader.load(bytes: [UInt8](try Data(contentsOf: url)), name: url.path, fileExists: SceneLoaderTests.exists)
        let out = try NDisplayWriter.json(surfaces: scene.stage.ledSurfaces, viewOrigin: scene.stage.viewOrigin, description: "")
        XCTAssertEqual(out.skipped.count, scene.stage.walls.filter(\.isCurved).count)
        XCTAssertEqual(out.screens.count, scene.stage.ledSurfaces.count - out.skipped.count)
    }

    /// The CAVE's left screen (studio u = −Z, v = −Y) written back is Unreal's yaw −90 at (200, −150, 150) cm.
    func testWriterRotatorIsUnreals() throws {
        let left = try XCTUnwrap(try NDisplayImportTests.loadScene("cave.yaml").stage.screens.first { $0.name == "scr_left" })
        let text = try NDisplayWriter.json(surfaces: [left], viewOrigin: .zero, description: "").text
        XCTAssertTrue(text.contains("\"location\": { \"x\": 200.0, \"y\": -150.0, \"z\": 150.0 }, \"rotation\": { \"pitch\": 0, \"yaw\": -90.0, \"roll\": 0 }"), text)
    }

    /// A canvas wider than an nDisplay viewport can be is refused with its name.
    func testTooLargeCanvasIsRefused() {
        let panel = LEDPanelType(name: "p", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pixels(width: 1000, height: 1000))
        let s = LEDSurface(name: "huge", kind: .wall, grid: CabinetGrid(panel: panel, columns: 17, rows: 1),
                           shape: .flat(origin: .zero, uAxis: [1, 0, 0], vAxis: [0, -1, 0]))
        XCTAssertThrowsError(try NDisplayWriter.json(surfaces: [s], viewOrigin: .zero, description: "")) {
            XCTAssertTrue("\($0)".contains("'huge' is 17000 x 1000 px"), "\($0)")
        }
    }

    /// Many wide canvases: the regions wrap into rows at most 16,384 px wide and windows at most 16,384 px tall (a
    /// node's window is one GPU surface; a full one starts the next node), never overlap, lie inside their node's
    /// window, and read back. Laid in one row, 130 canvases 8,000 px wide put regions past x = 1,000,000, which the
    /// importer refuses.
    func testViewportsWrapIntoRowsInsideTheWindow() throws {
        let panel = LEDPanelType(name: "p", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pixels(width: 1000, height: 1000))
        let surfaces = (0..<130).map { k in
            LEDSurface(name: "s\(k)", kind: .wall, grid: CabinetGrid(panel: panel, columns: 8, rows: 1 + k % 3),
                       shape: .flat(origin: [Double(k) * 5, 1, -3], uAxis: [1, 0, 0], vAxis: [0, -1, 0]))
        }
        _ = try roundTrip(surfaces)
        let text = try NDisplayWriter.json(surfaces: surfaces, viewOrigin: .zero, description: "").text
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let nodes = try XCTUnwrap(((root["nDisplay"] as? [String: Any])?["cluster"] as? [String: Any])?["nodes"] as? [String: [String: Any]])
        // Two canvases a row (16,000 px), rows of 1,000-3,000 px: 173,000 px of rows in windows of at most 16,384.
        XCTAssertGreaterThanOrEqual(nodes.count, 173_000 / 16384 + 1)
        var total = 0
        for (id, node) in nodes {
            let window = try XCTUnwrap(node["window"] as? [String: Int])
            XCTAssertLessThanOrEqual(window["w"]!, 16384, id)
            XCTAssertLessThanOrEqual(window["h"]!, 16384, id)
            let regions = try (node["viewports"] as? [String: [String: Any]] ?? [:]).values.map {
                try XCTUnwrap($0["region"] as? [String: Int])
            }
            total += regions.count
            for (i, a) in regions.enumerated() {
                XCTAssertGreaterThanOrEqual(a["x"]!, 0)
                XCTAssertGreaterThanOrEqual(a["y"]!, 0)
                XCTAssertLessThanOrEqual(a["x"]! + a["w"]!, window["w"]!, id)
                XCTAssertLessThanOrEqual(a["y"]! + a["h"]!, window["h"]!, id)
                for b in regions[(i + 1)...] {
                    let apart = a["x"]! + a["w"]! <= b["x"]! || b["x"]! + b["w"]! <= a["x"]!
                        || a["y"]! + a["h"]! <= b["y"]! || b["y"]! + b["h"]! <= a["y"]!
                    XCTAssertTrue(apart, "\(id): \(a) overlaps \(b)")
                }
            }
        }
        XCTAssertEqual(total, 130)
    }

    /// More canvases than one 16384 px window holds go to further nodes (`xrstudio_2`, …), each window at most 16384
    /// px a side: 64 canvases of 16000 x 16000 px are 64 nodes, and the file reads back (rows stacked past y =
    /// 1,000,000 in one window, which the import refused).
    func testCanvasesPastOneWindowGoToMoreNodes() throws {
        let panel = LEDPanelType(name: "p", cabinetWidthMM: 500, cabinetHeightMM: 1000, density: .pixels(width: 1000, height: 2000))
        let surfaces = (0..<64).map { k in
            LEDSurface(name: "w\(k)", kind: .wall, grid: CabinetGrid(panel: panel, columns: 16, rows: 8),
                       shape: .flat(origin: [Double(k) * 10, 4, -3], uAxis: [1, 0, 0], vAxis: [0, -1, 0]))
        }
        XCTAssertEqual(surfaces[0].pixels.width, 16000)
        _ = try roundTrip(surfaces)
        let text = try NDisplayWriter.json(surfaces: surfaces, viewOrigin: .zero, description: "").text
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let nodes = try XCTUnwrap(((root["nDisplay"] as? [String: Any])?["cluster"] as? [String: Any])?["nodes"] as? [String: [String: Any]])
        XCTAssertEqual(Set(nodes.keys), Set(["xrstudio"] + (2...64).map { "xrstudio_\($0)" }))
        for (id, node) in nodes {
            let window = try XCTUnwrap(node["window"] as? [String: Int])
            XCTAssertLessThanOrEqual(window["w"]!, 16384, id)
            XCTAssertLessThanOrEqual(window["h"]!, 16384, id)
            XCTAssertEqual((node["viewports"] as? [String: Any])?.count, 1, id)
        }
    }

    /// Walls named as the writer's own components (`xrstudio_origin`, `DefaultViewPoint`, in any case) read back as
    /// themselves: the root xform and the camera take free ids. Two names nDisplay takes as one (its ids ignore case)
    /// are refused, naming both: the file read back refused them ("the key appears twice").
    func testNamesMeetingTheWritersIDsOrEachOther() throws {
        let panel = LEDPanelType(name: "p", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pitch(mm: 2.6))
        func wall(_ name: String, x: Double) -> LEDSurface {
            LEDSurface(name: name, kind: .wall, grid: CabinetGrid(panel: panel, columns: 2, rows: 2),
                       shape: .flat(origin: [x, 1, -3], uAxis: [1, 0, 0], vAxis: [0, -1, 0]))
        }
        let walls = [wall("xrstudio_origin", x: -3), wall("defaultviewpoint", x: 0), wall("xrstudio_origin_2", x: 3)]
        _ = try roundTrip(walls)
        let text = try NDisplayWriter.json(surfaces: walls, viewOrigin: .zero, description: "").text
        XCTAssertTrue(text.contains("\"xrstudio_origin_3\": { \"parentId\": \"\""), text)
        XCTAssertTrue(text.contains("\"DefaultViewPoint_2\": {"), text)
        XCTAssertThrowsError(try NDisplayWriter.json(surfaces: [wall("Wall", x: 0), wall("wall", x: 3)], viewOrigin: .zero,
                                                     description: "")) {
            XCTAssertEqual("\($0)", "'Wall' and 'wall' would be one nDisplay screen (its ids ignore case): rename one")
        }
    }
}
