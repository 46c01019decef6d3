// LinearColorTests: the rasterizer's linear colour (`FrameSettings.keepLinearColor`, what scene-linear EXR frames are
// made of) is each pixel's shaded colour before its 8-bit encoding: the 8-bit frame is that colour encoded, light
// above 1 is kept, a smooth gradient is not stepped, and the floats are the same on any thread count or tile size.

import Geometry
import Imaging
import RasterCore
import XCTest

final class LinearColorTests: XCTestCase {
    /// A frame of every kind of draw: a lit sphere of small triangles (lanes of mixed triangles), a textured unlit
    /// quad, a flat quad, an emissive quad brighter than 1, vertex colours, and lines.
    func mixedList() throws -> DrawList {
        var positions: [SIMD3<Float>] = [], normals: [SIMD3<Float>] = [], indices: [UInt32] = []
        let rings = 24, segments = 48
        for i in 0...rings {
            let th = Float.pi * Float(i) / Float(rings)
            for j in 0...segments {
                let ph = 2 * Float.pi * Float(j) / Float(segments)
                let n = SIMD3<Float>(sin(th) * cos(ph), cos(th), sin(th) * sin(ph))
                positions.append(n * 0.8 + SIMD3(-0.9, 0, -3)); normals.append(n)
            }
        }
        for i in 0..<rings {
            for j in 0..<segments {
                let a = UInt32(i * (segments + 1) + j), b = a + UInt32(segments + 1)
                indices += [a, a + 1, b, a + 1, b + 1, b]  // counter-clockwise seen from outside
            }
        }
        let sphere = try Mesh(positions: positions, normals: normals, indices: indices)
        func quad(_ x: Float, _ y: Float, _ s: Float) throws -> Mesh {
            try Mesh(positions: [[x, y, -2.5], [x + s, y, -2.5], [x + s, y + s, -2.5], [x, y + s, -2.5]],
                     uvs: [[0, 1], [1, 1], [1, 0], [0, 0]], indices: [0, 1, 2, 0, 2, 3])
        }
        var img = RGBA8Image(width: 16, height: 16)
        for y in 0..<16 { for x in 0..<16 { img[x, y] = (UInt8(x * 16), UInt8(y * 16), 200, 255) } }
        let textured = Material(baseColor: [1, 1, 1, 1], texture: Texture(image: img), shading: .unlit, textureFilter: .trilinear)
        let coloured = try Mesh(positions: [[0.2, -1.2, -2.5], [1.2, -1.2, -2.5], [1.2, -0.2, -2.5]],
                                colors: [[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 1]], indices: [0, 1, 2])
        let lighting = Lighting(ambient: [0.05, 0.05, 0.05],
                                directional: [DirectionalLight(direction: [0, 0.3, 0.95], color: [0.9, 0.85, 0.8])])
        return DrawList(draws: [
            DrawCall(mesh: sphere, material: Material(baseColor: [0.7, 0.6, 0.5, 1])),
            DrawCall(mesh: try quad(0.1, 0.1, 0.6), material: textured),
            DrawCall(mesh: try quad(0.8, 0.1, 0.3), material: Material(baseColor: [0.2, 0.4, 0.1, 1], shading: .flat)),
            DrawCall(mesh: try quad(0.8, 0.5, 0.3), material: Material(baseColor: [0.5, 0.5, 0.5, 1], emissive: [4, 2, 0.5], shading: .unlit)),
            DrawCall(mesh: coloured, material: Material(baseColor: [1, 1, 1, 1], shading: .unlit)),
        ], lines: [LineBatch(points: [[-1.5, -1, -2], [1.5, 1, -2]], color: [0.3, 0.9, 0.2, 1], width: 2)], lighting: lighting)
    }

    func render(_ list: DrawList, width: Int, height: Int, threads: Int = 2, tileSize: Int = 64,
                keepLinearColor: Bool = true) throws -> (image: RGBA8Image, linear: [Float]) {
        let r = Rasterizer()
        let proj = Mat4.perspective(fovYDegrees: 60, aspect: Float(width) / Float(height), near: 0.1, far: 100)
        try r.render(list, view: ViewSetup(view: .identity, projection: proj),
                     settings: FrameSettings(width: width, height: height, clearColor: [0.02, 0.03, 0.05, 1], tileSize: tileSize,
                                             threads: threads, keepLinearColor: keepLinearColor))
        return (r.colorImage(), r.linearColorBuffer())
    }

    /// The 8-bit frame is the linear colour encoded (clamped, quantised to 12 bits, then the sRGB table), pixel by
    /// pixel, and keeping the floats does not change it.
    func testTheEightBitFrameIsTheLinearColourEncoded() throws {
        let list = try mixedList()
        let (w, h) = (203, 117)
        let (image, linear) = try render(list, width: w, height: h)
        XCTAssertEqual(linear.count, w * h * 4)
        XCTAssertEqual(try render(list, width: w, height: h, keepLinearColor: false).image.pixels, image.pixels)
        XCTAssertEqual(try render(list, width: w, height: h, keepLinearColor: false).linear, [], "no floats unless asked")
        let table = SRGB.encodeTable, scale = Float((1 << SRGB.linearBits) - 1)
        var drawn = 0
        for i in 0..<(w * h) {
            for c in 0..<3 {
                let v = min(max(linear[4 * i + c], 0), 1) * scale
                let codes = Set([table[Int(v.rounded(.down))], table[Int(v.rounded(.up))]])  // a tie may go either way
                let nearest = table[Int((v + 0.5).rounded(.down))]
                let got = image.pixels[4 * i + c]
                XCTAssertTrue(got == nearest || (abs(v - v.rounded(.down) - 0.5) < 1e-3 && codes.contains(got)),
                              "pixel \(i % w),\(i / w) channel \(c): \(linear[4 * i + c]) encodes to \(nearest), frame has \(got)")
            }
            if linear[4 * i + 3] == 1 && image.pixels[4 * i + 3] == 255 { drawn += 1 }
        }
        XCTAssertGreaterThan(drawn, w * h / 5, "alpha 1 where drawn")
        // Where nothing was drawn: the clear colour itself, not its 8-bit code.
        XCTAssertEqual(Array(linear[0..<4]), [0.02, 0.03, 0.05, 1])
    }

    /// Hand-worked values: a flat draw is its base colour, an emissive unlit draw base plus emission (above 1: light
    /// an 8-bit frame clips at white), a Lambert plane facing the light albedo x (ambient + light).
    func testHandWorkedValuesAndLightAboveOne() throws {
        let quad = try Mesh(positions: [[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], normals: Array(repeating: [0, 0, 1], count: 4),
                            indices: [0, 1, 2, 0, 2, 3])
        let lighting = Lighting(ambient: [0.1, 0.2, 0.3], directional: [DirectionalLight(direction: [0, 0, 1], color: [0.5, 0.25, 0.125])])
        func centre(_ m: Material) throws -> SIMD3<Float> {
            let r = Rasterizer()
            try r.render(DrawList(draws: [DrawCall(mesh: quad, material: m)], lighting: lighting),
                         view: ViewSetup(view: .identity, projection: .identity),
                         settings: FrameSettings(width: 16, height: 16, keepLinearColor: true))
            let l = r.linearColorBuffer(), i = 4 * (8 * 16 + 8)
            XCTAssertEqual(l[i + 3], 1)
            return SIMD3(l[i], l[i + 1], l[i + 2])
        }
        XCTAssertEqual(try centre(Material(baseColor: [0.25, 0.5, 0.75, 1], shading: .flat)), SIMD3(0.25, 0.5, 0.75))
        XCTAssertEqual(try centre(Material(baseColor: [0.5, 0.5, 0.5, 1], emissive: [6, 1.5, 0], shading: .unlit)), SIMD3(6.5, 2, 0.5))
        let lit = try centre(Material(baseColor: [0.8, 0.6, 0.4, 1]))
        XCTAssertEqual(lit.x, 0.8 * (0.1 + 0.5), accuracy: 1e-6)
        XCTAssertEqual(lit.y, 0.6 * (0.2 + 0.25), accuracy: 1e-6)
        XCTAssertEqual(lit.z, 0.4 * (0.3 + 0.125), accuracy: 1e-6)
    }

    /// A smooth gradient keeps its floats: across the lit sphere a row's pixels are all different floats, where the
    /// 8-bit frame repeats codes in runs.
    func testAGradientIsNotSteppedToEightBits() throws {
        let (w, h) = (400, 240)
        let (image, linear) = try render(try mixedList(), width: w, height: h)
        let y = h / 2
        // The sphere's pixels on the middle row (not the clear colour), left of the frame's middle.
        let xs = (1..<(w / 2)).filter { linear[4 * (y * w + $0)] != 0.02 && linear[4 * (y * w + $0 - 1)] != 0.02 }
        XCTAssertGreaterThan(xs.count, 80, "the sphere spans the row's left half")
        var floats = Set<Float>(), codes = Set<UInt8>(), longestFloatRun = 0, longestCodeRun = 0, fr = 0, cr = 0
        for x in xs {
            let i = y * w + x
            floats.insert(linear[4 * i]); codes.insert(image.pixels[4 * i])
            fr = linear[4 * i] == linear[4 * (i - 1)] ? fr + 1 : 0
            cr = image.pixels[4 * i] == image.pixels[4 * (i - 1)] ? cr + 1 : 0
            longestFloatRun = max(longestFloatRun, fr); longestCodeRun = max(longestCodeRun, cr)
        }
        XCTAssertGreaterThan(floats.count, 2 * codes.count, "\(floats.count) floats, \(codes.count) codes")
        XCTAssertLessThanOrEqual(longestFloatRun, 2, "equal neighbours in floats (at the highlight: float precision)")
        XCTAssertGreaterThanOrEqual(longestCodeRun, 6, "the 8-bit frame's runs of one code: \(longestCodeRun)")
    }

    /// The same floats on any thread count and tile size.
    func testLinearColourIsTheSameOnAnyThreadCountAndTileSize() throws {
        let list = try mixedList()
        let one = try render(list, width: 221, height: 133, threads: 1, tileSize: 64).linear
        for (threads, tile) in [(2, 16), (3, 32), (7, 128), (16, 8)] {
            let other = try render(list, width: 221, height: 133, threads: threads, tileSize: tile).linear
            XCTAssertTrue(one.elementsEqual(other) { $0.bitPattern == $1.bitPattern }, "threads \(threads), tile \(tile)")
        }
    }
}
