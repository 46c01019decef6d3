// MTLParserTests: material libraries — colours, opacity, map_Kd paths (Windows separators, options).

import FoundationEssentials
import SceneFormat
import XCTest

final class MTLParserTests: XCTestCase {
    func testSpiderLibraryFromAssimp() throws {
        let url = OBJParserTests.shared.appendingPathComponent("obj-spider-mtl-jpeg/spider.mtl")
        guard FileManager.default.fileExists(atPath: url.path) else {
            XCTFail("../shared/assets is absent (a user's clone): these tests need it beside the project")
            return
        }
        let mats = try MTLParser.parse([UInt8](try Data(contentsOf: url)), name: "spider.mtl")
        XCTAssertEqual(mats.count, 5)
        XCTAssertEqual(mats[0].name, "Skin")
        XCTAssertEqual(mats[0].diffuse, SIMD3(0.827451, 0.792157, 0.772549))
        XCTAssertEqual(mats[0].diffuseMap, "wal67ar_small.jpg")  // written '.\wal67ar_small.jpg'
        XCTAssertEqual(Set(mats.compactMap(\.diffuseMap)).count, 5)
    }

    func testOptionsOpacityAndErrors() throws {
        let text = "newmtl Glass\nKd 0.1 0.2 0.3\nKe 1 0.5 0\nTr 0.25\nmap_Kd -s 2 2 1 -clamp on textures\\glass tile.png\nnewmtl B\nd 0.5"
        let m = try MTLParser.parse(Array(text.utf8), name: "g.mtl")
        XCTAssertEqual(m[0].emissive, SIMD3(1, 0.5, 0))
        XCTAssertEqual(m[0].opacity, 0.75)
        XCTAssertEqual(m[0].diffuseMap, "textures/glass tile.png")
        XCTAssertEqual(m[1].opacity, 0.5)
        XCTAssertThrowsError(try MTLParser.parse(Array("Kd 1 1 1\n".utf8), name: "x.mtl")) {
            XCTAssertEqual("\($0)", "x.mtl:1:1: error: 'Kd' before any 'newmtl'")
        }
        XCTAssertThrowsError(try MTLParser.parse(Array("newmtl A\nKd 1 q 1\n".utf8), name: "x.mtl")) {
            XCTAssertEqual("\($0)", "x.mtl:2:6: error: expected a number")
        }
    }

    func testOBJMaterialsPerTriangle() throws {
        let text = "mtllib a.mtl b.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nf 1 2 3\nusemtl Red\nf 2 4 3\nusemtl Blue\nf 1 2 4 3\nusemtl Red\nf 1 2 3\n"
        let m = try OBJParser.parse(Array(text.utf8), name: "t.obj")
        XCTAssertEqual(m.materialLibraries, ["a.mtl", "b.mtl"])
        XCTAssertEqual(m.materialNames, ["Red", "Blue"])
        XCTAssertEqual(m.triangleMaterials, [-1, 0, 1, 1, 0])
    }
}
