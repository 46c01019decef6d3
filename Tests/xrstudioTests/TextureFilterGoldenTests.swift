// TextureFilterGoldenTests: a checkerboard floor at a grazing angle, filtered, against a 64-sample reference.
//
// The reference is an independent slow path: for each of 8 x 8 sub-pixel positions a ray from the camera meets
// the floor plane, the base-level checker texel there is read analytically (nearest texel, its sRGB code
// decoded), the 64 values are averaged in linear light and encoded to sRGB with the exact curve. Nothing of
// RasterCore's texturing (mips, derivatives, LOD) is used. The trilinear and anisotropic frames are also kept
// as golden frames (bit for bit; recorded with `make golden`, like GoldenFrameTests).

import FoundationEssentials
import Foundation
import Geometry
import ImageCodecs
import Imaging
import RasterCore
import XCTest

final class TextureFilterGoldenTests: XCTestCase {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden/textures")

    // The scene: a floor (y = 0) 20 m wide reaching 7 m ahead, under a camera 1 m up looking 20 degrees down:
    // the far edge is seen 8 degrees below the horizon, where a pixel spans about 2.4 checker cells in depth and
    // a third of one across (7:1 anisotropy). Further out, 64 point samples per pixel no longer average the
    // cells (the reference itself aliases), so the floor ends there. Texels are smaller than pixels everywhere
    // (λ > 1): the comparison is about minification.
    static let (width, height) = (256, 144)
    static let eye = SIMD3<Float>(0, 1, 0)
    static let pitchDegrees: Float = -20
    static let fovY: Float = 50
    static let floorX: ClosedRange<Float> = -10...10, floorZ: ClosedRange<Float> = -7...3
    /// The checker: `texels` a side, cells of `cell` texels (12.5 cm), one repeat every `repeatMetres` of floor.
    static let texels = 256, cell = 32
    static let repeatMetres: Float = 1
    /// The checker's two sRGB codes: a mid-contrast pattern (linear 0.19 and 0.64). With black and white, the
    /// 64-sample reference's own steps (coverage in 1/8ths along an edge) are up to 70 codes at the dark end.
    static let codes: (UInt8, UInt8) = (120, 210)
    /// The checker's mean in linear light: the clear colour, so the floor's far edge and the sky cost nothing in
    /// the comparison.
    static var clear: SIMD4<Float> {
        let m = Float((decodeSRGB(Double(codes.0) / 255) + decodeSRGB(Double(codes.1) / 255)) / 2)
        return SIMD4(m, m, m, 1)
    }

    static func checker() -> RGBA8Image {
        var img = RGBA8Image(width: texels, height: texels)
        for y in 0..<texels {
            for x in 0..<texels {
                let c = (x / cell + y / cell) % 2 == 0 ? codes.1 : codes.0
                img[x, y] = (c, c, c, 255)
            }
        }
        return img
    }

    static var lookAt: SIMD3<Float> {
        let p = pitchDegrees * .pi / 180
        return eye + SIMD3(0, sin(p), -cos(p))
    }

    /// RasterCore's frame of the floor with `filter`.
    static func render(_ filter: Texture.Filter, threads: Int = 1) throws -> RGBA8Image {
        // A 10 x 10 grid of quads, u = x / repeat, v = z / repeat.
        var positions: [SIMD3<Float>] = [], uvs: [SIMD2<Float>] = [], indices: [UInt32] = []
        let n = 10
        for j in 0...n {
            for i in 0...n {
                let x = floorX.lowerBound + (floorX.upperBound - floorX.lowerBound) * Float(i) / Float(n)
                let z = floorZ.lowerBound + (floorZ.upperBound - floorZ.lowerBound) * Float(j) / Float(n)
                positions.append([x, 0, z])
                uvs.append([x / repeatMetres, z / repeatMetres])
            }
        }
        for j in 0..<n {
            for i in 0..<n {
                let a = UInt32(j * (n + 1) + i), b = a + 1, c = a + UInt32(n + 1), d = c + 1
                indices += [a, c, d, a, d, b]
            }
        }
        let mesh = try Mesh(positions: positions, uvs: uvs, indices: indices)
        let material = Material(baseColor: [1, 1, 1, 1], texture: Texture(image: checker()), shading: .unlit,
                                textureFilter: filter)
        let view = ViewSetup(view: Mat4.lookAt(eye: eye, center: lookAt, up: [0, 1, 0])!,
                             projection: .perspective(fovYDegrees: fovY, aspect: Float(width) / Float(height),
                                                      near: 0.05, far: 5000))
        let r = Rasterizer()
        try r.render(DrawList(draws: [DrawCall(mesh: mesh, material: material)]), view: view,
                     settings: FrameSettings(width: width, height: height, clearColor: clear, threads: threads))
        return r.colorImage()
    }

    static func encodeSRGB(_ l: Double) -> Double { l <= 0.0031308 ? 12.92 * l : 1.055 * pow(l, 1 / 2.4) - 0.055 }
    static func decodeSRGB(_ e: Double) -> Double { e <= 0.04045 ? e / 12.92 : pow((e + 0.055) / 1.055, 2.4) }

    /// The supersampled reference: 8 x 8 sub-pixel rays per pixel, in Double.
    static func reference() -> [UInt8] {
        let w = Double(width), h = Double(height)
        let tanHalf = tan(Double(fovY) / 2 * .pi / 180), aspect = w / h
        let p = Double(pitchDegrees) * .pi / 180
        // Camera basis: forward (0, sin p, -cos p), right (1, 0, 0), up = right x forward = (0, cos p, sin p).
        let fwd = SIMD3<Double>(0, sin(p), -cos(p)), right = SIMD3<Double>(1, 0, 0)
        let up = SIMD3<Double>(0, cos(p), sin(p))
        let white = decodeSRGB(Double(codes.1) / 255), black = decodeSRGB(Double(codes.0) / 255)
        let cam = SIMD3<Double>(0, Double(eye.y), 0)
        let fx = Double(floorX.lowerBound)...Double(floorX.upperBound), fz = Double(floorZ.lowerBound)...Double(floorZ.upperBound)
        var out = [UInt8](repeating: 0, count: width * height)
        for py in 0..<height {
            for px in 0..<width {
                var sum = 0.0
                for sy in 0..<8 {
                    for sx in 0..<8 {
                        let x = (Double(px) + (Double(sx) + 0.5) / 8) / w * 2 - 1
                        let y = 1 - (Double(py) + (Double(sy) + 0.5) / 8) / h * 2
                        let d = fwd + right * (x * tanHalf * aspect) + up * (y * tanHalf)
                        // Ray cam + t d meets y = 0 at t = -cam.y / d.y (in front: t > 0).
                        let t = d.y < 0 ? -cam.y / d.y : -1
                        let hit = cam + d * t
                        guard t > 0, fx.contains(hit.x), fz.contains(hit.z) else { sum += Double(clear.x); continue }
                        // The base-level texel: u, v in repeats; the texel index wraps.
                        let u = hit.x / Double(repeatMetres), v = hit.z / Double(repeatMetres)
                        let tx = Int((u * Double(texels)).rounded(.down)), ty = Int((v * Double(texels)).rounded(.down))
                        let wx = ((tx % texels) + texels) % texels, wy = ((ty % texels) + texels) % texels
                        sum += (wx / cell + wy / cell) % 2 == 0 ? white : black
                    }
                }
                out[py * width + px] = UInt8((encodeSRGB(sum / 64) * 255).rounded())
            }
        }
        return out
    }

    /// PSNR of the red channel against the reference, in dB (peak 255).
    static func psnr(_ img: RGBA8Image, _ ref: [UInt8]) -> Double {
        var se = 0.0
        for i in 0..<ref.count {
            let d = Double(img.pixels[4 * i]) - Double(ref[i])
            se += d * d
        }
        let mse = se / Double(ref.count)
        return 10 * log10(255 * 255 / max(mse, 1e-12))
    }

    func testTrilinearFloorMatchesSupersampledReferenceAndGolden() throws {
        let ref = TextureFilterGoldenTests.reference()
        let tri = try TextureFilterGoldenTests.render(.trilinear)
        let nearest = try TextureFilterGoldenTests.render(.bilinearNearestMip)
        let aniso = try TextureFilterGoldenTests.render(.anisotropic)
        let pTri = TextureFilterGoldenTests.psnr(tri, ref), pNearest = TextureFilterGoldenTests.psnr(nearest, ref)
        let pAniso = TextureFilterGoldenTests.psnr(aniso, ref)
        if let dir = ProcessInfo.processInfo.environment["XRSTUDIO_DEBUG_DIR"] {
            var refImg = RGBA8Image(width: TextureFilterGoldenTests.width, height: TextureFilterGoldenTests.height)
            for i in 0..<ref.count { refImg.pixels[4 * i] = ref[i]; refImg.pixels[4 * i + 1] = ref[i]; refImg.pixels[4 * i + 2] = ref[i]; refImg.pixels[4 * i + 3] = 255 }
            try Data(try PNGCodec.encode(refImg, compression: .fast)).write(to: URL(fileURLWithPath: dir + "/ref.png"))
            try Data(try PNGCodec.encode(tri, compression: .fast)).write(to: URL(fileURLWithPath: dir + "/tri.png"))
            try Data(try PNGCodec.encode(nearest, compression: .fast)).write(to: URL(fileURLWithPath: dir + "/nearest.png"))
            try Data(try PNGCodec.encode(aniso, compression: .fast)).write(to: URL(fileURLWithPath: dir + "/aniso.png"))
        }
        print("checker-grazing PSNR against 64-sample reference: trilinear \(pTri) dB, nearest-level bilinear \(pNearest) dB, "
              + "anisotropic \(pAniso) dB")
        // Measured 29.8 dB (trilinear) against 29.3 dB (nearest level); the aim is 35 dB. What is left is
        // the far rows' 7:1 anisotropy, which an isotropic filter blurs (Docs/performance.md). The frames are
        // deterministic, so these bounds only move when the filter does.
        XCTAssertGreaterThanOrEqual(pTri, 29.5, "trilinear floor: \(pTri) dB")
        XCTAssertGreaterThan(pTri, pNearest, "trilinear should beat the nearest level")
        XCTAssertGreaterThan(pAniso, pTri, "anisotropic taps should beat trilinear at a grazing angle")
        // Measured 40.2 dB: the aim of 35 dB is met with the anisotropic taps.
        XCTAssertGreaterThanOrEqual(pAniso, 35, "anisotropic floor: \(pAniso) dB")
        // Thread count must not matter.
        XCTAssertEqual(try TextureFilterGoldenTests.render(.trilinear, threads: 3), tri)
        XCTAssertEqual(try TextureFilterGoldenTests.render(.anisotropic, threads: 3), aniso)

        for (name, image) in [("checker-grazing", tri), ("checker-grazing-anisotropic", aniso)] {
            try GoldenFrame.check(image, at: TextureFilterGoldenTests.goldenDir.appendingPathComponent(name + ".png"), name: name)
        }
        if GoldenFrame.recording { XCTFail("golden frames recorded in \(TextureFilterGoldenTests.goldenDir.path): check them and run the tests again") }
    }
}
