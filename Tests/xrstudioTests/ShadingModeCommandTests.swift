// ShadingModeCommandTests: `render --shading flat|unlit` end to end — the same coverage as the id look, one
// colour per part (flat), the textures back without lighting (unlit), and the usage error.

import Foundation
import ImageCodecs
import Imaging
import XCTest

final class ShadingModeCommandTests: XCTestCase {
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-shading-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    func render(_ model: String, _ shading: String) throws -> RGBA8Image {
        let out = tmp.appendingPathComponent("\(shading).png").path
        let r = try runCLI(["render", model, "--size", "160x96", "--out", out, "--overwrite", "--shading", shading])
        XCTAssertEqual(r.code, 0, r.err)
        return try PNGCodec.decodeRGBA8([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
    }

    func testFlatAndUnlitCoverWhatIdCoversWithTheirOwnColours() throws {
        let truck = CommandLineTests.root.deletingLastPathComponent()
            .appendingPathComponent("shared/assets/gltf-cesium-milk-truck/CesiumMilkTruck.gltf")
        guard FileManager.default.fileExists(atPath: truck.path) else {
            XCTFail("../shared/assets is absent (a user's clone): this test needs it beside the project")
            return
        }
        let id = try render(truck.path, "id"), flat = try render(truck.path, "flat"), unlit = try render(truck.path, "unlit")
        func px(_ img: RGBA8Image, _ i: Int) -> UInt32 {
            UInt32(img.pixels[4 * i]) | UInt32(img.pixels[4 * i + 1]) << 8 | UInt32(img.pixels[4 * i + 2]) << 16
                | UInt32(img.pixels[4 * i + 3]) << 24
        }
        let n = 160 * 96
        let covered = (0..<n).map { id.pixels[4 * $0 + 3] != 0 }
        guard let bgIndex = covered.firstIndex(of: false) else { return XCTFail("the model covers the whole frame") }
        var flatColours = Set<UInt32>(), unlitColours = Set<UInt32>()
        for i in 0..<n {
            // The same pixels are covered in every look (same rasterizer, same visibility).
            XCTAssertEqual(px(flat, i) != px(flat, bgIndex), covered[i], "flat pixel \(i)")
            XCTAssertEqual(px(unlit, i) != px(unlit, bgIndex), covered[i], "unlit pixel \(i)")
            if covered[i] { flatColours.insert(px(flat, i)); unlitColours.insert(px(unlit, i)) }
        }
        XCTAssertGreaterThan(covered.filter { $0 }.count, n / 8)
        // Flat: one colour per part (the truck has a handful of materials); unlit: its textures vary per pixel.
        XCTAssertLessThanOrEqual(flatColours.count, 8, "\(flatColours.count) flat colours")
        XCTAssertGreaterThan(unlitColours.count, 4 * flatColours.count)
    }

    func testUnknownShadingIsAUsageError() throws {
        let r = try runCLI(["render", "nothing.obj", "--shading", "matte", "--out", tmp.appendingPathComponent("x.png").path])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("--shading must be clay, flat, unlit or id, got 'matte'"), r.err)
        let b = try runCLI(["bench", "nothing.obj", "--shading", "matte"])
        XCTAssertEqual(b.code, 2)
        XCTAssertTrue(b.err.contains("--shading must be clay, flat, unlit or id"), b.err)
    }
}
