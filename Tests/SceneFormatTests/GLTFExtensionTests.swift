// GLTFExtensionTests: extensionsRequired/extensionsUsed handling, KHR_texture_transform on the UVs of the
// primitives that use the texture, and KHR_materials_emissive_strength.

import FoundationEssentials
import SceneFormat
import XCTest

final class GLTFExtensionTests: XCTestCase {
    static func floats(_ v: [Float]) -> [UInt8] { v.flatMap { f in withUnsafeBytes(of: f.bitPattern.littleEndian) { Array($0) } } }

    /// Two triangles sharing one buffer: positions (36 bytes), TEXCOORD_0 (24) and TEXCOORD_1 (24). Mesh 0's
    /// primitive uses `material` (`@MATERIAL@` in `extra` edits), mesh 1's has no material. `@TOP@` adds
    /// top-level keys; `@TEXINFO@` adds keys to the base colour textureInfo; `@MATERIAL@` to the material.
    static let uv0: [Float] = [0, 0, 1, 0, 0, 1]
    static let uv1: [Float] = [0.25, 0.25, 0.75, 0.25, 0.25, 0.75]

    static func json(top: String = "", texInfo: String = "", material: String = "") -> String {
        let bin = floats([0, 0, 0, 1, 0, 0, 0, 1, 0] + uv0 + uv1)
        return """
        {"asset":{"version":"2.0"},\(top)"scenes":[{"nodes":[0,1]}],"nodes":[{"mesh":0},{"mesh":1}],
         "meshes":[{"primitives":[{"attributes":{"POSITION":0,"TEXCOORD_0":1,"TEXCOORD_1":2},"material":0}]},
                   {"primitives":[{"attributes":{"POSITION":0,"TEXCOORD_0":1}}]}],
         "buffers":[{"byteLength":84,"uri":"data:application/octet-stream;base64,\(Data(bin).base64EncodedString())"}],
         "bufferViews":[{"buffer":0,"byteLength":36},{"buffer":0,"byteOffset":36,"byteLength":24},
                        {"buffer":0,"byteOffset":60,"byteLength":24}],
         "accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3"},
                      {"bufferView":1,"componentType":5126,"count":3,"type":"VEC2"},
                      {"bufferView":2,"componentType":5126,"count":3,"type":"VEC2"}],
         "images":[{"uri":"data:image/png;base64,AAAA"}],"textures":[{"source":0}],
         "materials":[{\(material)"pbrMetallicRoughness":{"baseColorTexture":{"index":0\(texInfo)}}}]}
        """
    }

    static func load(_ json: String) throws -> GLTFModel {
        try GLTFImporter.load(bytes: Array(json.utf8), name: "e.gltf") { _ in throw GLTFError(file: "e.gltf", message: "no files") }
    }

    func assertUVs(_ got: [SIMD2<Float>]?, _ expected: [SIMD2<Float>], file: StaticString = #filePath, line: UInt = #line) {
        guard let got, got.count == expected.count else { return XCTFail("\(String(describing: got))", file: file, line: line) }
        for (g, e) in zip(got, expected) {
            XCTAssertEqual(g.x, e.x, accuracy: 1e-6, "\(got)", file: file, line: line)
            XCTAssertEqual(g.y, e.y, accuracy: 1e-6, "\(got)", file: file, line: line)
        }
    }

    func testUnsupportedRequiredExtensionIsRefusedByName() throws {
        let json = GLTFExtensionTests.json(top: "\"extensionsRequired\":[\"KHR_texture_transform\",\"KHR_draco_mesh_compression\"],")
        XCTAssertThrowsError(try GLTFExtensionTests.load(json)) { error in
            XCTAssertEqual("\(error)", "e.gltf: extensionsRequired: extension 'KHR_draco_mesh_compression' is required but not supported")
        }
    }

    func testSupportedRequiredExtensionsLoad() throws {
        let m = try GLTFExtensionTests.load(GLTFExtensionTests.json(
            top: "\"extensionsRequired\":[\"KHR_texture_transform\",\"KHR_materials_emissive_strength\"],"))
        XCTAssertEqual(m.warnings, [])
        XCTAssertEqual(m.triangleCount, 2)
    }

    /// An unsupported extension in extensionsUsed is one warning (even listed twice); supported ones are silent.
    func testUnsupportedUsedExtensionIsOneWarning() throws {
        let m = try GLTFExtensionTests.load(GLTFExtensionTests.json(
            top: "\"extensionsUsed\":[\"KHR_materials_clearcoat\",\"KHR_texture_transform\",\"KHR_materials_clearcoat\"],"))
        XCTAssertEqual(m.warnings, ["e.gltf: extensionsUsed: extension 'KHR_materials_clearcoat' is not supported; what it adds is ignored"])
    }

    /// The extension's own example: offset [0, 1], rotation π/2, scale 0.5 puts 0...1 onto the lower-left
    /// quadrant of the image, turned clockwise: (u, v) -> (0.5 v, 1 − 0.5 u). The untextured mesh keeps its UVs.
    func testTextureTransformFollowsTheSpecExample() throws {
        let m = try GLTFExtensionTests.load(GLTFExtensionTests.json(
            texInfo: ",\"extensions\":{\"KHR_texture_transform\":{\"offset\":[0,1],\"rotation\":1.57079632679,\"scale\":[0.5,0.5]}}"))
        XCTAssertEqual(m.primitives.count, 2)
        let textured = try XCTUnwrap(m.primitives.first { $0.material == 0 })
        assertUVs(textured.uvs, [SIMD2(0, 1), SIMD2(0, 0.5), SIMD2(0.5, 1)])
        let plain = try XCTUnwrap(m.primitives.first { $0.material == nil })
        assertUVs(plain.uvs, [SIMD2(0, 0), SIMD2(1, 0), SIMD2(0, 1)])
        XCTAssertEqual(m.materials[0].uvTransform, GLTFUVTransform(offset: SIMD2(0, 1), rotation: 1.57079632679, scale: SIMD2(0.5, 0.5)))
    }

    /// Offset and scale alone, and a flip of T (the spec's second example): u' = 2u + 0.1, v' = 1 − v.
    func testTextureTransformOffsetAndScale() throws {
        let m = try GLTFExtensionTests.load(GLTFExtensionTests.json(
            texInfo: ",\"extensions\":{\"KHR_texture_transform\":{\"offset\":[0.1,1],\"scale\":[2,-1]}}"))
        let p = try XCTUnwrap(m.primitives.first { $0.material == 0 })
        assertUVs(p.uvs, [SIMD2(0.1, 1), SIMD2(2.1, 1), SIMD2(0.1, 0)])
    }

    /// The extension's texCoord overrides the textureInfo's: the material samples TEXCOORD_1, transformed.
    func testTextureTransformTexCoordSelectsTheUVSet() throws {
        let m = try GLTFExtensionTests.load(GLTFExtensionTests.json(
            texInfo: ",\"texCoord\":0,\"extensions\":{\"KHR_texture_transform\":{\"offset\":[1,0],\"texCoord\":1}}"))
        let p = try XCTUnwrap(m.primitives.first { $0.material == 0 })
        assertUVs(p.uvs, [SIMD2(1.25, 0.25), SIMD2(1.75, 0.25), SIMD2(1.25, 0.75)])
        XCTAssertEqual(m.materials[0].texCoord, 1)
    }

    func testEmissiveStrengthMultipliesEmissiveFactor() throws {
        let m = try GLTFExtensionTests.load(GLTFExtensionTests.json(
            material: "\"emissiveFactor\":[1,0.5,0],\"extensions\":{\"KHR_materials_emissive_strength\":{\"emissiveStrength\":4}},"))
        XCTAssertEqual(m.materials[0].emissive, SIMD3(4, 2, 0))
        let plain = try GLTFExtensionTests.load(GLTFExtensionTests.json(material: "\"emissiveFactor\":[1,0.5,0],"))
        XCTAssertEqual(plain.materials[0].emissive, SIMD3(1, 0.5, 0))
    }

    /// One broken extension block per row, and the exact message.
    func testBrokenExtensionBlocksAreRefused() throws {
        let tt = "materials[0].pbrMetallicRoughness.baseColorTexture.extensions.KHR_texture_transform"
        let cases: [(String, String)] = [
            (GLTFExtensionTests.json(texInfo: ",\"extensions\":{\"KHR_texture_transform\":{\"offset\":[0,1,2]}}"),
             "e.gltf: \(tt): offset has 3 numbers, needs 2"),
            (GLTFExtensionTests.json(texInfo: ",\"extensions\":{\"KHR_texture_transform\":{\"scale\":[2]}}"),
             "e.gltf: \(tt): scale has 1 numbers, needs 2"),
            (GLTFExtensionTests.json(texInfo: ",\"extensions\":{\"KHR_texture_transform\":{\"rotation\":1e300}}"),
             "e.gltf: \(tt): rotation 1e+300 is outside ±1000 radians"),
            (GLTFExtensionTests.json(texInfo: ",\"extensions\":{\"KHR_texture_transform\":{\"offset\":[1e300,0]}}"),
             "e.gltf: \(tt): offset or scale is too large for a Float"),
            (GLTFExtensionTests.json(texInfo: ",\"extensions\":{\"KHR_texture_transform\":{\"texCoord\":-1}}"),
             "e.gltf: materials[0]: baseColorTexture texCoord -1 is not a TEXCOORD_n set (0...99)"),
            (GLTFExtensionTests.json(material: "\"extensions\":{\"KHR_materials_emissive_strength\":{\"emissiveStrength\":-2}},"),
             "e.gltf: materials[0].extensions.KHR_materials_emissive_strength: emissiveStrength -2.0 is not a finite number >= 0"),
        ]
        for (json, expected) in cases {
            XCTAssertThrowsError(try GLTFExtensionTests.load(json), expected) { XCTAssertEqual("\($0)", expected) }
        }
    }
}
