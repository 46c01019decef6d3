// NDisplayImportTests: nDisplay configs of different shapes become LED surfaces whose corners match answers worked
// by hand from the configs (each corner within 1 mm), and whose canvases have their viewports' pixels.

import FoundationEssentials
import Foundation
import Geometry
import SceneFormat
import SceneModel
import XCTest

final class NDisplayImportTests: XCTestCase {
    static let fixtures = SceneLoaderTests.root.appendingPathComponent("Tests/Fixtures/ndisplay")

    /// Loads a fixture scene as `SceneFile` does: files read from disk beside it.
    static func loadScene(_ name: String) throws -> Scene {
        let url = fixtures.appendingPathComponent(name)
        return try SceneLoader.load(bytes: [UInt8](try Data(contentsOf: url)), name: url.path, fileExists: SceneLoaderTests.exists,
                                    readFile: { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } })
    }

    /// Checks one surface: top-left, top-right and bottom-left corners (studio metres) within 1 mm, and pixels.
    func check(_ s: LEDSurface?, _ tl: SIMD3<Double>, _ tr: SIMD3<Double>, _ bl: SIMD3<Double>, pixels: (Int, Int),
               file: StaticString = #filePath, line: UInt = #line) throws {
        let s = try XCTUnwrap(s, file: file, line: line)
        let c = try XCTUnwrap(s.corners, "\(s.name) is not flat", file: file, line: line)
        for (got, want, which) in [(c[0], tl, "top left"), (c[1], tr, "top right"), (c[3], bl, "bottom left")] {
            XCTAssertLessThan((got - want).length, 0.001, "\(s.name) \(which): \(got) vs \(want)", file: file, line: line)
        }
        XCTAssertEqual(s.pixels.width, pixels.0, s.name, file: file, line: line)
        XCTAssertEqual(s.pixels.height, pixels.1, s.name, file: file, line: line)
    }

    /// A 3 m CAVE whose centre xform stands 150 cm up on an origin 200 cm forward (UE +X, studio −Z). Worked by hand
    /// in UE centimetres, then (x, y, z) → (y, z, −x) / 100:
    /// - front: centre (350, 0, 150), facing back; left edge at y −150: TL (350, −150, 300) → (−1.5, 3, −3.5).
    /// - left: yaw −90 turns the screen's Y (its rightward) to UE +X; centre (200, −150, 150):
    ///   TL = centre − 150·X + 150·Z = (50, −150, 300) → (−1.5, 3, −0.5); TR (350, −150, 300) → (−1.5, 3, −3.5).
    /// - right: yaw 90 turns Y to UE −X; centre (200, 150, 150): TL (350, 150, 300) → (1.5, 3, −3.5).
    /// - ceiling: pitch 90 sends X up and the screen's up (Z) to UE −X; centre (200, 0, 300):
    ///   TL = centre − 150·Y + 150·(−X) = (50, −150, 300) → (−1.5, 3, −0.5); BL = (350, −150, 300) → (−1.5, 3, −3.5).
    /// - floor: pitch −90 sends Z to UE +X; centre (200, 0, 0): TL (350, −150, 0) → (−1.5, 0, −3.5);
    ///   BL (50, −150, 0) → (−1.5, 0, −0.5).
    func testCaveOfFiveRotatedScreens() throws {
        let scene = try Self.loadScene("cave.yaml")
        let s = Dictionary(uniqueKeysWithValues: scene.stage.ledSurfaces.map { ($0.name, $0) })
        XCTAssertEqual(scene.stage.ledSurfaces.map(\.name), ["scr_front", "scr_left", "scr_right", "scr_ceiling", "scr_floor"])
        try check(s["scr_front"], [-1.5, 3, -3.5], [1.5, 3, -3.5], [-1.5, 0, -3.5], pixels: (2400, 2400))
        try check(s["scr_left"], [-1.5, 3, -0.5], [-1.5, 3, -3.5], [-1.5, 0, -0.5], pixels: (2304, 2304))
        try check(s["scr_right"], [1.5, 3, -3.5], [1.5, 3, -0.5], [1.5, 0, -3.5], pixels: (2304, 2304))
        try check(s["scr_ceiling"], [-1.5, 3, -0.5], [1.5, 3, -0.5], [-1.5, 3, -3.5], pixels: (2048, 2048))
        try check(s["scr_floor"], [-1.5, 0, -3.5], [1.5, 0, -3.5], [-1.5, 0, -0.5], pixels: (1600, 1600))
        // Every LED face looks into the cube (towards its centre (0, 1.5, −2)); the ceiling is a ceiling.
        for surface in scene.stage.ledSurfaces {
            let c = surface.corners!
            let middle = (c[0] + c[2]) / 2
            XCTAssertGreaterThan((SIMD3(0, 1.5, -2) - middle).dot(surface.normal(u: 0)), 1.4, surface.name)
        }
        XCTAssertEqual(s["scr_ceiling"]?.kind, .ceiling)
        XCTAssertEqual(s["scr_floor"]?.kind, .floor, "all four corners at y = 0, facing up")
        for name in ["scr_front", "scr_left", "scr_right"] { XCTAssertEqual(s[name]?.kind, .wall, name) }
        // The operator's camera viewport is listed and skipped with one warning.
        XCTAssertEqual(scene.stage.imported?.skipped.count, 1)
        XCTAssertEqual(scene.warnings.filter { $0.contains("vp_operator") && $0.contains("'camera' projection policy") }.count, 1)
        XCTAssertEqual(scene.stage.imported?.format, "nDisplay 5.00 (.ndisplay)")
    }

    /// Three 100 x 200 cm strips; each hinge is an xform attached to the strip before it at (0, 0.5, 0), which in
    /// 4.27 is the strip's right edge (the unit plane is scaled by its size: 0.5 · 100 cm = 50 cm), turned 30° more;
    /// the next strip hangs 50 cm along the hinge's Y (an xform's world scale is 1: centimetres again).
    /// By hand (UE cm): strip 1 centre (300, −50, 100): TL (300, −100, 200) → (−1, 2, −3), TR (300, 0, 200) → (0, 2, −3).
    /// Hinge 1 at (300, 0, 100), yaw 30: the strip's rightward Y is (−sin 30, cos 30, 0) = (−0.5, 0.8660, 0).
    /// Strip 2 centre = hinge + 50·Y = (275, 43.301, 100): TL = (300, 0, 200) → (0, 2, −3);
    /// TR = centre + 50·Y + 100·Z = (250, 86.603, 200) → (0.86603, 2, −2.5).
    /// Hinge 2 at (250, 86.603, 100), yaw 60 in all: Y = (−0.86603, 0.5, 0); strip 3 centre (206.699, 111.603, 100):
    /// TL (250, 86.603, 200) → (0.86603, 2, −2.5); TR (163.397, 136.603, 200) → (1.36603, 2, −1.63397).
    func testHingedChainOfStrips() throws {
        let scene = try Self.loadScene("hinged-strips.yaml")
        let s = Dictionary(uniqueKeysWithValues: scene.stage.screens.map { ($0.name, $0) })
        XCTAssertEqual(scene.stage.screens.map(\.name), ["strip_1", "strip_2", "strip_3"])
        let r3 = 3.0.squareRoot()
        try check(s["strip_1"], [-1, 2, -3], [0, 2, -3], [-1, 0, -3], pixels: (520, 1040))
        try check(s["strip_2"], [0, 2, -3], [r3 / 2, 2, -2.5], [0, 0, -3], pixels: (520, 1040))
        try check(s["strip_3"], [r3 / 2, 2, -2.5], [r3 / 2 + 0.5, 2, -2.5 + r3 / 2], [r3 / 2, 0, -2.5], pixels: (520, 1040))
        // Each strip is 1 m wide: 520 px over 1 m is 1.923 mm pitch.
        XCTAssertEqual(s["strip_2"]!.widthM, 1, accuracy: 1e-9)
        XCTAssertEqual(s["strip_2"]!.pixelPitchM.x, 1 / 520.0, accuracy: 1e-12)
        // The second viewport on strip 1 is skipped with one warning.
        XCTAssertEqual(scene.warnings.filter { $0.contains("vp_1_copy") }.count, 1)
    }

    /// Mesh viewports: the flat wall (6 x 3 m at z −4) and the ceiling (4 x 4 m at y 3.5, made of 2 x 2 quads) are
    /// exact rectangles under their UVs; canvas top left is UV (0, 1): the wall's (−3, 3, −4), the ceiling's
    /// (−2, 3.5, 1) (its v runs along +Z). The bent strip is not flat: a mesh screen, its canvas top left at UV
    /// (0, 1) = (−2, 3.2, −4), its middle column on the bend at (0, y, −4.5); the camera viewport is no screen: one
    /// warning.
    func testMeshPolicyStageWithOBJMeshes() throws {
        let scene = try Self.loadScene("xr-stage.yaml")
        let s = Dictionary(uniqueKeysWithValues: scene.stage.screens.map { ($0.name, $0) })
        XCTAssertEqual(scene.stage.screens.map(\.name), ["vp_wall", "vp_ceiling", "vp_curve"])
        try check(s["vp_wall"], [-3, 3, -4], [3, 3, -4], [-3, 0, -4], pixels: (3840, 1920))
        try check(s["vp_ceiling"], [-2, 3.5, 1], [2, 3.5, 1], [-2, 3.5, -3], pixels: (2048, 2048))
        XCTAssertEqual(s["vp_wall"]!.normal(u: 0), [0, 0, 1])
        XCTAssertEqual(s["vp_ceiling"]?.kind, .ceiling)
        XCTAssertEqual(scene.warnings.count, 1, scene.warnings.joined(separator: "\n"))
        let curve = try XCTUnwrap(s["vp_curve"])
        guard case .mesh = curve.shape else { return XCTFail("vp_curve is a mesh screen") }
        // Each half is √(2² + 0.5²) = 2.0616 m along its chord; the canvas is 0.2 m high.
        XCTAssertEqual(curve.widthM, 2 * (4.25).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(curve.heightM, 0.2, accuracy: 1e-6)
        let tl = curve.point(u: 0, v: 0), mid = curve.point(u: curve.widthM / 2, v: curve.heightM)
        XCTAssertEqual(tl.x, -2, accuracy: 1e-6); XCTAssertEqual(tl.y, 3.2, accuracy: 1e-6); XCTAssertEqual(tl.z, -4, accuracy: 1e-6)
        XCTAssertEqual(mid.x, 0, accuracy: 1e-6); XCTAssertEqual(mid.y, 3, accuracy: 1e-6); XCTAssertEqual(mid.z, -4.5, accuracy: 1e-6)
        XCTAssertEqual(curve.kind, .wall)
        XCTAssertEqual(scene.warnings.filter { $0.contains("vp_icvfx") }.count, 1)
    }

    /// The legacy text format: metres, `[screen]` lines with P/Y/R rotators; a left screen as in the format's own
    /// example (yaw −90 at y −1.5 m, 3 x 3 m, centre 1.5 m up): TL = (−1.5, −1.5, 3) m UE → studio (−1.5, 3, 1.5).
    func testLegacyCfg() throws {
        let cfg = """
        # nDisplay config
        [info] version="23"
        [scene_node] id=screens loc="X=0,Y=0,Z=0" rot="P=0,Y=0,R=0"
        [screen] id=screen_left loc="X=0,Y=-1.5,Z=1.5" rot="P=0,Y=-90,R=0" size="X=3,Y=3" parent=screens
        [projection] id=proj_left type=simple screen=screen_left
        [viewport] id=vp_left x=0 y=0 width=1920 height=1920 projection=proj_left
        """
        let (screens, record) = try NDisplayImporter.load(bytes: Array(cfg.utf8), file: "cave.cfg")
        XCTAssertEqual(record.format, "nDisplay 23 (.cfg)")
        try check(screens.first, [-1.5, 3, 1.5], [-1.5, 3, -1.5], [-1.5, 0, 1.5], pixels: (1920, 1920))
        // Saved on Windows (CRLF line ends): the same screen. Swift takes "\r\n" as one Character, so splitting on
        // "\n" alone read such a file as one line and found no screen.
        let (crlfScreens, _) = try NDisplayImporter.load(bytes: Array(cfg.replacingOccurrences(of: "\n", with: "\r\n").utf8),
                                                         file: "cave.cfg")
        XCTAssertEqual(crlfScreens.count, 1)
        try check(crlfScreens.first, [-1.5, 3, 1.5], [-1.5, 3, -1.5], [-1.5, 0, 1.5], pixels: (1920, 1920))
    }

    /// The conversion and the rotator on their own: UE's FRotationMatrix turns X by yaw towards Y, and a point one
    /// metre ahead in UE is one metre towards −Z in the studio.
    func testUnrealSpaceConversion() throws {
        let scene = try SceneLoader.load(bytes: Array("stage: { ndisplay: a.ndisplay }".utf8), name: "s.yaml", fileExists: { _ in true },
                                         readFile: { _ in Array(Self.oneScreen(location: "\"x\": 100, \"y\": 0, \"z\": 0", rotation: "\"yaw\": 0").utf8) })
        // A 100 x 50 cm screen 1 m ahead, centre at UE z 0: TL (100, −50, 25) → (−0.5, 0.25, −1).
        try check(scene.stage.screens.first, [-0.5, 0.25, -1], [0.5, 0.25, -1], [-0.5, -0.25, -1], pixels: (200, 100))
        // Rolled 90°: the screen's rightward Y goes to UE −Z (down): TL = centre − 50·Y + 25·Z with Y = (0, 0, −1),
        // Z = (0, 1, 0): (100, 25, 50) → (0.25, 0.5, −1).
        let rolled = try SceneLoader.load(bytes: Array("stage: { ndisplay: a.ndisplay }".utf8), name: "s.yaml", fileExists: { _ in true },
                                          readFile: { _ in Array(Self.oneScreen(location: "\"x\": 100", rotation: "\"roll\": 90").utf8) })
        try check(rolled.stage.screens.first, [0.25, 0.5, -1], [0.25, -0.5, -1], [-0.25, 0.5, -1], pixels: (200, 100))
    }

    static func oneScreen(location: String, rotation: String, size: String = "\"width\": 100, \"height\": 50",
                          region: String = "\"x\": 0, \"y\": 0, \"w\": 200, \"h\": 100", type: String = "simple", version: String = "5.00",
                          parent: String = "") -> String {
        """
        {"nDisplay": {"version": "\(version)", "scene": {"xforms": {"a": {"parentId": "b"}, "b": {"parentId": ""}},
          "screens": {"s": {"size": {\(size)}, "parentId": "\(parent)", "location": {\(location)}, "rotation": {\(rotation)}}}},
          "cluster": {"nodes": {"n": {"viewports": {"v": {"region": {\(region)}, "projectionPolicy": {"type": "\(type)", "parameters": {"screen": "s"}}}}}}}}}
        """
    }
}
