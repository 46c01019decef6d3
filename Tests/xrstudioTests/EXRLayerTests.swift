// EXRLayerTests: `render --format exr --aov virtual,P` and the camera attributes, read back by OpenImageIO and
// OpenEXR's exrheader and checked by hand-worked geometry: every P pixel, carried through the header's own
// worldToCamera matrix and the lens written in sequence.json (Brown-Conrady, written out here), lands on its pixel's
// centre at its Z; the virtual layer is the virtual view's own frame; the matrix's axes are the pan and tilt.

import Foundation
import XCTest
import XRTestSupport

final class EXRLayerTests: TempFolderTestCase {
    static let scene = CommandLineTests.root.appendingPathComponent("Scenes/binhai-xr-stage.yaml").path
    static let take = "dolly push-in"
    static let (w, h) = (64, 36)

    func args(_ dir: String, view: String = "camera", _ extra: [String] = []) -> [String] {
        ["render", Self.scene, "--take", Self.take, "--size", "\(Self.w)x\(Self.h)", "--frames", "150-150",
         "--view", view, "--format", "exr", "--out", dir, "--quiet"] + extra
    }

    /// The file's channels by name (oiiotool may list them in any order).
    func channels(_ path: String) throws -> [String: [Float]] {
        let read = try EXRReader.pixels(path)
        XCTAssertEqual(read.width, Self.w)
        XCTAssertEqual(read.height, Self.h)
        var out: [String: [Float]] = [:]
        for (c, name) in read.channels.enumerated() { out[name] = read.values.map { $0[c] } }
        return out
    }

    /// A float list attribute from exrheader's listing, e.g. `worldToCamera (type m44f):` followed by rows.
    func numbers(after name: String, in header: String, count: Int) throws -> [Double] {
        let range = try XCTUnwrap(header.range(of: name + " (type"), "\(name) missing: \(header)")
        let tail = header[range.upperBound...].drop { $0 != ":" }.dropFirst()
        let values = tail.split(whereSeparator: { " \n\t(),".contains($0) }).prefix(count).map { Double($0) }
        XCTAssertEqual(values.count, count)
        return try values.map { try XCTUnwrap($0, "\(name): \(tail.prefix(200))") }
    }

    func testPositionLayerLandsOnEachPixelThroughTheHeadersMatrixAndTheLens() throws {
        let dir = tmp.appendingPathComponent("plates").path
        let r = try runCLI(args(dir, ["--aov", "virtual,P"]))
        XCTAssertEqual(r.code, 0, r.err)
        let file = dir + "/frame.0150.exr"
        let ch = try channels(file)
        XCTAssertEqual(Set(ch.keys), ["R", "G", "B", "Z", "P.X", "P.Y", "P.Z", "virtual.R", "virtual.G", "virtual.B"])
        let header = try EXRReader.header(file)
        let m = try numbers(after: "worldToCamera", in: header, count: 16)
        let sensor = try numbers(after: "sensorOverallDimensions", in: header, count: 2)
        let focal = try numbers(after: "nominalFocalLength", in: header, count: 1)[0]
        XCTAssertEqual(sensor[1], sensor[0] * Double(Self.h) / Double(Self.w), accuracy: 1e-4, "the image frames the sensor's width")
        let tanX = sensor[0] / 2 / focal, tanY = tanX * Double(Self.h) / Double(Self.w)

        // The lens as sequence.json gives it for compositors (OpenCV's normalised coordinates, y down).
        let sidecar = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/sequence.json"))) as! [String: Any]
        let frame = (sidecar["frames"] as! [[String: Any]])[0]
        let camera = frame["camera"] as! [String: Any]
        let lens = camera["distortion"] as? [String: Any]
        func k(_ name: String) -> Double { (lens?[name] as? Double) ?? 0 }
        /// Brown-Conrady: undistorted normalised (x, y) to distorted.
        func distort(_ x: Double, _ y: Double, _ c: (Double, Double, Double, Double, Double)) -> (Double, Double) {
            let r2 = x * x + y * y
            let radial = 1 + c.0 * r2 + c.1 * r2 * r2 + c.2 * r2 * r2 * r2
            return (x * radial + 2 * c.3 * x * y + c.4 * (r2 + 2 * x * x),
                    y * radial + c.3 * (r2 + 2 * y * y) + 2 * c.4 * x * y)
        }
        let coefficients = (k("k1"), k("k2"), k("k3"), k("p1"), k("p2"))
        let model = lens?["model"] as? String ?? "U-D"

        var checked = 0, onFloor = 0
        for j in 0..<Self.h {
            for i in 0..<Self.w {
                let n = j * Self.w + i
                let z = Double(ch["Z"]![n])
                let p = [Double(ch["P.X"]![n]), Double(ch["P.Y"]![n]), Double(ch["P.Z"]![n])]
                guard z.isFinite else {
                    XCTAssertEqual(p, [0, 0, 0], "pixel \(i),\(j): no hit, no position")
                    continue
                }
                // Row vector times worldToCamera (row-major): camera space, x right, y up, z along the view.
                var c = [0.0, 0, 0]
                for col in 0..<3 { c[col] = p[0] * m[col] + p[1] * m[4 + col] + p[2] * m[8 + col] + m[12 + col] }
                XCTAssertEqual(c[2], z, accuracy: 2e-4 * z, "pixel \(i),\(j): camera-space z is Z")
                // Pixel centre, in the recorded (distorted) image's normalised coordinates.
                let centre = ((Double(i) + 0.5) / Double(Self.w) * 2 - 1, (Double(j) + 0.5) / Double(Self.h) * 2 - 1)
                let seen = (c[0] / c[2], -c[1] / c[2])
                if model == "U-D" {
                    let d = distort(seen.0, seen.1, coefficients)
                    XCTAssertEqual(d.0 / tanX, centre.0, accuracy: 2e-3, "pixel \(i),\(j) x")
                    XCTAssertEqual(d.1 / tanY, centre.1, accuracy: 2e-3, "pixel \(i),\(j) y")
                } else {
                    let u = distort(centre.0 * tanX, centre.1 * tanY, coefficients)
                    XCTAssertEqual(seen.0, u.0, accuracy: 2e-3 * tanX, "pixel \(i),\(j) x")
                    XCTAssertEqual(seen.1, u.1, accuracy: 2e-3 * tanY, "pixel \(i),\(j) y")
                }
                checked += 1
                if abs(p[1]) < 1e-3 { onFloor += 1 }
            }
        }
        XCTAssertGreaterThan(checked, Self.w * Self.h / 2)
        // The dolly looks at the wall over the studio floor (y = 0): the bottom rows see the floor before the wall's
        // foot (26 of the 64 x 36 pixels at frame 150), placed at y = 0 by the depth and the ray alone.
        XCTAssertGreaterThan(onFloor, 16)

        // The matrix's third column is the view direction: pan turns right, tilt looks up, 0/0 looks down -Z.
        let pan = (camera["pan_deg"] as! Double) * .pi / 180, tilt = (camera["tilt_deg"] as! Double) * .pi / 180
        let forward = [cos(tilt) * sin(pan), sin(tilt), -cos(tilt) * cos(pan)]
        for a in 0..<3 { XCTAssertEqual(m[4 * a + 2], forward[a], accuracy: 1e-5, "forward \(a)") }
        // And its translation takes the camera's position to the origin.
        let o = camera["position"] as! [Double]
        for col in 0..<3 {
            XCTAssertEqual(o[0] * m[col] + o[1] * m[4 + col] + o[2] * m[8 + col] + m[12 + col], 0, accuracy: 1e-5)
        }
    }

    func testVirtualLayerIsTheVirtualViewsFrame() throws {
        let cam = tmp.appendingPathComponent("camera").path, virt = tmp.appendingPathComponent("virtual").path
        XCTAssertEqual(try runCLI(args(cam, ["--aov", "virtual"])).code, 0)
        XCTAssertEqual(try runCLI(args(virt, view: "virtual")).code, 0)
        let a = try channels(cam + "/frame.0150.exr"), b = try channels(virt + "/frame.0150.exr")
        XCTAssertEqual(a["virtual.R"], b["R"])
        XCTAssertEqual(a["virtual.G"], b["G"])
        XCTAssertEqual(a["virtual.B"], b["B"])
        // The camera's own image is the stage, not the virtual world: they differ where the stage shows.
        XCTAssertNotEqual(a["R"], a["virtual.R"])
        let header = try EXRReader.header(cam + "/frame.0150.exr")
        for attribute in ["focus (type float)", "aperture (type float)", "cameraLabel (type string)", "worldToNDC (type m44f)"] {
            XCTAssertTrue(header.contains(attribute), "\(attribute): \(header)")
        }
    }

    func testLayersAreRefusedWhereTheyCannotBeMade() throws {
        let rows: [([String], String)] = [
            (args(tmp.appendingPathComponent("a").path, ["--aov", "normals"]), "--aov: unknown layer 'normals'"),
            (args(tmp.appendingPathComponent("b").path, view: "plan", ["--aov", "P"]), "camera and virtual views only"),
            (["render", Self.scene, "--take", Self.take, "--frames", "150-150", "--out", tmp.appendingPathComponent("c").path,
              "--aov", "P"], "needs --format exr"),
            // `depth` (Z) was dropped without a word where it cannot be: a PNG sequence, a wall EXR, a camera frame.
            (["render", Self.scene, "--take", Self.take, "--frames", "150-150", "--out", tmp.appendingPathComponent("d").path,
              "--aov", "depth"], "needs --format exr"),
            (args(tmp.appendingPathComponent("e").path, view: "wall", ["--aov", "depth"]), "camera and virtual views only"),
            // --view all: refused before the camera and virtual views render (they were rendered whole first).
            (args(tmp.appendingPathComponent("all").path, view: "all", ["--aov", "depth"]), "camera and virtual views only"),
            (["render", Self.scene, "--view", "camera", "--size", "64x36", "--aov", "depth",
              "--out", tmp.appendingPathComponent("f.png").path], "--aov depth is available for the virtual view only"),
            // Options of another format were accepted and ignored.
            (["render", Self.scene, "--take", Self.take, "--frames", "150-150", "--out", tmp.appendingPathComponent("g").path,
              "--quality", "50"], "--quality applies to --format jpeg"),
            (["render", Self.scene, "--take", Self.take, "--frames", "150-150", "--format", "jpeg",
              "--out", tmp.appendingPathComponent("h").path, "--png-compression", "best"], "--png-compression applies to --format png"),
        ]
        for (argv, message) in rows {
            let r = try runCLI(argv)
            XCTAssertEqual(r.code, 2, "\(argv): \(r.err)")
            XCTAssertTrue(r.err.contains(message), r.err)
            let out = argv[argv.firstIndex(of: "--out")! + 1]
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.hasSuffix(".png") ? out : out + "/frame.0150.exr"))
            XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/camera/frame.0150.exr"), "\(argv)")
        }
    }
}
