// RasterTestSupport: renders clip-space triangles with RasterCore the way the reference sees them.

import Geometry
import Imaging
import RasterCore
import ReferenceRaster
import XCTest
@_exported import XRTestSupport

typealias ClipTriangle = (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)

/// What RasterCore drew: the visible triangle per pixel (-1 for none) and window depth.
struct RasterOutput {
    var ids: [Int]
    var depth: [Float]
    var image: RGBA8Image
}

/// Renders triangles given in clip space: each triangle gets its own three vertices, positions are passed
/// through a projection `proj` (identity keeps w = 1). Shading writes each triangle's index + 1 as RGB.
func renderWithCore(positions: [SIMD3<Float>], projection: Mat4 = .identity, width: Int, height: Int,
                    cull: CullMode = .none, threads: Int = 1, tileSize: Int = 64) throws -> RasterOutput {
    var idx: [UInt32] = []
    for i in 0..<positions.count { idx.append(UInt32(i)) }
    let mesh = try Mesh(positions: positions, indices: idx)
    let list = DrawList(draws: [DrawCall(mesh: mesh, material: Material(shading: .primitiveID), cull: cull)])
    let r = Rasterizer()
    try r.render(list, view: ViewSetup(view: .identity, projection: projection),
                 settings: FrameSettings(width: width, height: height, clearColor: [0, 0, 0, 0], tileSize: tileSize,
                                         threads: threads, keepLinearDepth: true))
    let img = r.colorImage()
    var ids = [Int](repeating: -1, count: width * height)
    for i in 0..<(width * height) {
        let code = Int(img.pixels[4 * i]) | Int(img.pixels[4 * i + 1]) << 8 | Int(img.pixels[4 * i + 2]) << 16
        ids[i] = code - 1
    }
    return RasterOutput(ids: ids, depth: r.windowDepthBuffer(), image: img)
}

/// The clip coordinates RasterCore computes for `positions` under `projection` (the same float operations).
func clipTriangles(_ positions: [SIMD3<Float>], projection: Mat4) -> [ClipTriangle] {
    let mvp = (projection * Mat4.identity) * Mat4.identity
    var out: [ClipTriangle] = []
    for t in 0..<(positions.count / 3) {
        out.append((mvp.transformPoint(positions[3 * t]), mvp.transformPoint(positions[3 * t + 1]),
                    mvp.transformPoint(positions[3 * t + 2])))
    }
    return out
}

/// Compares coverage (exactly, except pixels the reference marks ambiguous) and depth (within `depthTolerance`).
func assertMatchesReference(_ got: RasterOutput, _ ref: ReferenceRasterizer.Result, depthTolerance: Double = 2e-6,
                            _ context: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line) {
    var mismatches: [String] = []
    var depthErrors = 0
    var worstDepth = 0.0
    for i in 0..<got.ids.count where !ref.ambiguous[i] {
        if got.ids[i] != ref.ids[i] {
            mismatches.append("(\(i % ref.width),\(i / ref.width)): core \(got.ids[i]) ref \(ref.ids[i])")
        } else if ref.ids[i] >= 0 {
            let e = abs(Double(got.depth[i]) - ref.depth[i])
            worstDepth = max(worstDepth, e)
            if e > depthTolerance { depthErrors += 1 }
        }
    }
    if !mismatches.isEmpty {
        XCTFail("\(context()): \(mismatches.count) pixels differ, e.g. \(mismatches.prefix(5).joined(separator: "; "))",
                file: file, line: line)
    }
    if depthErrors > 0 {
        XCTFail("\(context()): \(depthErrors) pixels with depth error > \(depthTolerance) (worst \(worstDepth))",
                file: file, line: line)
    }
}
