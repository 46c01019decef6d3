// SceneMeshTests: the primitive mesher: documented triangle counts, closed surfaces, outward winding and normals.

import FoundationEssentials
import Geometry
import SceneFormat
import SceneModel
import XCTest

final class SceneMeshTests: XCTestCase {
    static let outlines: [[SIMD2<Double>]] = [
        [[-5, 0], [5, 0], [0, -3]],                                   // the villa roof gable (counter-clockwise in x, z)
        [[0, -3], [5, 0], [-5, 0]],                                   // the same, clockwise
        [[0, 0], [4, 0], [4, 4], [2, 1.5], [0, 4]],                   // concave (an M)
        [[0, 0], [3, 0], [3, 1], [1, 1], [1, 3], [3, 3], [3, 4], [0, 4]],  // a C shape
        (0..<40).map { i in                                            // a star, 40 corners
            let a = Double(i) * .pi / 20, r = i % 2 == 0 ? 2.0 : 0.8
            return SIMD2(r * cosD(a), r * sinD(a))
        },
    ]

    static var samples: [Primitive] {
        var out: [Primitive] = [.box(size: [1, 2, 3]), .box(size: [9, 7, 10]), .plane(size: [10, 140]), .plane(size: [0.5, 2])]
        for s in [3, 4, 5, 8, 10, 12, 24, 31, 256] {
            out.append(.cylinder(radius: 0.22, height: 4.5, segments: s))
            for r in [2, 3, 6, 8, 12, 128] where s <= 64 || r <= 12 {
                out.append(.sphere(radius: 2.6, segments: s, rings: r))
            }
        }
        for o in outlines { out.append(.extrusion(points: o, height: 10.4)) }
        return out
    }

    func testTriangleCountsMatchTheFormulas() {
        for p in Self.samples {
            let m = p.mesh
            XCTAssertEqual(m.triangleCount, p.triangleCount, "\(p)")
            XCTAssertEqual(m.indices.count % 3, 0)
            XCTAssertEqual(m.normals.count, m.positions.count)
            XCTAssertEqual(m.uvs.count, m.positions.count)
            XCTAssertTrue(m.indices.allSatisfy { Int($0) < m.positions.count })
        }
        XCTAssertEqual(Primitive.box(size: [1, 1, 1]).mesh.triangleCount, 12)
        XCTAssertEqual(Primitive.plane(size: [1, 1]).mesh.triangleCount, 2)
        XCTAssertEqual(Primitive.cylinder(radius: 1, height: 1, segments: 10).mesh.triangleCount, 36)
        XCTAssertEqual(Primitive.sphere(radius: 1, segments: 12, rings: 8).mesh.triangleCount, 168)
        XCTAssertEqual(Primitive.extrusion(points: [[-5, 0], [5, 0], [0, -3]], height: 1).mesh.triangleCount, 8)
    }

    /// Undirected edges by position: every edge of a closed surface is shared by exactly two triangles, and
    /// (consistent winding) once in each direction.
    func assertClosed(_ p: Primitive, file: StaticString = #filePath, line: UInt = #line) {
        let m = p.mesh
        var ids: [SIMD3<Double>: Int] = [:]
        let id = m.positions.map { v in
            if let k = ids[v] { return k }
            ids[v] = ids.count
            return ids.count - 1
        }
        var directed: [SIMD2<Int>: Int] = [:]
        for t in 0..<m.triangleCount {
            let v = (0..<3).map { id[Int(m.indices[3 * t + $0])] }
            for e in 0..<3 { directed[SIMD2(v[e], v[(e + 1) % 3]), default: 0] += 1 }
        }
        for (e, n) in directed {
            XCTAssertEqual(n, 1, "\(p.kind): directed edge \(e) used \(n) times", file: file, line: line)
            XCTAssertEqual(directed[SIMD2(e.y, e.x)], 1, "\(p.kind): edge \(e) has no opposite", file: file, line: line)
        }
    }

    func testBoxSphereCylinderAndExtrusionAreClosed() {
        for p in Self.samples {
            if case .plane = p { continue }
            assertClosed(p)
        }
    }

    /// Each triangle's winding normal (b - a) × (c - a) and its vertex normals point away from the centre of the
    /// local bounds (boxes, spheres, cylinders are convex); for extrusions, away from the prism across the face.
    func testFacesAndNormalsPointOutward() {
        for p in Self.samples {
            let m = p.mesh
            let b = p.bounds
            let centre = (b.min + b.max) / 2
            var convex = true
            if case .extrusion = p { convex = false }
            if case .plane = p { convex = false }
            for t in 0..<m.triangleCount {
                let i = (0..<3).map { Int(m.indices[3 * t + $0]) }
                let a = m.positions[i[0]], bb = m.positions[i[1]], c = m.positions[i[2]]
                let n = cross(bb - a, c - a)
                let mid = (a + bb + c) / 3
                if convex {
                    XCTAssertGreaterThan(dot(n, mid - centre), 0, "\(p.kind) triangle \(t) faces inward")
                    for k in i { XCTAssertGreaterThan(dot(m.normals[k], m.positions[k] - centre), 0, "\(p.kind) normal \(k)") }
                } else {
                    // Plane: +Y; extrusion: the face normal agrees with the vertex normals (flat faces).
                    for k in i { XCTAssertGreaterThan(dot(n, m.normals[k]), 0, "\(p.kind) triangle \(t) vs its normals") }
                }
                for k in i { XCTAssertEqual(length(m.normals[k]), 1, accuracy: 1e-9) }
            }
        }
        // Extrusion sides face away from the outline's inside: the C shape's inner edge x = 1 faces +X.
        let c = Primitive.extrusion(points: Self.outlines[3], height: 2).mesh
        let inner = c.positions.indices.filter { c.positions[$0].x == 1 && c.normals[$0].y == 0 && c.normals[$0].z == 0 }
        XCTAssertFalse(inner.isEmpty)
        for k in inner { XCTAssertEqual(c.normals[k], [1, 0, 0]) }
        // The plane faces +Y.
        let pl = Primitive.plane(size: [2, 3]).mesh
        XCTAssertEqual(pl.normals, Array(repeating: [0, 1, 0], count: 4))
        XCTAssertGreaterThan(cross(pl.positions[Int(pl.indices[1])] - pl.positions[Int(pl.indices[0])],
                                   pl.positions[Int(pl.indices[2])] - pl.positions[Int(pl.indices[0])]).y, 0)
    }

    func testMeshStaysInsideTheBounds() {
        for p in Self.samples {
            let b = p.bounds
            for v in p.mesh.positions {
                XCTAssertTrue(v.x >= b.min.x - 1e-9 && v.x <= b.max.x + 1e-9 && v.y >= b.min.y - 1e-9 && v.y <= b.max.y + 1e-9
                              && v.z >= b.min.z - 1e-9 && v.z <= b.max.z + 1e-9, "\(p.kind): \(v) outside \(b)")
            }
        }
    }

    /// A capped extrusion's cap area equals the outline's area (the ear clipping covers it exactly once).
    func testExtrusionCapCoversTheOutline() {
        for o in Self.outlines {
            let m = Primitive.extrusion(points: o, height: 1).mesh
            var cap = 0.0
            for t in 0..<m.triangleCount {
                let i = (0..<3).map { Int(m.indices[3 * t + $0]) }
                guard m.normals[i[0]] == [0, 1, 0] else { continue }
                cap += length(cross(m.positions[i[1]] - m.positions[i[0]], m.positions[i[2]] - m.positions[i[0]])) / 2
            }
            var a2 = 0.0
            for k in 0..<o.count { a2 += o[k].x * o[(k + 1) % o.count].y - o[(k + 1) % o.count].x * o[k].y }
            XCTAssertEqual(cap, abs(a2) / 2, accuracy: 1e-9)
        }
    }

    /// The default scene's world, meshed, has exactly its documented 8110 triangles.
    func testDefaultSceneMeshesTo8110Triangles() throws {
        let url = SceneLoaderTests.scenes.appendingPathComponent("binhai-xr-stage.yaml")
        let s = try SceneLoader.load(bytes: [UInt8](try Data(contentsOf: url)), name: url.path, fileExists: SceneLoaderTests.exists)
        var n = 0
        for o in s.world.objects { if case .primitive(let p) = o.mesh { n += p.mesh.triangleCount } }
        XCTAssertEqual(n, 8110)
        XCTAssertEqual(n, s.world.primitiveTriangles)
    }

    func testTransformNormalsUnderNonUniformScale() {
        let t = Transform(rotateDegrees: [0, 90, 0], scale: [1, 0.8, 1])
        // A sphere normal tilted up stays perpendicular to the scaled surface's tangent.
        let n = t.applyNormal(SIMD3(1, 1, 0) / 2.0.squareRoot())
        let tangent = t.apply(SIMD3(-1, 1, 0)) - t.apply(.zero)
        XCTAssertEqual(dot(n, tangent), 0, accuracy: 1e-12)
        XCTAssertEqual(length(n), 1, accuracy: 1e-12)
    }

    func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
    }
    func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }
    func length(_ a: SIMD3<Double>) -> Double { dot(a, a).squareRoot() }
}
