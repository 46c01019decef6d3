// TempFolderTestCase: a fresh temporary folder for each test, removed afterwards, and files written into it.

import Foundation
import XCTest

/// A test case with its own temporary folder per test (`tmp`), for tests that run the binary on generated files.
class TempFolderTestCase: XCTestCase {
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-\(type(of: self))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    /// Writes quad.obj, a unit quad with UVs, and m.mtl, its one material textured by `texture` (a file in the
    /// folder); returns the OBJ's path.
    func writeTexturedQuad(texture: String) throws -> String {
        _ = try write("m.mtl", Array("newmtl t\nKd 1 1 1\nmap_Kd \(texture)\n".utf8))
        return try write("quad.obj", Array("""
            mtllib m.mtl
            v -1 -1 0
            v 1 -1 0
            v 1 1 0
            v -1 1 0
            vt 0 0
            vt 1 0
            vt 1 1
            vt 0 1
            usemtl t
            f 1/1 2/2 3/3 4/4

            """.utf8))
    }

    /// Writes `bytes` as `name` in the folder; returns its path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = tmp.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
