// SceneLensCalibrationTests: encoder counts to optics, piecewise linear and held at the table's ends.

import SceneModel
import XCTest

final class SceneLensCalibrationTests: XCTestCase {
    func testInterpolationAndEnds() {
        let lens = Lens(name: "zoom", focalLengthMM: 32, calibration: [
            LensCalibrationPoint(zoomEncoder: 32768, focusEncoder: 0, focalLengthMM: 40, focusDistanceM: 0.6),
            LensCalibrationPoint(zoomEncoder: 0, focusEncoder: 65535, focalLengthMM: 18, focusDistanceM: 1000),
            LensCalibrationPoint(zoomEncoder: 65535, focusEncoder: 65535, focalLengthMM: 80, focusDistanceM: 1000),
        ])
        XCTAssertEqual(lens.focalLength(zoomEncoder: 16384)!, 29, accuracy: 1e-12)
        XCTAssertEqual(lens.focalLength(zoomEncoder: 49151.5)!, 60, accuracy: 1e-9)
        XCTAssertEqual(lens.focalLength(zoomEncoder: -5), 18)      // held below the table
        XCTAssertEqual(lens.focalLength(zoomEncoder: 1e9), 80)     // and above it
        XCTAssertEqual(lens.focusDistance(focusEncoder: 0), 0.6)
        XCTAssertNil(Lens(name: "prime", focalLengthMM: 50).focalLength(zoomEncoder: 100))
    }
}
