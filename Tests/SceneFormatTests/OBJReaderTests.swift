// OBJReaderTests: OBJ text fed in pieces, split where a reader of a file in chunks would split it, gives the mesh
// (or the error, line and column) that parsing the whole text gives.

import FoundationEssentials
import SceneFormat
import XCTest

final class OBJReaderTests: XCTestCase {
    /// Everything a mesh says, as text (OBJMesh holds a tuple and optionals: not Equatable).
    static func describe(_ m: OBJMesh) -> String {
        "\(m.positions) \(String(describing: m.normals)) \(String(describing: m.uvs)) \(m.indices) \(m.triangleMaterials) "
            + "\(m.materialNames) \(m.materialLibraries) \(m.statementLines) \(m.ignoredStatements) \(m.unreadableLines) "
            + "\(m.sourceVertexCount) \(String(describing: m.bounds))"
    }

    static func parseInPieces(_ bytes: [UInt8], chunk: Int) throws -> OBJMesh {
        try OBJReader.parse(bytes, name: "t.obj", chunk: chunk)
    }

    static let texts: [String] = [
        // Quads, UVs and normals, materials, comments, a final line without a line end.
        "mtllib a.mtl\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nvn 0 0 1\n"
            + "usemtl red\nf 1/1/1 2/2/1 3/3/1 4/4/1\n# a comment\ng group\nusemtl blue\nf 1/1/1 3/3/1 4/4/1",
        // CRLF line ends (a chunk may end between \r and \n), negative indices, and a lone-CR file.
        "v 0 0 0\r\nv 1 0 0\r\nv 0 1 0\r\nf -3 -2 -1\r\nf 1 2 3\r\n",
        "v 0 0 0\rv 1 0 0\rv 0 1 0\rf 1 2 3\r",
        // Long lines (longer than the small chunks) and blank lines.
        "v " + String(repeating: "0", count: 300) + ".5 1 2\n\n\nv 3 4 5\nv 6 7 8\nf 1 2 3\n",
    ]

    func testPiecesGiveTheWholeTextsMesh() throws {
        var texts = OBJReaderTests.texts
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/obj")
        for f in ["quad.obj", "negative-indices.obj"] {
            texts.append(String(decoding: try Data(contentsOf: fixtures.appendingPathComponent(f)), as: UTF8.self))
        }
        for text in texts {
            let bytes = Array(text.utf8)
            let whole = OBJReaderTests.describe(try OBJParser.parse(bytes, name: "t.obj"))
            for chunk in [1, 2, 3, 7, 16, 64, 1 << 20] {
                XCTAssertEqual(OBJReaderTests.describe(try OBJReaderTests.parseInPieces(bytes, chunk: chunk)), whole,
                               "chunk \(chunk) of \(text.prefix(20))")
            }
        }
    }

    func testPiecesGiveTheSameErrorLineAndColumn() {
        let bad = [
            "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n",
            "v 0 0 0\r\nv 1 0 0\r\nv 0 1 x\r\n",
            "v 0 0 0\nv 1 0 0\n\nf 1 2\n",
            "v 0 0 0\rv 1 0 0\rv 0 1 0\rf 1 0 3\r",
        ]
        for text in bad {
            let bytes = Array(text.utf8)
            var want: OBJError?
            XCTAssertThrowsError(try OBJParser.parse(bytes, name: "t.obj")) { want = $0 as? OBJError }
            XCTAssertNotNil(want, text)
            for chunk in [1, 3, 8, 1 << 20] {
                XCTAssertThrowsError(try OBJReaderTests.parseInPieces(bytes, chunk: chunk)) {
                    XCTAssertEqual($0 as? OBJError, want, "chunk \(chunk) of \(text.debugDescription)")
                }
            }
        }
    }

    func testPieceEndsAfterTheLastLineEndButNotOnATrailingCR() {
        func end(_ s: String) -> Int? { Array(s.utf8).withUnsafeBufferPointer { OBJReader.pieceEnd($0) } }
        XCTAssertEqual(end("v 1\nv 2"), 4)
        XCTAssertEqual(end("v 1\r\nv"), 5)
        XCTAssertEqual(end("v 1\r"), nil, "a \\n may follow in the next read")
        XCTAssertEqual(end("v 1\rv 2\r"), 4)
        XCTAssertEqual(end("no line end"), nil)
        XCTAssertEqual(end(""), nil)
    }
}
