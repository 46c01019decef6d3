// ExporterFeatureTests: what real exporters write that the readers got wrong (a sweep with hand-made files in the
// exporters' forms): byte order marks, one-number MTL colours, KHR_mesh_quantization, non-finite positions, a node
// transform past a float, bounds of used vertices only, BLEND said and alpha cutoffs checked.

import FoundationEssentials
import SceneFormat
import XCTest

final class ExporterFeatureTests: XCTestCase {
    /// A triangle plus one vertex no triangle uses, positions as given (`@POS@` replaced by 12 floats' base64), with
    /// three UInt16 indices 0 1 2; `top`, `material` and `node` add keys.
    static func gltf(_ positions: [Float], top: String = "", material: String = "", node: String = "") -> String {
        var bin: [UInt8] = []
        for f in positions { withUnsafeBytes(of: f.bitPattern.littleEndian) { bin += $0 } }
        for i: UInt16 in [0, 1, 2] { withUnsafeBytes(of: i.littleEndian) { bin += $0 } }
        while bin.count % 4 != 0 { bin.append(0) }
        let count = positions.count / 3
        return """
        {"asset":{"version":"2.0"},\(top)"scenes":[{"nodes":[0]}],"nodes":[{\(node)"mesh":0}],
         "meshes":[{"primitives":[{"attributes":{"POSITION":0},"indices":1,"material":0}]}],
         "materials":[{\(material)"name":"m"}],
         "buffers":[{"byteLength":\(bin.count),"uri":"data:application/octet-stream;base64,\(Data(bin).base64EncodedString())"}],
         "bufferViews":[{"buffer":0,"byteLength":\(12 * count)},{"buffer":0,"byteOffset":\(12 * count),"byteLength":6}],
         "accessors":[{"bufferView":0,"componentType":5126,"count":\(count),"type":"VEC3"},
                      {"bufferView":1,"componentType":5123,"count":3,"type":"SCALAR"}]}
        """
    }

    static func load(_ json: String) throws -> GLTFModel {
        try GLTFImporter.load(bytes: Array(json.utf8), name: "x.gltf") { _ in throw GLTFError(file: "x.gltf", message: "no files") }
    }

    static let used: [Float] = [0, 0, 0, 1, 0, 0, 0, 1, 0]

    /// `info`'s box is that of the vertices triangles use (a stray vertex at 100 m made it 100 m wide), as for OBJ.
    func testBoundsAreThoseOfUsedVertices() throws {
        let m = try Self.load(Self.gltf(Self.used + [100, 100, 100]))
        XCTAssertEqual(m.bounds?.max, SIMD3(1, 1, 0))
        XCTAssertEqual(m.bounds?.min, SIMD3(0, 0, 0))
        XCTAssertEqual(m.vertexCount, 4)
    }

    /// "NaN and Infinity MUST NOT be present" in accessors: one error naming the file, primitive, accessor and vertex.
    func testNonFinitePositionsAreRefused() throws {
        for (bad, word) in [(Float.infinity, "inf"), (.nan, "nan")] {
            XCTAssertThrowsError(try Self.load(Self.gltf(Self.used + [bad, 0, 0]))) {
                XCTAssertEqual("\($0)", "x.gltf: meshes[0].primitives[0]: POSITION (accessors[0]) vertex 3 holds \(word), not a finite number")
            }
        }
        // Finite data that a node's scales take past a 32-bit float: named by the node.
        XCTAssertThrowsError(try Self.load(Self.gltf(Self.used, node: "\"scale\":[1e39,1e39,1e39],"))) {
            XCTAssertEqual("\($0)", "x.gltf: nodes[0]: its transform takes vertex 1 of meshes[0].primitives[0] beyond a 32-bit float: check the node scales")
        }
    }

    /// "The transform of the skinned mesh node MUST be ignored": a skinned mesh is placed by its first joint (global
    /// transform times inverse bind matrix, identity when none), not moved 100 m by its node, and said.
    func testSkinnedMeshIsPlacedByItsJoint() throws {
        // Node 1, the joint, stands at x = 5 (an armature placed in the scene); the mesh node says x = 100.
        let json = Self.gltf(Self.used, top: "\"skins\":[{\"joints\":[1]}],",
                             node: "\"skin\":0,\"translation\":[100,0,0],\"mesh\":0},{\"translation\":[5,0,0],")
        let m = try Self.load(json)
        XCTAssertEqual(m.bounds?.min, SIMD3(5, 0, 0))
        XCTAssertEqual(m.bounds?.max, SIMD3(6, 1, 0))
        XCTAssertEqual(m.warnings, ["x.gltf: nodes[0]: skins[0] is drawn in its file pose, placed by its first joint (skinning and animation are not applied)"])
        // Without a skin the node's transform applies.
        XCTAssertEqual(try Self.load(Self.gltf(Self.used, node: "\"translation\":[100,0,0],")).bounds?.max, SIMD3(101, 1, 0))
        // A joint out of range is named.
        XCTAssertThrowsError(try Self.load(Self.gltf(Self.used, top: "\"skins\":[{\"joints\":[7]}],", node: "\"skin\":0,"))) {
            XCTAssertEqual("\($0)", "x.gltf: skins[0]: joint 7 is out of range (1 nodes)")
        }
    }

    /// Valid JSON with a fraction where glTF wants a whole number: the field named, not "not valid JSON".
    func testNonIntegerCountsNameTheField() throws {
        for (text, shown) in [("4.5", "4.5"), ("1e30", "1e+30")] {
            let json = Self.gltf(Self.used).replacingOccurrences(of: "\"count\":3,\"type\":\"VEC3\"", with: "\"count\":\(text),\"type\":\"VEC3\"")
            XCTAssertThrowsError(try Self.load(json)) {
                XCTAssertEqual("\($0)", "x.gltf: JSON: accessors[0].count: \(shown): this field needs a whole number (no fraction, below 2^53)")
            }
        }
    }

    /// gltfpack marks KHR_mesh_quantization required; it only widens the component types, which are read: loaded,
    /// with no "ignored" warning.
    func testMeshQuantizationIsSupported() throws {
        let m = try Self.load(Self.gltf(Self.used, top: "\"extensionsUsed\":[\"KHR_mesh_quantization\"],\"extensionsRequired\":[\"KHR_mesh_quantization\"],"))
        XCTAssertEqual(m.triangleCount, 1)
        XCTAssertEqual(m.warnings, [])
    }

    /// BLEND is drawn opaque: said once per material; OPAQUE and MASK (cut out) are silent. A cutoff below 0 or past a
    /// float is refused, naming the material (glTF: "minimum 0").
    func testBlendIsSaidAndCutoffsAreChecked() throws {
        XCTAssertEqual(try Self.load(Self.gltf(Self.used, material: "\"alphaMode\":\"OPAQUE\",")).warnings, [])
        let mask = try Self.load(Self.gltf(Self.used, material: "\"alphaMode\":\"MASK\",\"alphaCutoff\":0.25,"))
        XCTAssertEqual(mask.warnings, [])
        XCTAssertEqual(mask.materials[0].alphaMode, .mask)
        XCTAssertEqual(mask.materials[0].alphaCutoff, 0.25)
        XCTAssertEqual(try Self.load(Self.gltf(Self.used, material: "\"alphaMode\":\"BLEND\",")).warnings,
                       ["x.gltf: materials[0]: alphaMode BLEND is drawn opaque (xrstudio draws no transparency; MASK cut-outs are drawn)"])
        for bad in ["-0.5", "1e39"] {
            XCTAssertThrowsError(try Self.load(Self.gltf(Self.used, material: "\"alphaMode\":\"MASK\",\"alphaCutoff\":\(bad),"))) {
                XCTAssertTrue("\($0)".hasPrefix("x.gltf: materials[0]: alphaCutoff "), "\($0)")
                XCTAssertTrue("\($0)".hasSuffix(" is not a finite number >= 0"), "\($0)")
            }
        }
    }

    /// A UTF-8 byte order mark (Windows editors write one) is skipped: before `mtllib` it dropped the library, before
    /// the first `v` it lost the vertex; an MTL with one refused the model.
    func testByteOrderMarksAreSkipped() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let obj = try OBJParser.parse(bom + Array("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n".utf8), name: "b.obj")
        XCTAssertEqual(obj.positions.count, 3)
        let lib = try OBJParser.parse(bom + Array("mtllib b.mtl\nusemtl red\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n".utf8), name: "b.obj")
        XCTAssertEqual(lib.materialLibraries(whereFileExists: { _ in true }), ["b.mtl"])
        // In pieces, as big files are read: the same.
        XCTAssertEqual(try OBJReader.parse(bom + Array("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n".utf8), name: "b.obj", chunk: 2).positions.count, 3)
        let m = try MTLParser.parse(bom + Array("newmtl red\nKd 1 0 0\n".utf8), name: "b.mtl")
        XCTAssertEqual(m.map(\.name), ["red"])
        // A mark later in the file is not skipped (it is not the start): that statement is an unknown one.
        XCTAssertEqual(try MTLParser.parse(Array("newmtl a\n".utf8) + bom + Array("Kd 1 0 0\n".utf8), name: "c.mtl")[0].diffuse,
                       SIMD3(repeating: 0.8))
    }

    /// Triangles of `obj` (one face) in the xy plane: their signed areas and whether any covers `point`.
    func coverage(_ obj: String, _ point: SIMD2<Float>) throws -> (areas: [Float], covers: Bool) {
        let m = try OBJParser.parse(Array(obj.utf8), name: "p.obj")
        var areas: [Float] = [], covers = false
        for t in stride(from: 0, to: m.indices.count, by: 3) {
            let a = m.positions[Int(m.indices[t])], b = m.positions[Int(m.indices[t + 1])], c = m.positions[Int(m.indices[t + 2])]
            func cross(_ o: SIMD3<Float>, _ p: SIMD3<Float>, _ q: SIMD2<Float>) -> Float {
                (p.x - o.x) * (q.y - o.y) - (p.y - o.y) * (q.x - o.x)
            }
            areas.append(((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)) / 2)
            if cross(a, b, point) > 0 && cross(b, c, point) > 0 && cross(c, a, point) > 0 { covers = true }
        }
        return (areas, covers)
    }

    /// A concave n-gon (Blender writes n-gons unless Triangulate is ticked) is cut into ears: its triangles keep its
    /// winding, add up to its area and leave its notch empty (the fan from corner 1 covered it). A convex face keeps
    /// the fan exactly; a self-crossing one falls back to it.
    func testConcavePolygonsAreCutIntoEars() throws {
        let u = "v 0 0 0\nv 3 0 0\nv 3 3 0\nv 2 3 0\nv 2 1 0\nv 1 1 0\nv 1 3 0\nv 0 3 0\nf 1 2 3 4 5 6 7 8\n"
        let (areas, covers) = try coverage(u, [1.5, 2.5])
        XCTAssertEqual(areas.count, 6)
        XCTAssertTrue(areas.allSatisfy { $0 > 0 }, "\(areas)")
        XCTAssertEqual(areas.reduce(0, +), 7, accuracy: 1e-5)
        XCTAssertFalse(covers, "the notch is not covered")
        XCTAssertTrue(try coverage(u, [0.5, 2.5]).covers, "an arm is")
        // The same U wound the other way (seen from behind): clockwise triangles, the same area, the notch empty.
        let back = try coverage(u.replacingOccurrences(of: "f 1 2 3 4 5 6 7 8", with: "f 8 7 6 5 4 3 2 1"), [1.5, 2.5])
        XCTAssertTrue(back.areas.allSatisfy { $0 < 0 })
        XCTAssertFalse(back.covers)
        // A dart (a concave quad, its reflex corner first): two triangles, area 1.5, the notch empty.
        let dart = try coverage("v 1 1 0\nv 0 0 0\nv 2 0.5 0\nv 0 2 0\nf 1 2 3 4\n", [0.2, 1])
        XCTAssertEqual(dart.areas.reduce(0, +), abs(dart.areas.reduce(0, +)), "counter-clockwise")
        XCTAssertFalse(dart.covers)
        // Convex: the fan, as before.
        let quad = try OBJParser.parse(Array("v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1 2 3 4\n".utf8), name: "q.obj")
        XCTAssertEqual(quad.indices, [0, 1, 2, 0, 2, 3])
        // Faces convex in intent keep the fan exactly: a height-field quad off its plane (its projection may look
        // concave), a pentagon on a tilted plane with a corner on an edge (straight, rounded by Float), a quad whose
        // notch is corner 0 or 2 (the fan's diagonal is inside).
        let bent = try OBJParser.parse(Array("v 0 0 0\nv 1 5 0\nv 1 -3 1\nv 0 4 1\nf 1 2 3 4\n".utf8), name: "h.obj")
        XCTAssertEqual(bent.indices, [0, 1, 2, 0, 2, 3])
        let tilt: (Float, Float) -> String = { x, y in "v \(x) \(y) \(0.3 * x + 0.7 * y)\n" }
        let onEdge = try OBJParser.parse(Array((tilt(0, 0) + tilt(2, 0) + tilt(2, 2) + tilt(1, 2) + tilt(0.1, 2) + "f 1 2 3 4 5\n").utf8),
                                         name: "t.obj")
        XCTAssertEqual(onEdge.indices, [0, 1, 2, 0, 2, 3, 0, 3, 4])
        let notchAtZero = try OBJParser.parse(Array("v 1 1 0\nv 0 0 0\nv 2 0.5 0\nv 0 2 0\nf 1 2 3 4\n".utf8), name: "d.obj")
        XCTAssertEqual(notchAtZero.indices, [0, 1, 2, 0, 2, 3])
        // A face past the corner limit (ear clipping is quadratic): fanned unchecked, said.
        var big = ""
        for k in 0..<300 { let a = Float(k) / 300 * 2 * .pi; big += "v \(cos(a)) \(sin(a)) 0\n" }
        big += "f " + (1...300).map(String.init).joined(separator: " ") + "\n"
        let many = try OBJParser.parse(Array(big.utf8), name: "n.obj")
        XCTAssertEqual(many.indices.count, 298 * 3)
        XCTAssertEqual(many.warnings, ["1 face has more than 256 corners: fanned without checking for notches (a concave one is drawn over its notch)"])
        // A bowtie crosses itself: no ears to find; the fan, no trap.
        XCTAssertEqual(try OBJParser.parse(Array("v 0 0 0\nv 1 1 0\nv 1 0 0\nv 0 1 0\nf 1 2 3 4\n".utf8), name: "b.obj").indices.count, 6)
    }

    /// "If only r is specified, then g and b are assumed to be equal to r" (Wavefront MTL): `Kd 0.5`, `Ke 0.25`.
    func testOneNumberColoursAreGrey() throws {
        let m = try MTLParser.parse(Array("newmtl g\nKd 0.5\nKe 0.25 # glow\nnewmtl c\nKd 0.1 0.2 0.3\n".utf8), name: "g.mtl")
        XCTAssertEqual(m[0].diffuse, SIMD3(repeating: 0.5))
        XCTAssertEqual(m[0].emissive, SIMD3(repeating: 0.25))
        XCTAssertEqual(m[1].diffuse, SIMD3(0.1, 0.2, 0.3))
        // Two numbers are neither form.
        XCTAssertThrowsError(try MTLParser.parse(Array("newmtl g\nKd 0.5 0.5\n".utf8), name: "g.mtl")) {
            XCTAssertTrue("\($0)".hasPrefix("g.mtl:2:"), "\($0)")
        }
    }
}
