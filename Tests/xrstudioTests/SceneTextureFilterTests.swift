// SceneTextureFilterTests: `render.texture_filter` reaches every textured material of the world and the props
// (and nothing else), and a bad value is an error naming its line.

import Foundation
import ImageCodecs
import Imaging
import RasterCore
import SceneFormat
import SceneImaging
import SceneModel
import XCTest
import XRTestSupport

final class SceneTextureFilterTests: TempFolderTestCase {
    /// The lantern scene, its lanterns swapped for a textured quad (an OBJ with a checker map_Kd) written beside it.
    func sceneFile(filter: String?) throws -> String {
        let source = CommandLineTests.root.appendingPathComponent("Scenes/lantern-flat-wall.yaml").path
        var checker = RGBA8Image(width: 16, height: 16)
        for y in 0..<16 { for x in 0..<16 where (x / 4 + y / 4) % 2 == 0 { for c in 0..<3 { checker.pixels[4 * (y * 16 + x) + c] = 255 } } }
        _ = try write("checker.png", PNGCodec.encode(checker))
        _ = try write("m.mtl", Array("newmtl t\nKd 1 1 1\nmap_Kd checker.png\n".utf8))
        _ = try write("quad.obj", Array("mtllib m.mtl\nv -1 -1 0\nv 1 -1 0\nv 1 1 0\nv -1 1 0\nvt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nusemtl t\nf 1/1 2/2 3/3 4/4\n".utf8))
        var text = try String(contentsOfFile: source, encoding: .utf8)
        text = text.replacingOccurrences(of: "gltf: assets/lantern.gltf", with: "obj: quad.obj")
        text = text.replacingOccurrences(of: "file: takes/", with: "file: \(CommandLineTests.root.path)/Scenes/takes/")
        if let filter {
            text = text.replacingOccurrences(of: "render:\n", with: "render:\n  texture_filter: \(filter)\n")
        }
        return try write("scene.yaml", Array(text.utf8))
    }

    func scene(filter: String?) throws -> Scene {
        let path = try sceneFile(filter: filter)
        return try SceneLoader.load(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), name: path,
                                    fileExists: { FileManager.default.fileExists(atPath: $0) })
    }

    func testTheFilterReachesEveryTexturedMaterialOnly() throws {
        let plainScene = try scene(filter: nil)
        let sceneFile = tmp.appendingPathComponent("scene.yaml").path
        let plain = try SceneDrawing.drawList(for: plainScene, sceneFile: sceneFile)
        let textured = plain.draws.filter { $0.material.texture != nil }
        XCTAssertFalse(textured.isEmpty, "the lantern scene has textured parts")
        XCTAssertTrue(plain.draws.allSatisfy { $0.material.textureFilter == .bilinearNearestMip })
        for (name, filter) in [("trilinear", Texture.Filter.trilinear), ("anisotropic", .anisotropic)] {
            let list = try SceneDrawing.drawList(for: scene(filter: name), sceneFile: sceneFile)
            XCTAssertEqual(list.draws.count, plain.draws.count)
            for d in list.draws {
                XCTAssertEqual(d.material.textureFilter, d.material.texture == nil ? .bilinearNearestMip : filter, name)
            }
        }
    }

    func testABadFilterNamesItsLine() throws {
        XCTAssertThrowsError(try scene(filter: "bicubic")) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains("texture_filter") && text.contains("nearest-mip, trilinear, anisotropic"), text)
            XCTAssertTrue(text.contains(":"), text)
        }
    }
}
