// ManyThreadsTests: 16 and 64 workers on a 2-core machine give the 1-thread picture bit for bit, with the front end
// really split 16 and 32 ways (the partition is the thread count's, whatever the cores).

import Geometry
import Imaging
import RasterCore
import XCTest

final class ManyThreadsTests: XCTestCase {
    /// A terrain-like heightfield of 2 x 160 x 120 = 38,400 small triangles (enough for 19 front-end chunks of 2,048)
    /// plus the busy scene (textures, lines, z-fighting).
    static func manyTriangles() throws -> DrawList {
        var list = try DeterminismTests.busyScene()
        let nx = 160, nz = 120
        var pos: [SIMD3<Float>] = [], idx: [UInt32] = []
        for j in 0...nz {
            for i in 0...nx {
                let x = Float(i) / Float(nx) * 4 - 2, z = Float(j) / Float(nz) * 4 - 2
                pos.append([x, -1.2 + 0.15 * Float(sinD(Double(x) * 3) * cosD(Double(z) * 2)), z])
            }
        }
        for j in 0..<nz {
            for i in 0..<nx {
                let a = UInt32(j * (nx + 1) + i), b = a + 1, c = a + UInt32(nx + 1), d = c + 1
                idx += [a, c, b, b, c, d]
            }
        }
        list.draws.append(DrawCall(mesh: try Mesh(positions: pos, indices: idx), transform: .identity,
                                   material: Material(baseColor: [0.4, 0.7, 0.3, 1])))
        return list
    }

    func testSixteenAndSixtyFourThreadsMatchOneAndTwo() throws {
        let list = try Self.manyTriangles()
        let view = ViewSetup(view: Mat4.lookAt(eye: [2.5, 1.8, 4], center: [0, -0.4, 0], up: [0, 1, 0])!,
                             projection: .perspective(fovYDegrees: 50, aspect: 200.0 / 120.0, near: 0.1, far: 50))
        var reference: (RGBA8Image, [Float])?
        for threads in [1, 2, 16, 64] {
            let r = Rasterizer()
            try r.render(list, view: view, settings: FrameSettings(width: 200, height: 120, threads: threads, keepLinearDepth: true))
            let img = r.colorImage(), depth = r.linearDepthBuffer()
            // The front end is split min(threads, 32, triangles / 2048) ways: 1, 2, 16 and 19 chunks here.
            XCTAssertEqual(r.stats.frontEndChunks, min(threads, 32, (r.stats.primitives + 2047) / 2048), "threads \(threads)")
            if let (i0, d0) = reference {
                XCTAssertEqual(img, i0, "colour differs at \(threads) threads")
                XCTAssertEqual(depth.map(\.bitPattern), d0.map(\.bitPattern), "depth differs at \(threads) threads")
            } else {
                reference = (img, depth)
                XCTAssertGreaterThan(r.stats.primitives, 16 * 2048)
                XCTAssertGreaterThan(Set(stride(from: 1, to: img.pixels.count, by: 4).map { img.pixels[$0] }).count, 20)
            }
        }
    }
}
