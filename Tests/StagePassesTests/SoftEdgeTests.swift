// SoftEdgeTests: the inner-to-outer feather stays inside the overscan band, so the camera frame is all inner frustum.

import Geometry
import Imaging
import RasterCore
import SceneModel
import StagePasses
import XCTest

final class SoftEdgeTests: XCTestCase {
    func testTheCameraFramesEdgePixelsAreAllInnerFrustum() throws {
        // 16 m x 10 m wall at 4 mm pitch; the camera 8 m away sees 8 m x 4.5 m of it (u 4...12, v 2.75...7.25).
        // Default overscan 0.1 and soft edge 0.05: a feather of 2 · 0.05 = 0.1 would reach 0.1 - 0.1/1.1 = 0.009
        // into the frame (weight 0.992 at its edge); kept inside the band it ends exactly at the frame's edge.
        let panel = LEDPanelType(name: "F", cabinetWidthMM: 500, cabinetHeightMM: 500, density: .pixels(width: 125, height: 125))
        let surface = LEDWall(name: "w", grid: CabinetGrid(panel: panel, columns: 32, rows: 20)).surface
        let cam = StagePassesTests.camera([0, 5, 8])
        let inner = InnerFrustum(camera: cam, overscan: 0.1, image: StagePassesTests.solid([1, 0, 0], width: 64, height: 36),
                                 view: cam.viewSetup(overscan: 0.1)!)
        let canvas = WallCanvas(surfaces: [surface], inner: inner, outer: try StagePassesTests.emptyOuter([0, 0, 1]),
                                softEdge: XRSettings().softEdge)
        let img = canvas.image(surface: 0, threads: 2)
        let pitch = 0.004
        var inFrame = 0, edge = 0, feathered = 0
        for j in 0..<img.height {
            for i in 0..<img.width {
                let u = (Double(i) + 0.5) * pitch, v = (Double(j) + 0.5) * pitch
                let k = 4 * (j * img.width + i)
                let (r, b) = (img.pixels[k], img.pixels[k + 2])
                if u > 4 && u < 12 && v > 2.75 && v < 7.25 {
                    XCTAssertEqual([r, b], [255, 0], "LED pixel \(i),\(j) in the camera frame")
                    inFrame += 1
                    if u < 4.01 || u > 11.99 || v < 2.76 || v > 7.24 { edge += 1 }
                } else if r > 0 && b > 0 {
                    feathered += 1
                }
            }
        }
        XCTAssertEqual(inFrame, 2000 * 1124)  // row 687's centre lies on the frame's top edge (v = 2.75): not counted
        XCTAssertGreaterThan(edge, 4000, "the frame's edge pixels were judged")
        XCTAssertGreaterThan(feathered, 10_000, "the feather is still there, in the overscan band")
        XCTAssertEqual(XRSettings().maxSoftEdge, 0.1 / 1.1 / 2, accuracy: 1e-15)
    }
}
