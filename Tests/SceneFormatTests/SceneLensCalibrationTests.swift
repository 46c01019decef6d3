// SceneLensCalibrationTests: a zoom × focus lens file — bilinear interpolation worked by hand, focus in dioptres,
// held edges, the lens set by focal length, and the table's errors with the lines they name.

import Geometry
import SceneFormat
import SceneModel
import XCTest

final class SceneLensCalibrationTests: XCTestCase {
    /// A 2 x 2 grid: zoom counts 0 and 1000, focus counts 0 and 100, focal 20/40 mm (breathing +2 mm at close focus),
    /// focus 0.5 m and 10 m, k1 and pupil varying with zoom.
    let lens = Lens(name: "zoom", focalLengthMM: 30, focusDistanceM: 2, calibration: [
        LensCalibrationPoint(zoomEncoder: 0, focusEncoder: 0, focalLengthMM: 22, focusDistanceM: 0.5,
                             distortion: LensDistortion(k1: -0.2), entrancePupilM: 0.10),
        LensCalibrationPoint(zoomEncoder: 1000, focusEncoder: 0, focalLengthMM: 42, focusDistanceM: 0.5,
                             distortion: LensDistortion(k1: 0.0), entrancePupilM: 0.20),
        LensCalibrationPoint(zoomEncoder: 0, focusEncoder: 100, focalLengthMM: 20, focusDistanceM: 10,
                             distortion: LensDistortion(k1: -0.1), entrancePupilM: 0.10),
        LensCalibrationPoint(zoomEncoder: 1000, focusEncoder: 100, focalLengthMM: 40, focusDistanceM: 10,
                             distortion: LensDistortion(k1: 0.0), entrancePupilM: 0.20),
    ])

    func testBilinearWithFocusInDioptres() throws {
        // Zoom 250 (a quarter), focus 50 (half): focal = bilinear of 22, 42, 20, 40 = 21 + 5 = 26 mm.
        let o = try XCTUnwrap(lens.optics(zoomEncoder: 250, focusEncoder: 50))
        XCTAssertEqual(o.focalLengthMM, 26, accuracy: 1e-12)
        // Focus: halfway between 2 and 0.1 dioptres is 1.05 dpt, 0.952 m (linear metres would say 5.25 m).
        XCTAssertEqual(o.focusDistanceM, 1 / 1.05, accuracy: 1e-12)
        // k1: at focus 0 a quarter of the way from -0.2 to 0 is -0.15; at focus 100, -0.075; halfway -0.1125.
        XCTAssertEqual(try XCTUnwrap(o.distortion).k1, -0.1125, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(o.entrancePupilM), 0.125, accuracy: 1e-12)
        // On a grid point exactly, and held beyond the table on both axes.
        XCTAssertEqual(lens.optics(zoomEncoder: 1000, focusEncoder: 0)?.focalLengthMM, 42)
        XCTAssertEqual(lens.optics(zoomEncoder: -50, focusEncoder: 1e9)?.focalLengthMM, 20)
        XCTAssertEqual(lens.optics(zoomEncoder: 1e9, focusEncoder: -5)?.focusDistanceM ?? 0, 0.5, accuracy: 1e-12)
        XCTAssertNil(Lens(name: "prime", focalLengthMM: 50).optics(zoomEncoder: 1, focusEncoder: 1))
    }

    /// The example: a ring from 0.6 m to 1000 m, 3.05% of the way along, is 0.62 m (31 m in linear metres).
    func testFocusRingInDioptres() throws {
        let ring = Lens(name: "r", focalLengthMM: 35, calibration: [
            LensCalibrationPoint(zoomEncoder: 0, focusEncoder: 0, focalLengthMM: 35, focusDistanceM: 0.6),
            LensCalibrationPoint(zoomEncoder: 0, focusEncoder: 65535, focalLengthMM: 35, focusDistanceM: 1000),
        ])
        let d = try XCTUnwrap(ring.optics(zoomEncoder: 0, focusEncoder: 2000)?.focusDistanceM)
        XCTAssertEqual(d, 1 / (1 / 0.6 + (0.001 - 1 / 0.6) * 2000 / 65535), accuracy: 1e-12)
        XCTAssertEqual(d, 0.62, accuracy: 0.005)
    }

    /// A lens set to a focal length and focus finds the encoder counts that give them, and the optics there.
    func testLensSetByFocalLength() throws {
        let o = try XCTUnwrap(lens.optics(focalMM: 26, focusM: 1 / 1.05))
        XCTAssertEqual(try XCTUnwrap(o.distortion).k1, -0.1125, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(o.entrancePupilM), 0.125, accuracy: 1e-6)
        XCTAssertEqual(o.focalLengthMM, 26)
    }

    func load(_ yaml: String) throws -> Scene {
        try SceneLoader.load(bytes: Array(yaml.utf8), name: "t.yaml") { _ in true }
    }

    static let camera = "cameras:\n  - name: A\n    body: { sensor_mm: [24.89, 14], resolution: [1920, 1080] }\n    lens:\n      focal_mm: 30\n"

    func testSceneTableAndItsErrors() throws {
        let good = Self.camera + """
                  distortion_model: D-U
                  pupil_m: 0.11
                  distortion: { k1: -0.05 }
                  calibration:
                    - { zoom: 0, focus: 0, focal_mm: 20, focus_m: 0.5, k1: -0.1, p2: 0.001, pupil_m: 0.1 }
                    - { zoom: 9, focus: 0, focal_mm: 40, focus_m: 0.5, k1: 0.01, pupil_m: 0.2 }

            """
        let lens = try XCTUnwrap(load(good).cameras.first?.lens)
        XCTAssertEqual(lens.calibration.count, 2)
        XCTAssertEqual(lens.calibration[0].distortion, LensDistortion(k1: -0.1, p2: 0.001, model: .distortedToUndistorted))
        XCTAssertEqual(lens.distortion, LensDistortion(k1: -0.05, model: .distortedToUndistorted))
        XCTAssertEqual(lens.entrancePupilM, 0.11)
        let rows: [(String, String)] = [
            // The same encoder pair twice: named with both lines (it used to be dropped silently).
            ("      calibration:\n        - { zoom: 0, focus: 0, focal_mm: 20, focus_m: 0.5 }\n"
             + "        - { zoom: 9, focus: 0, focal_mm: 40, focus_m: 0.5 }\n        - { zoom: 0, focus: 0, focal_mm: 21, focus_m: 0.6 }\n",
             "t.yaml:9:11: error: calibration point zoom 0, focus 0 is given twice (first at line 7): each encoder pair once"),
            ("      calibration:\n        - { zoom: 0, focus: 0, focal_mm: 20, focus_m: 0.5, k1: -0.1 }\n"
             + "        - { zoom: 9, focus: 0, focal_mm: 40, focus_m: 0.5 }\n",
             "t.yaml:8:11: error: calibration points at lines 7 and 8 disagree: give distortion coefficients (k1 k2 k3 p1 p2) on every point or on none"),
            ("      distortion_model: Kannala\n",
             "t.yaml:6:25: error: 'distortion_model' must be U-D (coefficients map undistorted to distorted, as OpenCV) or D-U"),
            ("      distortion: { k1: 50 }\n", "t.yaml:6:25: error: 'k1' must be from -10 to 10, found 50"),
            ("      distortion: { k1: -5 }\n", "t.yaml:5:7: error: camera 'A': the lens distortion at 30 mm (k1 -5.0) folds back inside the 24.89 mm sensor's frame: not a lens xrstudio can render"),
            ("      distortion: { k4: 1 }\n", "t.yaml:6:21: error: unknown key 'k4' in a lens distortion; did you mean 'k1'?"),
        ]
        for (extra, expected) in rows {
            XCTAssertThrowsError(try load(Self.camera + extra), extra) { XCTAssertEqual("\($0)", expected, extra) }
        }
    }

    /// A panel's colour shift: a measured curve, or an angle given directly; the errors a stage sees.
    func testPanelColourShift() throws {
        func stage(_ panel: String) -> String {
            "stage:\n  panels:\n    - { name: P, cabinet_mm: [500, 500], pitch_mm: 2.6\(panel) }\n"
                + "  walls:\n    - { name: W, panel: P, columns: 4, rows: 2, position: [0, 0, -4] }\n"
        }
        let measured = try load(stage(", color_shift: [[0, 0], [30, 0.002], [50, 0.008]]"))
        XCTAssertEqual(measured.stage.panels[0].colorShiftLimitDegrees, 30 + 20 * 0.002 / 0.006, accuracy: 1e-12)
        XCTAssertEqual(try load(stage(", color_shift_deg: 35")).stage.panels[0].colorShiftLimitDegrees, 35)
        XCTAssertEqual(try load(stage("")).stage.panels[0].colorShiftLimitDegrees, 40)
        // Never reaching 1 JNCD: good to the last measured angle.
        XCTAssertEqual(try load(stage(", color_shift: [[0, 0], [60, 0.003]]")).stage.panels[0].colorShiftLimitDegrees, 60)
        let rows: [(String, String)] = [
            (", color_shift: [[0, 0], [30, 0.002], [20, 0.008]]", "t.yaml:3:92: error: 'color_shift' angles must rise: 20° follows 30°"),
            (", color_shift: [[95, 0]]", "t.yaml:3:71: error: 'color_shift' points are [degrees 0-90, Δu′v′ 0-1], found [95, 0]"),
            (", color_shift: [[10, 0]], color_shift_deg: 30",
             "t.yaml:3:81: error: panel 'P' gives both 'color_shift' and 'color_shift_deg'; give one"),
        ]
        for (extra, expected) in rows {
            XCTAssertThrowsError(try load(stage(extra)), extra) { XCTAssertEqual("\($0)", expected, extra) }
        }
    }
}
