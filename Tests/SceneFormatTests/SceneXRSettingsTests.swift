// SceneXRSettingsTests: the scene's `xr` and `analysis` blocks: defaults, values, and one message per mistake.

import SceneFormat
import SceneModel
import XCTest

final class SceneXRSettingsTests: XCTestCase {
    func load(_ yaml: String) throws -> Scene {
        try SceneLoader.load(bytes: Array(yaml.utf8), name: "x.yaml") { _ in true }
    }

    func testDefaultsAndValues() throws {
        let plain = try load("name: a\n")
        XCTAssertEqual(plain.xr, XRSettings())
        XCTAssertEqual(plain.xr.overscan, 0.1)
        XCTAssertEqual(plain.analysis.rules, AnalysisSettings.Rule.allCases)
        let s = try load("""
            name: b
            xr: { overscan: 0.2, soft_edge: 0.1, set_extension: true, outer_face_px: 512 }
            analysis:
              max_overshoot: 0.01
              min_coverage: 0.5
              coc_divisor: 1730
              moire_blur_ratio: 2
              moire_max_pitch_ratio: 3
              max_off_axis_deg: 45
              samples: [64, 36]
              rules: [overshoot, moire]
            """)
        XCTAssertEqual(s.xr, XRSettings(overscan: 0.2, softEdge: 0.1, setExtension: true, outerFacePixels: 512))
        XCTAssertEqual(s.analysis, AnalysisSettings(maxOvershoot: 0.01, minCoverage: 0.5, cocDivisor: 1730, moireBlurRatio: 2,
                                                    moireMaxPitchRatio: 3, maxOffAxisDegrees: 45, samples: (64, 36),
                                                    rules: [.overshoot, .moire]))
    }

    func testEachMistakeHasItsMessage() {
        let rows: [(String, String)] = [
            ("xr: { overscan: 2 }", "x.yaml:2:17: error: 'overscan' must be from 0 to 1, found 2"),
            ("xr: { set_extension: yes }", "x.yaml:2:22: error: 'set_extension' must be true or false, found 'yes'"),
            ("xr: { overscn: 0.1 }", "x.yaml:2:7: error: unknown key 'overscn' in xr; did you mean 'overscan'?"),
            ("xr: { outer_face_px: 9 }", "x.yaml:2:22: error: 'outer_face_px' must be from 16 to 8192, found 9"),
            ("analysis: { rules: [moir] }", "x.yaml:2:21: error: 'rules' must be one of overshoot, coverage, moire, wall_in_focus, off_axis, found 'moir'; did you mean 'moire'?"),
            ("analysis: { rules: [moire, moire] }", "x.yaml:2:28: error: a rule named 'moire' is already defined at line 2"),
            ("analysis: { samples: [1, 9] }", "x.yaml:2:23: error: 'samples' must be from 2 to 4096, found 1"),
            ("analysis: { max_off_axis_deg: 95 }", "x.yaml:2:31: error: 'max_off_axis_deg' must be from 0 to 90°, found 95"),
        ]
        for (yaml, message) in rows {
            XCTAssertThrowsError(try load("name: a\n" + yaml + "\n"), yaml) { error in
                XCTAssertTrue("\(error)".hasPrefix(message), "\(yaml)\n got: \(error)\n want: \(message)")
            }
        }
    }
}
