// ModelFileChunkTests: an OBJ read from disk in chunks (`ModelFile.readOBJ`, read(2) into one reused buffer) is the
// mesh, or the error, of the whole file parsed at once, for chunk sizes from a few bytes (every line split) to
// larger than the file; real files from ../shared/assets and the project's fixtures.

import FoundationEssentials
import SceneFormat
@testable import SceneImaging
import XCTest

final class ModelFileChunkTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func describe(_ m: OBJMesh) -> String {
        "\(m.positions) \(String(describing: m.normals)) \(String(describing: m.uvs)) \(m.indices) \(m.triangleMaterials) "
            + "\(m.materialNames) \(m.materialLibraries) \(m.statementLines) \(m.ignoredStatements) \(m.unreadableLines) "
            + "\(m.sourceVertexCount) \(String(describing: m.bounds))"
    }

    func testChunkedReadsEqualTheWholeFile() throws {
        let shared = ModelFileChunkTests.root.deletingLastPathComponent().appendingPathComponent("shared/assets")
        var files = ["quad.obj", "negative-indices.obj"].map {
            ModelFileChunkTests.root.appendingPathComponent("Tests/Fixtures/obj/\($0)").path
        }
        let real = ["obj-spider-mtl-jpeg/spider.obj", "obj-spot-quads/spot_quadrangulated.obj"].map {
            shared.appendingPathComponent($0).path
        }
        if FileManager.default.fileExists(atPath: real[0]) {
            files += real
        } else {
            XCTFail("../shared/assets is absent (a user's clone): the real OBJ files are checked only beside it")
        }
        for path in files {
            let whole = try OBJParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), name: path)
            for chunk in [5, 100, 4096, 1 << 23] {
                let read = try ModelFile.readOBJ(path, chunkBytes: chunk)
                XCTAssertEqual(ModelFileChunkTests.describe(read), ModelFileChunkTests.describe(whole), "\(path), chunk \(chunk)")
            }
        }
    }

    func testChunkedReadsKeepErrorsLineAndColumn() throws {
        for name in ["bad-index.obj", "bad-number.obj", "short-face.obj", "zero-index.obj", "nan-vertex.obj"] {
            let path = ModelFileChunkTests.root.appendingPathComponent("Tests/Fixtures/obj/\(name)").path
            var want: OBJError?
            XCTAssertThrowsError(try OBJParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), name: path)) {
                want = $0 as? OBJError
            }
            for chunk in [3, 1 << 23] {
                XCTAssertThrowsError(try ModelFile.readOBJ(path, chunkBytes: chunk)) {
                    XCTAssertEqual($0 as? OBJError, want, "\(name), chunk \(chunk)")
                }
            }
        }
    }

    func testMissingFilesAndFoldersAreNamed() {
        XCTAssertThrowsError(try ModelFile.readOBJ("/nonexistent/m.obj")) {
            XCTAssertTrue(String(describing: $0).contains("/nonexistent/m.obj: no such file"), "\($0)")
        }
        XCTAssertThrowsError(try ModelFile.readOBJ(ModelFileChunkTests.root.appendingPathComponent("Tests").path)) {
            XCTAssertTrue(String(describing: $0).contains("is a directory"), "\($0)")
        }
    }
}
