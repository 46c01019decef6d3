// MultiCameraAnalysisTests: two cameras facing a flat wall at poses chosen so that every figure can be worked by
// hand: the share of A's image showing B's inner frustum, the share of B's showing A's, and the frusta's overlap on
// the wall in LED pixels, square metres and cabinets; then the take-set problem ranges and accepted rules.

import Geometry
import SceneModel
import ShotAnalysis
import XCTest

final class MultiCameraAnalysisTests: XCTestCase {
    /// 4 m x 2 m wall (8 x 4 cabinets of 0.5 m, 25 x 25 LED pixels each: 200 x 100 px at 20 mm), facing +Z at z = 0,
    /// x from -2 to 2, y from 0 to 2. Canvas u = x + 2 across, v = 2 - y down.
    static let panel = LEDPanelType(name: "T20", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pixels(width: 25, height: 25))
    static let stage = Stage(panels: [panel], walls: [LEDWall(name: "wall", grid: CabinetGrid(panel: panel, columns: 8, rows: 4))],
                             floor: Floor(size: [40, 40]))

    /// 36 mm sensor behind 36 mm, 16:9: tan(half) = 0.5 across and 0.28125 up.
    static func camera(_ p: SIMD3<Double>) -> ShotCamera {
        ShotCamera(pose: ScenePose(position: p, fovYDegrees: 0), focalLengthMM: 36, fStop: 2.8, focusDistanceM: 3,
                   sensorWidthMM: 36, imageWidth: 1920, imageHeight: 1080)
    }

    // A 4 m from the wall at (-0.5, 1): its frustum covers x -2.5…1.5, y -0.125…2.125 (on the wall: x -2…1.5, all
    // of y). B 3 m away at (1, 1.5): x -0.5…2.5, y 0.65625…2.34375 (on the wall: x -0.5…2, y 0.65625…2).
    let a = camera([-0.5, 1, 4]), b = camera([1, 1.5, 3])
    let analyzer = ShotAnalyzer(stage: stage, overscan: 0)

    func testShareOfEachImageShowingTheOtherFrustumMatchesTheHandCount() {
        // Default samples: 128 x 72 rays at x = (2i+1)/128 - 1, y = 1 - (2j+1)/72.
        // A's ray (x, y) meets the wall at X = -0.5 + 2x, Y = 1 + 1.125y. It is on the wall for Y <= 2 (y <= 8/9:
        // j >= 4) and inside B's frustum for X > -0.5 (x > 0: i >= 64, and X <= 1.5 < 2) and Y > 0.65625
        // (y > -0.30556: j <= 46). So 64 columns x 43 rows of A's 9216 rays show B's frustum.
        let aSeesB = Double(64 * 43) / 9216
        // B's ray meets the wall at X = 1 + 1.5x, Y = 1.5 + 0.84375y: on the wall for Y <= 2 (y <= 0.5926: j >= 15)
        // and X <= 2; inside A's frustum for X < 1.5 (x < 1/3: i <= 84). So 85 columns x 57 rows.
        let bSeesA = Double(85 * 57) / 9216

        // B on top: A sees B's frustum; B, on top everywhere it looks, sees none of A's.
        let bOver = analyzer.measure(wall: [b, a], names: ["B", "A"], overlap: .priority)
        XCTAssertEqual(bOver.cameras[1].visibleFrusta.map(\.camera), ["B"])
        XCTAssertEqual(bOver.cameras[1].visibleFrusta[0].share, aSeesB)
        XCTAssertEqual(bOver.cameras[1].frustumInShot, aSeesB)
        XCTAssertEqual(bOver.cameras[0].visibleFrusta[0].share, 0)
        XCTAssertTrue(bOver.cameras[1].failures.contains(.frustumInShot))
        XCTAssertFalse(bOver.cameras[0].failures.contains(.frustumInShot))

        // A on top: the other way round.
        let aOver = analyzer.measure(wall: [a, b], names: ["A", "B"], overlap: .priority)
        XCTAssertEqual(aOver.cameras[0].frustumInShot, 0)
        XCTAssertEqual(aOver.cameras[1].visibleFrusta[0].share, bSeesA)

        // Keyed overlap: each sees the key wherever the other's frustum reaches into its own image.
        let keyed = analyzer.measure(wall: [a, b], names: ["A", "B"], overlap: .key([0, 1, 0]))
        XCTAssertEqual(keyed.cameras[0].visibleFrusta[0].share, aSeesB)
        XCTAssertEqual(keyed.cameras[1].visibleFrusta[0].share, bSeesA)

        // The single-camera figures are unchanged by the others.
        let alone = analyzer.measure(a)
        XCTAssertEqual(alone.coverage, bOver.cameras[1].coverage)
        XCTAssertEqual(alone.overshoot, bOver.cameras[1].overshoot)
        XCTAssertTrue(alone.visibleFrusta.isEmpty)
    }

    func testOverlapOnTheWallIsTheHandWorkedRectangle() {
        // Overlap: x -0.5…1.5 and y 0.65625…2. LED pixel centres x = -2 + 0.02(c + 0.5): c 75…174 (100 columns);
        // y = 2 - 0.02(r + 0.5) > 0.65625: r 0…66 (67 rows). 6700 LED pixels of 0.02 m x 0.02 m = 2.68 m²;
        // cabinets: u 1.51…3.49 m is cabinet columns 3…6, v 0.01…1.33 m is rows 0…2: 12 cabinets.
        for order in [[a, b], [b, a]] {
            let w = analyzer.measure(wall: order, names: ["1", "2"], overlap: .priority)
            XCTAssertEqual(w.overlap.stride, 1)
            XCTAssertEqual(w.overlap.ledPixels, 6700)
            XCTAssertEqual(w.overlap.areaM2, 2.68, accuracy: 1e-9)
            XCTAssertEqual(w.overlap.cabinets, 12)
            XCTAssertEqual(w.overlap.bySurface.map(\.surface), ["wall"])
            XCTAssertEqual(w.failures, [.frustumOverlap])
        }
        // Apart (B moved 5 m right, off the wall's side): no overlap, no failure.
        let apart = analyzer.measure(wall: [a, Self.camera([6, 1.5, 3])], names: ["A", "B"], overlap: .priority)
        XCTAssertEqual(apart.overlap.ledPixels, 0)
        XCTAssertEqual(apart.overlap.areaM2, 0)
        XCTAssertEqual(apart.failures, [])
        // A threshold above the overlap accepts it.
        var settings = AnalysisSettings()
        settings.maxFrustumOverlapM2 = 3
        let lenient = ShotAnalyzer(stage: Self.stage, settings: settings, overscan: 0)
        XCTAssertEqual(lenient.measure(wall: [a, b], names: ["A", "B"], overlap: .priority).failures, [])
    }

    func testOverscanWidensTheFrustaAsTheCanvasDoes() {
        // With 20% overscan A covers x -0.5 ± 2.4 (to 1.9) and all of the wall's height; B covers x 1 ± 1.8 (from
        // -0.8) and y from 1.5 - 1.0125 = 0.4875. Overlap columns: -0.8 < -2 + 0.02(c + 0.5) < 1.9: c 60…194 (135);
        // rows: 2 - 0.02(r + 0.5) > 0.4875: r 0…75 (76).
        let wide = ShotAnalyzer(stage: Self.stage, overscan: 0.2)
        let w = wide.measure(wall: [a, b], names: ["A", "B"], overlap: .priority)
        XCTAssertEqual(w.overlap.ledPixels, 135 * 76)
    }

    func testTakeSetProblemRangesNameTheCameraAndHonourAcceptedRules() {
        // Frames 0-9: B drifts in from far right (no overlap) to the pose above from frame 5 on.
        let frames = (0..<10).map { n in
            WallAnalysisFrame(frame: n, timecode: "f\(n)", cameras: [Self.camera([n < 5 ? 6 : 1, 1.5, 3]), a])
        }
        let run = TakeSetAnalysis.run(frames, names: ["B", "A"], overlap: .priority, analyzer: analyzer)
        let rules = run.problems.map { "\($0.camera ?? "wall") \($0.rule.rawValue) \($0.firstFrame)-\($0.lastFrame)" }
        XCTAssertTrue(rules.contains("wall frustum_overlap 5-9"), "\(rules)")
        XCTAssertTrue(rules.contains("A frustum_in_shot 5-9"), "\(rules)")
        XCTAssertFalse(rules.contains { $0.hasPrefix("B frustum_in_shot") })
        XCTAssertEqual(run.unaccepted.count, run.problems.count)
        XCTAssertEqual(run.camera(1).metrics.count, 10)
        let accepting = TakeSetAnalysis.run(frames, names: ["B", "A"], overlap: .priority, analyzer: analyzer,
                                            accepted: [.frustumOverlap, .frustumInShot])
        XCTAssertTrue(accepting.problems.filter { $0.rule.isMultiCamera }.allSatisfy(\.accepted))
        XCTAssertTrue(accepting.unaccepted.allSatisfy { !$0.rule.isMultiCamera })
        // Frames identical for any thread count.
        let one = TakeSetAnalysis.run(frames, names: ["B", "A"], overlap: .priority, analyzer: analyzer, threads: 1)
        let three = TakeSetAnalysis.run(frames, names: ["B", "A"], overlap: .priority, analyzer: analyzer, threads: 3)
        XCTAssertEqual(one.metrics, three.metrics)
        XCTAssertEqual(one.problems, three.problems)
    }
}
