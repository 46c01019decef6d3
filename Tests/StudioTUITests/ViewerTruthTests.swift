// ViewerTruthTests: what the viewer shows is exactly the shot. The picture behind the TUI's cell grid equals
// `xrstudio render` of the same frame and size, bit for bit, for every view (and for a take set's camera, with every
// camera on the wall); the status line's figures equal `analyze --json`'s for that frame at any terminal size.

import Foundation
import ImageCodecs
import Imaging
import RenderJobs
import SceneFormat
import SceneImaging
import SceneModel
import Shot
import ShotAnalysis
@testable import StudioTUI
import TerminalBlit
import XCTest

final class ViewerTruthTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The sample scene with a 128-pixel outer-frustum cube (1024 by default): both sides of every comparison read
    /// this same file, and debug builds render the cube six times faster. A copy in a temporary folder, its takes
    /// linked from `Scenes/takes`.
    static let scenePath: String = {
        let dir = NSTemporaryDirectory() + "xrstudio-viewer-truth-\(ProcessInfo.processInfo.processIdentifier)"
        let fm = FileManager.default
        try? fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try? fm.createSymbolicLink(atPath: dir + "/takes", withDestinationPath: root.appendingPathComponent("Scenes/takes").path)
        let text = (try? String(contentsOfFile: root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path, encoding: .utf8)) ?? ""
        // The sample has an `xr` block: the smaller cube goes into it.
        let edited = text.replacingOccurrences(of: "\nxr:\n", with: "\nxr:\n  outer_face_px: 128\n")
        fm.createFile(atPath: dir + "/binhai-xr-stage.yaml", contents: Data(edited.utf8))
        return dir + "/binhai-xr-stage.yaml"
    }()
    static let take = "dolly push-in"

    /// The viewer's render worker for `scene`: submits one request and waits for its frame.
    func viewerFrame(_ worker: RenderWorker, camera: ShotCamera, wall: WallCameras? = nil, view: XRView, cols: Int, rows: Int,
                     blitter: Blitter = .half) throws -> RenderedFrame {
        let layout = ViewportLayout(cols: cols, rows: rows, blitter: blitter, aspect: camera.aspect)
        worker.submit(RenderRequest(camera: camera, wall: wall, layout: layout, blitter: blitter, depth: .truecolor, ansiCount: 16,
                                    generation: 1, view: view))
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if let f = worker.takeFinished() { return f }
            usleep(2000)
        }
        throw XCTSkip("the render worker did not answer in 120 s")
    }

    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "xrstudio-truth-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    /// Every view at three frames of the take (a 120x34 terminal: the picture is 120x68 half-block pixels):
    /// the image the cells are made from equals `render --take T --frames N --view V --size 120x68`, and the cells
    /// are exactly that image blitted, inside the letterbox.
    func testTakeFramesEqualTheCLIRenderForEveryView() throws {
        let scene = try ViewerScene.sceneFile(path: Self.scenePath, take: Self.take)
        let timeline = try XCTUnwrap(scene.timeline)
        let picks = [0, 74, 300]
        let out = try tempDir()
        let worker = RenderWorker(scene: scene, threads: 2)
        for (name, view) in XRView.named {
            var r = SequenceRequest(scenePath: Self.scenePath, take: Self.take, outDirectory: out + "/" + name,
                                    frames: picks.first!...picks.last!, every: 1, size: (120, 68), threads: 2)
            r.view = view
            r.frames = nil
            for n in picks {
                r.frames = n...n
                r.sidecarName = "sequence.\(n).json"
                _ = try SequenceRender.run(r)
                let cli = try ImageFile.read(path: out + "/" + name + "/" + String(format: "frame.%04d.png", n))
                let i = try XCTUnwrap(timeline.index(ofFrame: n))
                let frame = try viewerFrame(worker, camera: timeline.frames[i].camera, view: view, cols: 120, rows: 40)
                XCTAssertNil(frame.error)
                let image = try XCTUnwrap(frame.image)
                XCTAssertEqual(frame.request.layout.renderSize.width, 120)
                XCTAssertEqual(frame.request.layout.renderSize.height, 68)
                XCTAssertEqual(image.width, cli.width, "\(name) frame \(n)")
                XCTAssertEqual(image.height, cli.height, "\(name) frame \(n)")
                XCTAssertTrue(image.pixels == cli.pixels, "\(name) frame \(n): the viewer's picture differs from render's")
                // The cells: that picture blitted, letterboxed (3 rows of bars above, 3 below in a 40-row viewport).
                let p = frame.request.layout.picture
                XCTAssertEqual(p.row, 3)
                let cells = CellGrid(image: cli, blitter: .half).quantized(to: .truecolor, ansiCount: 16)
                for row in 0..<p.rows {
                    for col in 0..<p.cols where frame.grid[col + p.col, row + p.row] != cells[col, row] {
                        XCTFail("\(name) frame \(n): cell \(col),\(row) differs"); return
                    }
                }
            }
        }
    }

    /// A take set (`tui SCENE --take "two cameras"`), camera A viewed, at frame 200 (10:00:08:00, inside the range
    /// where B's keyed frustum crosses A's shot, 10:00:04:14-10:00:10:20): the camera view and the plan the viewer
    /// makes from the wall at that frame equal `render --take "two cameras" --view camera:A` / `plan:A`, bit for bit;
    /// B's green frustum is in A's picture (A alone on the wall shows none of it).
    func testTakeSetCameraViewEqualsTheCLIRender() throws {
        let set = "two cameras", n = 200
        let scene = try ViewerScene.sceneFile(path: Self.scenePath, take: set)
        let takeSet = try XCTUnwrap(scene.takeSet)
        XCTAssertEqual(takeSet.names, ["B", "A"])
        let a = 1
        let i = try XCTUnwrap(takeSet.timelines[a].index(ofFrame: n))
        let camera = takeSet.timelines[a].frames[i].camera
        let wall = try XCTUnwrap(scene.wall(at: i, viewing: a, camera: camera))
        XCTAssertEqual(wall.cameras.count, 2)
        XCTAssertEqual(wall.viewing, a)
        XCTAssertEqual(wall.cameras[0], takeSet.timelines[0].frames[i].camera)
        XCTAssertEqual(takeSet.timelines[0].frames[i].frame, n, "one playhead index is the same frame for every camera")
        let out = try tempDir()
        let worker = RenderWorker(scene: scene, threads: 2)
        var shown: [XRView: RGBA8Image] = [:]
        for view in [XRView.camera, .plan] {
            var r = SequenceRequest(scenePath: Self.scenePath, take: set, outDirectory: out + "/" + view.name, frames: n...n,
                                    size: (120, 68), threads: 2)
            r.view = view
            r.viewCamera = "A"
            _ = try SequenceRender.run(r)
            let cli = try ImageFile.read(path: out + "/" + view.name + "/" + String(format: "frame.%04d.png", n))
            let frame = try viewerFrame(worker, camera: camera, wall: wall, view: view, cols: 120, rows: 40)
            XCTAssertNil(frame.error)
            let image = try XCTUnwrap(frame.image)
            XCTAssertEqual(image.width, cli.width)
            XCTAssertEqual(image.height, cli.height)
            XCTAssertTrue(image.pixels == cli.pixels, "\(view.name):A frame \(n): the viewer's picture differs from render's")
            shown[view] = image
        }
        // The status figures there: camera A measured with B on the wall, as `analyze --take SET` measures each frame
        // (`TakeSetAnalysis.run`: the analyzer's `measure(wall:names:overlap:)` on the set's cameras), B's frustum among them.
        let figures = try XCTUnwrap(try viewerFrame(worker, camera: camera, wall: wall, view: .plan, cols: 80, rows: 21).figures)
        let analyzer = ShotAnalyzer(scene: try XCTUnwrap(scene.stage).scene)
        let measured = analyzer.measure(wall: wall.cameras, names: takeSet.names, overlap: takeSet.set.set.overlap)
        XCTAssertEqual(figures, ShotFigures(measured.cameras[a]))
        XCTAssertEqual(figures.frusta.map(\.camera), ["B"])
        XCTAssertGreaterThan(figures.frusta[0].share, 0.05)
        // B's key (#00b140) where its frustum crosses A's picture: green-dominant pixels, none with A alone.
        func green(_ img: RGBA8Image) -> Int {
            (0..<img.width * img.height).filter { p in
                let r = Int(img.pixels[4 * p]), g = Int(img.pixels[4 * p + 1]), b = Int(img.pixels[4 * p + 2])
                return g > r + 60 && g > b + 40
            }.count
        }
        let alone = try XCTUnwrap(try viewerFrame(worker, camera: camera, view: .camera, cols: 120, rows: 40).image)
        let withB = try XCTUnwrap(shown[.camera])
        XCTAssertEqual(green(alone), 0)
        XCTAssertGreaterThan(green(withB), 120 * 68 / 20, "B's keyed frustum covers at least 5% of A's picture at frame \(n)")
    }

    /// The dutch mark keeps its roll: the viewer's camera at the mark renders what `render --mark` renders.
    func testDutchMarkEqualsTheCLIRender() throws {
        let viewer = try ViewerScene.sceneFile(path: Self.scenePath)
        let stage = try XCTUnwrap(viewer.stage)
        let mark = try SceneCameras.shot(mark: "A3 dutch left", in: stage.scene, file: Self.scenePath, width: 1920, height: 1080)
        XCTAssertEqual(mark.pose.rollDegrees, -6, accuracy: 1e-9)
        let out = try tempDir()
        let worker = RenderWorker(scene: viewer, threads: 2)
        for view in [XRView.camera, .virtual] {
            let path = out + "/\(view.name).png"
            _ = try SceneRender.run(SceneRenderRequest(scenePath: Self.scenePath, mark: "A3 dutch left", size: (160, 90),
                                                       outPath: path, threads: 2, view: view))
            let cli = try ImageFile.read(path: path)
            let frame = try viewerFrame(worker, camera: mark, view: view, cols: 160, rows: 47)
            let image = try XCTUnwrap(frame.image)
            XCTAssertEqual(image.width, 160)
            XCTAssertEqual(image.height, 90)
            XCTAssertTrue(image.pixels == cli.pixels, "\(view.name): the viewer's picture differs from render --mark")
        }
    }

    /// The status figures at a frame are `analyze --json`'s for that frame, at two terminal sizes; the focal
    /// length shown is the take's, whatever the terminal's size.
    func testStatusFiguresEqualAnalyzeAtTwoTerminalSizes() throws {
        let scene = try ViewerScene.sceneFile(path: Self.scenePath, take: Self.take)
        let timeline = try XCTUnwrap(scene.timeline)
        // The frames the test looks at (0, the first overshoot at 1, and 74) and a few more: from frame 0, so the
        // report's indices are the timeline's.
        var request = AnalyzeRequest(scenePath: Self.scenePath, take: Self.take, threads: 2)
        request.frames = 0...80
        let report = try AnalyzeJob.run(request)
        let worker = RenderWorker(scene: scene, threads: 2)
        // A frame that overshoots (analyze flags it): the status line must not say 0.0% there.
        let overshooting = try XCTUnwrap(report.analysis.metrics.firstIndex { $0.overshoot > 0 })
        for n in [0, timeline.frames[overshooting].frame, 74] {
            let i = try XCTUnwrap(timeline.index(ofFrame: n))
            let expected = ShotFigures(report.analysis.metrics[i])
            for (cols, rows) in [(80, 21), (200, 57)] {
                let frame = try viewerFrame(worker, camera: timeline.frames[i].camera, view: .plan, cols: cols, rows: rows)
                XCTAssertEqual(frame.figures, expected, "frame \(n) at \(cols)x\(rows)")
                let line = ViewerChrome.status(camera: frame.request.camera, frameMilliseconds: 1, blitter: .half,
                                               depth: .truecolor, sceneName: "S", unicode: true, view: "camera",
                                               figures: frame.figures)
                XCTAssertTrue(line.contains(String(format: "%.1fmm", report.analysis.frames[i].camera.focalLengthMM)), line)
            }
        }
        XCTAssertGreaterThan(ShotFigures(report.analysis.metrics[overshooting]).overshoot, 0)
        XCTAssertEqual(report.analysis.frames[74].camera.focalLengthMM, 32.92, accuracy: 0.01)
    }

    /// Zooming or pulling focus in the viewer changes distortion as camera A's lens file says at the new setting.
    func testZoomFollowsTheLensFile() throws {
        let viewer = try ViewerScene.sceneFile(path: Self.scenePath)
        let stage = try XCTUnwrap(viewer.stage)
        let start = SceneCameras.start(of: stage.scene, width: 1920, height: 1080)
        let wide = try XCTUnwrap(start.distortion)
        let long = viewer.relensed(start.withFocalLength(70))
        let lens = stage.scene.cameras[0].lens
        XCTAssertEqual(long.distortion, lens.optics(focalMM: 70, focusM: start.focusDistanceM)?.distortion)
        XCTAssertLessThan(wide.k1, 0, "32 mm: barrel")
        XCTAssertGreaterThan(try XCTUnwrap(long.distortion).k1, 0, "70 mm: pincushion")
    }
}

extension ViewerTruthTests {
    /// Pixel graphics (kitty, sixel) on cells that are not 1:2 (10 x 24 pixels, a 100 x 30 viewport): the picture
    /// is letterboxed by the real cells and the shot inside it is 16:9, equal to `render --size` of its size, the
    /// rest black. The box itself was rendered (960 x 648 for a 16:9 take: 29.2° of vertical view, not the shot's
    /// 24.5°), so the viewer showed about a fifth more than the shot, top and bottom.
    func testPixelGraphicsShowTheShotsAspectOnAnyCells() throws {
        let scene = try ViewerScene.sceneFile(path: Self.scenePath, take: Self.take)
        let timeline = try XCTUnwrap(scene.timeline)
        let camera = timeline.frames[40].camera
        XCTAssertEqual(camera.aspect, 16.0 / 9.0, accuracy: 1e-9)
        let cell = (width: 10.0, height: 24.0)
        let layout = ViewportLayout(cols: 100, rows: 30, blitter: .half, aspect: camera.aspect, cellAspect: cell.height / cell.width)
        // 100 cells are 1000 px: 562.5 px of height is 23.4 rows, rounded to 23 (552 px).
        XCTAssertEqual(layout.picture.cols, 100)
        XCTAssertEqual(layout.picture.rows, 23)
        let box = PixelPresenter(kind: .kitty).pictureSize(cols: layout.picture.cols, rows: layout.picture.rows, cellPixels: cell)
        XCTAssertEqual(box.width, 1000)
        XCTAssertEqual(box.height, 552)
        let shot = PixelPresenter.shotSize(in: box, aspect: camera.aspect)
        XCTAssertEqual(shot.width, 981)   // 552 x 16/9 = 981.3
        XCTAssertEqual(shot.height, 552)
        let worker = RenderWorker(scene: scene, threads: 2)
        worker.submit(RenderRequest(camera: camera, layout: layout, blitter: .half, depth: .truecolor, ansiCount: 16, generation: 1,
                                    view: .camera, pixelSize: box))
        let deadline = Date().addingTimeInterval(120)
        var frame: RenderedFrame?
        while Date() < deadline, frame == nil { frame = worker.takeFinished(); usleep(2000) }
        let picture = try XCTUnwrap(try XCTUnwrap(frame).image)
        XCTAssertEqual(picture.width, 1000)
        XCTAssertEqual(picture.height, 552)
        let out = try tempDir()
        var r = SequenceRequest(scenePath: Self.scenePath, take: Self.take, outDirectory: out, frames: timeline.frames[40].frame...timeline.frames[40].frame,
                                every: 1, size: (shot.width, shot.height), threads: 2)
        r.view = .camera
        _ = try SequenceRender.run(r)
        let cli = try ImageFile.read(path: out + "/" + String(format: "frame.%04d.png", timeline.frames[40].frame))
        let x0 = (1000 - 981) / 2
        for y in 0..<552 {
            for x in 0..<1000 {
                let p = picture[x, y]
                if x < x0 || x >= x0 + 981 {
                    XCTAssertTrue(p == (0, 0, 0, 255), "bar at (\(x), \(y))")
                } else if !(p == cli[x - x0, y]) {
                    XCTFail("(\(x), \(y)) differs from render --size 981x552"); return
                }
            }
        }
    }
}
