// SceneXRSettingsTests: the scene's `xr` and `analysis` blocks: defaults, values, and one message per mistake.

import Foundation
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
              moire_min_contrast: 0.2
              moire_max_pitch_ratio: 3
              max_off_axis_deg: 45
              samples: [64, 36]
              rules: [overshoot, moire]
            """)
        XCTAssertEqual(s.xr, XRSettings(overscan: 0.2, softEdge: 0.1, setExtension: true, outerFacePixels: 512))
        XCTAssertEqual(s.analysis, AnalysisSettings(maxOvershoot: 0.01, minCoverage: 0.5, cocDivisor: 1730, moireMinContrast: 0.2,
                                                    moireMaxPitchRatio: 3, maxOffAxisDegrees: 45, samples: (64, 36),
                                                    rules: [.overshoot, .moire]))
        // 2 · 0.1 > 0.2 / 1.2: the feather would reach into the camera frame; it is kept inside the band, and said.
        XCTAssertEqual(s.warnings, ["x.yaml:2:33: warning: soft_edge 0.1 is wider than the overscan band allows "
                                    + "(overscan / (1 + overscan) / 2 = 0.0833); the feather is kept inside the band"])
        XCTAssertEqual(plain.warnings, [], "the defaults fit: the default soft edge is narrowed silently")
    }

    /// `xr.inner_resolution`: the render node's inner frustum caps large views only, at the view's aspect
    /// (worked by hand: 2560 x 1440 = 3,686,400 pixels; 4096 x 1716 = 7,028,736; scale √(3686400 / 7028736) =
    /// 0.72421, so 2966.36 x 1242.75, rounded).
    func testTheInnerResolutionCapsViewsWithMorePixels() throws {
        let s = try load("name: d\nxr: { inner_resolution: [2560, 1440] }\n")
        XCTAssertEqual(s.xr.innerResolution, SIMD2(2560, 1440))
        XCTAssertEqual(s.warnings, [])
        XCTAssertNil(XRSettings().innerResolution, "unset by default: the view's own density")
        let x = s.xr
        XCTAssertTrue(x.innerFrame(width: 3840, height: 2160) == (2560, 1440))
        XCTAssertTrue(x.innerFrame(width: 7680, height: 4320) == (2560, 1440))
        XCTAssertTrue(x.innerFrame(width: 4096, height: 1716) == (2966, 1243), "\(x.innerFrame(width: 4096, height: 1716))")
        XCTAssertTrue(x.innerFrame(width: 2561, height: 1440) == (2560, 1440), "one column over: scaled by 0.99980")
        XCTAssertTrue(x.innerFrame(width: 2560, height: 1440) == (2560, 1440))
        XCTAssertTrue(x.innerFrame(width: 1920, height: 1080) == (1920, 1080), "fewer pixels: the view's own size")
        XCTAssertTrue(x.innerFrame(width: 1000, height: 3000) == (1000, 3000), "3 Mpx: under the budget whatever its shape")
        XCTAssertTrue(XRSettings().innerFrame(width: 3840, height: 2160) == (3840, 2160))
    }

    func testABodyWhoseSensorAspectDisagreesWithItsResolutionIsWarnedAbout() throws {
        let yaml = """
            name: c
            cameras:
              - name: A
                body: { sensor_mm: [24.89, 18.66], resolution: [4096, 2160] }
                lens: { focal_mm: 32 }
              - name: B
                body: { sensor_mm: [24.89, 13.13], resolution: [4096, 2160] }
                lens: { focal_mm: 32 }
            """
        let s = try load(yaml)
        XCTAssertEqual(s.warnings, ["x.yaml:4:24: warning: camera 'A': sensor_mm 24.89 x 18.66 and resolution 4096 x 2160 "
                                    + "differ in aspect by 29.7%; give the active area for that resolution (photosites 6.08 x 8.64 µm)"])
    }

    func testTheSampleScenesHaveNoWarnings() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Scenes").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        XCTAssertGreaterThanOrEqual(files.count, 3)
        for f in files {
            let path = dir.appendingPathComponent(f).path
            let scene = try SceneLoader.load(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), name: path, fileExists: { _ in true },
                                             readFile: { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } })
            XCTAssertEqual(scene.warnings, [], f)
        }
    }

    func testEachMistakeHasItsMessage() {
        let rows: [(String, String)] = [
            ("xr: { overscan: 2 }", "x.yaml:2:17: error: 'overscan' must be from 0 to 1, found 2"),
            ("xr: { set_extension: yes }", "x.yaml:2:22: error: 'set_extension' must be true or false, found 'yes'"),
            ("xr: { overscn: 0.1 }", "x.yaml:2:7: error: unknown key 'overscn' in xr; did you mean 'overscan'?"),
            ("xr: { outer_face_px: 9 }", "x.yaml:2:22: error: 'outer_face_px' must be from 16 to 8192, found 9"),
            ("xr: { inner_resolution: 2560 }", "x.yaml:2:25: error: 'inner_resolution' must be a list of 2 whole numbers, found '2560'"),
            ("xr: { inner_resolution: [2560, 0] }", "x.yaml:2:32: error: 'inner_resolution' must be from 16 to 16384, found 0"),
            ("xr: { inner_resolution: [2560.5, 1440] }", "x.yaml:2:26: error: 'inner_resolution' must be a whole number, found '2560.5'"),
            ("analysis: { rules: [moir] }", "x.yaml:2:21: error: 'rules' must be one of overshoot, coverage, moire, wall_in_focus, off_axis, frustum_in_shot, frustum_overlap, found 'moir'; did you mean 'moire'?"),
            ("analysis: { rules: [moire, moire] }", "x.yaml:2:28: error: a rule named 'moire' is already defined at line 2"),
            ("analysis: { samples: [1, 9] }", "x.yaml:2:23: error: 'samples' must be from 2 to 4096, found 1"),
            ("analysis: { moire_blur_ratio: 1.22 }", "x.yaml:2:13: error: 'moire_blur_ratio' is replaced by 'moire_min_contrast'"),
            ("analysis: { moire_min_contrast: 2 }", "x.yaml:2:33: error: 'moire_min_contrast' must be from 0 to 1, found 2"),
            ("analysis: { max_off_axis_deg: 95 }", "x.yaml:2:31: error: 'max_off_axis_deg' must be from 0 to 90°, found 95"),
        ]
        for (yaml, message) in rows {
            XCTAssertThrowsError(try load("name: a\n" + yaml + "\n"), yaml) { error in
                XCTAssertTrue("\(error)".hasPrefix(message), "\(yaml)\n got: \(error)\n want: \(message)")
            }
        }
    }
}
