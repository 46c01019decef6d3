// InnerResolutionTests: `xr.inner_resolution` sizes the inner frustum's render for views with more pixels than the
// stage renders (its overscan added, as for any view), and leaves smaller views exactly as they were.

import Foundation
import Imaging
import Shot
import SceneFormat
import SceneImaging
import SceneModel
import XCTest

final class InnerResolutionTests: XCTestCase {
    static let file = XRViewGoldenTests.root.appendingPathComponent("Scenes/lantern-flat-wall.yaml").path

    func scene(_ inner: SIMD2<Int>?) throws -> Scene {
        var s = try SceneFile.load(path: Self.file)
        s.xr.outerFacePixels = 64  // the tests' cube map: smaller than the scene's, same code
        s.xr.innerResolution = inner
        return s
    }

    func camera(_ s: Scene, _ w: Int, _ h: Int) throws -> ShotCamera {
        let c = try SceneCameras.shot(mark: s.marks.first?.name, in: s, file: Self.file, width: w, height: h)
        XCTAssertNil(c.distortion, "a pinhole camera: the inner render is the frame plus overscan, no lens cover")
        return c
    }

    func testALargerViewRendersTheStagesInnerResolution() throws {
        let capped = try scene(SIMD2(320, 180)), free = try scene(nil)
        XCTAssertEqual(capped.xr.overscan, 0.1)
        for (s, w, h, iw, ih) in [(capped, 640, 360, 352, 198),   // 320 x 180 plus 10% each way
                                  (capped, 160, 90, 176, 99),     // fewer pixels than the stage: the view's own
                                  (free, 640, 360, 704, 396)] {
            let r = try XRFrameRenderer(scene: s, sceneFile: Self.file, threads: 2)
            let canvas = try r.canvas(camera: try camera(s, w, h), width: w, height: h)
            let inner = try XCTUnwrap(canvas.inner)
            XCTAssertEqual([inner.image.width, inner.image.height], [iw, ih], "\(w) x \(h), inner \(String(describing: s.xr.innerResolution))")
        }
    }

    func testOnlyViewsLargerThanTheStagesInnerFrustumChange() throws {
        let capped = try scene(SIMD2(320, 180)), free = try scene(nil)
        func frame(_ s: Scene, _ w: Int, _ h: Int) throws -> RGBA8Image {
            let r = try XRFrameRenderer(scene: s, sceneFile: Self.file, threads: 2)
            return try r.render(.camera, camera: try camera(s, w, h), width: w, height: h)
        }
        XCTAssertEqual(try frame(capped, 240, 135), try frame(free, 240, 135), "a smaller view is unchanged")
        let big = try frame(capped, 640, 360), fine = try frame(free, 640, 360)
        XCTAssertNotEqual(big, fine, "the wall shows the stage's coarser inner frustum")
        // The same wall, sampled from a coarser render: close everywhere, not a different picture.
        var sum = 0.0
        for i in stride(from: 0, to: big.pixels.count, by: 4) {
            for c in 0..<3 { let d = Double(big.pixels[i + c]) - Double(fine.pixels[i + c]); sum += d * d }
        }
        let rms = (sum / Double(3 * big.width * big.height)).squareRoot()
        XCTAssertGreaterThan(rms, 0)
        XCTAssertLessThan(rms, 12, "RMS difference in 8-bit codes")
    }
}
