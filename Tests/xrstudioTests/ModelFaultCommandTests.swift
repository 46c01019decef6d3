// ModelFaultCommandTests: model files that used to load silently wrong, through the real binary: junk bytes
// are not an empty OBJ (exit 1), and a texture that does not decode is a warning naming it (issue 14, item 5).

import Foundation
import XCTest

final class ModelFaultCommandTests: TempFolderTestCase {
    func out(_ name: String) -> String { tmp.appendingPathComponent(name).path }

    /// Bytes from a fixed-seed xorshift generator: the same "random" file on every run.
    static func randomBytes(_ n: Int, seed: UInt64) -> [UInt8] {
        var x = seed
        return (0..<n).map { _ in
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            return UInt8(truncatingIfNeeded: x >> 32)
        }
    }

    func assertRefused(_ path: String, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        for command in [["info", path], ["render", path, "--size", "16x16", "--out", out("o.png")]] {
            let r = try runCLI(command)
            XCTAssertEqual(r.code, 1, "\(command): \(r.err)", file: file, line: line)
            XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err, file: file, line: line)
            XCTAssertTrue(r.err.contains(path + ":"), "error does not name the file: \(r.err)", file: file, line: line)
            for f in fragments { XCTAssertTrue(r.err.contains(f), "missing '\(f)' in: \(r.err)", file: file, line: line) }
            XCTAssertFalse(FileManager.default.fileExists(atPath: out("o.png")), file: file, line: line)
        }
    }

    /// 256 KB of NUL bytes is one unreadable line, not an empty model.
    func testNULBytesAreNotAModel() throws {
        let path = try write("zeros.obj", [UInt8](repeating: 0, count: 256 * 1024))
        try assertRefused(path, ["not an OBJ model: no faces (1 of 1 lines unreadable)"])
    }

    /// Random bytes: refused (as not an OBJ model or at the first malformed statement), never an empty model.
    func testRandomBytesAreNotAModel() throws {
        for seed: UInt64 in [1, 2, 3] {
            let path = try write("random\(seed).obj", ModelFaultCommandTests.randomBytes(256 * 1024, seed: seed))
            try assertRefused(path, [])
        }
    }

    /// Prose with a triangle hidden in it: faces exist, but most lines are not OBJ.
    func testMostlyUnreadableLinesAreNotAModel() throws {
        let text = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n" + String(repeating: "Dear reader, this is a letter.\n", count: 5)
        let path = try write("letter.obj", Array(text.utf8))
        try assertRefused(path, ["not an OBJ model: 5 of 9 lines unreadable"])
    }

    /// A vertex-only OBJ (a point cloud) draws nothing: refused, with nothing unreadable.
    func testVerticesWithoutFacesAreNotAModel() throws {
        let path = try write("points.obj", Array("# points\nv 0 0 0\nv 1 0 0\ng cloud\n".utf8))
        try assertRefused(path, ["not an OBJ model: no faces (0 of 3 lines unreadable)"])
    }

    /// OBJ keywords the parser does not use (groups, smoothing, lines) are not unreadable.
    func testUnusedOBJKeywordsStillLoad() throws {
        let text = "o a\ng b\ns 1\nl 1 2\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n"
        let r = try runCLI(["info", try write("keywords.obj", Array(text.utf8))])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("triangles  1"), r.out)
    }

    /// A PNG signature followed by junk: two materials share it, so it is one warning, naming the texture;
    /// the model still renders (untextured) and `info` lists the same warning.
    func testBrokenOBJTextureIsOneWarning() throws {
        _ = try write("broken.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + ModelFaultCommandTests.randomBytes(200, seed: 9))
        _ = try write("m.mtl", Array("newmtl a\nKd 1 0 0\nmap_Kd broken.png\nnewmtl b\nKd 0 1 0\nmap_Kd broken.png\n".utf8))
        let obj = try write("quad.obj", Array("""
            mtllib m.mtl
            v -1 -1 0
            v 1 -1 0
            v 1 1 0
            v -1 1 0
            vt 0 0
            vt 1 0
            vt 1 1
            usemtl a
            f 1/1 2/2 3/3
            usemtl b
            f 1/1 3/3 4/3

            """.utf8))
        let r = try runCLI(["render", obj, "--size", "16x16", "--out", out("q.png")])
        XCTAssertEqual(r.code, 0, r.err)
        let lines = r.err.split(separator: "\n").filter { $0.contains("broken.png") }
        XCTAssertEqual(lines.count, 1, r.err)
        XCTAssertTrue(lines.first?.contains("\(obj): texture 'broken.png' of material 'a' cannot be used") ?? false, r.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out("q.png")))

        let info = try runCLI(["info", obj])
        XCTAssertEqual(info.code, 0, info.err)
        XCTAssertEqual(info.out.split(separator: "\n").filter { $0.contains("warning:") && $0.contains("broken.png") }.count, 1, info.out)
    }

    /// A glTF whose embedded image is not a PNG: one warning naming the image, the model still renders.
    func testBrokenGLTFImageIsAWarning() throws {
        // One triangle: 3 VEC3 float positions (36 bytes) then 3 VEC2 UVs (24 bytes).
        var bin: [UInt8] = []
        for f: Float in [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1] { withUnsafeBytes(of: f.bitPattern.littleEndian) { bin += $0 } }
        let junk = Data([0x89, 0x50, 0x4E, 0x47] + [UInt8](repeating: 7, count: 40)).base64EncodedString()
        let gltf = """
            {"asset": {"version": "2.0"},
             "buffers": [{"byteLength": 60, "uri": "data:application/octet-stream;base64,\(Data(bin).base64EncodedString())"}],
             "bufferViews": [{"buffer": 0, "byteLength": 36}, {"buffer": 0, "byteOffset": 36, "byteLength": 24}],
             "accessors": [{"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3"},
                           {"bufferView": 1, "componentType": 5126, "count": 3, "type": "VEC2"}],
             "images": [{"uri": "data:image/png;base64,\(junk)", "name": "wall"}],
             "textures": [{"source": 0}],
             "materials": [{"pbrMetallicRoughness": {"baseColorTexture": {"index": 0}}}],
             "meshes": [{"primitives": [{"attributes": {"POSITION": 0, "TEXCOORD_0": 1}, "material": 0}]}],
             "nodes": [{"mesh": 0}], "scenes": [{"nodes": [0]}]}
            """
        let path = try write("tri.gltf", Array(gltf.utf8))
        let r = try runCLI(["render", path, "--size", "16x16", "--out", out("t.png")])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(r.err.split(separator: "\n").filter { $0.contains("\(path): images[0] ('wall') cannot be decoded") }.count, 1, r.err)
        let info = try runCLI(["info", path])
        XCTAssertEqual(info.code, 0, info.err)
        XCTAssertTrue(info.out.contains("images[0] ('wall') cannot be decoded"), info.out)
    }
}
