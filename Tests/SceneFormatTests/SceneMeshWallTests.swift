// SceneMeshWallTests: `shape: mesh` wall sections: the canvas from `pixels` or a panel grid, placement, and the
// refusals that name the triangles of a bad UV layout (table-driven: one mesh, one message).

import Foundation
import Geometry
import SceneFormat
import SceneModel
import XCTest

final class SceneMeshWallTests: XCTestCase {
    /// Loads a scene whose files are in `files` (name → text).
    static func load(_ yaml: String, files: [String: String]) throws -> Scene {
        try SceneLoader.load(bytes: Array(yaml.utf8), name: "/s/scene.yaml", fileExists: { files[String($0.dropFirst(3))] != nil },
                             readFile: { p in files[String(p.dropFirst(3))].map { Array($0.utf8) } })
    }

    static func scene(_ wall: String) -> String {
        """
        name: t
        stage:
          panels: [{ name: P, cabinet_mm: [500, 500], pitch_mm: 2.5 }]
          walls:
            - { name: m, shape: mesh, mesh: screen.obj, \(wall) }
        """
    }

    /// A 4 x 2 m rectangle at z = −3 as two quads (UV v flipped: OBJ's v = 1 is the top).
    static let rectangle = """
    v -2 0 -3
    v 0 0 -3
    v 2 0 -3
    v -2 2 -3
    v 0 2 -3
    v 2 2 -3
    vt 0 0
    vt 0.5 0
    vt 1 0
    vt 0 1
    vt 0.5 1
    vt 1 1
    f 1/1 2/2 5/5 4/4
    f 2/2 3/3 6/6 5/5
    """

    func testPixelsCanvasTakesTheMeshsSizeAndPlacement() throws {
        let scene = try Self.load(Self.scene("pixels: [800, 400], cabinets: [4, 2], position: [1, 0, 0], yaw_deg: 90"),
                                  files: ["screen.obj": Self.rectangle])
        let w = scene.stage.walls[0]
        XCTAssertTrue(w.isMesh)
        XCTAssertEqual(w.grid.columns, 4); XCTAssertEqual(w.grid.rows, 2)
        let s = w.surface
        XCTAssertEqual(s.pixels.width, 800); XCTAssertEqual(s.pixels.height, 400)
        XCTAssertEqual(s.widthM, 4, accuracy: 1e-9); XCTAssertEqual(s.heightM, 2, accuracy: 1e-9)
        // Yaw 90° about +Y takes (x, z) to (z, −x): the top left (−2, 2, −3) goes to (−3, 2, 2), then +1 in x.
        let tl = s.point(u: 0, v: 0)
        XCTAssertEqual(tl.x, -2, accuracy: 1e-6); XCTAssertEqual(tl.y, 2, accuracy: 1e-6); XCTAssertEqual(tl.z, 2, accuracy: 1e-6)
        // The face looked along +Z; turned 90° it looks along +X.
        let n = s.normal(u: 1, v: 1)
        XCTAssertEqual(n.x, 1, accuracy: 1e-9)
    }

    /// A glTF quad, 2 x 1 m at z = −2 facing +Z, TEXCOORD_0 (0, 0) at its top left (glTF's UV origin is the image's
    /// top left, as the canvas's).
    func testGLTFMeshWall() throws {
        var bytes: [UInt8] = []
        func f(_ v: [Float]) { for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 } } }
        f([-1, 1, -2, 1, 1, -2, 1, 0, -2, -1, 0, -2])
        f([0, 0, 1, 0, 1, 1, 0, 1])
        for i: UInt16 in [0, 3, 2, 0, 2, 1] { withUnsafeBytes(of: i.littleEndian) { bytes += $0 } }
        let gltf = """
        {"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
         "meshes":[{"primitives":[{"attributes":{"POSITION":0,"TEXCOORD_0":1},"indices":2}]}],
         "accessors":[{"bufferView":0,"componentType":5126,"count":4,"type":"VEC3","min":[-1,0,-2],"max":[1,1,-2]},
                      {"bufferView":1,"componentType":5126,"count":4,"type":"VEC2"},
                      {"bufferView":2,"componentType":5123,"count":6,"type":"SCALAR"}],
         "bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":48},{"buffer":0,"byteOffset":48,"byteLength":32},
                        {"buffer":0,"byteOffset":80,"byteLength":12}],
         "buffers":[{"uri":"data:application/octet-stream;base64,\(Data(bytes).base64EncodedString())","byteLength":92}]}
        """
        let yaml = Self.scene("pixels: [64, 32]").replacingOccurrences(of: "screen.obj", with: "screen.gltf")
        let s = try Self.load(yaml, files: ["screen.gltf": gltf]).stage.walls[0].surface
        XCTAssertEqual(s.widthM, 2, accuracy: 1e-9); XCTAssertEqual(s.heightM, 1, accuracy: 1e-9)
        let tl = s.point(u: 0, v: 0), br = s.point(u: 2 - 1e-9, v: 1 - 1e-9)
        XCTAssertEqual(tl.x, -1, accuracy: 1e-6); XCTAssertEqual(tl.y, 1, accuracy: 1e-6)
        XCTAssertEqual(br.x, 1, accuracy: 1e-6); XCTAssertEqual(br.y, 0, accuracy: 1e-6)
        XCTAssertEqual(s.normal(u: 1, v: 0.5).z, 1, accuracy: 1e-9)
    }

    func testPanelGridCanvas() throws {
        let scene = try Self.load(Self.scene("panel: P, columns: 6, rows: 3"), files: ["screen.obj": Self.rectangle])
        let s = scene.stage.walls[0].surface
        XCTAssertEqual(s.pixels.width, 6 * 200); XCTAssertEqual(s.pixels.height, 3 * 200)
        XCTAssertEqual(s.widthM, 3, accuracy: 1e-12)   // the grid's size; the UVs stretch over it
        // Canvas u 1.5 of 3 is UV 0.5: the rectangle's middle column, x = 0.
        XCTAssertEqual(s.point(u: 1.5, v: 1.5).x, 0, accuracy: 1e-6)
    }

    func testBadLayoutsAreRefusedNamingTheTriangles() {
        let quad = "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\n"
        let rows: [(String, String, String)] = [
            ("no UVs", quad + "vt 0 0\nvt 1 0\nvt 1 1\nf 1/1 2/2 3/3\nf 1 3 4 2\n",
             "has no UVs (every face corner needs a texture coordinate: OBJ 'f v/vt', glTF TEXCOORD_0) in triangles 2, 3"),
            ("overlap", quad + "v 0.5 0 0\nvt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nvt 0.5 0\nf 1/1 2/2 3/3\nf 1/1 3/3 4/4\nf 5/5 2/2 3/3\n",
             "overlap (one LED pixel would be in two places): triangles 1 and 3"),
            ("flipped", quad + "vt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nvt 0.5 0.5\nf 1/1 2/2 3/3\nf 1/1 3/3 4/4\nf 1/2 2/1 3/5\n",
             "flipped (mirrored against the rest of the layout) in triangle 3"),
            ("degenerate", quad + "vt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nvt 0.5 0.5\nf 1/1 2/2 3/3\nf 1/1 3/3 4/4\nf 1/1 2/5 3/3\n",
             "has no area in UV (degenerate, the canvas would not reach it) in triangle 3"),
            ("outside", quad + "vt 0 0\nvt 1 0\nvt 1 1.5\nvt 0 1\nf 1/1 2/2 3/3\nf 1/1 3/4 4/4\n",
             "UVs outside the unit square (0-1) in triangle 1"),
        ]
        for (what, obj, message) in rows {
            XCTAssertThrowsError(try Self.load(Self.scene("pixels: [64, 64]"), files: ["screen.obj": obj]), what) { e in
                let text = "\(e)"
                XCTAssertTrue(text.hasPrefix("/s/scene.yaml:5:"), "\(what): \(text)")
                XCTAssertTrue(text.contains("mesh 'screen.obj'") && text.contains(message), "\(what): \(text)")
            }
        }
    }

    func testMisuseOfMeshKeys() {
        let rows: [(String, String)] = [
            ("pixels: [64, 64], radius: 3", "'radius' is not for mesh walls"),
            ("", "needs 'pixels: [width, height]'"),
            ("pixels: [64, 64], panel: P", "gives 'panel' and 'pixels'"),
            ("pixels: [64, 65], cabinets: [2, 2]", "do not split a 64 x 65 canvas"),
        ]
        for (keys, message) in rows {
            XCTAssertThrowsError(try Self.load(Self.scene(keys), files: ["screen.obj": Self.rectangle])) { e in
                XCTAssertTrue("\(e)".contains(message), "\(keys): \(e)")
            }
        }
        XCTAssertThrowsError(try Self.load(Self.scene("pixels: [64, 64]"), files: [:])) { e in
            XCTAssertTrue("\(e)".contains("mesh file 'screen.obj' not found"), "\(e)")
        }
        let flat = """
        name: t
        stage:
          panels: [{ name: P, cabinet_mm: [500, 500], pitch_mm: 2.5 }]
          walls: [{ name: w, panel: P, columns: 2, rows: 2, mesh: screen.obj }]
        """
        XCTAssertThrowsError(try Self.load(flat, files: ["screen.obj": Self.rectangle])) { e in
            XCTAssertTrue("\(e)".contains("'mesh' is only for mesh walls"), "\(e)")
        }
    }
}
