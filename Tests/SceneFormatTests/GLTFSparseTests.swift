// GLTFSparseTests: sparse accessors applied to every accessor use, and hostile sparse blocks refused by name.

import FoundationEssentials
import SceneFormat
import XCTest

final class GLTFSparseTests: XCTestCase {
    /// Little-endian bytes of floats, UInt16s and padding, in the order given.
    static func floats(_ v: [Float]) -> [UInt8] { v.flatMap { f in withUnsafeBytes(of: f.bitPattern.littleEndian) { Array($0) } } }
    static func shorts(_ v: [UInt16]) -> [UInt8] { v.flatMap { i in withUnsafeBytes(of: i.littleEndian) { Array($0) } } }

    static func load(_ json: String) throws -> GLTFModel {
        try GLTFImporter.load(bytes: Array(json.utf8), name: "s.gltf") { _ in throw GLTFError(file: "s.gltf", message: "no files") }
    }

    // MARK: the Khronos sample SimpleSparseAccessor, rebuilt from its description

    /// Two rows of 7 vertices (y = 0 and y = 1, x = 0...6), 6 quads as 12 triangles; the sparse block moves
    /// vertices 8, 10 and 12 (x = 1, 3, 5 of the top row) up to y = 2, 3 and 4. Buffer layout as the sample's
    /// 284 bytes: indices (72) | positions (168) | sparse indices (6, padded to 8) | sparse values (36).
    static let sampleBase: [Float] = (0..<14).flatMap { i -> [Float] in [Float(i % 7), Float(i / 7), 0] }
    static let sampleIndices: [UInt16] = (0..<6).flatMap { q -> [UInt16] in
        let q = UInt16(q)
        return [q, q + 1, q + 8, q, q + 8, q + 7]
    }
    static let sampleSparseIndices: [UInt16] = [8, 10, 12]
    static let sampleSparseValues: [Float] = [1, 2, 0, 3, 3, 0, 5, 4, 0]

    static func sampleBuffer() -> [UInt8] {
        shorts(sampleIndices) + floats(sampleBase) + shorts(sampleSparseIndices) + [0, 0] + floats(sampleSparseValues)
    }

    static func sample(_ edits: [(String, String)] = [], buffer: [UInt8] = sampleBuffer()) -> String {
        var s = """
        {"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
         "meshes":[{"primitives":[{"attributes":{"POSITION":1},"indices":0}]}],
         "buffers":[{"byteLength":\(buffer.count),"uri":"data:application/octet-stream;base64,\(Data(buffer).base64EncodedString())"}],
         "bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":72,"target":34963},
                        {"buffer":0,"byteOffset":72,"byteLength":168},
                        {"buffer":0,"byteOffset":240,"byteLength":6},
                        {"buffer":0,"byteOffset":248,"byteLength":36}],
         "accessors":[{"bufferView":0,"byteOffset":0,"componentType":5123,"count":36,"type":"SCALAR","max":[13],"min":[0]},
                      {"bufferView":1,"byteOffset":0,"componentType":5126,"count":14,"type":"VEC3",
                       "max":[6,4,0],"min":[0,0,0],
                       "sparse":{"count":3,"indices":{"bufferView":2,"byteOffset":0,"componentType":5123},
                                 "values":{"bufferView":3,"byteOffset":0}}}]}
        """
        for (from, to) in edits {
            precondition(s.contains(from), "sample has no \(from)")
            s = s.replacingOccurrences(of: from, with: to)
        }
        return s
    }

    func testSimpleSparseAccessorSample() throws {
        XCTAssertEqual(GLTFSparseTests.sampleBuffer().count, 284)
        let m = try GLTFSparseTests.load(GLTFSparseTests.sample())
        XCTAssertEqual(m.warnings, [])
        XCTAssertEqual(m.primitives.count, 1)
        var expected = (0..<14).map { SIMD3<Float>(Float($0 % 7), Float($0 / 7), 0) }
        expected[8] = SIMD3(1, 2, 0)
        expected[10] = SIMD3(3, 3, 0)
        expected[12] = SIMD3(5, 4, 0)
        XCTAssertEqual(m.primitives[0].positions, expected)
        XCTAssertEqual(m.bounds?.min, SIMD3(0, 0, 0))
        XCTAssertEqual(m.bounds?.max, SIMD3(6, 4, 0))  // the accessor's own max; without sparse it would be y = 1
        XCTAssertEqual(m.triangleCount, 12)
    }

    /// An accessor with no bufferView is zeros plus its sparse values; sparse UNSIGNED_BYTE indices.
    func testSparseOverZerosWithByteIndices() throws {
        let json = GLTFSparseTests.sample([
            ("\"bufferView\":1,\"byteOffset\":0,\"componentType\":5126", "\"componentType\":5126"),
            ("{\"bufferView\":2,\"byteOffset\":0,\"componentType\":5123}", "{\"bufferView\":4,\"componentType\":5121}"),
            ("{\"buffer\":0,\"byteOffset\":248,\"byteLength\":36}]",
             "{\"buffer\":0,\"byteOffset\":248,\"byteLength\":36},{\"buffer\":0,\"byteOffset\":240,\"byteLength\":6}]"),
        ], buffer: GLTFSparseTests.shorts(GLTFSparseTests.sampleIndices) + GLTFSparseTests.floats(GLTFSparseTests.sampleBase)
            + [8, 10, 12, 0, 0, 0, 0, 0] + GLTFSparseTests.floats(GLTFSparseTests.sampleSparseValues))
        let m = try GLTFSparseTests.load(json)
        var expected = [SIMD3<Float>](repeating: .zero, count: 14)
        expected[8] = SIMD3(1, 2, 0)
        expected[10] = SIMD3(3, 3, 0)
        expected[12] = SIMD3(5, 4, 0)
        XCTAssertEqual(m.primitives[0].positions, expected)
    }

    /// Sparse indices, normals, UVs and colours: each use applies its sparse block.
    func testSparseOnIndicesAndOtherAttributes() throws {
        // One triangle (positions 0...2), indices [0, 1, 1] with sparse index 2 -> 2; NORMAL all zeros with
        // vertex 1 -> (0, 0, 1); TEXCOORD_0 zeros with vertex 2 -> (0.5, 0.25); COLOR_0 zeros with vertex 0 -> red.
        let buffer = GLTFSparseTests.floats([0, 0, 0, 1, 0, 0, 0, 1, 0])            // 0: positions (36)
            + GLTFSparseTests.shorts([0, 1, 1, 0])                                      // 36: indices (6 + 2)
            + GLTFSparseTests.shorts([2, 0]) + GLTFSparseTests.shorts([2, 0])           // 44: sparse index pos / value (2 + 2 each)
            + GLTFSparseTests.shorts([1, 0])                                            // 52: normal sparse index
            + GLTFSparseTests.floats([0, 0, 1])                                         // 56: normal value (12)
            + GLTFSparseTests.shorts([2, 0])                                            // 68: uv sparse index
            + GLTFSparseTests.floats([0.5, 0.25])                                       // 72: uv value (8)
            + GLTFSparseTests.shorts([0, 0])                                            // 80: colour sparse index
            + GLTFSparseTests.floats([1, 0, 0, 1])                                      // 84: colour value (16)
        XCTAssertEqual(buffer.count, 100)
        func sparse(_ i: Int, _ v: Int) -> String {
            "\"sparse\":{\"count\":1,\"indices\":{\"bufferView\":\(i),\"componentType\":5123},\"values\":{\"bufferView\":\(v)}}"
        }
        let json = """
        {"asset":{"version":"2.0"},"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
         "meshes":[{"primitives":[{"attributes":{"POSITION":0,"NORMAL":2,"TEXCOORD_0":3,"COLOR_0":4},"indices":1}]}],
         "buffers":[{"byteLength":100,"uri":"data:application/octet-stream;base64,\(Data(buffer).base64EncodedString())"}],
         "bufferViews":[{"buffer":0,"byteLength":36},{"buffer":0,"byteOffset":36,"byteLength":6},
                        {"buffer":0,"byteOffset":44,"byteLength":2},{"buffer":0,"byteOffset":48,"byteLength":2},
                        {"buffer":0,"byteOffset":52,"byteLength":2},{"buffer":0,"byteOffset":56,"byteLength":12},
                        {"buffer":0,"byteOffset":68,"byteLength":2},{"buffer":0,"byteOffset":72,"byteLength":8},
                        {"buffer":0,"byteOffset":80,"byteLength":2},{"buffer":0,"byteOffset":84,"byteLength":16}],
         "accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3"},
                      {"bufferView":1,"componentType":5123,"count":3,"type":"SCALAR",\(sparse(2, 3))},
                      {"componentType":5126,"count":3,"type":"VEC3",\(sparse(4, 5))},
                      {"componentType":5126,"count":3,"type":"VEC2",\(sparse(6, 7))},
                      {"componentType":5126,"count":3,"type":"VEC4",\(sparse(8, 9))}]}
        """
        let p = try XCTUnwrap(try GLTFSparseTests.load(json).primitives.first)
        XCTAssertEqual(p.indices, [0, 1, 2])
        XCTAssertEqual(p.normals?[1], SIMD3(0, 0, 1))
        XCTAssertEqual(p.uvs, [.zero, .zero, SIMD2(0.5, 0.25)])
        XCTAssertEqual(p.colors, [SIMD4(1, 0, 0, 1), .zero, .zero])
    }

    /// One hostile sparse block per row, and the exact message (never a trap).
    func testHostileSparseBlocksAreRefused() throws {
        let e = "s.gltf: meshes[0].primitives[0]: accessor 1 sparse"
        let cases: [(edits: [(String, String)], buffer: [UInt8]?, expected: String)] = [
            ([("\"sparse\":{\"count\":3", "\"sparse\":{\"count\":0")], nil, "\(e) count 0 is outside 1...14 (the accessor's count)"),
            ([("\"sparse\":{\"count\":3", "\"sparse\":{\"count\":15")], nil, "\(e) count 15 is outside 1...14 (the accessor's count)"),
            ([("\"sparse\":{\"count\":3", "\"sparse\":{\"count\":4")], nil,
             "\(e) indices read past the end of bufferView 2 (needs 8 bytes, has 6)"),
            ([("\"bufferView\":2,\"byteOffset\":0,\"componentType\":5123", "\"bufferView\":2,\"byteOffset\":0,\"componentType\":5126")], nil,
             "\(e) indices have componentType 5126, needs 5121, 5123 or 5125"),
            ([("\"bufferView\":2,\"byteOffset\":0", "\"bufferView\":9,\"byteOffset\":0")], nil,
             "\(e) indices name bufferView 9, but there are 4 bufferViews"),
            ([("\"values\":{\"bufferView\":3,\"byteOffset\":0}", "\"values\":{\"bufferView\":3,\"byteOffset\":4}")], nil,
             "\(e) values read past the end of bufferView 3 (needs 40 bytes, has 36)"),
            ([("\"values\":{\"bufferView\":3,\"byteOffset\":0}", "\"values\":{\"bufferView\":3,\"byteOffset\":9223372036854775800}")], nil,
             "\(e) values read past the end of bufferView 3 (needs byteOffset 9223372036854775800 + 3 x 12 bytes, has 36)"),
            ([("\"values\":{\"bufferView\":3,\"byteOffset\":0}", "\"values\":{\"bufferView\":3,\"byteOffset\":-4}")], nil,
             "\(e) values have a negative byteOffset (-4)"),
            ([("{\"buffer\":0,\"byteOffset\":248,\"byteLength\":36}", "{\"buffer\":0,\"byteOffset\":248,\"byteLength\":36,\"byteStride\":12}")], nil,
             "\(e) values read bufferView 3, which has a byteStride (12); sparse data is tightly packed"),
            ([], sparseIndices([8, 10, 14]), "\(e) index 14 at position 2 is out of range (14 elements)"),
            ([], sparseIndices([8, 12, 10]), "\(e) index 10 at position 2 does not increase (previous 12)"),
            ([], sparseIndices([8, 8, 12]), "\(e) index 8 at position 1 does not increase (previous 8)"),
        ]
        for c in cases {
            let json = GLTFSparseTests.sample(c.edits, buffer: c.buffer ?? GLTFSparseTests.sampleBuffer())
            XCTAssertThrowsError(try GLTFSparseTests.load(json), c.expected) { error in
                XCTAssertEqual("\(error)", c.expected)
            }
        }
    }

    func sparseIndices(_ i: [UInt16]) -> [UInt8] {
        GLTFSparseTests.shorts(GLTFSparseTests.sampleIndices) + GLTFSparseTests.floats(GLTFSparseTests.sampleBase)
            + GLTFSparseTests.shorts(i) + [0, 0] + GLTFSparseTests.floats(GLTFSparseTests.sampleSparseValues)
    }
}
