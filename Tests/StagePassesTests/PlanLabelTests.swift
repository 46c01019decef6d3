// PlanLabelTests: the plan's labels never overlap and never leave the image, at sizes from a full frame down to the
// TUI's plan pane on an 80x24 terminal, and small plans keep a readable grid and camera icon.

import Foundation
import Geometry
import Imaging
import RasterCore
import SceneFormat
import SceneModel
import StagePasses
import XCTest

final class PlanLabelTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A sample scene, and the shot camera at `mark` (default: its first) at `width` x `height`.
    static func load(_ name: String = "binhai-xr-stage") throws -> Scene {
        let url = root.appendingPathComponent("Scenes/\(name).yaml")
        return try SceneLoader.load(bytes: [UInt8](try Data(contentsOf: url)), name: url.path) { _ in true }
    }

    static func camera(_ scene: Scene, mark: Mark, width: Int, height: Int) -> ShotCamera {
        let pose = ScenePose(position: mark.position, panDegrees: mark.panDegrees, tiltDegrees: mark.tiltDegrees,
                             rollDegrees: mark.rollDegrees, fovYDegrees: 40)
        return ShotCamera(pose: pose, camera: scene.cameras.first, focalMM: mark.focalLengthMM, imageWidth: width, imageHeight: height)
    }

    /// The plan as `XRFrameRenderer` builds it (no props: they add no labels).
    static func plan(_ scene: Scene, mark: Mark, width: Int, height: Int) -> (PlanView, [PlanView.Label]) {
        let cam = camera(scene, mark: mark, width: width, height: height)
        let plan = PlanView(framing: PlanView.framingPoints(stage: scene.stage, cameras: [cam.pose.position], marks: scene.marks),
                            width: width, height: height)
        let labels = plan.drawList(stage: scene.stage, props: [], camera: cam, overscan: scene.xr.overscan, path: [],
                                   marks: scene.marks).labels
        return (plan, labels)
    }

    /// At every size and from every mark of every sample scene: no two labels overlap (or touch), all lie inside
    /// the image, none covers the camera icon, and each shows its name or the name's first word.
    func testLabelsNeverOverlapAndStayInside() throws {
        let sizes = [(640, 360), (320, 180), (200, 120), (120, 68), (96, 54), (66, 38), (52, 20), (26, 14)]
        for name in ["binhai-xr-stage", "yangliuqing-hall", "lantern-flat-wall"] {
            let scene = try Self.load(name)
            for mark in scene.marks {
                for (w, h) in sizes {
                    let (plan, labels) = Self.plan(scene, mark: mark, width: w, height: h)
                    let placed = plan.placeLabels(labels)
                    let what = "\(name) from \(mark.name) at \(w)x\(h)"
                    for (i, a) in placed.enumerated() {
                        XCTAssertTrue(a.x >= 0 && a.y >= 0 && a.x + a.width <= w && a.y + a.height <= h, "\(what): \(a) outside")
                        XCTAssertEqual(a.width, BitmapFont.size(of: a.text).width, what)
                        for b in placed[(i + 1)...] { XCTAssertFalse(a.overlaps(b, gap: 1), "\(what): \(a) and \(b) overlap") }
                        let names = labels.map { $0.text.uppercased() }
                        XCTAssertTrue(names.contains { $0 == a.text || $0.hasPrefix(a.text + " ") }, "\(what): \(a.text)")
                    }
                    XCTAssertLessThanOrEqual(placed.count, labels.filter { !$0.text.isEmpty }.count, what)
                    if w < PlanView.minimumAbbreviatedSize.width || h < PlanView.minimumAbbreviatedSize.height {
                        XCTAssertTrue(placed.isEmpty, "\(what): labels on a plan too small for text")
                    } else if w < PlanView.minimumLabelledSize.width || h < PlanView.minimumLabelledSize.height {
                        XCTAssertTrue(placed.allSatisfy { !$0.text.contains(" ") }, "\(what): full names on a small plan: \(placed)")
                    }
                }
            }
        }
    }

    /// Chinese mark names (the first home is a Tianjin stage) are placed at Unifont's size, 16 pixels high and 16 a
    /// character, by the same rules: inside, apart, the name or its first word; without the font, as the built-in
    /// font's '?'s. Reads Debian's unifont package (make installs it).
    func testChineseNamesArePlacedAtUnifontsSize() throws {
        let path = "/usr/share/unifont/unifont.hex"
        guard let hex = FileManager.default.contents(atPath: path) else {
            return XCTFail("\(path) is missing: install Debian's unifont package (make test does)")
        }
        let font = try Unifont(hex: [UInt8](hex))
        var scene = try Self.load()
        let names = ["甲一 全景", "甲二 推镜", "甲三 荷兰角"]
        for i in scene.marks.indices { scene.marks[i].name = names[i % names.count] }
        for (w, h) in [(960, 540), (640, 360), (320, 180)] {
            let (unlettered, labels) = Self.plan(scene, mark: scene.marks[0], width: w, height: h)
            var plan = unlettered
            plan.unifont = font
            let placed = plan.placeLabels(labels)
            let marks = placed.filter { $0.text.unicodeScalars.contains { $0.value >= 0x4E00 } }
            XCTAssertFalse(marks.isEmpty, "\(w)x\(h): \(placed)")
            for a in marks {
                XCTAssertEqual(a.height, 16)
                XCTAssertEqual(a.width, 16 * a.text.filter { $0 != " " }.count + 8 * a.text.filter { $0 == " " }.count, a.text)
                XCTAssertTrue(names.contains { $0 == a.text || $0.hasPrefix(a.text + " ") }, a.text)
            }
            for (i, a) in placed.enumerated() {
                XCTAssertTrue(a.x >= 0 && a.y >= 0 && a.x + a.width <= w && a.y + a.height <= h, "\(a) outside")
                for b in placed[(i + 1)...] { XCTAssertFalse(a.overlaps(b, gap: 1), "\(a) and \(b) overlap") }
            }
            // ASCII labels keep the built-in font's size beside them.
            for a in placed where a.text.allSatisfy(\.isASCII) { XCTAssertEqual(a.height, BitmapFont.glyphHeight) }
            plan.unifont = nil
            XCTAssertTrue(plan.placeLabels(labels).allSatisfy { $0.height == BitmapFont.glyphHeight })
        }
    }

    /// The case: the default scene at 200x120, where "A2 PUSH IN" and "A3 DUTCH LEFT" used to overlap and
    /// "A1 WIDE" was cut at the bottom: every label still shows, whole or abbreviated.
    func testDefaultScenePlaceEveryLabelAtTwoHundredPixels() throws {
        let scene = try Self.load()
        let (plan, labels) = Self.plan(scene, mark: scene.marks[0], width: 200, height: 120)
        let placed = plan.placeLabels(labels)
        XCTAssertEqual(placed.count, labels.filter { !$0.text.isEmpty }.count, "\(placed)")
        // At full size every name is written out.
        let (big, bigLabels) = Self.plan(scene, mark: scene.marks[0], width: 640, height: 360)
        XCTAssertEqual(Set(big.placeLabels(bigLabels).map(\.text)), ["MAIN VOLUME", "A1 WIDE", "A2 PUSH IN", "A3 DUTCH LEFT"])
    }

    /// The plan pane at 200x60 (66x19 cells, 66x38 half-block pixels) names marks and walls by their first word.
    func testMidSizePaneAbbreviates() throws {
        let scene = try Self.load()
        let (plan, labels) = Self.plan(scene, mark: scene.marks[0], width: 66, height: 38)
        let texts = Set(plan.placeLabels(labels).map(\.text))
        XCTAssertFalse(texts.isEmpty)
        XCTAssertTrue(texts.isSubset(of: ["A1", "A2", "A3", "MAIN"]), "\(texts)")
        // No name covers a mark's point, and names stand 3 px apart (one-word names closer read as one word).
        let placed = plan.placeLabels(labels)
        for m in scene.marks {
            let (x, y) = plan.pixel(m.position)
            let dot = PlanView.PlacedLabel(text: "", x: x, y: y, width: 1, height: 1)
            XCTAssertFalse(placed.contains { $0.overlaps(dot) }, "\(m.name) covered: \(placed)")
        }
        for (i, a) in placed.enumerated() { for b in placed[(i + 1)...] { XCTAssertFalse(a.overlaps(b, gap: 3), "\(a) \(b)") } }
    }

    /// A label that would cover another is moved, then abbreviated, then hidden; the camera icon is kept clear.
    func testPlacementMovesThenAbbreviatesThenHides() {
        let plan = PlanView(framing: [[-5, -5], [5, 5]], width: 200, height: 120)  // about 0.097 m per pixel
        let at = SIMD3<Double>(0, 0, 0)
        let a = PlanView.Label(text: "first label", position: at, kind: .mark)
        let b = PlanView.Label(text: "second one", position: at, kind: .mark)
        let placed = plan.placeLabels([a, b])
        XCTAssertEqual(placed.count, 2)
        XCTAssertFalse(placed[0].overlaps(placed[1], gap: 1))
        XCTAssertEqual(placed[0].text, "FIRST LABEL")
        // Crowd one point with many labels: some go, and none overlap.
        let crowd = (0..<40).map { PlanView.Label(text: "label number \($0)", position: at, kind: .wall) }
        let many = plan.placeLabels(crowd)
        XCTAssertLessThan(many.count, 40)
        XCTAssertGreaterThanOrEqual(many.count, 3)
        for (i, p) in many.enumerated() { for q in many[(i + 1)...] { XCTAssertFalse(p.overlaps(q, gap: 1)) } }
        // A name too wide for the image anywhere is abbreviated to its first word.
        let long = PlanView.Label(text: "A3 dutch left from the far corner of the stage", position: at, kind: .mark)
        XCTAssertEqual(plan.placeLabels([long]).map(\.text), ["A3"])
        // The camera goes first whatever the list order, and nothing covers it.
        let icon = PlanView.Label(text: "", position: at, kind: .camera, keepClear: [[-0.2, 0, -0.2], [0.2, 0, 0.2]])
        let withIcon = plan.placeLabels([a, icon])
        XCTAssertEqual(withIcon.count, 1)
        let (cx, cy) = plan.pixel(at)
        let iconBox = PlanView.PlacedLabel(text: "", x: cx - 2, y: cy - 2, width: 5, height: 5)
        for l in withIcon { XCTAssertFalse(l.overlaps(iconBox), "\(l)") }
    }

    /// Small plans: metre lines would be under 3 px apart, so the grid is coarser; the camera icon still spans
    /// at least 3 pixels in the rendered image.
    func testSmallPlanKeepsGridSparseAndCameraVisible() throws {
        let scene = try Self.load()
        for (w, h) in [(52, 20), (26, 14), (640, 360)] {
            let (plan, _) = Self.plan(scene, mark: scene.marks[0], width: w, height: h)
            XCTAssertGreaterThanOrEqual(plan.gridStep / plan.metresPerPixel, 3, "\(w)x\(h)")
            if w == 640 { XCTAssertEqual(plan.gridStep, 1) }
            let cam = Self.camera(scene, mark: scene.marks[0], width: w, height: h)
            let list = plan.drawList(stage: scene.stage, props: [], camera: cam, overscan: 0.1, path: [], marks: []).list
            let raster = Rasterizer()
            try raster.render(list, view: plan.viewSetup, settings: FrameSettings(width: w, height: h, clearColor: [0, 0, 0, 1]))
            let img = raster.colorImage()
            // The icon's yellow (1, 0.85, 0.1): count pixels of it near the camera.
            let (cx, cy) = plan.pixel(cam.pose.position)
            var yellow = 0
            for y in max(0, cy - 4)...min(h - 1, cy + 4) {
                for x in max(0, cx - 4)...min(w - 1, cx + 4) {
                    let i = (y * w + x) * 4
                    if img.pixels[i] > 200 && img.pixels[i + 1] > 170 && img.pixels[i + 2] < 120 { yellow += 1 }
                }
            }
            XCTAssertGreaterThanOrEqual(yellow, 3, "\(w)x\(h): camera icon")
        }
    }
}
