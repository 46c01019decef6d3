// MultiCameraViewTests: the plan and witness views of two cameras on a flat wall and of a light card: each camera's
// colour lies where its inner frustum's footprint or outline was worked out by hand, the card's where the card is.

import Geometry
import Imaging
import RasterCore
import SceneModel
@testable import StagePasses
import XCTest

final class MultiCameraViewTests: XCTestCase {
    // 16 m x 10 m wall facing +Z at z = 0, spanning x -8…8 (u = x + 8) and y 0…10 (v = 10 - y).
    let stage = Stage(walls: [LEDWall(name: "wall", grid: CabinetGrid(panel: StagePassesTests.panel, columns: 32, rows: 20))])
    // As in ICVFXCanvasTests: A at x -2 and B at x +2, 8 m out and 5 m up, 36 mm on 36 mm (tan of the half angles
    // 0.5 x 0.28125). With the 10% overscan A's inner frustum covers x -6.4…2.4 and B's x -2.4…6.4, both y 2.525…7.475;
    // their image rays at mid height reach the wall at x -6, 2 (A) and -2, 6 (B).
    let a = StagePassesTests.camera([-2, 5, 8]), b = StagePassesTests.camera([2, 5, 8])
    var cameras: [ViewCamera] {
        [ViewCamera(name: "A", camera: a, colours: .forCamera(0)), ViewCamera(name: "B", camera: b, colours: .forCamera(1))]
    }

    /// The 8-bit sRGB a linear colour is written as.
    func srgb8(_ c: SIMD4<Float>) -> [Int] {
        [c.x, c.y, c.z].map { Int((SRGB.encode(Double($0)) * 255).rounded()) }
    }

    func rgb(_ img: RGBA8Image, _ x: Int, _ y: Int) -> [Int] {
        let k = 4 * (y * img.width + x)
        return (0..<3).map { Int(img.pixels[k + $0]) }
    }

    func near(_ p: [Int], _ q: [Int]) -> Bool { zip(p, q).allSatisfy { abs($0 - $1) <= 1 } }

    func renderPlan(cameras: [ViewCamera], cards: [LightCard]) throws -> (PlanView, RGBA8Image, [PlanView.Label]) {
        let plan = PlanView(framing: [[-9, -1], [9, 9]], width: 360, height: 200)
        let (list, labels) = plan.drawList(stage: stage, props: [], cameras: cameras, overscan: 0.1, path: [], marks: [],
                                           lightCards: cards)
        let raster = Rasterizer()
        try raster.render(list, view: plan.viewSetup, settings: FrameSettings(width: 360, height: 200, clearColor: [0, 0, 0, 1]))
        return (plan, raster.colorImage(), labels)
    }

    /// The footprint runs along the wall's foot 0.12 m into the room: B's colour alone where only B's frustum
    /// reaches (x 2.4…6.4), A's where only A's does, and A's (the higher priority, drawn on top) where both do.
    func testPlanDrawsEachCameraFootprintInItsColour() throws {
        let (plan, img, labels) = try renderPlan(cameras: cameras, cards: [])
        let innerA = srgb8(CameraColours.forCamera(0).inner), innerB = srgb8(CameraColours.forCamera(1).inner)
        XCTAssertNotEqual(innerA, innerB)
        for (x, expected, what) in [(4.4, innerB, "B only"), (5.6, innerB, "B only"), (-4.2, innerA, "A only"),
                                    (0.2, innerA, "both: A on top")] {
            let p = plan.pixel([x, 0, 0.12])
            XCTAssertTrue(near(rgb(img, p.x, p.y), expected), "x \(x) (\(what)): \(rgb(img, p.x, p.y)) != \(expected)")
        }
        // Past either frustum (x 7.2) the footprint is not drawn: B's colour is absent there.
        let out = plan.pixel([7.2, 0, 0.12])
        XCTAssertFalse(near(rgb(img, out.x, out.y), innerB))
        // Each camera's icon in its ray colour, and both named.
        for (c, i) in [(a, 0), (b, 1)] {
            let p = plan.pixel(c.pose.position)
            XCTAssertTrue(near(rgb(img, p.x, p.y), srgb8(CameraColours.forCamera(i).rays)), "icon \(i)")
        }
        XCTAssertEqual(Set(plan.placeLabels(labels).map(\.text)), ["A", "B", "WALL"])
        // A lone camera keeps the single-camera colours and has no name.
        let single = try renderPlan(cameras: [ViewCamera(camera: b)], cards: [])
        XCTAssertTrue(near(rgb(single.1, plan.pixel([4.4, 0, 0.12]).x, plan.pixel([4.4, 0, 0.12]).y), innerA))
        XCTAssertEqual(single.0.placeLabels(single.2).map(\.text), ["WALL"])
    }

    /// A card at u 2.5…5.5 m (x -5.5…-2.5) shows as a bar `cardLift` into the room over exactly that span, in its
    /// colour (sRGB cyan: exactly 0, 255, 255), labelled with its name.
    func testPlanDrawsALightCardAlongItsWallExtent() throws {
        let card = LightCard(name: "fill", surface: "wall", shape: .ellipse, centreM: [4, 3], sizeM: [3, 2], color: [0, 1, 1])
        let ghost = LightCard(name: "ghost", surface: "no such wall", centreM: [12, 3], sizeM: [3, 2], color: [1, 0, 1])
        let (plan, img, labels) = try renderPlan(cameras: [], cards: [card, ghost])
        let z = PlanView.cardLift
        XCTAssertEqual(z, 0.3)
        for x in [-5.3, -4, -2.7] {
            let p = plan.pixel([x, 0, z])
            XCTAssertEqual(rgb(img, p.x, p.y), [0, 255, 255], "x \(x)")
        }
        for x in [-6.0, -2.0, 4.0] {
            let p = plan.pixel([x, 0, z])
            XCTAssertNotEqual(rgb(img, p.x, p.y), [0, 255, 255], "x \(x)")
        }
        // No magenta anywhere: a card on an unknown surface is skipped, as the canvas skips it.
        for y in 0..<img.height { for x in 0..<img.width { XCTAssertNotEqual(rgb(img, x, y), [255, 0, 255]) } }
        XCTAssertEqual(Set(plan.placeLabels(labels).map(\.text)), ["FILL", "WALL"])
    }

    /// The witness view, looked at head-on with an orthographic camera 20 px per metre (x -9…9, y -0.5…10.5):
    /// each camera's inner-frustum outline on the wall in its colour at the edges worked out above, and a card's
    /// outline in the card's colour at its border (x -5.5 on its left edge, clear of A's outline at y 7.475).
    func testWitnessOutlinesEachCameraAndCardOnTheWall() throws {
        let card = LightCard(name: "fill", surface: "wall", centreM: [4, 3], sizeM: [3, 2], color: [0, 1, 1])
        let list = WitnessView.drawList(surfaces: stage.ledSurfaces, textures: [nil], physical: DrawList(), cameras: cameras,
                                        overscan: 0.1, lightCards: [card])
        let view = Mat4.lookAt(eye: [0, 5, 20], center: [0, 5, 0], up: [0, 1, 0])!
        let raster = Rasterizer()
        try raster.render(list, view: ViewSetup(view: view, projection: Mat4.orthographic(left: -9, right: 9, bottom: -5.5, top: 5.5,
                                                                                          near: 0.1, far: 100)),
                          settings: FrameSettings(width: 360, height: 220, clearColor: [0, 0, 0, 1]))
        let img = raster.colorImage()
        func pixel(_ x: Double, _ y: Double) -> (Int, Int) { (Int((x + 9) * 20), Int((10.5 - y) * 20)) }
        /// True when `colour` is within 2 px across of (x, y).
        func found(_ colour: [Int], x: Double, y: Double) -> Bool {
            let (px, py) = pixel(x, y)
            return (px - 2...px + 2).contains { near(rgb(img, $0, py), colour) }
        }
        let innerA = srgb8(CameraColours.forCamera(0).inner), innerB = srgb8(CameraColours.forCamera(1).inner)
        XCTAssertTrue(found(innerB, x: 6.4, y: 4), "B's right edge")
        XCTAssertTrue(found(innerB, x: -2.4, y: 4), "B's left edge, inside A's frustum")
        XCTAssertTrue(found(innerA, x: -6.4, y: 4), "A's left edge")
        XCTAssertTrue(found(innerA, x: 2.4, y: 4), "A's right edge")
        XCTAssertFalse(found(innerB, x: 0, y: 4), "no outline mid-frustum")
        // The card: u 2.5…5.5, v 2…4 is x -5.5…-2.5, y 8…6.
        XCTAssertTrue(found([0, 255, 255], x: -5.5, y: 6.5), "card's left edge")
        XCTAssertFalse(found([0, 255, 255], x: -4, y: 7), "card's inside is the wall")
    }

    /// The raster plan outlines a camera's footprint on an LED floor as the area it covers (the floor's hull, as the
    /// printed plan fills it), not a line across the floor's middle.
    func testAFloorFootprintIsOutlinedAsItsArea() throws {
        let panel = LEDPanelType(name: "F", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pitch(mm: 3.9))
        let floor = LEDSurface(name: "floor", kind: .floor, grid: CabinetGrid(panel: panel, columns: 20, rows: 20),
                               shape: .flat(origin: [-5, 0, -8], uAxis: [1, 0, 0], vAxis: [0, 0, 1]))
        let cam = ShotCamera(pose: ScenePose(position: [0, 3, 0], tiltDegrees: -60, fovYDegrees: 40), camera: nil,
                             imageWidth: 1920, imageHeight: 1080)
        let plan = PlanView(framing: [[-6, -9], [6, 3]], width: 240, height: 240)
        var list = DrawList()
        plan.addCamera(cam, colours: CameraColours.palette[0], overscan: 0.1, surfaces: [floor], y: 0, into: &list)
        let foot = try XCTUnwrap(list.lines.first { $0.color == CameraColours.palette[0].inner })
        let hull = try XCTUnwrap(PlanGeometry.floorFootprints(cam, overscan: 0.1, surfaces: [floor]).first)
        XCTAssertEqual(foot.points.count, 2 * hull.count, "one segment per edge of the area")
        for (k, q) in hull.enumerated() {
            XCTAssertEqual(foot.points[2 * k], SIMD3(Float(q.x), 0, Float(q.y)))
        }
    }

}
