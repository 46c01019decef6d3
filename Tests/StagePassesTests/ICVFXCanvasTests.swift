// ICVFXCanvasTests: several cameras on one wall — priority, keyed overlaps, chroma keys with markers, light cards —
// on a flat wall whose geometry is worked by hand.

import Geometry
import Imaging
import RasterCore
import SceneModel
@testable import StagePasses
import XCTest

final class ICVFXCanvasTests: XCTestCase {
    // 16 m x 10 m wall at 31.25 mm pitch (512 x 320 LED pixels), facing +Z at z = 0, bottom at y = 0.
    let surface = StagePassesTests.wall(columns: 32, rows: 20)
    static let red: SIMD3<Float> = [1, 0, 0], blue: SIMD3<Float> = [0, 0, 1]

    /// Camera A 8 m in front at x = -2, camera B at x = +2, both 5 m up, 36 mm on 36 mm: each frustum covers 8 m x
    /// 4.5 m of the wall, 8.8 m x 4.95 m with the 10% overscan. The wall spans x -8…8, so A covers u 1.6…10.4 m and
    /// B u 5.6…14.4 m, both v 2.525…7.475 m: they overlap across u 5.6…10.4 m.
    func frusta(keyA: ChromaKey? = nil) -> (a: InnerFrustum, b: InnerFrustum) {
        let ca = StagePassesTests.camera([-2, 5, 8]), cb = StagePassesTests.camera([2, 5, 8])
        let a = InnerFrustum(camera: ca, overscan: 0.1, image: StagePassesTests.solid(Self.red, width: 64, height: 36),
                             view: ca.viewSetup(overscan: 0.1)!, key: keyA)
        let b = InnerFrustum(camera: cb, overscan: 0.1, image: StagePassesTests.solid(Self.blue, width: 64, height: 36),
                             view: cb.viewSetup(overscan: 0.1)!)
        return (a, b)
    }

    /// LED pixel colours of the canvas at canvas point (u, v) metres.
    func pixel(_ img: RGBA8Image, u: Double, v: Double) -> [UInt8] {
        let i = Int(u / 0.03125), j = Int(v / 0.03125)
        let k = 4 * (j * img.width + i)
        return Array(img.pixels[k..<(k + 3)])
    }

    func testPriorityDecidesTheOverlapAndKeyFillsItExactly() throws {
        let (a, b) = frusta()
        let outer = try StagePassesTests.emptyOuter([0, 0.2, 0])
        // A over B, B over A, and a keyed overlap; soft edge 0 so every boundary is sharp.
        let aFirst = WallCanvas(surfaces: [surface], inners: [a, b], viewing: 0, outer: outer, softEdge: 0).image(surface: 0)
        let bFirst = WallCanvas(surfaces: [surface], inners: [b, a], viewing: 0, outer: outer, softEdge: 0).image(surface: 0)
        let keyed = WallCanvas(surfaces: [surface], inners: [a, b], viewing: 0, outer: outer, softEdge: 0,
                               overlap: .key([0, 1, 0])).image(surface: 0)
        // In the overlap (u 8, v 5): the higher priority's colour; keyed: exactly the key.
        XCTAssertEqual(pixel(aFirst, u: 8, v: 5), [255, 0, 0])
        XCTAssertEqual(pixel(bFirst, u: 8, v: 5), [0, 0, 255])
        XCTAssertEqual(pixel(keyed, u: 8, v: 5), [0, 255, 0])
        // Only A (u 3) and only B (u 13) are the same in all three; outside both (u 15.5) the outer frustum.
        for img in [aFirst, bFirst, keyed] {
            XCTAssertEqual(pixel(img, u: 3, v: 5), [255, 0, 0])
            XCTAssertEqual(pixel(img, u: 13, v: 5), [0, 0, 255])
            XCTAssertEqual(pixel(img, u: 15.5, v: 5)[0], 0)
            XCTAssertGreaterThan(pixel(img, u: 15.5, v: 5)[1], 0)
        }
        // The keyed region is exactly the overlap worked by hand: u 5.6…10.4, v 2.525…7.475 (LED pixel centres).
        var keyedPixels = 0
        for j in 0..<keyed.height {
            for i in 0..<keyed.width {
                let u = (Double(i) + 0.5) * 0.03125, v = (Double(j) + 0.5) * 0.03125
                let inside = u > 5.6 && u < 10.4 && v > 2.525 && v < 7.475
                let k = 4 * (j * keyed.width + i)
                let green = keyed.pixels[k] == 0 && keyed.pixels[k + 1] == 255 && keyed.pixels[k + 2] == 0
                XCTAssertEqual(green, inside, "LED pixel \(i),\(j)")
                if green { keyedPixels += 1 }
            }
        }
        XCTAssertEqual(keyedPixels, 154 * 158)   // centres (i + 0.5) / 32 m: columns 179…332, rows 81…238
    }

    func testChromaKeyShowsTheKeyAndWallFixedMarkers() throws {
        let key = ChromaKey(color: [0, 0.69, 0.25], markers: .init(color: [1, 1, 1], sizeM: 0.25, spacingM: 1))
        let (a, _) = frusta(keyA: key)
        let outer = try StagePassesTests.emptyOuter([0, 0, 0])
        let img = WallCanvas(surfaces: [surface], inners: [a], viewing: 0, outer: outer, softEdge: 0).image(surface: 0)
        // Marker centres at 0.5, 1.5, … m: (4.5, 4.5) is white; between markers (5, 5) the key colour, in sRGB.
        XCTAssertEqual(pixel(img, u: 4.5, v: 4.5), [255, 255, 255])
        XCTAssertEqual(pixel(img, u: 5.0, v: 5.0), [0, 176, 64])
        // Outside the frustum, no key and no markers.
        XCTAssertEqual(pixel(img, u: 12.5, v: 4.5), [0, 0, 0])
    }

    func testLightCardsUnderStayOutOfTheInnerFrustumOverDoNot() throws {
        let (a, _) = frusta()
        let outer = try StagePassesTests.emptyOuter([0, 0, 0])
        // A white card 4 m x 2 m centred at (6, 5) lies wholly inside A's frustum (u 1.6…10.4); a 2 m ellipse at
        // (13, 5) lies outside it.
        let inside = LightCard(name: "in", surface: surface.name, centreM: [6, 5], sizeM: [4, 2], feather: 0, mode: .under)
        let outside = LightCard(name: "out", surface: surface.name, shape: .ellipse, centreM: [13, 5], sizeM: [2, 2],
                                feather: 0, mode: .under)
        let under = WallCanvas(surfaces: [surface], inners: [a], viewing: 0, outer: outer, softEdge: 0,
                               cards: [inside, outside]).image(surface: 0)
        XCTAssertEqual(pixel(under, u: 6, v: 5), [255, 0, 0], "under: the inner frustum covers it")
        XCTAssertEqual(pixel(under, u: 13, v: 5), [255, 255, 255], "under: shown in the outer frustum")
        XCTAssertEqual(pixel(under, u: 13.9, v: 5.9), [0, 0, 0], "outside the ellipse")
        var over = inside
        over.mode = .over
        let overImg = WallCanvas(surfaces: [surface], inners: [a], viewing: 0, outer: outer, softEdge: 0,
                                 cards: [over]).image(surface: 0)
        XCTAssertEqual(pixel(overImg, u: 6, v: 5), [255, 255, 255], "over: drawn over the inner frustum")
        // Both light the set: the wall's mean emission rises with either card.
        let none = WallCanvas(surfaces: [surface], inners: [a], viewing: 0, outer: outer, softEdge: 0)
        let bare = none.meanColor(surface: 0, u: 0...16, v: 0...10, samples: 64)
        let withUnder = WallCanvas(surfaces: [surface], inners: [a], viewing: 0, outer: outer, softEdge: 0, cards: [outside])
            .meanColor(surface: 0, u: 0...16, v: 0...10, samples: 64)
        let withOver = WallCanvas(surfaces: [surface], inners: [a], viewing: 0, outer: outer, softEdge: 0, cards: [over])
            .meanColor(surface: 0, u: 0...16, v: 0...10, samples: 64)
        XCTAssertGreaterThan(withUnder.y, bare.y)
        XCTAssertGreaterThan(withOver.y, bare.y)
    }
}

extension ICVFXCanvasTests {
    /// The case MultiCameraAnalysisTests works by hand, on the canvas: a 4 m x 2 m wall of 200 x 100 LED pixels
    /// (x -2…2, y 0…2), A at (-0.5, 1, 4) and B at (1, 1.5, 3), no overscan. Their frusta overlap over x -0.5…1.5,
    /// y 0.65625…2: LED columns 75…174 and rows 0…66, 6700 pixels, every one exactly the overlap key.
    func testKeyedOverlapOfTheHandWorkedTwoCameraCaseIsExactlyItsLEDPixels() throws {
        let panel = LEDPanelType(name: "T20", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pixels(width: 25, height: 25))
        let wall = LEDWall(name: "wall", grid: CabinetGrid(panel: panel, columns: 8, rows: 4)).surface
        let ca = StagePassesTests.camera([-0.5, 1, 4]), cb = StagePassesTests.camera([1, 1.5, 3])
        let a = InnerFrustum(camera: ca, overscan: 0, image: StagePassesTests.solid(Self.red, width: 64, height: 36),
                             view: ca.viewSetup(overscan: 0)!)
        let b = InnerFrustum(camera: cb, overscan: 0, image: StagePassesTests.solid(Self.blue, width: 64, height: 36),
                             view: cb.viewSetup(overscan: 0)!)
        let img = WallCanvas(surfaces: [wall], inners: [a, b], viewing: 0, outer: try StagePassesTests.emptyOuter([0, 0, 0]),
                             softEdge: 0, overlap: .key([1, 0, 1])).image(surface: 0)
        XCTAssertEqual(img.width, 200)
        XCTAssertEqual(img.height, 100)
        var keyed: [(Int, Int)] = []
        for r in 0..<100 {
            for c in 0..<200 where Array(img.pixels[(4 * (r * 200 + c))..<(4 * (r * 200 + c) + 3)]) == [255, 0, 255] {
                keyed.append((c, r))
            }
        }
        XCTAssertEqual(keyed.count, 6700)
        XCTAssertEqual(keyed.map(\.0).min(), 75)
        XCTAssertEqual(keyed.map(\.0).max(), 174)
        XCTAssertEqual(keyed.map(\.1).min(), 0)
        XCTAssertEqual(keyed.map(\.1).max(), 66)
    }
}

extension ICVFXCanvasTests {
    /// The mean of every LED pixel of surface 0 whose centre lies in the region (metres), from the sampler itself.
    func exactMean(_ canvas: WallCanvas, u: ClosedRange<Double>, v: ClosedRange<Double>) -> SIMD3<Double> {
        let s = canvas.traced[0]
        var sum = SIMD3<Double>(repeating: 0), n = 0
        canvas.withSampler { sampler in
            for row in 0..<s.pixelsH where v.contains((Double(row) + 0.5) / Double(s.pyPerM)) {
                for col in 0..<s.pixelsW where u.contains((Double(col) + 0.5) / Double(s.pxPerM)) {
                    let (x, y, z) = s.point(column: col, row: row)
                    let c = sampler.color(x, y, z, surface: 0, u: (Float(col) + 0.5) / s.pxPerM, v: (Float(row) + 0.5) / s.pyPerM)
                    sum += SIMD3(Double(c.0), Double(c.1), Double(c.2))
                    n += 1
                }
            }
        }
        return sum / Double(n)
    }

    /// A light card lights the set by its LED pixels wherever it sits: the wall-light pass's mean of a 16 m x 10 m
    /// wall (black outer frustum, no inner one, 6 x 6 cells as the pass samples a third) with one white card of
    /// intensity 100 is the mean of every LED pixel within 2.5% (cells weigh alike, and their LED pixel counts differ
    /// by a row or a column), for cards of 3 cm to 3 m (1 to 96 LED pixels a side, hard or feathered, rectangles and
    /// ellipses) at sample points, between them and across cells. At 6 x 6 point samples a card lit nothing between
    /// them and 8x too much on one; at a finer grid per cell, a 5 cm card was 67% off.
    func testCardsLightByTheirLEDPixelsWhereverTheySit() throws {
        let outer = try StagePassesTests.emptyOuter([0, 0, 0])
        var checked = 0
        for side in [0.03, 0.05, 0.1, 0.2, 0.5, 1.0, 3.0] {
            for centre: SIMD2<Double> in [[16.0 / 12, 10.0 / 12], [2.0, 1.6], [8.0, 5.0], [8.01, 5.02], [5.33, 3.33], [13.7, 8.1]] {
                for (shape, feather) in [(LightCard.Shape.rectangle, 0.0), (.ellipse, 0.3)] {
                    let card = LightCard(name: "k", surface: surface.name, shape: shape, centreM: centre, sizeM: [side, side * 0.8],
                                         intensity: 100, feather: feather, mode: .under)
                    let canvas = WallCanvas(surfaces: [surface], inners: [], viewing: nil, outer: outer, softEdge: 0, cards: [card])
                    let mean = canvas.meanColor(surface: 0, u: 0...16, v: 0...10, samples: 6)
                    let exact = exactMean(canvas, u: 0...16, v: 0...10)
                    // Cells weigh alike, and hold 85 or 86 LED pixels a side: 1.2% at most between them.
                    XCTAssertEqual(Double(mean.x), exact.x, accuracy: 0.025 * exact.x + 1e-9,
                                   "\(shape) \(side) m card at \(centre): \(mean.x) against \(exact.x)")
                    if exact.x > 0 { checked += 1 }  // a 3 cm card may hold no LED pixel's centre
                }
            }
        }
        XCTAssertGreaterThan(checked, 7 * 6 * 2 - 8)
        // Without cards the 6 x 6 point samples are as before (the frames recorded with them are unchanged).
        let plain = WallCanvas(surfaces: [surface], inners: [], viewing: nil, outer: try StagePassesTests.emptyOuter([0.25, 0.5, 1]),
                               softEdge: 0)
        XCTAssertNil(WallCanvas.cardBox(UnsafeBufferPointer(start: nil, count: 0), surface: 0, u: 0...1, v: 0...1))
        let sky = plain.meanColor(surface: 0, u: 0...16, v: 0...10, samples: 6)
        XCTAssertEqual(sky.x, 0.25, accuracy: 0.01)
        XCTAssertEqual(sky.z, 1, accuracy: 0.01)
    }
}
