// ShotAnalysisTests: analytic cases with answers worked out by hand — a frustum that exactly fits a flat wall, a pan
// that overshoots by a computable share, a depth of field computed from the thin-lens formulas, the inner frustum's
// footprint on the cabinets, and problem ranges grouped over a take.

import Foundation
import Geometry
import SceneModel
import ShotAnalysis
import XCTest

final class ShotAnalysisTests: XCTestCase {
    static let panel = LEDPanelType(name: "P2.6", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pitch(mm: 2.6))

    /// A flat wall `columns` x `rows` cabinets of 0.5 m, bottom centre at the origin, facing +Z.
    static func stage(columns: Int, rows: Int) -> Stage {
        Stage(panels: [panel], walls: [LEDWall(name: "wall", grid: CabinetGrid(panel: panel, columns: columns, rows: rows))],
              floor: Floor(size: [40, 40]))
    }

    /// A 36 mm wide sensor recording 1920x1080 behind `focal`, at `position` turned by `pan` (positive right).
    static func camera(_ position: SIMD3<Double>, pan: Double = 0, tilt: Double = 0, focal: Double = 36, focus: Double = 3,
                       fStop: Double = 2.8) -> ShotCamera {
        ShotCamera(pose: ScenePose(position: position, panDegrees: pan, tiltDegrees: tilt, fovYDegrees: 0),
                   focalLengthMM: focal, fStop: fStop, focusDistanceM: focus, sensorWidthMM: 36, imageWidth: 1920, imageHeight: 1080)
    }

    func testFrustumThatExactlyFitsTheWallIsFullCoverageWithoutOvershoot() {
        // 8 m x 4.5 m wall; 36 mm sensor behind 36 mm: tan(half) = 0.5, so at 8 m the image is 8 m x 4.5 m.
        let analyzer = ShotAnalyzer(stage: Self.stage(columns: 16, rows: 9))
        let m = analyzer.measure(Self.camera([0, 2.25, 8]))
        XCTAssertEqual(m.coverage, 1)
        XCTAssertEqual(m.overshoot, 0)
        XCTAssertEqual(m.floor, 0)
        XCTAssertEqual(m.coverageBySurface.first?.share, 1)
        XCTAssertFalse(m.failures.contains(.overshoot))
        // Rays have unit depth along the axis: the wall is 8 m away everywhere.
        XCTAssertEqual(m.nearestWallM!, 8, accuracy: 1e-9)
        XCTAssertEqual(m.farthestWallM!, 8, accuracy: 1e-9)
    }

    func testAPanOverTheRightEdgeOvershootsByTheComputedShare() {
        // A 10 m tall wall so that only the right edge is passed. The ray at image x meets the wall plane at
        // X = d (0.5 x cos θ + sin θ) / (cos θ - 0.5 x sin θ); X = 4 at x* = 2 (4 cos θ - d sin θ) / (d cos θ + 4 sin θ).
        var settings = AnalysisSettings()
        settings.samples = (1024, 8)
        let analyzer = ShotAnalyzer(stage: Self.stage(columns: 16, rows: 20), settings: settings)
        let d = 8.0, theta = 10 * Double.pi / 180
        let xStar = 2 * (4 * cos(theta) - d * sin(theta)) / (d * cos(theta) + 4 * sin(theta))
        let expected = (1 - xStar) / 2  // 0.2026
        let m = analyzer.measure(Self.camera([0, 5, d], pan: 10))
        XCTAssertEqual(m.overshoot, expected, accuracy: 1.0 / 1024)
        XCTAssertEqual(m.overshootByEdge[.right]!, m.overshoot)
        XCTAssertEqual(m.worstEdge, .right)
        XCTAssertEqual(m.coverage + m.overshoot + m.floor, 1, accuracy: 1e-12)
        XCTAssertTrue(m.failures.contains(.overshoot))
        // Panning left by the same angle mirrors it.
        let l = analyzer.measure(Self.camera([0, 5, d], pan: -10))
        XCTAssertEqual(l.overshootByEdge[.left]!, m.overshoot, accuracy: 1e-12)
    }

    /// A camera below the floor (a take leaving the stage downwards) sees the floor's underside, as the views draw
    /// it: every ray that would reach the wall (bottom at y = 0) crosses the floor first. At y = -0.5, 8 m from the
    /// wall, a ray rising dy per metre of depth meets y = 0 at t = 0.5 / dy and the wall at t = 8, so rays with
    /// dy > 1/16 are floor and none is LED. (The analysis counted them as LED: 39% coverage the picture does not show.)
    func testACameraBelowTheFloorSeesTheFloorNotTheWall() {
        let analyzer = ShotAnalyzer(stage: Self.stage(columns: 16, rows: 9))
        let cam = Self.camera([0, -0.5, 8])
        let m = analyzer.measure(cam)
        XCTAssertEqual(m.coverage, 0)
        let ny = AnalysisSettings().samples.height
        let rows = (0..<ny).filter { j in (1 - 2 * (Double(j) + 0.5) / Double(ny)) * cam.tanHalfY > 1.0 / 16 }.count
        XCTAssertEqual(m.floor, Double(rows) / Double(ny), accuracy: 1e-12)
        XCTAssertEqual(m.floor, 0.39, accuracy: 0.01)
        XCTAssertEqual(m.coverage + m.overshoot + m.floor, 1, accuracy: 1e-12)
        // The same pose above the floor sees the wall there.
        XCTAssertGreaterThan(analyzer.measure(Self.camera([0, 0.5, 8])).coverage, 0.6)
    }

    func testTiltingUpOvershootsTheTopEdge() {
        let analyzer = ShotAnalyzer(stage: Self.stage(columns: 40, rows: 9))
        let m = analyzer.measure(Self.camera([0, 2.25, 8], tilt: 8))
        XCTAssertGreaterThan(m.overshoot, 0.05)
        XCTAssertEqual(m.worstEdge, .top)
        XCTAssertEqual(m.overshootByEdge[.left], 0)
    }

    func testDepthOfFieldMatchesTheThinLensFormulasWorkedByHand() {
        // 50 mm f/2.8 focused at 5 m; 36 x 20.25 mm image: diagonal 41.30 mm, c = 41.30 / 1500 = 0.027536 mm;
        // H = f²/(N c) + f = 32474.7 mm; near = s (H - f)/(H + s - 2f) = 4337.8 mm; far = s (H - f)/(H - s) = 5900.8 mm.
        let cam = Self.camera([0, 2.25, 5], focal: 50, focus: 5, fStop: 2.8)
        let analyzer = ShotAnalyzer(stage: Self.stage(columns: 40, rows: 20))
        let m = analyzer.measure(cam)
        XCTAssertEqual(m.cocMM, 0.0275363, accuracy: 1e-6)
        XCTAssertEqual(m.depthOfField.near, 4.3377871, accuracy: 1e-5)
        XCTAssertEqual(m.depthOfField.far, 5.9008292, accuracy: 1e-5)
        // The wall at 5 m is in focus, and sharp 500/192 = 2.604 mm pixels image to at most 0.0263 mm = 2.81 photosites
        // (no body: 3840 across 36 mm): moiré. The finest is at the left and right ends of the middle rows, where the
        // pitch across is foreshortened most: cos θ_u = √(1 − x²/(x² + y² + 1)) with the ray (x, y, −1) in tan units.
        XCTAssertEqual(m.inFocusShare, m.coverage)
        // That ray: (x, y) = (1 - 1/128, 1/72) of the 128 x 72 grid; tan(half) = 36 / 100 across, / (16/9) down.
        let (cx, cy) = ((1 - 1.0 / 128) * 0.36, (1.0 / 72) * 0.36 * 9 / 16)
        let cosU = (1 - cx * cx / (cx * cx + cy * cy + 1)).squareRoot()
        XCTAssertEqual(m.pitchRatio!, 500.0 / 192 * cosU * 50 / 4950 / (36.0 / 3840), accuracy: 1e-9)
        XCTAssertEqual(m.blurRatio!, 0, accuracy: 1e-12)
        XCTAssertTrue(m.failures.contains(.moire))
        XCTAssertTrue(m.failures.contains(.wallInFocus))
        // Focused at 2 m the wall is outside the depth of field and blurred by f²|d-s|/(N(s-f)d) = 0.2747 mm.
        let near = analyzer.measure(Self.camera([0, 2.25, 5], focal: 50, focus: 2, fStop: 2.8))
        XCTAssertEqual(near.inFocusShare, 0)
        let centre = ShotAnalyzer(stage: Self.stage(columns: 40, rows: 20), settings: AnalysisSettings(samples: (1, 1)))
        let axis = centre.measure(Self.camera([0, 2.25, 5], focal: 50, focus: 2, fStop: 2.8))
        XCTAssertEqual(axis.blurRatio!, (2500.0 * 3000 / (2.8 * 1950 * 5000)) / (500.0 / 192 * 50 / 4950), accuracy: 1e-9)
        XCTAssertFalse(near.failures.contains(.moire))
        XCTAssertFalse(near.failures.contains(.wallInFocus))
        // Optics directly: focused at the hyperfocal distance the far limit is infinite.
        let o = Optics(focalMM: 50, fStop: 2.8, focusMM: 40_000, cocMM: 0.0275363)
        XCTAssertEqual(o.farLimitMM, .infinity)
    }

    func testInnerFrustumFootprintLandsOnTheCabinetsGeometrySays() {
        // A 16 m x 10 m wall, camera 8 m in front of its middle: the image is 8 m x 4.5 m there; with 10% overscan
        // the inner frustum is 8.8 m x 4.95 m, from u = 3.6 to 12.4 m (columns 7-24) and v = 2.525 to 7.475 m
        // (rows 5-14); in LED pixels (192 per 0.5 m) columns 1382-4761 and rows 969-2870.
        let analyzer = ShotAnalyzer(stage: Self.stage(columns: 32, rows: 20), overscan: 0.1)
        let fp = analyzer.footprints(Self.camera([0, 5, 8]))
        XCTAssertEqual(fp.count, 1)
        let f = fp[0]
        XCTAssertEqual(f.widthM, 8.8, accuracy: 1e-9)
        XCTAssertEqual(f.heightM, 4.95, accuracy: 1e-9)
        XCTAssertEqual(f.uRange.lowerBound, 3.6, accuracy: 1e-9)
        XCTAssertEqual(f.vRange.lowerBound, 2.525, accuracy: 1e-9)
        XCTAssertEqual(f.columns, 7...24)
        XCTAssertEqual(f.rows, 5...14)
        XCTAssertEqual(f.cabinets, 18 * 10)
        XCTAssertEqual(f.pixelColumns, 1382...4761)
        XCTAssertEqual(f.pixelRows, 969...2870)
    }

    /// A wall edge inside the frustum bounds the footprint: an 8 m x 4.5 m wall (x -4...4) seen from x = 3, 8 m
    /// away, straight on: the image spans x -1...7 there, the inner frustum with its 10% overscan x -1.4...7.4 and
    /// y -0.225...4.725, so the footprint runs from u = 2.6 to the wall's right edge, u = 8 (columns 5-15, to the
    /// last LED pixel column), the whole height. Rays from the frustum's border and an interior grid stopped short of
    /// the edge (a whole cabinet column short in a panned case).
    func testFootprintReachesAWallEdgeInsideTheFrustum() {
        let stage = Self.stage(columns: 16, rows: 9)
        let analyzer = ShotAnalyzer(stage: stage)
        let f = analyzer.footprints(Self.camera([3, 2.25, 8]))[0]
        XCTAssertEqual(f.uRange.lowerBound, 2.6, accuracy: 1e-6)
        XCTAssertEqual(f.uRange.upperBound, 8, accuracy: 1e-6)
        XCTAssertEqual(f.vRange.lowerBound, 0, accuracy: 1e-6)
        XCTAssertEqual(f.vRange.upperBound, 4.5, accuracy: 1e-6)
        XCTAssertEqual(f.columns, 5...15)
        XCTAssertEqual(f.rows, 0...8)
        XCTAssertEqual(f.pixelColumns.upperBound, stage.walls[0].grid.pixelResolution.width - 1)
        // Panned and rolled, the edge crossing the image: the footprint still reaches it (the last column).
        var cam = Self.camera([1, 2, 6], pan: 25)
        cam.pose.rollDegrees = 7
        let g = analyzer.footprints(cam)[0]
        XCTAssertEqual(g.uRange.upperBound, 8, accuracy: 1e-6)
        XCTAssertEqual(g.columns.upperBound, 15)
    }

    func testOffAxisAngleIsTheCornerRaysAngleToTheNormal() {
        var settings = AnalysisSettings()
        settings.samples = (16, 9)
        let analyzer = ShotAnalyzer(stage: Self.stage(columns: 40, rows: 20), settings: settings)
        let m = analyzer.measure(Self.camera([0, 5, 6]))
        // The outermost sample centre: x = 15/16, y = 8/9 of the half extents 0.5 and 0.28125.
        let tx = 0.5 * 15 / 16, ty = 0.28125 * 8 / 9
        let expected = atan((tx * tx + ty * ty).squareRoot()) * 180 / Double.pi
        XCTAssertEqual(m.maxOffAxisDegrees!, expected, accuracy: 1e-9)
        // No measurement: the documented colour-shift default, not half the 50%-luminance angle (80°).
        XCTAssertEqual(m.offAxisLimitDegrees, 40)
        XCTAssertFalse(m.failures.contains(.offAxis))
        // A measured curve: Δu′v′ 0.001 at 20°, 0.006 at 30° reaches 0.004 at 20 + 10 · 3/5 = 26°, so the corner
        // ray (about 28°) shifts visibly.
        var stage = Self.stage(columns: 40, rows: 20)
        stage.panels[0].colorShift = [.init(degrees: 0, deltaUV: 0), .init(degrees: 20, deltaUV: 0.001),
                                      .init(degrees: 30, deltaUV: 0.006)]
        stage.walls[0].grid.panel = stage.panels[0]
        let measured = ShotAnalyzer(stage: stage, settings: settings).measure(Self.camera([0, 5, 6]))
        XCTAssertEqual(measured.offAxisLimitDegrees, 26, accuracy: 1e-12)
        XCTAssertTrue(measured.failures.contains(.offAxis))
        settings.maxOffAxisDegrees = 20
        XCTAssertTrue(ShotAnalyzer(stage: Self.stage(columns: 40, rows: 20), settings: settings).measure(Self.camera([0, 5, 6]))
            .failures.contains(.offAxis))
    }

    func testCurvedWallFromItsCentreIsEverywhereAtItsRadius() {
        let wall = LEDWall(name: "arc", grid: CabinetGrid(panel: Self.panel, columns: 60, rows: 16),
                           shape: .curved(radius: 6, startDegrees: -143.24 / 2), position: [0, 0, 0])
        let analyzer = ShotAnalyzer(stage: Stage(panels: [Self.panel], walls: [wall]))
        let m = analyzer.measure(Self.camera([0, 4, 0]))
        XCTAssertEqual(m.coverage, 1)
        // Eye depth = r cos(angle off the axis): the largest is at the centre rays, r within a hair.
        XCTAssertEqual(m.farthestWallM!, 6, accuracy: 1e-3)
        // Rays leave the arc's axis radially: the off-axis angle is the vertical one alone, atan(ty / |horizontal|),
        // largest on the top row (ty = 0.28125 x 71/72) in the centre columns (tx = 0.5 / 128).
        let tx = 0.5 / 128, ty = 0.28125 * 71 / 72
        XCTAssertEqual(m.maxOffAxisDegrees!, atan(ty / (1 + tx * tx).squareRoot()) * 180 / Double.pi, accuracy: 1e-9)
    }

    func testProblemRangesGroupConsecutiveFramesWithTheirTimecodes() {
        let analyzer = ShotAnalyzer(stage: Self.stage(columns: 16, rows: 20))
        // Pans 0, 2, 4, ... 18 then back: frames with pan >= 6 overshoot the 8 m wall seen from 8 m at y = 5.
        let pans: [Double] = [0, 0, 0, 8, 10, 12, 0, 0, 9, 0]
        let frames = pans.enumerated().map { i, p in
            AnalysisFrame(frame: 100 + i, timecode: "01:00:00:\(i < 10 ? "0" : "")\(i)", camera: Self.camera([0, 5, 8], pan: p))
        }
        let one = TakeAnalysis.run(frames, analyzer: analyzer, threads: 1)
        let three = TakeAnalysis.run(frames, analyzer: analyzer, threads: 3)
        XCTAssertEqual(one.metrics, three.metrics)
        let over = one.problems.filter { $0.rule == .overshoot }
        XCTAssertEqual(over.map(\.firstFrame), [103, 108])
        XCTAssertEqual(over.map(\.lastFrame), [105, 108])
        XCTAssertEqual(over[0].frames, 3)
        XCTAssertEqual(over[0].firstTimecode, "01:00:00:03")
        XCTAssertEqual(over[0].lastTimecode, "01:00:00:05")
        XCTAssertEqual(over[0].worst, one.metrics[5].overshoot)
        XCTAssertTrue(over[0].detail.contains("right edge"), over[0].detail)
    }
}
