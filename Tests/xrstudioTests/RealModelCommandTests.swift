// RealModelCommandTests: model-file shapes found in real third-party files (tinyobjloader's collection, public MTL
// files, Khronos samples) that xrstudio read wrongly, through the binary: bounds of what is drawn, texture
// coordinates optional face by face, MTL map options, escaped spaces in mtllib, glTF vertex colours, primitives
// without positions, deep JSON and missing external images. Pixels are checked where a colour is unambiguous.

import Foundation
import ImageCodecs
import Imaging
import XCTest

final class RealModelCommandTests: TempFolderTestCase {
    /// A 64x64 texture in four quadrants: red, green on top; blue, yellow below (big enough that filtering leaves
    /// each quadrant's middle one colour).
    func writeQuadrants(_ name: String = "q.png") throws {
        var img = RGBA8Image(width: 64, height: 64)
        for y in 0..<64 {
            for x in 0..<64 {
                img[x, y] = y < 32 ? (x < 32 ? (255, 0, 0, 255) : (0, 255, 0, 255)) : (x < 32 ? (0, 0, 255, 255) : (255, 255, 0, 255))
            }
        }
        _ = try write(name, try PNGCodec.encode(img))
    }

    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Renders `model` unlit, 200x200, from (0, 0, 3) looking at the origin (the unit quad x, y in [-1, 1] spans
    /// 57.7 px a metre around the centre), and returns the image.
    func renderUnlit(_ model: String, file: StaticString = #filePath, line: UInt = #line) throws -> (RGBA8Image, String) {
        let out = tmp.appendingPathComponent("out.png").path
        try? FileManager.default.removeItem(atPath: out)
        let r = try runCLI(["render", model, "--shading", "unlit", "--size", "200x200", "--camera", "0,0,3", "--look-at", "0,0,0",
                            "--fov-y", "60", "--out", out])
        XCTAssertEqual(r.code, 0, r.err, file: file, line: line)
        return (try PNGCodec.decodeRGBA8([UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))), r.err)
    }

    /// The pixel at world (x, y) on the z = 0 plane in `renderUnlit`'s view.
    func pixel(_ img: RGBA8Image, _ x: Double, _ y: Double) -> (UInt8, UInt8, UInt8) {
        let s = 100 / (3 * tan(Double.pi / 6))
        let p = img[Int(100 + x * s), Int(100 - y * s)]
        return (p.0, p.1, p.2)
    }

    func assertColour(_ got: (UInt8, UInt8, UInt8), _ want: (UInt8, UInt8, UInt8), _ what: String,
                      file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(abs(Int(got.0) - Int(want.0)) < 8 && abs(Int(got.1) - Int(want.1)) < 8 && abs(Int(got.2) - Int(want.2)) < 8,
                      "\(what): \(got) vs \(want)", file: file, line: line)
    }

    /// `info`'s bounds are the faces' (as for glTF, and as the auto-framed camera needs): a vertex far away that no
    /// face uses, and one only a line uses, are not in them (tinyobjloader's issue-389 file).
    func testOBJBoundsAreWhatTheFacesUse() throws {
        let obj = try write("b.obj", Array("v -1 -1 0\nv 1 -1 0\nv 1 1 0\nv 1000 1000 1000\nv 0 0 5\nf 1 2 3\nl 1 5\n".utf8))
        let r = try runCLI(["info", obj, "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        let j = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        XCTAssertEqual(j["bbox_min"] as? [Double], [-1, -1, 0])
        XCTAssertEqual(j["bbox_max"] as? [Double], [1, 1, 0])
        XCTAssertEqual(j["vertices"] as? Int, 5)
    }

    /// Texture coordinates are optional face by face (tinyobjloader's issue-161 file given a texture): a face
    /// without them no longer strips the texture from the faces that have them; a warning counts the corners.
    func testAFaceWithoutTextureCoordinatesKeepsTheOthersTextured() throws {
        try writeQuadrants()
        let obj = try writeTexturedQuad(texture: "q.png")
        var text = try String(contentsOfFile: obj, encoding: .utf8)
        text += "v 5 5 0\nv 6 5 0\nv 6 6 0\nf 5 6 7\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: obj))
        let (img, err) = try renderUnlit(obj)
        assertColour(pixel(img, -0.5, 0.5), (255, 0, 0), "top left")
        assertColour(pixel(img, 0.5, -0.5), (255, 255, 0), "bottom right")
        XCTAssertTrue(err.contains("3 face corners have no texture coordinates while others do: they take (0, 0)"), err)
    }

    /// MTL map options (the spec: `-o u [v [w]]`, `-s u [v [w]]`, `-clamp on`), which were dropped with the map when
    /// given fewer than three numbers, and ignored otherwise. `-o 0.5` moves the image half across: the quad's top
    /// left shows the image's top right (green). `-s 2 2` repeats it twice: a quarter of the quad holds the whole
    /// image, so (−0.75, 0.75) is red and (−0.25, 0.75) green. `-clamp on` with coordinates from −1 to 2: at
    /// (−0.5, 0.5) the coordinate (−0.25, 1.25) clamps to the top-left texel (red) where repeating gives yellow.
    func testMTLMapOptions() throws {
        try writeQuadrants()
        func quad(_ mapLine: String, uvs: String = "vt 0 0\nvt 1 0\nvt 1 1\nvt 0 1") throws -> String {
            _ = try write("m.mtl", Array("newmtl t\nKd 1 1 1\nmap_Kd \(mapLine)\n".utf8))
            return try write("quad.obj", Array("mtllib m.mtl\nv -1 -1 0\nv 1 -1 0\nv 1 1 0\nv -1 1 0\n\(uvs)\nusemtl t\nf 1/1 2/2 3/3 4/4\n".utf8))
        }
        let (offset, _) = try renderUnlit(try quad("-o 0.5 q.png"))
        assertColour(pixel(offset, -0.5, 0.5), (0, 255, 0), "-o 0.5: top left")
        let (scaled, _) = try renderUnlit(try quad("-s 2 2 q.png"))
        assertColour(pixel(scaled, -0.75, 0.75), (255, 0, 0), "-s 2 2 at (-0.75, 0.75)")
        assertColour(pixel(scaled, -0.25, 0.75), (0, 255, 0), "-s 2 2 at (-0.25, 0.75)")
        let wide = "vt -1 -1\nvt 2 -1\nvt 2 2\nvt -1 2"
        let (clamped, _) = try renderUnlit(try quad("-clamp on q.png", uvs: wide))
        assertColour(pixel(clamped, -0.5, 0.5), (255, 0, 0), "-clamp on")
        let (repeated, _) = try renderUnlit(try quad("q.png", uvs: wide))
        assertColour(pixel(repeated, -0.5, 0.5), (255, 255, 0), "repeat")
        // One number after -s is the spec's "u [v [w]]": the map is still found (it was dropped, silently).
        let info = try runCLI(["info", try quad("-s 2 q.png"), "--json"])
        XCTAssertEqual(try json(info.out)["textures"] as? Int, 1, info.out)
    }

    /// `mtllib my\ lib.mtl` names one file with a space (tinyobjloader's issue-46 file), as tinyobjloader reads it.
    func testEscapedSpaceInMtllib() throws {
        _ = try write("my lib.mtl", Array("newmtl g\nKd 0 1 0\n".utf8))
        let obj = try write("s.obj", Array("mtllib my\\ lib.mtl\nv -1 -1 0\nv 1 -1 0\nv 1 1 0\nv -1 1 0\nusemtl g\nf 1 2 3 4\n".utf8))
        let (img, err) = try renderUnlit(obj)
        XCTAssertFalse(err.contains("warning"), err)
        assertColour(pixel(img, 0, 0), (0, 255, 0), "the library's green")
    }

    /// A glTF quad whose base64 buffer holds positions, optional COLOR_0 (VEC4 floats) and indices.
    func gltf(colors: [Float]?, extraPrimitive: String = "", images: String = "", material: String = "") -> String {
        var bytes: [UInt8] = []
        func floats(_ v: [Float]) { for f in v { withUnsafeBytes(of: f.bitPattern.littleEndian) { bytes += $0 } } }
        floats([-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0])
        if let colors { floats(colors) }
        for i: UInt16 in [0, 1, 2, 0, 2, 3] { withUnsafeBytes(of: i.littleEndian) { bytes += $0 } }
        let posEnd = 48, colEnd = colors == nil ? 48 : 112
        let uri = "data:application/octet-stream;base64," + Data(bytes).base64EncodedString()
        let colorAttr = colors == nil ? "" : #", "COLOR_0": 1"#
        let colorView = colors == nil ? "" : #"{"buffer": 0, "byteOffset": 48, "byteLength": 64},"#
        let colorAccessor = colors == nil ? "" : #"{"bufferView": 1, "componentType": 5126, "count": 4, "type": "VEC4"},"#
        let indexView = colors == nil ? 1 : 2, indexAccessor = colors == nil ? 1 : 2
        return """
        {"asset": {"version": "2.0"}, "scene": 0, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}],
         "meshes": [{"primitives": [{"attributes": {"POSITION": 0\(colorAttr)}, "indices": \(indexAccessor)\(material)}\(extraPrimitive)]}],
         "buffers": [{"byteLength": \(bytes.count), "uri": "\(uri)"}],
         "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": \(posEnd)}, \(colorView)
                         {"buffer": 0, "byteOffset": \(colEnd), "byteLength": 12}],
         "accessors": [{"bufferView": 0, "componentType": 5126, "count": 4, "type": "VEC3", "min": [-1, -1, 0], "max": [1, 1, 0]},
                       \(colorAccessor)
                       {"bufferView": \(indexView), "componentType": 5123, "count": 6, "type": "SCALAR"}]\(images)}
        """
    }

    /// glTF's COLOR_0 multiplies the base colour (Khronos' BoxVertexColors rendered white unlit): a quad of red
    /// vertex colours is red unlit. A primitive without POSITION is skipped with a warning (the spec: clients SHOULD
    /// skip it), not the end of the file.
    func testGLTFVertexColoursAndPrimitivesWithoutPositions() throws {
        let red = try write("c.gltf", Array(gltf(colors: [Float](repeating: 0, count: 16).enumerated().map { $0.offset % 4 == 0 || $0.offset % 4 == 3 ? 1 : 0 }).utf8))
        let (img, _) = try renderUnlit(red)
        assertColour(pixel(img, 0, 0), (255, 0, 0), "COLOR_0 red, unlit")
        let noPosition = try write("p.gltf", Array(gltf(colors: nil, extraPrimitive: #", {"attributes": {"NORMAL": 0}}"#).utf8))
        let r = try runCLI(["info", noPosition, "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        let j = try json(r.out)
        XCTAssertEqual((j["warnings"] as? [String])?.filter { $0.contains("meshes[0].primitives[1]: has no POSITION attribute, so it draws nothing; skipped") }.count, 1, r.out)
        XCTAssertEqual(j["triangles"] as? Int, 2)
    }

    /// JSON nested past the reader's 512 levels is said as such (it was "not valid JSON"); an external image file
    /// that is missing costs its texture with a warning, not the model (buffers stay errors).
    func testDeepJSONAndMissingExternalImage() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let nested = try write("d.gltf", Array(gltf(colors: nil).replacingOccurrences(of: #""scene": 0,"#, with: #""extras": \#(deep), "scene": 0,"#).utf8))
        let d = try runCLI(["info", nested])
        XCTAssertEqual(d.code, 1)
        XCTAssertTrue(d.err.contains("d.gltf: JSON: nested 601 levels deep; the JSON reader stops at 512"), d.err)
        let images = #", "images": [{"uri": "gone.png"}], "textures": [{"source": 0}], "materials": [{"pbrMetallicRoughness": {"baseColorTexture": {"index": 0}}}]"#
        let missing = try write("m.gltf", Array(gltf(colors: nil, images: images, material: #", "material": 0"#).utf8))
        let (img, err) = try renderUnlit(missing)
        XCTAssertTrue(err.contains("images[0]: cannot read 'gone.png': no such file"), err)
        XCTAssertTrue(err.contains("drawn without it"), err)
        assertColour(pixel(img, 0, 0), (255, 255, 255), "the untextured base colour")
    }

    /// A model with lines only (Khronos' mode 1) has nothing to draw: `render` says so and exits 1 with no file left
    /// (it wrote a frame of background and exit 0, a golden of nothing); `info` still reports it, its empty bounds as
    /// `null` (the keys were missing from --json).
    func testAModelWithoutTrianglesIsNotRendered() throws {
        let lines = try write("l.gltf", Array(gltf(colors: nil, material: #", "mode": 1"#).utf8))
        let out = tmp.appendingPathComponent("l.png").path
        let r = try runCLI(["render", lines, "--out", out])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.err.contains("l.gltf: nothing to draw: the model has no triangles"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let i = try runCLI(["info", lines, "--json"])
        XCTAssertEqual(i.code, 0, i.err)
        let j = try json(i.out)
        XCTAssertEqual(j["triangles"] as? Int, 0)
        XCTAssertTrue(j["bbox_min"] is NSNull, i.out)
        XCTAssertTrue(j["bbox_max"] is NSNull, i.out)
    }

    /// An OBJ vertex beyond a 32-bit float that no face uses (tinyobjloader's numeric-edge-cases.obj) loads with a
    /// warning and renders, with and without normals on the faces (a mesh without them keeps every vertex, and the
    /// renderer refused the unused NaN); a face using it is an error naming its line.
    func testUnusedNonFiniteVertexRenders() throws {
        for (name, faces) in [("plain.obj", "f 1 3 4\n"), ("normals.obj", "vn 0 0 1\nf 1//1 3//1 4//1\n")] {
            let obj = try write(name, Array(("v 0 0 0\nv 1.8e308 0 0\nv 1 0 0\nv 0 1 0\nv nan 0 0\n" + faces).utf8))
            let out = tmp.appendingPathComponent(name + ".png").path
            let r = try runCLI(["render", obj, "--out", out])
            XCTAssertEqual(r.code, 0, r.err)
            XCTAssertTrue(r.err.contains("2 vertices are not finite, or beyond a 32-bit float's range (the first on line 2); no face uses them"), r.err)
        }
        let used = try write("used.obj", Array("v 0 0 0\nv 1.8e308 0 0\nv 1 0 0\nf 1 2 3\n".utf8))
        let r = try runCLI(["render", used, "--out", tmp.appendingPathComponent("used.png").path])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("used.obj:4:5: error: vertex 2 (line 2) is not finite"), r.err)
    }
}
