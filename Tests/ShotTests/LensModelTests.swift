// LensModelTests: the tracked lens against independent answers — OpenCV's projectPoints for distortion and the
// entrance pupil, hand-worked interpolation of a zoom × focus lens file (focus in dioptres), the table's errors,
// and a rendered frame whose markers land where OpenCV says.

import Foundation
import Geometry
import Imaging
import SceneFormat
import SceneImaging
import SceneModel
import Shot
import TakeFormats
import XCTest

final class LensModelTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scenePath = root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path
    static let reference = root.appendingPathComponent("Tests/Lens/opencv-project.py").path

    /// Runs the OpenCV reference (Debian's /usr/bin/python3 with python3-opencv, installed by `make test`).
    func openCV(_ query: [String: Any]) throws -> [SIMD2<Double>] {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            XCTFail("\(python) is missing: install python3-opencv (make test does)"); return []
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [Self.reference]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        p.standardInput = input; p.standardOutput = output; p.standardError = errors
        try p.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: query))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            XCTFail("OpenCV reference failed (is python3-opencv installed? make test installs it): \(err)"); return []
        }
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let pixels = try XCTUnwrap(json["pixels"] as? [[Double]])
        return pixels.map { SIMD2($0[0], $0[1]) }
    }

    /// The case: k1 = -0.1, k2 = 0.02, p1 = 0.001 and a 0.2 m entrance pupil, read from a CSV take through
    /// the shot timeline, at 1920x1080. A grid of world points across the frame and at several depths lands
    /// within 0.5 px of OpenCV (in fact within 1e-6 px: the same model in double precision).
    func testTakeFrameProjectsAsOpenCV() throws {
        let scene = try SceneFile.load(path: Self.scenePath)
        let (x, y, z, pan, tilt, roll) = (0.4, 1.55, 5.5, 14.0, -6.0, 3.5)
        let take = try tempTakeFile("lens.csv", """
            time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm,focus_m,k1,k2,p1,pupil_m
            0,\(x),\(y),\(z),\(pan),\(tilt),\(roll),24,4,-0.1,0.02,0.001,0.2
            1,\(x),\(y),\(z),\(pan),\(tilt),\(roll),24,4,-0.1,0.02,0.001,0.2

            """)
        let camera = try XCTUnwrap(ShotTimeline(scene: scene, sceneFile: Self.scenePath, take: take,
                                                width: 1920, height: 1080).frames.first?.camera)
        XCTAssertEqual(camera.distortion, LensDistortion(k1: -0.1, k2: 0.02, p1: 0.001))
        // World points: along rays through an 11 x 7 grid of the pinhole frame (inside the recorded one), at 2-9 m.
        var points: [SIMD3<Double>] = []
        for j in 0..<7 {
            for i in 0..<11 {
                let r = camera.ray(x: -0.95 + 1.9 * Double(i) / 10, y: -0.9 + 1.8 * Double(j) / 6)
                points.append(r.origin + r.direction * (2 + Double((i * 7 + j * 3) % 8)))
            }
        }
        let reference = try openCV(["position": [x, y, z], "pan": pan, "tilt": tilt, "roll": roll, "pupil_m": 0.2,
                                    "focal_mm": 24, "sensor_width_mm": camera.sensorWidthMM, "width": 1920,
                                    "height": 1080, "k1": -0.1, "k2": 0.02, "k3": 0, "p1": 0.001, "p2": 0,
                                    "points": points.map { [$0.x, $0.y, $0.z] }])
        guard reference.count == points.count else {
            return XCTFail("OpenCV gave \(reference.count) points for \(points.count)")
        }
        var worst = 0.0
        for (p, ref) in zip(points, reference) {
            let px = try XCTUnwrap(camera.pixel(of: p))
            worst = max(worst, ((px - ref) * (px - ref)).sum().squareRoot())
        }
        XCTAssertLessThan(worst, 0.5, "worst distance to OpenCV's projectPoints, pixels")
        XCTAssertLessThan(worst, 1e-6, "the same model in double precision agrees to rounding")
        // Without the pupil the frame is 0.2 m back: far off OpenCV's answer, so the pupil is tested too.
        var sensorCamera = camera
        sensorCamera.pose.position -= camera.pose.forward * 0.2
        let moved = zip(points, reference).map { p, ref in
            let d = sensorCamera.pixel(of: p)! - ref
            return (d * d).sum().squareRoot()
        }.max() ?? 0
        XCTAssertGreaterThan(moved, 5)
    }

    /// Rays through the recorded image and projections are inverses, for both directions of the coefficients;
    /// D-U coefficients applied to recorded points give the pinhole points.
    func testImageRayInvertsProjection() throws {
        for model in LensDistortion.Model.allCases {
            var c = ShotCamera(pose: ScenePose(position: [0, 1.5, 4], panDegrees: 10, tiltDegrees: 3, rollDegrees: -2,
                                               fovYDegrees: 0),
                               focalLengthMM: 20, fStop: 2.8, focusDistanceM: 3, sensorWidthMM: 24.89,
                               imageWidth: 1920, imageHeight: 1080)
            c.distortion = LensDistortion(k1: -0.12, k2: 0.03, k3: -0.002, p1: 0.0008, p2: -0.0005, model: model)
            for (x, y) in [(-1.0, -1.0), (1, 1), (0.3, -0.7), (0, 0), (-0.99, 0.2)] {
                let r = try XCTUnwrap(c.imageRay(x: x, y: y))
                let back = try XCTUnwrap(c.imagePoint(of: r.origin + r.direction * 3.7))
                XCTAssertEqual(back.x, x, accuracy: 1e-9)
                XCTAssertEqual(back.y, y, accuracy: 1e-9)
                XCTAssertEqual(back.depth, 3.7, accuracy: 1e-9)
            }
        }
        // D-U by hand: the recorded point (0.2, -0.1) (y down) shows the pinhole point the polynomial gives.
        let du = LensDistortion(k1: -0.1, k2: 0.02, p1: 0.001, model: .distortedToUndistorted)
        let u = try XCTUnwrap(du.undistort(SIMD2(0.2, -0.1)))
        let r2 = 0.05, s = 1 - 0.1 * r2 + 0.02 * r2 * r2
        XCTAssertEqual(u.x, 0.2 * s + 2 * 0.001 * 0.2 * -0.1, accuracy: 1e-15)
        XCTAssertEqual(u.y, -0.1 * s + 0.001 * (r2 + 2 * 0.01), accuracy: 1e-15)
    }

    /// Barrel distortion needs a wider pinhole render: the cover holds every undistorted border point, keeps the
    /// pixel density at the centre, and is the camera itself without distortion.
    func testRectilinearCoverHoldsTheRecordedFrame() throws {
        var c = ShotCamera(pose: ScenePose(position: [0, 1.5, 4], fovYDegrees: 0), focalLengthMM: 18, fStop: 2.8,
                           focusDistanceM: 3, sensorWidthMM: 24.89, imageWidth: 1920, imageHeight: 1080)
        XCTAssertEqual(c.rectilinear, c)
        c.distortion = LensDistortion(k1: -0.12, k2: 0.03)
        let cover = try XCTUnwrap(c.rectilinear)
        XCTAssertNil(cover.distortion)
        XCTAssertGreaterThan(cover.imageWidth, 1920)
        XCTAssertEqual(cover.tanHalfX / Double(cover.imageWidth), c.tanHalfX / 1920, accuracy: 1e-15)
        XCTAssertEqual(cover.tanHalfY / Double(cover.imageHeight), c.tanHalfY / 1080, accuracy: 1e-15)
        // The corner (the border's farthest point under barrel distortion) fits; by hand its pinhole x is larger
        // than the frame's by the factor the polynomial shrinks it.
        let corner = try XCTUnwrap(c.distortion!.undistort(SIMD2(c.tanHalfX, c.tanHalfY)))
        XCTAssertLessThanOrEqual(corner.x, cover.tanHalfX)
        XCTAssertLessThanOrEqual(corner.y, cover.tanHalfY)
        XCTAssertGreaterThan(corner.x / c.tanHalfX, 1.05)
        // A polynomial that folds back inside the frame has no cover.
        c.distortion = LensDistortion(k1: -3)
        XCTAssertNil(c.rectilinear)
    }

    /// Rendered, not only projected: small white spheres in front of a distorted camera show up in the virtual view
    /// (rendered through the rectilinear cover and warped) where OpenCV projects their centres, within 0.5 px,
    /// while a pinhole would put the corner ones more than 10 px away.
    func testRenderedMarkersLandWhereOpenCVProjects() throws {
        let (x, y, z, pan, tilt, roll) = (0.0, 1.5, 4.0, 6.0, -3.0, 2.0)
        let cameraRow = "\(x),\(y),\(z),\(pan),\(tilt),\(roll),20,4,-0.1,0.02,0.001,0.2"
        let take = try tempTakeFile("markers.csv", "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm,focus_m,k1,k2,p1,pupil_m\n"
                                    + "0,\(cameraRow)\n1,\(cameraRow)\n")
        var scene = try SceneFile.load(path: Self.scenePath)
        let shot = try XCTUnwrap(ShotTimeline(scene: scene, sceneFile: Self.scenePath, take: take, width: 1920,
                                              height: 1080).frames.first?.camera)
        // Marker centres along rays through the pinhole frame, near its corners and edges, 3-5 m away.
        var centres: [SIMD3<Double>] = []
        for (u, v, d) in [(-0.85, 0.8, 3.0), (0.85, 0.8, 4.0), (-0.85, -0.8, 5.0), (0.85, -0.8, 3.5), (0, 0, 4.0),
                          (0.5, 0.1, 3.0), (-0.3, -0.5, 4.5), (0.9, 0.0, 3.2)] {
            let r = shot.ray(x: u, y: v)
            centres.append(r.origin + r.direction * d)
        }
        scene.world = VirtualWorld(objects: centres.enumerated().map { i, c in
            VirtualWorld.Object(name: "marker \(i)", mesh: .primitive(.sphere(radius: 0.02, segments: 48, rings: 24)),
                                transform: Transform(translate: c), color: [1, 1, 1])
        }, sky: [0, 0, 0])
        let renderer = try XRFrameRenderer(scene: scene, sceneFile: Self.scenePath, threads: 2)
        let image = try renderer.render(.virtual, camera: shot, width: 1920, height: 1080)
        let reference = try openCV(["position": [x, y, z], "pan": pan, "tilt": tilt, "roll": roll, "pupil_m": 0.2,
                                    "focal_mm": 20, "sensor_width_mm": shot.sensorWidthMM, "width": 1920, "height": 1080,
                                    "k1": -0.1, "k2": 0.02, "k3": 0, "p1": 0.001, "p2": 0,
                                    "points": centres.map { [$0.x, $0.y, $0.z] }])
        var pinhole = shot
        pinhole.distortion = nil
        for (c, ref) in zip(centres, reference) {
            // The lit pixels' centroid in a window around OpenCV's answer.
            var sum = SIMD2<Double>(0, 0), n = 0.0
            for j in max(0, Int(ref.y) - 30)..<min(1080, Int(ref.y) + 30) {
                for i in max(0, Int(ref.x) - 30)..<min(1920, Int(ref.x) + 30) where image[i, j].g > 40 {
                    sum += SIMD2(Double(i) + 0.5, Double(j) + 0.5); n += 1
                }
            }
            XCTAssertGreaterThan(n, 50, "marker at \(ref) not found")
            let centroid = sum / max(n, 1)
            let d = centroid - ref
            XCTAssertLessThan((d * d).sum().squareRoot(), 0.5, "marker at \(ref): centroid \(centroid)")
            if abs(ref.x - 960) > 700 {
                let p = pinhole.pixel(of: c)! - ref
                XCTAssertGreaterThan((p * p).sum().squareRoot(), 10, "the lens moves corner markers")
            }
        }
    }
}

/// The sample scene's lens file drives takes: an encoder-only take and a take with focal length but no distortion.
final class LensFileTakeTests: XCTestCase {
    /// `zoom through` sends only counts: frame 0 (zoom 0, focus 43690) is exactly the lens file's point there
    /// (Scenes/binhai-xr-stage.yaml: focal 18.07 mm, focus 3 m, k1 -0.1122, k2 0.0255, pupil 0.096 m), and the
    /// camera stands that pupil ahead of the tracked sensor.
    func testEncoderOnlyTakeUsesTheLensFile() throws {
        let scene = try SceneFile.load(path: LensModelTests.scenePath)
        let t = try ShotTimeline(scene: scene, sceneFile: LensModelTests.scenePath, take: "zoom through")
        let first = try XCTUnwrap(t.frames.first)
        XCTAssertEqual(first.camera.focalLengthMM, 18.07, accuracy: 1e-9)
        XCTAssertEqual(first.camera.focusDistanceM, 3.0, accuracy: 1e-9)
        XCTAssertEqual(first.camera.distortion, LensDistortion(k1: -0.1122, k2: 0.0255, p1: 0.0004, p2: -0.0002))
        let tracked = first.state.position
        let moved = first.camera.pose.position - tracked
        XCTAssertEqual((moved * moved).sum().squareRoot(), 0.096, accuracy: 1e-9)
        XCTAssertEqual(moved.dot(first.camera.pose.forward), 0.096, accuracy: 1e-9)
        // The last frame (zoom 65535, focus 21845: 1.2 m) is the long end's point at that focus.
        let last = try XCTUnwrap(t.frames.last)
        XCTAssertEqual(last.camera.focalLengthMM, 80.8, accuracy: 1e-9)
        XCTAssertEqual(last.camera.focusDistanceM, 1.2, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(last.camera.distortion).k1, 0.021, accuracy: 1e-12)
    }

    /// `optics(focalMM:focusM:)` bisects through a lookup of focal length and dioptres alone (a take of 80,000 samples
    /// with focal length and focus took 8 s through the full blend): bit for bit the optics of the same bisections
    /// written here through the public full lookup, over the sample lens file, in and beyond its range.
    func testFocalLengthLookupEqualsTheFullBisection() throws {
        let scene = try SceneFile.load(path: LensModelTests.scenePath)
        let calibration = scene.cameras[0].lens.calibration
        let table = try XCTUnwrap(LensTable(calibration))
        let zs = calibration.map(\.zoomEncoder), fs = calibration.map(\.focusEncoder)
        let (z0, z1, f0, f1) = (zs.min()!, zs.max()!, fs.min()!, fs.max()!)
        func reference(_ focalMM: Double, _ focusM: Double) -> LensOptics {
            var z = (z0 + z1) / 2, f = (f0 + f1) / 2
            func solve(_ lo: Double, _ hi: Double, _ value: (Double) -> Double, _ target: Double) -> Double {
                var (a, b) = (lo, hi)
                let rising = value(b) >= value(a)
                for _ in 0..<40 {
                    let m = (a + b) / 2
                    if (value(m) < target) == rising { a = m } else { b = m }
                }
                return (a + b) / 2
            }
            for _ in 0..<4 {
                z = solve(z0, z1, { table.optics(zoomEncoder: $0, focusEncoder: f).focalLengthMM }, focalMM)
                f = solve(f0, f1, { -1 / table.optics(zoomEncoder: z, focusEncoder: $0).focusDistanceM }, -1 / focusM)
            }
            var o = table.optics(zoomEncoder: z, focusEncoder: f)
            o.focalLengthMM = focalMM
            o.focusDistanceM = focusM
            return o
        }
        for focal in stride(from: 10.0, through: 100, by: 1.37) {
            for focus in [0.3, 0.6, 0.93, 1.2, 2.71, 3, 7.5, 41, 200] {
                XCTAssertEqual(table.optics(focalMM: focal, focusM: focus), reference(focal, focus), "\(focal) mm at \(focus) m")
            }
        }
    }

    /// A take that gives focal length and focus but no distortion or pupil takes the lens file's where the lens
    /// gives that focal length at that focus.
    func testFocalLengthTakeTakesDistortionAndPupilFromTheFile() throws {
        let scene = try SceneFile.load(path: LensModelTests.scenePath)
        let take = try tempTakeFile("f.csv", "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm,focus_m\n"
                                    + "0,0,1.6,7,0,0,0,30,3\n1,0,1.6,7,0,0,0,30,3\n")
        let c = try XCTUnwrap(ShotTimeline(scene: scene, sceneFile: LensModelTests.scenePath, take: take).frames.first?.camera)
        let optics = try XCTUnwrap(scene.cameras[0].lens.optics(focalMM: 30, focusM: 3))
        // At focus 3 m (count 43690) 30 mm lies between 25.10 mm (zoom 16384) and 35.14 mm (32768): k1 between
        // -0.0612 and -0.0204.
        let k1 = try XCTUnwrap(optics.distortion).k1
        XCTAssertLessThan(k1, -0.0204)
        XCTAssertGreaterThan(k1, -0.0612)
        XCTAssertEqual(c.distortion, optics.distortion)
        XCTAssertEqual(c.pose.position.z, 7 - optics.entrancePupilM!, accuracy: 1e-9)
        XCTAssertEqual(c.focalLengthMM, 30)
    }
}

/// Lenses no pinhole render can cover, and absurd coefficients, are refused with the frame or line.
final class HostileLensTests: XCTestCase {
    func testFoldingDistortionIsRefusedNamingTheFrame() throws {
        let scene = try SceneFile.load(path: LensModelTests.scenePath)
        let take = try tempTakeFile("fold.csv", "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm,k1\n"
                                    + "0,0,1.6,7,0,0,0,20,0\n1,0,1.6,7,0,0,0,20,-5\n")
        XCTAssertThrowsError(try ShotTimeline(scene: scene, sceneFile: LensModelTests.scenePath, take: take)) {
            let text = "\($0)"
            // At 20 mm on Super 35 the corner is at r 0.71: r (1 + k1 r²) peaks below it once k1 < -0.29 (frame 2: -0.4).
            XCTAssertTrue(text.contains("fold.csv: frame 2 (00:00:00:02): the lens distortion (k1 -0.4"), text)
        }
        let absurd = try tempTakeFile("absurd.csv", "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,k1,p2\n"
                                      + "0,0,1.6,7,0,0,0,1e300,0\n1,0,1.6,7,0,0,0,0,2\n2,0,1.6,7,0,0,0,-0.1,0\n")
        let read = try TakeCSV.read(Array(try Data(contentsOf: URL(fileURLWithPath: absurd))))
        // The poses are kept; the impossible distortions are dropped and said, by line.
        XCTAssertEqual(read.rejects, [])
        XCTAssertEqual(read.notes.map(\.description),
                       ["line 2: distortion k1 1e+300 is beyond ±10: the sample's lens distortion is ignored",
                        "line 3: distortion p2 2.0 is beyond ±1: the sample's lens distortion is ignored"])
        XCTAssertEqual(read.take.samples.map { $0.lens.distortion?.k1 }, [nil, nil, -0.1])
    }
}

/// The inner frustum covers what a barrel-distorted lens records.
final class DistortedInnerFrustumTests: XCTestCase {
    /// With k1 -0.15 the recorded frame's corners undistort ~10% beyond the pinhole frame: rendered for the pinhole
    /// they would fall in the overscan's feather (or past it). The canvas renders the inner frustum for the cover
    /// camera, so every point of the recorded frame's border lands inside the cover's own frame, where the inner
    /// frustum has full weight (the feather stays in the overscan band, `SoftEdgeTests`).
    func testRecordedBorderIsInsideTheInnerFrustum() throws {
        let scene = try SceneFile.load(path: LensModelTests.scenePath)
        let renderer = try XRFrameRenderer(scene: scene, sceneFile: LensModelTests.scenePath, threads: 2)
        var camera = SceneCameras.start(of: scene, width: 320, height: 180)
        camera.distortion = LensDistortion(k1: -0.15, k2: 0.02)
        let canvas = try renderer.canvas(camera: camera, width: 320, height: 180)
        let inner = try XCTUnwrap(canvas.inner)
        let ov = inner.overscan
        var outsidePinhole = 0
        for k in 0...40 {
            let a = -1 + 2 * Double(k) / 40
            for (x, y) in [(a, 1.0), (a, -1.0), (1.0, a), (-1.0, a)] {
                let r = try XCTUnwrap(camera.imageRay(x: x, y: y))
                let p = r.origin + r.direction * 6
                let q = try XCTUnwrap(inner.camera.project(p, overscan: ov))
                XCTAssertLessThanOrEqual(max(abs(q.x), abs(q.y)), 1 / (1 + ov) + 1e-9, "border point \(x), \(y)")
                var pinhole = camera
                pinhole.distortion = nil
                let o = try XCTUnwrap(pinhole.project(p))
                if max(abs(o.x), abs(o.y)) > 1 + 1e-6 { outsidePinhole += 1 }
            }
        }
        XCTAssertGreaterThan(outsidePinhole, 20, "barrel distortion records beyond the pinhole frame")
    }
}
