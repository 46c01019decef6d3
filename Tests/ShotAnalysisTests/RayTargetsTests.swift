// RayTargetsTests: the analysis's ray loop meets the surfaces exactly as the surfaces themselves say.

import Geometry
import SceneFormat
import SceneModel
import XCTest
import XRTestSupport

final class RayTargetsTests: XCTestCase {
    /// Every sample scene's surfaces (a curved wall, flat walls, ceilings, a faceted wall) and a mesh copy of one:
    /// `RayTargets.nearestHit` and `tangentsAndNormal` against `Array.nearestHit` and the surface's own
    /// `point` / `normal` by finite differences, bit for bit, for 20,000 random rays from inside the stage.
    func testSameHitsAndTangentsAsTheSurfaces() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var stages: [[LEDSurface]] = []
        for name in ["binhai-xr-stage", "lantern-flat-wall", "mesh-volume", "yangliuqing-hall"] {
            let scene = try SceneFile.load(path: root.appendingPathComponent("Scenes/\(name).yaml").path)
            stages.append(scene.stage.ledSurfaces)
        }
        stages.append([try MeshScreenAnalysisTests.meshOf(stages[0][0], nx: 12, ny: 4)] + stages[0])
        var rng = SplitMix64(seed: 3)
        var hits = 0
        for surfaces in stages {
            let targets = RayTargets(surfaces)
            for _ in 0..<4000 {
                let e = SIMD3(Double.random(in: -4...4, using: &rng), Double.random(in: 0.2...3, using: &rng),
                              Double.random(in: -4...4, using: &rng))
                let d = SIMD3(Double.random(in: -1...1, using: &rng), Double.random(in: -0.6...0.8, using: &rng),
                              Double.random(in: -1...1, using: &rng))
                for front in [false, true] {
                    let a = targets.nearestHit(origin: e, direction: d, frontOnly: front)
                    let b = surfaces.nearestHit(origin: e, direction: d, frontOnly: front)
                    XCTAssertEqual(a.map { [Double($0.index), $0.t, $0.u, $0.v, $0.front ? 1 : 0].map(\.bitPattern) },
                                   b.map { [Double($0.index), $0.t, $0.u, $0.v, $0.front ? 1 : 0].map(\.bitPattern) })
                }
                guard let h = surfaces.nearestHit(origin: e, direction: d) else { continue }
                hits += 1
                let s = surfaces[h.index], step = 1e-4
                func unit(_ a: SIMD3<Double>) -> SIMD3<Double> { a / max(a.dot(a).squareRoot(), 1e-300) }
                let p = s.point(u: h.u, v: h.v)
                let want = [unit(s.point(u: h.u + step, v: h.v) - p), unit(s.point(u: h.u, v: h.v + step) - p), s.normal(u: h.u, v: h.v)]
                let got = targets.tangentsAndNormal(surface: h.index, u: h.u, v: h.v)
                XCTAssertEqual([got.tangentU, got.tangentV, got.normal].map { [$0.x, $0.y, $0.z].map(\.bitPattern) },
                               want.map { [$0.x, $0.y, $0.z].map(\.bitPattern) }, s.name)
            }
        }
        XCTAssertGreaterThan(hits, 4000)
    }
}
