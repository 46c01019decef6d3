// RayTargetsTests: the analysis's ray loop meets the surfaces exactly as the surfaces themselves say.

import Geometry
import SceneFormat
import SceneModel
import XCTest
import XRTestSupport

final class RayTargetsTests: XCTestCase {
    /// Every sample scene's surfaces (a curved wall, flat walls, ceilings, a faceted wall) and a mesh copy of one:
    /// `RayTargets.nearestHit` and `tangentsAndNormal` against `Array.nearestHit` and the surface's own
    /// `point` / `normal` by finite differences, and each flat or curved surface's hit against the ray test as it
    /// was before `RayShape` (`intersectAsBefore`), bit for bit, for 20,000 random rays from inside the stage.
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
                // Each flat and curved surface against the ray test as it was before RayShape took it over.
                for s in surfaces where RayShape(s) != nil {
                    let old = RayTargetsTests.intersectAsBefore(s, origin: e, direction: d)
                    let new = s.intersect(origin: e, direction: d)
                    XCTAssertEqual(new.map { [$0.t, $0.u, $0.v, $0.front ? 1 : 0].map(\.bitPattern) },
                                   old.map { [$0.t, $0.u, $0.v, $0.front ? 1 : 0].map(\.bitPattern) }, s.name)
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

    /// `LEDSurface.intersect` for flat and curved surfaces as it stood before the ray test moved to `RayShape`
    /// (commit 6947e7c), kept here as the reference (flat and curved surfaces only).
    static func intersectAsBefore(_ s: LEDSurface, origin e: SIMD3<Double>, direction d: SIMD3<Double>, minT: Double = 1e-9)
        -> (t: Double, u: Double, v: Double, front: Bool)? {
        let widthM = s.widthM, heightM = s.heightM
        switch s.shape {
        case let .flat(o, ua, va):
            let n = va.cross(ua)
            let denom = d.dot(n)
            guard denom != 0 else { return nil }
            let t = (o - e).dot(n) / denom
            guard t > minT else { return nil }
            let p = e + d * t - o
            let u = p.dot(ua), v = p.dot(va)
            guard u >= 0, u < widthM, v >= 0, v < heightM else { return nil }
            return (t, u, v, denom < 0)
        case let .arc(c, r, start, bottom):
            let ox = e.x - c.x, oz = e.z - c.y
            let a = d.x * d.x + d.z * d.z
            guard a > 0 else { return nil }
            let b = ox * d.x + oz * d.z
            let cc = ox * ox + oz * oz - r * r
            let disc = b * b - a * cc
            guard disc >= 0 else { return nil }
            let sq = disc.squareRoot()
            for t in [(-b - sq) / a, (-b + sq) / a] where t > minT {
                let px = ox + t * d.x, pz = oz + t * d.z, py = e.y + t * d.y
                let v = bottom + heightM - py
                guard v >= 0, v < heightM else { continue }
                var ang = atan2D(px, -pz) - start
                let twoPi = 2 * Double.pi
                ang -= twoPi * (ang / twoPi).rounded(.down)
                let u = ang * r
                guard u < widthM else { continue }
                return (t, u, v, (px * d.x + pz * d.z) > 0)
            }
            return nil
        case .facets, .mesh:
            preconditionFailure("only flat and curved surfaces")
        }
    }
}
