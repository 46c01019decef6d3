// MoireTests: the moiré test at the photosites — J1 against libm, the blur disc's lobes, Docs/analysis.md's worked
// example by hand, the same figures at any image size, foreshortening and the first harmonic.

import Foundation
import Geometry
import SceneModel
import ShotAnalysis
import XCTest

final class MoireTests: XCTestCase {
    /// Camera A of Scenes/binhai-xr-stage.yaml: Super 35 active area 24.89 x 13.13 mm at 4096 x 2160.
    static let body = CameraBody(name: "A", sensorWidthMM: 24.89, sensorHeightMM: 13.13, resolution: (4096, 2160))

    /// A 41.6 m x 20.8 m wall facing +Z at z = 0, of 520 mm cabinets at exactly 2.6 mm pitch (200 pixels).
    static let stage: Stage = {
        let p = LEDPanelType(name: "P2.6", cabinetWidthMM: 520, cabinetHeightMM: 520, density: .pitch(mm: 2.6))
        return Stage(panels: [p], walls: [LEDWall(name: "wall", grid: CabinetGrid(panel: p, columns: 80, rows: 40))],
                     floor: Floor(size: [60, 60]))
    }()

    /// One ray, through the image centre.
    static let centre = AnalysisSettings(samples: (1, 1))

    static func camera(distance: Double, pan: Double = 0, focal: Double = 50, focus: Double, fStop: Double = 2.8,
                       width: Int = 1920, height: Int = 1080) -> ShotCamera {
        let a = pan * Double.pi / 180
        let lens = Lens(name: "l", focalLengthMM: focal, fStop: fStop, focusDistanceM: focus)
        let cam = Camera(name: "A", body: body, lens: lens)
        // Along the viewing direction the wall is `distance` away: z = distance · cos(pan), x = distance · sin(pan).
        return ShotCamera(pose: ScenePose(position: [distance * sin(a), 10, distance * cos(a)], panDegrees: pan, fovYDegrees: 0),
                          camera: cam, imageWidth: width, imageHeight: height)
    }

    func testBesselJ1MatchesLibm() {
        for i in 0...600 {
            let x = Double(i) * 0.05 - 0.25 * Double(i % 2)
            XCTAssertEqual(Moire.besselJ1(x), j1(x), accuracy: 2e-7, "x = \(x)")
            XCTAssertEqual(Moire.besselJ1(-x), -j1(x), accuracy: 2e-7)
        }
    }

    func testBlurDiscKeepsAThirteenPercentLobeUntilTwoPointTwoPitchImages() {
        let p = 0.02  // mm: ν = 50 / mm
        XCTAssertEqual(Moire.discMTF(blurMM: 0, frequency: 50), 1)
        XCTAssertEqual(Moire.discMTF(blurMM: 3.8317 / Double.pi * p, frequency: 50), 0, accuracy: 1e-5)  // c = 1.22 p
        XCTAssertEqual(Moire.discMTF(blurMM: 5.1356 / Double.pi * p, frequency: 50), -0.1323, accuracy: 1e-4)
        XCTAssertEqual(Moire.discMTF(blurMM: 7.0156 / Double.pi * p, frequency: 50), 0, accuracy: 1e-5)  // c = 2.23 p
        XCTAssertEqual(Moire.discMTF(blurMM: 8.4172 / Double.pi * p, frequency: 50), 0.0645, accuracy: 1e-4)
        // Past 2.23 pitch images no lobe reaches 10%; before it, 1.45 to 1.85 do (the -13.2% lobe).
        for r in stride(from: 2.24, through: 20, by: 0.01) {
            XCTAssertLessThan(abs(Moire.discMTF(blurMM: r * p, frequency: 50)), 0.1, "blur \(r) pitch images")
        }
        for r in stride(from: 1.45, through: 1.85, by: 0.01) {
            XCTAssertGreaterThan(abs(Moire.discMTF(blurMM: r * p, frequency: 50)), 0.1, "blur \(r) pitch images")
        }
    }

    func testWorkedExampleOfDocsAnalysisByHand() {
        // Docs/analysis.md, "Worked example": 2.6 mm pitch 6 m away on the axis, 50 mm f/2.8 focused at 4.8 m.
        let ps = 24.89 / 4096, psy = 13.13 / 2160                  // 0.0060767, 0.0060787 mm
        let p = 2.6 * 50 / (6000 - 50)                              // 0.0218487 mm
        let c = 50.0 * 50 * (6000 - 4800) / (2.8 * (4800 - 50) * 6000)  // 0.0375940 mm
        let x1 = Double.pi * c / p, x2 = 2 * x1                      // 5.4056, 10.8111
        let m1 = 2 * j1(x1) / x1, m2 = 2 * j1(x2) / x2               // -0.1277, -0.0267
        XCTAssertEqual(ps, 0.0060767, accuracy: 1e-7)
        XCTAssertEqual(p / ps, 3.5955, accuracy: 1e-4)
        XCTAssertEqual(c / p, 1.7206, accuracy: 1e-4)
        XCTAssertEqual(m1, -0.1277, accuracy: 1e-4)
        XCTAssertEqual(m2, -0.0267, accuracy: 1e-4)
        let m = ShotAnalyzer(stage: Self.stage, settings: Self.centre).measure(Self.camera(distance: 6, focus: 4.8))
        XCTAssertEqual(m.pitchRatio!, p / psy, accuracy: 1e-9, "down is (just) the finer axis in photosites: 3.5943")
        XCTAssertEqual(m.blurRatio!, c / p, accuracy: 1e-9)
        XCTAssertEqual(m.moireContrast!, abs(m1), accuracy: 1e-6)
        XCTAssertEqual(m.moireShare, 1, "the -12.8% lobe reaches the photosites: moiré (a 1.22 blur threshold called it safe)")
        XCTAssertTrue(m.failures.contains(.moire))
        // Focused at 4 m the blur is 3.449 pitch images: under 3% at both components, no moiré.
        let far = ShotAnalyzer(stage: Self.stage, settings: Self.centre).measure(Self.camera(distance: 6, focus: 4))
        XCTAssertEqual(far.blurRatio!, 2500.0 * 2000 / (2.8 * 3950 * 6000) / (2.6 * 50 / 5950), accuracy: 1e-9)
        XCTAssertEqual(far.moireShare, 0)
    }

    func testPitchRatiosDoNotDependOnTheImageSize() {
        let a = ShotAnalyzer(stage: Self.stage)
        let small = a.measure(Self.camera(distance: 6, pan: 20, focus: 4.8, width: 480, height: 270))
        let large = a.measure(Self.camera(distance: 6, pan: 20, focus: 4.8, width: 1920, height: 1080))
        XCTAssertEqual(small.pitchRatio!, large.pitchRatio!, accuracy: 1e-12)
        XCTAssertEqual(small.blurRatio!, large.blurRatio!, accuracy: 1e-12)
        XCTAssertEqual(small.moireShare, large.moireShare)
        XCTAssertEqual(small.ledPixelsPerImagePixel!.min, large.ledPixelsPerImagePixel!.min, accuracy: 1e-12)
    }

    func testForeshorteningByTheViewingAngle() {
        // Panned 30°: the centre ray meets the wall 30° off its normal, 6 m along the ray (the eye depth). Across
        // the wall the pitch is seen at 2.6 cos 30° = 2.252 mm; down it at 2.6 mm. The finer (across) counts.
        let m = ShotAnalyzer(stage: Self.stage, settings: Self.centre).measure(Self.camera(distance: 6, pan: 30, focus: 6))
        let ps = 24.89 / 4096
        XCTAssertEqual(m.pitchRatio!, 2.6 * cos(Double.pi / 6) * 50 / 5950 / ps, accuracy: 1e-6)  // 3.1138
        XCTAssertEqual(m.maxOffAxisDegrees!, 30, accuracy: 1e-9)
    }

    func testFirstHarmonicAliasesWhenTheFundamentalDoesNot() {
        // 5 m away, sharp: the pitch images at 2.6·50/4950 = 0.02626 mm = 4.32 photosites, above the 4-photosite
        // limit, but its harmonic (2.16 photosites) is below it and passes the lens with full contrast.
        let m = ShotAnalyzer(stage: Self.stage, settings: Self.centre).measure(Self.camera(distance: 5, focus: 5))
        XCTAssertEqual(m.pitchRatio!, 2.6 * 50 / 4950 / (13.13 / 2160), accuracy: 1e-9)
        XCTAssertGreaterThan(m.pitchRatio!, 4)
        XCTAssertEqual(m.moireContrast!, 1, accuracy: 1e-9)
        XCTAssertTrue(m.failures.contains(.moire))
        XCTAssertEqual(Moire.aliasingContrast(pitchMM: 0.02626, photositeMM: 24.89 / 4096, blurMM: 0, maxPitchRatio: 2), 0)
    }

    func testPhotositePitchComesFromTheBody() {
        XCTAssertEqual(Self.body.photositePitchMM.x, 24.89 / 4096, accuracy: 1e-15)
        XCTAssertEqual(Self.body.photositePitchMM.y, 13.13 / 2160, accuracy: 1e-15)
        XCTAssertLessThan(Self.body.aspectMismatch, 0.001)
        let old = CameraBody(name: "A", sensorWidthMM: 24.89, sensorHeightMM: 18.66, resolution: (4096, 2160))
        XCTAssertEqual(old.aspectMismatch, 1 - (24.89 / 18.66) / (4096.0 / 2160), accuracy: 1e-12)  // 29.7%
        let cam = Self.camera(distance: 6, focus: 3, width: 480, height: 270)
        XCTAssertEqual(cam.photositePitchMM, Self.body.photositePitchMM)
        XCTAssertEqual(cam.sized(width: 1920, height: 1080).photositePitchMM, Self.body.photositePitchMM)
    }
}
