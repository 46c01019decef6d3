// SceneMaterialTests: a scene's OBJ and glTF objects render with their own materials and textures.

import FoundationEssentials
import Foundation
import ImageCodecs
import Imaging
import XCTest

final class SceneMaterialTests: XCTestCase {
    /// The spider (OBJ + MTL with JPEG maps) and the Cesium milk truck (glTF with a PNG texture) in one scene:
    /// the truck's logo (blue and green on white) and the spider's textured brown appear, not flat colours.
    func testOBJAndGLTFTexturesAppearInSceneRenders() throws {
        let shared = CommandLineTests.root.deletingLastPathComponent().appendingPathComponent("shared/assets")
        guard FileManager.default.fileExists(atPath: shared.path) else {
            XCTFail("../shared/assets is absent (a user's clone): these tests need it beside the project")
            return
        }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-mat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        for d in ["obj-spider-mtl-jpeg", "gltf-cesium-milk-truck"] {
            try FileManager.default.copyItem(at: shared.appendingPathComponent(d), to: tmp.appendingPathComponent(d))
        }
        let scene = """
            name: material check
            world:
              sky: "#202830"
              objects:
                - name: spider
                  obj: obj-spider-mtl-jpeg/spider.obj
                  scale: 0.01
                  translate: [-1.2, 0.5, 0]
                - name: truck
                  gltf: gltf-cesium-milk-truck/CesiumMilkTruck.gltf
                  scale: 0.3
                  translate: [1.5, 0, 0]
            lights:
              - type: ambient
                color: [1, 1, 1]
                intensity: 0.4
              - type: directional
                direction: [-0.3, 0.8, 0.5]
                color: "#ffffff"
                intensity: 0.8
            """
        let yaml = tmp.appendingPathComponent("mat.yaml")
        try Data(scene.utf8).write(to: yaml)
        let out = tmp.appendingPathComponent("mat.png").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        p.arguments = ["render", yaml.path, "--camera", "0,1.2,3.5", "--look-at", "0.2,0.4,0", "--fov-y", "40",
                       "--size", "640x360", "--out", out]
        let e = Pipe()
        p.standardError = e
        try p.run()
        let err = String(decoding: e.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, err)
        let img = try ImageFile.read(path: out)
        var blue = 0, green = 0, brown = 0
        for y in 0..<img.height {
            for x in 0..<img.width {
                let c = img[x, y]
                let (r, g, b) = (Int(c.r), Int(c.g), Int(c.b))
                if b > 150 && b > r + 60 && b > g + 20 { blue += 1 }            // the logo's sky blue
                if g > 120 && g > r + 40 && g > b + 40 { green += 1 }           // the logo's hills
                if x < img.width / 2 && r > g + 20 && g > b + 10 && r > 80 { brown += 1 }  // the spider's legs
            }
        }
        XCTAssertGreaterThan(blue, 20, "truck texture (blue) missing")
        XCTAssertGreaterThan(green, 20, "truck texture (green) missing")
        XCTAssertGreaterThan(brown, 50, "spider texture (brown) missing")
    }
}
