// OBJParserTests: real OBJ files against the shared manifest's ground truth, and one broken file per error.

import FoundationEssentials
import Geometry
import SceneFormat
import XCTest
import XRTestSupport

final class OBJParserTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared/assets")
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/obj")

    func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    /// Every OBJ in ../shared/assets: triangles after fanning, `v` count and bounding box as the manifest says.
    func testSharedAssetsMatchManifest() throws {
        let manifestURL = OBJParserTests.shared.appendingPathComponent("manifest.json")
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            XCTFail("../shared/assets is absent (a user's clone): these tests need it beside the project")
            return
        }
        struct Entry: Decodable {
            var file: String, format: String, triangles: Int, vertices: Int
            var bbox_min: [Double], bbox_max: [Double]
        }
        let entries = try JSONDecoder().decode([Entry].self, from: Data(contentsOf: manifestURL)).filter { $0.format == "obj" }
        XCTAssertEqual(entries.count, 4)
        for e in entries {
            let url = OBJParserTests.shared.appendingPathComponent(e.file)
            let mesh = try OBJParser.parse(try bytes(url), name: e.file)
            XCTAssertEqual(mesh.triangleCount, e.triangles, e.file)
            XCTAssertEqual(mesh.sourceVertexCount, e.vertices, e.file)
            let b = try XCTUnwrap(mesh.bounds, e.file)  // the manifest's bbox: positions the faces use
            for k in 0..<3 {
                XCTAssertEqual(Double(b.min[k]), e.bbox_min[k], accuracy: 1e-5 * max(1, abs(e.bbox_min[k])), e.file)
                XCTAssertEqual(Double(b.max[k]), e.bbox_max[k], accuracy: 1e-5 * max(1, abs(e.bbox_max[k])), e.file)
            }
            XCTAssertTrue(mesh.indices.allSatisfy { Int($0) < mesh.positions.count }, e.file)
        }
    }

    func testNegativeIndicesPolygonsAndCRLF() throws {
        let m = try OBJParser.parse(try bytes(OBJParserTests.fixtures.appendingPathComponent("negative-indices.obj")),
                                    name: "negative-indices.obj")
        XCTAssertEqual(m.triangleCount, 2 + 3)  // a quad and a pentagon, fanned
        XCTAssertEqual(m.sourceVertexCount, 9)
        // The first face carries uv and normals but the second does not: normals are dropped (made from the faces),
        // texture coordinates kept, the second face's corners at (0, 0) (flipped: (0, 1)), with a warning.
        XCTAssertNil(m.normals)
        let uvs = try XCTUnwrap(m.uvs)
        for k in m.indices[6...] { XCTAssertEqual(uvs[Int(k)], SIMD2(0, 1)) }
        XCTAssertEqual(m.warnings, ["5 face corners have no texture coordinates while others do: they take (0, 0)"])
        // Fan of the pentagon (vertices 5...9, i.e. -5...-1 after the first four): (5,6,7), (5,7,8), (5,8,9).
        let p = m.positions
        let pent = Array(m.indices[6...]).map { p[Int($0)] }
        XCTAssertEqual(pent[0], SIMD3(2, 0, 0)); XCTAssertEqual(pent[1], SIMD3(3, 0, 0)); XCTAssertEqual(pent[2], SIMD3(3.5, 1, 0))
        XCTAssertEqual(pent[6], SIMD3(2, 0, 0)); XCTAssertEqual(pent[8], SIMD3(1.5, 1, 0))
    }

    /// Real files name normals they never define (Pixar's OpenSubdiv `catmark_*.obj`; tinyobjloader's issue 29 with
    /// its `vn` lines commented out): the faces are read without those normals and one warning counts them, as
    /// tinyobjloader and Blender read them; the same for texture coordinates. A vertex past those defined is still an
    /// error naming line and column (a face cannot do without its position).
    func testUndefinedNormalsAndTextureCoordinatesAreLeftOut() throws {
        let text = "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nvt 0 0\n#vn 0 0 1\nf 1/1/1 2/1/2 3/1/3\nf 1/1 3/5 4/1\n"
        let m = try OBJParser.parse(Array(text.utf8), name: "t.obj")
        XCTAssertEqual(m.triangleCount, 2)
        XCTAssertNil(m.normals)
        XCTAssertEqual(m.uvs?.count, 5)  // corners (1,1) (2,1) (3,1) (1,1) (3,-) (4,1): the undefined one at (0, 0)
        XCTAssertEqual(m.warnings, [
            "3 face corners name normals the file does not define (the first on line 7): normals are made from the faces",
            "1 face corners name texture coordinates the file does not define (the first on line 8): those corners have none",
            "1 face corners have no texture coordinates while others do: they take (0, 0)",
        ])
        XCTAssertThrowsError(try OBJParser.parse(Array("v 0 0 0\nv 1 0 0\nf 1 2 3\n".utf8), name: "b.obj")) { e in
            XCTAssertEqual("\(e)", "b.obj:3:7: error: vertex index 3 is out of range (2 defined so far)")
        }
        // The same read in chunks (the streamed path) warns the same.
        XCTAssertEqual(try OBJReader.parse(Array(text.utf8), name: "t.obj", chunk: 5).warnings, m.warnings)
    }

    func testUVsAreFlippedAndCornersDeduplicated() throws {
        let text = "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nvt 0 0\nvt 1 0\nvt 0 1\nvt 1 1\nf 1/1 2/2 4/4 3/3\n"
        let m = try OBJParser.parse(Array(text.utf8), name: "t.obj")
        XCTAssertEqual(m.positions.count, 4)
        XCTAssertEqual(m.triangleCount, 2)
        let uv = try XCTUnwrap(m.uvs)
        XCTAssertEqual(uv[0], SIMD2(0, 1))  // OBJ v = 0 is the bottom: our v = 1
        XCTAssertEqual(uv[2], SIMD2(1, 0))
    }

    /// Corner merging, worked by hand: position 2 is used with normal 1, then normal 2 (a hard edge), then normal 2
    /// again, so the per-position fast path misses and the fallback must find the second key. Corners in order:
    /// (1,1) (2,1) (3,1) | (2,2) (4,2) (3,1) | (1,1) (3,1) (2,2); new vertices in order of first use:
    /// 0 = (1,1), 1 = (2,1), 2 = (3,1), 3 = (2,2), 4 = (4,2).
    func testCornersAreNumberedInOrderOfFirstUseAcrossHardEdges() throws {
        let text = "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nvn 0 0 1\nvn 1 0 0\n"
            + "f 1//1 2//1 3//1\nf 2//2 4//2 3//1\nf 1//1 3//1 2//2\n"
        let m = try OBJParser.parse(Array(text.utf8), name: "t.obj")
        XCTAssertEqual(m.indices, [0, 1, 2, 3, 4, 2, 0, 2, 3])
        XCTAssertEqual(m.positions, [SIMD3(0, 0, 0), SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(1, 0, 0), SIMD3(1, 1, 0)])
        XCTAssertEqual(m.normals, [SIMD3(0, 0, 1), SIMD3(0, 0, 1), SIMD3(0, 0, 1), SIMD3(1, 0, 0), SIMD3(1, 0, 0)])
        XCTAssertNil(m.uvs)
    }

    /// Keywords are told apart by bytes; comments, unknown and non-OBJ keywords keep their counts.
    func testKeywordsCommentsAndUnknownLinesAreCounted() throws {
        let text = "# c\n#\n#\u{301} x\nv 0 0 0\nvx 1\ng a\nvt 0 0\nvn 0 0 1\nv 1 0 0\nv 0 1 0\nusemtlx a\n"
            + "usemtl red\nf 1 2 3\n"
        let m = try OBJParser.parse(Array(text.utf8), name: "t.obj")
        // Statements: "#\u{301}" (one grapheme that is not "#"), v, vx, g, vt, vn, v, v, usemtlx, usemtl, f = 11.
        XCTAssertEqual(m.statementLines, 11)
        XCTAssertEqual(m.ignoredStatements, 4)  // "#\u{301}", vx, g, usemtlx
        XCTAssertEqual(m.unreadableLines, 3)    // all but g
        XCTAssertEqual(m.materialNames, ["red"])
        XCTAssertEqual(m.triangleMaterials, [0])
    }

    /// A vertex beyond a 32-bit float that no face uses is left out with a warning (tinyobjloader's
    /// numeric-edge-cases.obj has one at 1.8e308); the same vertex in a face is an error at that corner.
    func testNonFiniteVerticesMatterOnlyWhereAFaceUsesThem() throws {
        let unused = "v 0 0 0\nv 1.8e308 0 0\nv 1 0 0\nv 0 1 0\nv nan 0 0\nf 1 3 4\n"
        let m = try OBJParser.parse(Array(unused.utf8), name: "u.obj")
        XCTAssertEqual(m.triangleCount, 1)
        XCTAssertEqual(m.warnings, ["2 vertices are not finite, or beyond a 32-bit float's range (the first on line 2); no face uses them"])
        let b = try XCTUnwrap(m.bounds)
        XCTAssertEqual(b.max, SIMD3<Float>(1, 1, 0))
        XCTAssertThrowsError(try OBJParser.parse(Array((unused + "f 1 2 3\n").utf8), name: "u.obj")) { error in
            XCTAssertEqual("\(error)", "u.obj:7:5: error: vertex 2 (line 2) is not finite, or beyond a 32-bit float's range (3.4e38)")
        }
        // Relative indices name the same vertex.
        XCTAssertThrowsError(try OBJParser.parse(Array((unused + "f -5 -4 -3\n").utf8), name: "u.obj")) { error in
            XCTAssertEqual("\(error)", "u.obj:7:6: error: vertex 2 (line 2) is not finite, or beyond a 32-bit float's range (3.4e38)")
        }
    }

    /// One broken file, one message, one location.
    /// A backslash at the end of a line continues the statement on the next (the OBJ specification; Blender reads
    /// them): faces and vertices split over lines, with spaces or tabs after the backslash, CRLF or CR line ends,
    /// and at the end of the file, read as if joined; errors after a continuation name their own line and column,
    /// and the statement's first line for its keyword. Read in pieces of every size, the same.
    func testBackslashContinuesAStatementOnTheNextLine() throws {
        let joined = "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1 2 3 4\nf 1 3 4\nf 2 3 4\n"
        let continued = "v 0 0 \\\n0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1 2 \\\n 3 4\nf 1 \\  \r\n3 \\\r\t4\nf 2 3 4 \\"
        let expected = try OBJParser.parse(Array(joined.utf8), name: "t.obj")
        let mesh = try OBJParser.parse(Array(continued.utf8), name: "t.obj")
        XCTAssertEqual(mesh.positions, expected.positions)
        XCTAssertEqual(mesh.indices, expected.indices)
        XCTAssertEqual(mesh.triangleCount, 4)
        for chunk in 1...continued.utf8.count {
            let pieces = try OBJReader.parse(Array(continued.utf8), name: "t.obj", chunk: chunk)
            XCTAssertEqual(pieces.indices, mesh.indices, "chunk \(chunk)")
            XCTAssertEqual(pieces.positions, mesh.positions, "chunk \(chunk)")
        }
        let cases: [(String, String)] = [
            // The corner after the continuation is on line 5, column 2.
            ("v 0 0 0\nv 1 0 0\nv 1 1 0\nf 1 2 \\\n 9\n", "t.obj:5:2: error: vertex index 9 is out of range (3 defined so far)"),
            // Too few corners: the face's keyword, on its first line.
            ("v 0 0 0\nv 1 0 0\nv 1 1 0\nf 1 2 \\\n\nf 1 2 3\n", "t.obj:4:1: error: a face needs at least 3 corners, found 2"),
            // A backslash with more on its line is not a continuation.
            ("v 0 0 0\nv 1 0 0\nv 1 1 0\nf 1 2 \\ 3\n", "t.obj:4:7: error: a backslash continues a statement only at the end of a line"),
        ]
        for (text, message) in cases {
            for chunk in [1, 3, 7, 1000] {
                XCTAssertThrowsError(try OBJReader.parse(Array(text.utf8), name: "t.obj", chunk: chunk)) { e in
                    XCTAssertEqual("\(e)", message, "chunk \(chunk)")
                }
            }
        }
        // A backslash right after a token, and in names: `mtllib a.mtl \` + ` b.mtl` is two libraries, a
        // `usemtl` name goes on over the line break, and `f 1 2\` + `3` is a triangle.
        let tight = "mtllib a.mtl \\\n b.mtl\nv 0 0 0\\\n\nv 1 0 0\nv 0 1 0\nusemtl blue \\\n green\nf 1 2\\\n3\n"
        let t = try OBJParser.parse(Array(tight.utf8), name: "t.obj")
        XCTAssertEqual(t.materialLibraries, ["a.mtl", "b.mtl"])
        XCTAssertEqual(t.materialNames, ["blue green"])
        XCTAssertEqual(t.triangleCount, 1)
        XCTAssertEqual(t.positions.count, 3)
        for chunk in [1, 2, 5, 11, 1000] {
            let p = try OBJReader.parse(Array(tight.utf8), name: "t.obj", chunk: chunk)
            XCTAssertEqual(p.materialNames, t.materialNames, "chunk \(chunk)")
            XCTAssertEqual(p.indices, t.indices, "chunk \(chunk)")
        }
        // A piece never ends inside a continued statement.
        let buf = Array("f 1 2 \\\r\n 3\nv".utf8)
        XCTAssertEqual(buf.withUnsafeBufferPointer { OBJReader.pieceEnd($0) }, buf.count - 1)
        let open = Array("v 1 2 3\nf 1 2 \\ \n".utf8)
        XCTAssertEqual(open.withUnsafeBufferPointer { OBJReader.pieceEnd($0) }, 8)
    }

    /// `mtllib 灯笼 模型.mtl` (a name with a space, as Blender writes it) names one library when that file exists and
    /// its space-separated words are not all files; otherwise the words are several libraries, as before.
    func testMaterialLibraryNamesWithSpaces() throws {
        let mesh = try OBJParser.parse(Array("mtllib 灯笼 模型.mtl\nmtllib a.mtl b.mtl\nmtllib c\\ d.mtl\nv 0 0 0\n".utf8), name: "t.obj")
        XCTAssertEqual(mesh.materialLibraries, ["灯笼", "模型.mtl", "a.mtl", "b.mtl", "c d.mtl"])
        let files: Set<String> = ["灯笼 模型.mtl", "a.mtl", "b.mtl", "c d.mtl"]
        XCTAssertEqual(mesh.materialLibraries(whereFileExists: files.contains), ["灯笼 模型.mtl", "a.mtl", "b.mtl", "c d.mtl"])
        // Both words files: two libraries, even if the whole line also is one.
        XCTAssertEqual(mesh.materialLibraries(whereFileExists: { _ in true }), ["灯笼", "模型.mtl", "a.mtl", "b.mtl", "c d.mtl"])
        // Nothing there: the words, so the warnings name what was looked for.
        XCTAssertEqual(mesh.materialLibraries(whereFileExists: { _ in false }), mesh.materialLibraries)
        // A material name with a control character (an ESC sequence would act in the terminal `info` prints to).
        XCTAssertThrowsError(try OBJParser.parse(Array("v 0 0 0\nusemtl a\u{1B}]0;x\u{7}b\n".utf8), name: "t.obj")) { e in
            XCTAssertEqual("\(e)", "t.obj:2:1: error: the material name holds a control character")
        }
        XCTAssertThrowsError(try MTLParser.parse(Array("newmtl a\u{1B}[31m\n".utf8), name: "t.mtl")) { e in
            XCTAssertTrue("\(e)".contains("t.mtl:1:1: error: the material name holds a control character"), "\(e)")
        }
    }

    func testBrokenFilesReportFileLineAndColumn() throws {
        let cases: [(String, String)] = [
            ("bad-number.obj", "bad-number.obj:3:5: error: expected a number"),
            ("bad-index.obj", "bad-index.obj:5:7: error: vertex index 4 is out of range (3 defined so far)"),
            ("short-face.obj", "short-face.obj:4:1: error: a face needs at least 3 corners, found 2"),
            ("nan-vertex.obj",
             "nan-vertex.obj:4:5: error: vertex 2 (line 2) is not finite, or beyond a 32-bit float's range (3.4e38)"),
            ("zero-index.obj", "zero-index.obj:4:3: error: vertex index 0 is invalid (OBJ indices start at 1)"),
        ]
        for (file, expected) in cases {
            XCTAssertThrowsError(try OBJParser.parse(try bytes(OBJParserTests.fixtures.appendingPathComponent(file)), name: file),
                                 file) { error in
                XCTAssertEqual("\(error)", expected)
            }
        }
    }

    /// Coordinates and indices of every length, read eight digits to a word where the text allows: each coordinate
    /// of up to 15 significant digits is the Double nearest its text (one rounding of exact operands, as the standard
    /// library's parser gives it) made a Float; each index is its value. Digit runs cross the 8-byte words at every
    /// offset, and the last line ends the text with no newline, so the byte loops read the tail.
    func testNumbersAndIndicesOfEveryLengthReadExactly() throws {
        var rng = SplitMix64(seed: 0x0B1_D161_75)
        for round in 0..<200 {
            var text = "", expected: [Float] = []
            for _ in 0..<(1 + round % 7) {
                var coords: [String] = []
                for _ in 0..<3 {
                    let intDigits = Int.random(in: 0...9, using: &rng), fracDigits = Int.random(in: 0...(15 - intDigits), using: &rng)
                    var t = Bool.random(using: &rng) ? "-" : (Bool.random(using: &rng) ? "+" : "")
                    t += String((0..<max(intDigits, fracDigits == 0 ? 1 : 0)).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
                    if fracDigits > 0 { t += "." + String((0..<fracDigits).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) }) }
                    if Int.random(in: 0..<4, using: &rng) == 0 { t += "e\(Int.random(in: -5...5, using: &rng))" }
                    coords.append(t)
                    expected.append(Float(Double(t)!))
                }
                text += "v" + String(repeating: " ", count: Int.random(in: 1...9, using: &rng)) + coords.joined(separator: " ") + "\n"
            }
            let n = expected.count / 3
            // Indices of 1 to 10 digits: leading zeros pad small ones to every length.
            let width = 1 + round % 10
            func padded(_ i: Int) -> String { String(repeating: "0", count: max(0, width - String(i).count)) + String(i) }
            text += "f \(padded(1)) \(padded(n)) -\(padded(1))"
            let mesh = try OBJParser.parse(Array(text.utf8), name: "numbers.obj")
            // Without normals or UVs the positions are the `v` lines in order; `-1` is the last of them.
            XCTAssertEqual(mesh.positions, (0..<n).map { k in SIMD3(expected[3 * k], expected[3 * k + 1], expected[3 * k + 2]) }, text)
            XCTAssertEqual(mesh.indices, [0, UInt32(n - 1), UInt32(n - 1)], text)
        }
    }

    func testMalformedInlineInputsNeverCrash() {
        let inputs = ["f", "f 1 2 3", "v 1 2", "v 1e 2 3", "v 1 2 3\nf 1 1/ 1", "v --1 0 0", "vt", "vn 1",
                      "v 1 2 3\nv 1 2 3\nv 1 2 3\nf 1/9 2 3", "v 1 2 3\nf -1 -2 -3", String(repeating: "9", count: 500)]
        for s in inputs {
            do { _ = try OBJParser.parse(Array(s.utf8), name: "x.obj") } catch let e as OBJError {
                XCTAssertTrue(e.description.hasPrefix("x.obj:"), e.description)
            } catch {
                XCTFail("unexpected error type for \(s.debugDescription): \(error)")
            }
        }
    }
}
