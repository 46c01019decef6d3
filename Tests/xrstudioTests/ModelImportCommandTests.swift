// ModelImportCommandTests: `render MODEL` of what exporters write — a double-sided glTF card under --cull back, a MASK
// cut-out in every look, an MTL emission colour decoded as its diffuse is, and a model too far out to frame (an input
// error naming the file).

import Foundation
import ImageCodecs
import Imaging
import XCTest

final class ModelImportCommandTests: TempFolderTestCase {
    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    /// The centre pixel of `render ARGS` (a 32x32 frame).
    func centre(_ args: [String]) throws -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        let out = tmp.appendingPathComponent("o.png").path
        let r = try runCLI(["render"] + args + ["--size", "32x32", "--out", out, "--overwrite"])
        XCTAssertEqual(r.code, 0, r.err)
        return try PNGCodec.decodeRGBA8([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))[16, 16]
    }

    /// A red quad facing +Z, double-sided or not, seen from behind with --cull back: "When this value is true,
    /// back-face culling is disabled" (glTF 2.0). It vanished.
    func testDoubleSidedGLTFIsNotCulled() throws {
        var bin: [UInt8] = []
        for f: Float in [-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0] { withUnsafeBytes(of: f.bitPattern.littleEndian) { bin += $0 } }
        for i: UInt16 in [0, 1, 2, 0, 2, 3] { withUnsafeBytes(of: i.littleEndian) { bin += $0 } }
        func quad(doubleSided: Bool) -> String {
            """
            {"asset":{"version":"2.0"},"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
             "meshes":[{"primitives":[{"attributes":{"POSITION":0},"indices":1,"material":0}]}],
             "materials":[{"doubleSided":\(doubleSided),"pbrMetallicRoughness":{"baseColorFactor":[1,0,0,1]}}],
             "buffers":[{"byteLength":60,"uri":"data:application/octet-stream;base64,\(Data(bin).base64EncodedString())"}],
             "bufferViews":[{"buffer":0,"byteLength":48},{"buffer":0,"byteOffset":48,"byteLength":12}],
             "accessors":[{"bufferView":0,"componentType":5126,"count":4,"type":"VEC3","min":[-1,-1,0],"max":[1,1,0]},
                          {"bufferView":1,"componentType":5123,"count":6,"type":"SCALAR"}]}
            """
        }
        let behind = ["--cull", "back", "--shading", "flat", "--camera", "0,0,-3", "--look-at", "0,0,0"]
        let two = try centre([try write("two.gltf", quad(doubleSided: true))] + behind)
        XCTAssertEqual([two.r, two.g, two.b], [255, 0, 0])
        let one = try centre([try write("one.gltf", quad(doubleSided: false))] + behind)
        XCTAssertNotEqual([one.r, one.g, one.b], [255, 0, 0], "a single-sided quad seen from behind is culled")
    }

    /// A glTF MASK card (leaves, a fence): its texture's left texel has alpha 0 and its right 255, so bilinear alpha
    /// reaches the cutoff 0.5 at u = 0.5, the card's middle, which the camera looks at. In every look the card's left
    /// half is cut away (the background shows, as where nothing is) and its right half is as the OPAQUE card draws it.
    /// It was drawn whole, with a warning.
    func testMaskCardIsCutOutInEveryLook() throws {
        var bin: [UInt8] = []
        for f: Float in [-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0] { withUnsafeBytes(of: f.bitPattern.littleEndian) { bin += $0 } }
        for f: Float in [0, 1, 1, 1, 1, 0, 0, 0] { withUnsafeBytes(of: f.bitPattern.littleEndian) { bin += $0 } }
        for i: UInt16 in [0, 1, 2, 0, 2, 3] { withUnsafeBytes(of: i.littleEndian) { bin += $0 } }
        var texels = RGBA8Image(width: 2, height: 1)
        texels[0, 0] = (40, 200, 60, 0)
        texels[1, 0] = (40, 200, 60, 255)
        let png = Data(try PNGCodec.encode(texels)).base64EncodedString()
        // Positions, then a second attribute (TEXCOORD_0 or COLOR_0, `size` bytes), then the indices.
        func card(_ attribute: String, _ type: String, size: Int, material: String, extra: String = "", buffer: [UInt8]) -> String {
            """
            {"asset":{"version":"2.0"},"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
             "meshes":[{"primitives":[{"attributes":{"POSITION":0,"\(attribute)":1},"indices":2,"material":0}]}],
             "materials":[{\(material)}],\(extra)
             "buffers":[{"byteLength":\(buffer.count),"uri":"data:application/octet-stream;base64,\(Data(buffer).base64EncodedString())"}],
             "bufferViews":[{"buffer":0,"byteLength":48},{"buffer":0,"byteOffset":48,"byteLength":\(size)},
                            {"buffer":0,"byteOffset":\(48 + size),"byteLength":12}],
             "accessors":[{"bufferView":0,"componentType":5126,"count":4,"type":"VEC3","min":[-1,-1,0],"max":[1,1,0]},
                          {"bufferView":1,"componentType":5126,"count":4,"type":"\(type)"},
                          {"bufferView":2,"componentType":5123,"count":6,"type":"SCALAR"}]}
            """
        }
        func textured(_ mode: String) -> String {
            card("TEXCOORD_0", "VEC2", size: 32, material: "\"alphaMode\":\"\(mode)\",\"pbrMetallicRoughness\":{\"baseColorTexture\":{\"index\":0}}",
                 extra: "\"textures\":[{\"source\":0,\"sampler\":0}],\"samplers\":[{\"wrapS\":33071,\"wrapT\":33071}],"
                     + "\"images\":[{\"uri\":\"data:image/png;base64,\(png)\"}],", buffer: bin)
        }
        // The same card cut by COLOR_0's alpha (0 on the left corners, 1 on the right), without a texture: the clay,
        // flat and id looks, which leave vertex colours out, lost the cut.
        var colourBin = Array(bin[0..<48])
        for a: Float in [0, 1, 1, 0] { for f: Float in [1, 1, 1, a] { withUnsafeBytes(of: f.bitPattern.littleEndian) { colourBin += $0 } } }
        colourBin += bin[80..<92]
        let colourCard = card("COLOR_0", "VEC4", size: 64, material: "\"alphaMode\":\"MASK\"", buffer: colourBin)
        let mask = try write("mask.gltf", textured("MASK")), opaque = try write("opaque.gltf", textured("OPAQUE"))
        let colourMask = try write("colour.gltf", colourCard)
        for look in ["unlit", "flat", "clay", "id"] {
            func frame(_ model: String) throws -> RGBA8Image {
                let out = tmp.appendingPathComponent("\(look).png").path
                let r = try runCLI(["render", model, "--shading", look, "--camera", "0,0,3", "--look-at", "0,0,0",
                                    "--size", "32x32", "--out", out, "--overwrite"])
                XCTAssertEqual(r.code, 0, r.err)
                XCTAssertFalse(r.err.contains("alphaMode"), r.err)
                return try PNGCodec.decodeRGBA8([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
            }
            let cut = try frame(mask), whole = try frame(opaque), byColour = try frame(colourMask)
            let background = whole[0, 0]
            var leftCut = 0, rightKept = 0
            for y in 0..<32 {
                for x in 0..<32 where whole[x, y] != background {
                    if x < 15 {
                        XCTAssertTrue(cut[x, y] == background, "\(look): (\(x), \(y)) is cut away")
                        XCTAssertTrue(byColour[x, y] == background, "\(look), COLOR_0: (\(x), \(y)) is cut away")
                        leftCut += 1
                    }
                    if x > 16 {
                        XCTAssertTrue(cut[x, y] == whole[x, y], "\(look): (\(x), \(y)) is kept")
                        XCTAssertTrue(byColour[x, y] != background, "\(look), COLOR_0: (\(x), \(y)) is kept")
                        rightKept += 1
                    }
                }
            }
            XCTAssertGreaterThan(leftCut, 50, look)
            XCTAssertGreaterThan(rightKept, 50, look)
        }
    }

    /// MTL colours are display-referred: `Ke 0.5` (on black) and `Kd 0.5` both draw code 127-128 unlit; Ke drew 188.
    func testMTLEmissionIsDecodedAsTheDiffuseIs() throws {
        let obj = "mtllib m.mtl\nv -1 -1 0\nv 1 -1 0\nv 1 1 0\nv -1 1 0\nusemtl M\nf 1 2 3 4\n"
        let look = ["--shading", "unlit", "--camera", "0,0,3", "--look-at", "0,0,0"]
        _ = try write("m.mtl", "newmtl M\nKd 0 0 0\nKe 0.5 0.5 0.5\n")
        let glow = try centre([try write("glow.obj", obj)] + look)
        _ = try write("m.mtl", "newmtl M\nKd 0.5 0.5 0.5\n")
        let diffuse = try centre([try write("diffuse.obj", obj)] + look)
        XCTAssertEqual(Int(glow.r), Int(diffuse.r), accuracy: 1)
        XCTAssertEqual(Int(diffuse.r), 127, accuracy: 1)
    }

    /// A vertex at 1e20 m leaves the auto-framed camera no view direction in 32-bit floats: an input error naming the
    /// file (exit 1), not "--camera and --look-at must differ" (exit 2) for options never given.
    func testAModelTooFarOutToFrameIsAnInputError() throws {
        let path = try write("far.obj", "v -1 -1 0\nv 1 -1 0\nv 1 1 0\nv 1e20 1 0\nf 1 2 3 4\n")
        let r = try runCLI(["render", path, "--size", "32x32", "--out", tmp.appendingPathComponent("f.png").path])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.err.contains("\(path): its bounds") && r.err.contains("give --camera and --look-at"), r.err)
    }
}
