// GLTFImporterTests: real glTF/GLB files against the shared manifest, and one hostile input per error message.

import FoundationEssentials
import Geometry
import SceneFormat
import XCTest
import XRTestSupport

final class GLTFImporterTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared/assets")

    struct ResolveError: Error, CustomStringConvertible {
        var description: String
    }

    /// Loads a file from ../shared/assets, resolving its URIs beside it.
    func loadShared(_ file: String) throws -> GLTFModel {
        let url = GLTFImporterTests.shared.appendingPathComponent(file)
        let dir = url.deletingLastPathComponent()
        return try GLTFImporter.load(bytes: [UInt8](try Data(contentsOf: url)), name: url.lastPathComponent) { uri in
            [UInt8](try Data(contentsOf: dir.appendingPathComponent(uri)))
        }
    }

    func sharedAssetsPresent() -> Bool {
        let manifest = GLTFImporterTests.shared.appendingPathComponent("manifest.json")
        guard FileManager.default.fileExists(atPath: manifest.path) else {
            XCTFail("../shared/assets is absent (a user's clone): these tests need it beside the project")
            return false
        }
        return true
    }

    /// Every glTF and GLB in ../shared/assets: triangles, vertices, world bbox and image count as the manifest says.
    func testSharedAssetsMatchManifest() throws {
        guard sharedAssetsPresent() else { return }
        struct Entry: Decodable {
            var file: String, format: String, triangles: Int, vertices: Int, textures: Int
            var bbox_min: [Double], bbox_max: [Double]
        }
        let manifestURL = GLTFImporterTests.shared.appendingPathComponent("manifest.json")
        let entries = try JSONDecoder().decode([Entry].self, from: Data(contentsOf: manifestURL))
            .filter { $0.format == "gltf" || $0.format == "glb" }
        XCTAssertEqual(entries.count, 5)
        for e in entries {
            let model = try loadShared(e.file)
            XCTAssertEqual(model.triangleCount, e.triangles, e.file)
            XCTAssertEqual(model.vertexCount, e.vertices, e.file)
            XCTAssertEqual(model.images.count, e.textures, e.file)
            XCTAssertEqual(model.warnings, [], e.file)
            let b = try XCTUnwrap(model.bounds, e.file)
            let extent = (0..<3).map { e.bbox_max[$0] - e.bbox_min[$0] }.max()!
            for k in 0..<3 {
                let tol = 1e-5 * max(extent, 1e-3)
                XCTAssertEqual(Double(b.min[k]), e.bbox_min[k], accuracy: tol, "\(e.file) min[\(k)]")
                XCTAssertEqual(Double(b.max[k]), e.bbox_max[k], accuracy: tol, "\(e.file) max[\(k)]")
            }
            for p in model.primitives {
                XCTAssertTrue(p.indices.allSatisfy { Int($0) < p.positions.count }, e.file)
                for n in p.normals ?? [] {
                    XCTAssertEqual((n * n).sum(), 1, accuracy: 1e-4, e.file)
                }
            }
        }
    }

    /// CesiumMilkTruck: the wheel mesh is drawn once per node; external PNG loaded; materials and samplers read.
    func testCesiumMilkTruckInstancesMaterialsAndExternalImage() throws {
        guard sharedAssetsPresent() else { return }
        let m = try loadShared("gltf-cesium-milk-truck/CesiumMilkTruck.gltf")
        XCTAssertEqual(m.primitives.count, 5)  // 4 primitives, the wheel's placed twice
        let wheels = m.primitives.filter { $0.mesh == 1 }
        XCTAssertEqual(Set(wheels.map(\.node)), [2, 4])
        XCTAssertNotEqual(wheels[0].positions[0], wheels[1].positions[0])
        XCTAssertEqual(m.materials.count, 4)
        XCTAssertEqual(m.materials[0].baseColorTexture, 0)
        XCTAssertNil(m.materials[1].baseColorTexture)
        XCTAssertEqual(m.materials[1].baseColor.y, 0.04050629958510399, accuracy: 1e-7)
        XCTAssertEqual(m.textures, [GLTFTexture(image: 0, wrapS: .repeat, wrapT: .repeat),
                                    GLTFTexture(image: 0, wrapS: .repeat, wrapT: .repeat)])
        XCTAssertEqual(m.images.count, 1)
        XCTAssertEqual(m.images[0].mimeType, "image/png")
        XCTAssertEqual(m.images[0].name, "CesiumMilkTruck.png")
        XCTAssertEqual(Array(m.images[0].bytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        XCTAssertEqual(m.images[0].bytes.count, 427_633)
    }

    /// BoxTextured (data: URIs) and Duck (GLB, image in a bufferView): PNG bytes come out intact.
    func testEmbeddedImagesAndUVs() throws {
        guard sharedAssetsPresent() else { return }
        for file in ["gltf-embedded-boxtextured/BoxTextured.gltf", "glb-duck/Duck.glb"] {
            let m = try loadShared(file)
            XCTAssertEqual(m.images.count, 1, file)
            XCTAssertEqual(m.images[0].mimeType, "image/png", file)
            XCTAssertEqual(Array(m.images[0].bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], file)
            XCTAssertEqual(m.textures.first?.image, 0, file)
            XCTAssertNotNil(m.primitives.first?.uvs, file)
            XCTAssertNotNil(m.primitives.first?.normals, file)
            XCTAssertEqual(m.materials.first?.baseColorTexture, 0, file)
        }
    }

    // MARK: hand-written inputs

    /// A little-endian byte image of floats and UInt16 indices, padded to 4 bytes.
    static func buffer(_ positions: [Float], _ indices: [UInt16]) -> [UInt8] {
        var b: [UInt8] = []
        for f in positions { withUnsafeBytes(of: f.bitPattern.littleEndian) { b += $0 } }
        for i in indices { withUnsafeBytes(of: i.littleEndian) { b += $0 } }
        while b.count % 4 != 0 { b.append(0) }
        return b
    }

    static let triangle: [Float] = [0, 0, 0, 1, 0, 0, 0, 1, 0]

    /// One triangle: positions (36 bytes) then three UInt16 indices (6 bytes, padded to 44), all in a data: URI.
    /// `@BUFFER@` and `@INDEXVIEW@` are substituted so cases can replace pieces of the text.
    static let template = """
    {"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],
     "nodes":[{"mesh":0}],
     "meshes":[{"primitives":[{"attributes":{"POSITION":0},"indices":1}]}],
     "accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]},
                  {"bufferView":1,"componentType":5123,"count":3,"type":"SCALAR"}],
     "bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":36},{"buffer":0,"byteOffset":36,"byteLength":6}],
     "buffers":[{"uri":"@BUFFER@","byteLength":44}]}
    """

    static func json(indices: [UInt16] = [0, 1, 2], _ edits: [(String, String)] = []) -> String {
        let b64 = Data(buffer(triangle, indices)).base64EncodedString()
        var s = template.replacingOccurrences(of: "@BUFFER@", with: "data:application/octet-stream;base64," + b64)
        for (from, to) in edits {
            precondition(s.contains(from), "template has no \(from)")
            s = s.replacingOccurrences(of: from, with: to)
        }
        return s
    }

    /// A GLB container around `json` and `bin` (chunks padded as the spec asks).
    static func glb(json: String, bin: [UInt8]?) -> [UInt8] {
        func u32(_ v: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(v).littleEndian) { Array($0) } }
        var j = Array(json.utf8)
        while j.count % 4 != 0 { j.append(0x20) }
        var body = u32(j.count) + Array("JSON".utf8) + j
        if let bin { body += u32(bin.count) + [0x42, 0x49, 0x4E, 0x00] + bin }
        return Array("glTF".utf8) + u32(2) + u32(12 + body.count) + body
    }

    static func noFiles(_ uri: String) throws -> [UInt8] {
        throw ResolveError(description: "no such file")
    }

    func testInlineTriangleLoads() throws {
        let m = try GLTFImporter.load(bytes: Array(GLTFImporterTests.json().utf8), name: "x.gltf",
                                      resolve: GLTFImporterTests.noFiles)
        XCTAssertEqual(m.triangleCount, 1)
        XCTAssertEqual(m.vertexCount, 3)
        XCTAssertEqual(m.primitives[0].indices, [0, 1, 2])
        XCTAssertEqual(m.bounds?.max, SIMD3(1, 1, 0))
        XCTAssertEqual(m.warnings, [])
    }

    /// One hostile or broken input per row, and the exact message it must produce.
    func testBrokenInputsReportFileAndElement() throws {
        func J(_ edits: [(String, String)]) -> String { GLTFImporterTests.json(edits) }
        let good = J([])
        let goodGLB = GLTFImporterTests.glb(json: good, bin: nil)
        var lyingChunk = goodGLB
        lyingChunk[12] &+= 8  // JSON chunk claims 8 more bytes than the file holds
        let cases: [(name: String, bytes: [UInt8], expected: String)] = [
            ("x.glb", Array("glTX\u{2}\0\0\0\u{14}\0\0\0 and some more".utf8), "x.glb: not a GLB file (bad magic)"),
            ("x.glb", Array("glTF\u{2}\0".utf8), "x.glb: truncated GLB: 6 bytes, the header alone needs 12"),
            ("x.glb", Array(goodGLB.prefix(100)),
             "x.glb: truncated GLB: header says \(goodGLB.count) bytes, the file has 100"),
            ("x.glb", lyingChunk, "x.glb: truncated GLB: chunk 0 says \(goodGLB.count - 12) bytes, \(goodGLB.count - 20) remain"),
            ("x.glb", Array("glTF\u{1}\0\0\0\u{c}\0\0\0".utf8), "x.glb: GLB version 1 is not supported (needs 2)"),
            ("x.gltf", Array("{\"asset\": {\"version\": \"2.0\"".utf8), "x.gltf: JSON: "),
            ("x.gltf", Array("{\"nodes\": []}".utf8), "x.gltf: JSON: missing 'asset'"),
            ("x.gltf", Array(J([("\"2.0\"", "\"1.0\"")]).utf8), "x.gltf: asset: version '1.0' is not glTF 2.x"),
            ("x.gltf", Array(J([("\"scene\":0", "\"extensionsRequired\":[\"KHR_draco_mesh_compression\"],\"scene\":0")]).utf8),
             "x.gltf: extensionsRequired: extension 'KHR_draco_mesh_compression' is required but not supported"),
            ("x.gltf", Array(J([("\"count\":3,\"type\":\"VEC3\"", "\"count\":4,\"type\":\"VEC3\"")]).utf8),
             "x.gltf: meshes[0].primitives[0]: accessor 0 reads past the end of bufferView 0 (needs 48 bytes, has 36)"),
            ("x.gltf", Array(J([("\"count\":3,\"type\":\"VEC3\"", "\"count\":1000000000000,\"type\":\"VEC3\"")]).utf8),
             "x.gltf: meshes[0].primitives[0]: accessor 0 claims 1000000000000 elements (the limit is 268435456)"),
            ("x.gltf", Array(J([("\"bufferView\":0,\"componentType\":5126,\"count\":3", "\"componentType\":5126,\"count\":2000000")]).utf8),
             "x.gltf: meshes[0].primitives[0]: accessor 0 has no bufferView and claims 2000000 zero elements (the limit is 1048576)"),
            ("x.gltf", Array(J([("\"byteLength\":44}", "\"byteLength\":2000000000}")]).utf8),
             "x.gltf: buffers[0]: byteLength 2000000000 is over the limit of 1073741824 bytes (1 GiB)"),
            ("x.gltf", Array(J([("\"byteLength\":44}", "\"byteLength\":100}")]).utf8),
             "x.gltf: buffers[0]: byteLength says 100 bytes, the data: URI has 44"),
            ("x.gltf", Array(#"{"asset":{"version":"2.0"},"buffers":[{"uri":"missing.bin","byteLength":44}]}"#.utf8),
             "x.gltf: buffers[0]: cannot read 'missing.bin': no such file"),
            ("x.gltf", Array(#"{"asset":{"version":"2.0"},"buffers":[{"uri":"data:application/gltf-buffer;base64,AAA*","byteLength":2}]}"#.utf8),
             "x.gltf: buffers[0]: data: URI holds invalid base64"),
            ("x.gltf", Array(J([("\"byteOffset\":36,\"byteLength\":6", "\"byteOffset\":40,\"byteLength\":6")]).utf8),
             "x.gltf: bufferViews[1]: reads past the end of buffer 0 (needs 46 bytes, has 44)"),
            // A sum past Int.max is said as the two numbers, never as a wrapped negative size.
            ("x.gltf", Array(J([("\"byteOffset\":36,\"byteLength\":6", "\"byteOffset\":40,\"byteLength\":9223372036854775800")]).utf8),
             "x.gltf: bufferViews[1]: reads past the end of buffer 0 (needs byteOffset 40 + byteLength 9223372036854775800, has 44)"),
            ("x.gltf", Array(GLTFImporterTests.json(indices: [0, 1, 5]).utf8),
             "x.gltf: meshes[0].primitives[0]: index 5 at position 2 of accessor 1 is out of range (3 vertices)"),
            ("x.gltf", Array(J([("\"nodes\":[{\"mesh\":0}]", "\"nodes\":[{\"mesh\":0,\"children\":[1]},{\"children\":[0]}]")]).utf8),
             "x.gltf: nodes[0]: node 0 is its own ancestor (cycle 0 -> 1 -> 0)"),
            ("x.gltf", Array(J([("\"nodes\":[{\"mesh\":0}]", "\"nodes\":[{\"mesh\":0,\"children\":[0]}]")]).utf8),
             "x.gltf: nodes[0]: node 0 is its own ancestor (cycle 0 -> 0)"),
            ("x.gltf", Array(J([("\"nodes\":[{\"mesh\":0}]", "\"nodes\":[{\"children\":[2]},{\"children\":[2]},{\"mesh\":0}]")]).utf8),
             "x.gltf: nodes[2]: node 2 has two parents (nodes 0 and 1)"),
            ("x.gltf", Array(J([("\"nodes\":[{\"mesh\":0}]", "\"nodes\":[{\"mesh\":3}]")]).utf8),
             "x.gltf: nodes[0]: mesh 3 is out of range (1 meshes)"),
            ("x.gltf", Array(J([("\"nodes\":[{\"mesh\":0}]", "\"nodes\":[{\"mesh\":0,\"matrix\":[1,0,0]}]")]).utf8),
             "x.gltf: nodes[0]: matrix has 3 numbers, needs 16"),
            ("x.gltf", Array(J([("\"componentType\":5123", "\"componentType\":5126")]).utf8),
             "x.gltf: meshes[0].primitives[0]: indices accessor 1 has componentType 5126 (FLOAT), needs 5121, 5123 or 5125"),
            ("x.gltf", Array(J([("\"componentType\":5126", "\"componentType\":5124")]).utf8),
             "x.gltf: meshes[0].primitives[0]: accessor 0 has componentType 5124, which is not a glTF component type"),
            ("x.gltf", Array(J([("\"type\":\"VEC3\"", "\"type\":\"VEC5\"")]).utf8),
             "x.gltf: meshes[0].primitives[0]: accessor 0 has type 'VEC5', which is not a glTF accessor type"),
            ("x.gltf", Array(J([("\"count\":3,\"type\":\"VEC3\"", "\"count\":3,\"type\":\"VEC2\"")]).utf8),
             "x.gltf: meshes[0].primitives[0]: POSITION accessor 0 is VEC2, needs VEC3"),
            ("x.gltf", Array(J([("\"indices\":1}", "\"indices\":1,\"mode\":9}")]).utf8),
             "x.gltf: meshes[0].primitives[0]: mode 9 is not a glTF primitive mode (0...6)"),
            ("x.gltf", Array(J([("\"indices\":1}", "\"indices\":1,\"material\":0}")]).utf8),
             "x.gltf: meshes[0].primitives[0]: material 0 is out of range (0 materials)"),
            ("x.gltf", Array(J([("\"POSITION\":0", "\"POSITION\":7")]).utf8),
             "x.gltf: meshes[0].primitives[0]: POSITION names accessor 7, but there are 2 accessors"),
        ]
        XCTAssertEqual(cases.count, 31)
        for c in cases {
            XCTAssertThrowsError(try GLTFImporter.load(bytes: c.bytes, name: c.name, resolve: GLTFImporterTests.noFiles),
                                 c.expected) { error in
                guard let e = error as? GLTFError else { return XCTFail("not a GLTFError: \(error)") }
                if c.expected.hasSuffix(": ") {
                    XCTAssertTrue(e.description.hasPrefix(c.expected) && e.description.count > c.expected.count, e.description)
                } else {
                    XCTAssertEqual(e.description, c.expected)
                }
            }
        }
    }

    /// POINTS (and LINES) primitives are skipped with a warning, not an error.
    func testPointsAreSkippedWithAWarning() throws {
        let text = GLTFImporterTests.json([("\"indices\":1}", "\"indices\":1,\"mode\":0}")])
        let m = try GLTFImporter.load(bytes: Array(text.utf8), name: "x.gltf", resolve: GLTFImporterTests.noFiles)
        XCTAssertEqual(m.triangleCount, 0)
        XCTAssertEqual(m.primitives.count, 0)
        XCTAssertEqual(m.warnings, ["x.gltf: meshes[0].primitives[0]: mode 0 (POINTS) draws no triangles; skipped"])
    }

    /// A square as a 4-vertex strip and as a fan: two triangles each, counter-clockwise kept.
    func testStripAndFanAreTriangulated() throws {
        let square: [Float] = [0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0]
        let b64 = Data(GLTFImporterTests.buffer(square, [])).base64EncodedString()
        func load(_ mode: Int) throws -> GLTFModel {
            let text = """
            {"asset":{"version":"2.0"},"nodes":[{"mesh":0}],
             "meshes":[{"primitives":[{"attributes":{"POSITION":0},"mode":\(mode)}]}],
             "accessors":[{"bufferView":0,"componentType":5126,"count":4,"type":"VEC3"}],
             "bufferViews":[{"buffer":0,"byteLength":48}],
             "buffers":[{"uri":"data:application/gltf-buffer;base64,\(b64)","byteLength":48}]}
            """
            return try GLTFImporter.load(bytes: Array(text.utf8), name: "s.gltf", resolve: GLTFImporterTests.noFiles)
        }
        let strip = try load(5)
        XCTAssertEqual(strip.primitives[0].indices, [0, 1, 2, 1, 3, 2])
        let fan = try load(6)
        XCTAssertEqual(fan.primitives[0].indices, [1, 2, 0, 2, 3, 0])
        XCTAssertEqual(fan.triangleCount, 2)
        XCTAssertEqual(fan.vertexCount, 4)  // no scene: the root node is drawn
    }

    /// TRS composes as T * R * S down the hierarchy; a mirroring scale flips winding and normals follow the
    /// inverse-transpose; a GLB with a BIN chunk reads the same buffer.
    func testTransformsNormalsAndGLB() throws {
        let bin = GLTFImporterTests.buffer(GLTFImporterTests.triangle + [0, 0, 1, 0, 0, 1, 0, 0, 1], [0, 1, 2])
        let json = """
        {"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],
         "nodes":[{"translation":[10,0,0],"children":[1]},
                  {"rotation":[0,0,0.7071067811865476,0.7071067811865476],"scale":[2,2,-1],"mesh":0}],
         "meshes":[{"primitives":[{"attributes":{"POSITION":0,"NORMAL":1},"indices":2}]}],
         "accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3"},
                      {"bufferView":0,"byteOffset":36,"componentType":5126,"count":3,"type":"VEC3"},
                      {"bufferView":1,"componentType":5123,"count":3,"type":"SCALAR"}],
         "bufferViews":[{"buffer":0,"byteLength":72},{"buffer":0,"byteOffset":72,"byteLength":6}],
         "buffers":[{"byteLength":78}]}
        """
        let m = try GLTFImporter.load(bytes: GLTFImporterTests.glb(json: json, bin: bin), name: "t.glb",
                                      resolve: GLTFImporterTests.noFiles)
        let p = try XCTUnwrap(m.primitives.first)
        // (1, 0, 0) scaled to (2, 0, 0), rotated 90 degrees about z to (0, 2, 0), moved to (10, 2, 0).
        XCTAssertEqual(p.positions[1].x, 10, accuracy: 1e-5)
        XCTAssertEqual(p.positions[1].y, 2, accuracy: 1e-5)
        XCTAssertEqual(p.positions[2].x, 8, accuracy: 1e-5)
        // scale z = -1 mirrors: the normal (0, 0, 1) becomes (0, 0, -1) and the winding is reversed.
        let n = try XCTUnwrap(p.normals)[0]
        XCTAssertEqual(n.z, -1, accuracy: 1e-6)
        XCTAssertEqual(p.indices, [0, 2, 1])
    }

    /// Wrap modes, alpha and emissive from a material; images from an external resolver with a percent-escaped name.
    func testMaterialsSamplersAndEscapedImageURI() throws {
        let text = GLTFImporterTests.json([("\"scene\":0", """
            "materials":[{"pbrMetallicRoughness":{"baseColorFactor":[1,0.5,0.25,0.5],"baseColorTexture":{"index":0}},
                          "emissiveFactor":[0.1,0.2,0.3],"alphaMode":"BLEND","doubleSided":true}],
            "textures":[{"source":0,"sampler":0}],
            "samplers":[{"wrapS":33071,"wrapT":33648}],
            "images":[{"uri":"my%20tex.jpg"}],
            "scene":0
            """), ("\"indices\":1}", "\"indices\":1,\"material\":0}")])
        var asked: [String] = []
        let m = try GLTFImporter.load(bytes: Array(text.utf8), name: "x.gltf") { uri in
            asked.append(uri)
            return [0xFF, 0xD8, 0xFF]
        }
        XCTAssertEqual(asked, ["my tex.jpg"])
        XCTAssertEqual(m.images, [GLTFImage(bytes: [0xFF, 0xD8, 0xFF], mimeType: "image/jpeg", name: "my tex.jpg")])
        XCTAssertEqual(m.textures, [GLTFTexture(image: 0, wrapS: .clampToEdge, wrapT: .mirroredRepeat)])
        let mat = try XCTUnwrap(m.materials.first)
        XCTAssertEqual(mat.baseColor, SIMD4(1, 0.5, 0.25, 0.5))
        XCTAssertEqual(mat.emissive, SIMD3(0.1, 0.2, 0.3))
        XCTAssertEqual(mat.alphaMode, .blend)
        XCTAssertTrue(mat.doubleSided)
        XCTAssertEqual(m.primitives[0].material, 0)
    }

    /// Seeded random truncations and byte flips of a valid GLB never crash: they load or throw a GLTFError.
    func testMutatedGLBsNeverCrash() {
        let good = GLTFImporterTests.glb(json: GLTFImporterTests.json(), bin: nil)
        var rng = SplitMix64(seed: 2026)  // fixed seed: a failure reproduces
        for _ in 0..<300 {
            var b = good
            if Bool.random(using: &rng) {
                b = Array(b.prefix(Int.random(in: 0...b.count, using: &rng)))
            } else {
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !b.isEmpty {
                    b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            do { _ = try GLTFImporter.load(bytes: b, name: "m.glb", resolve: GLTFImporterTests.noFiles) } catch {
                XCTAssertTrue(error is GLTFError, "\(error)")
            }
        }
    }
}
