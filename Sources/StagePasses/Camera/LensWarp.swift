// LensWarp: the recorded (distorted) image of a camera from a pinhole render of its wider rectilinear cover.

import Geometry
import Imaging
import RasterCore
import SceneModel

/// Turns a pinhole render into the image the lens records. The rasterizer can only draw straight lines, so a
/// distorted camera is rendered through `ShotCamera.rectilinear` (wider, same pixel density at the centre) and then
/// every recorded pixel looks up the pinhole point its lens maps to it, as Unreal's lens-distortion pass does after
/// rendering with overscan.
public enum LensWarp {
    /// `camera`'s recorded image from `source`, a render of `rectilinear` (`camera.rectilinear`). Each pixel centre
    /// is undistorted to a point of the pinhole image and sampled there bilinearly in linear light; a pixel whose
    /// point does not undistort is `fill`. Rows are split over `threads`; every pixel depends on its inputs alone,
    /// so the result is the same on any thread count.
    public static func distort(_ source: RGBA8Image, rectilinear: ShotCamera, to camera: ShotCamera,
                               fill: SIMD4<Float> = [0, 0, 0, 1], threads: Int) -> RGBA8Image {
        guard let map = SourceMap(rectilinear: rectilinear, camera: camera, threads: threads) else { return source }
        let w = camera.imageWidth, h = camera.imageHeight
        // Every pixel is written below (four bytes, alpha 255), so the image starts uninitialised.
        var out = [UInt8](unsafeUninitializedCapacity: w * h * 4) { _, count in count = w * h * 4 }
        // The source's sRGB bytes are decoded as they are sampled (the same table, so the same floats as decoding the
        // whole image first, without writing and reading 12 bytes a pixel).
        source.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                SRGB.encodeTable.withUnsafeBufferPointer { table in
                    let (s, d, tb) = (UnsafeSendable(src.baseAddress!), UnsafeSendable(dst.baseAddress!),
                                      UnsafeSendable(table.baseAddress!))
                    let decode = UnsafeSendable(SRGB.decodeTableBuffer)
                    let bands = bandCount(threads: threads, rows: h)
                    let (sw, sh) = (source.width, source.height)
                    map.nodes.withUnsafeBufferPointer { nodeBuf in
                        let nodes = UnsafeSendable(nodeBuf.baseAddress!)
                        runWorkers(bands) { band in
                            let scratch = LaneBilinear()
                            let image = LinearPixels(floats: nil, bytes: s.value, table: decode.value, width: sw, height: sh)
                            defer { scratch.deallocate() }
                            for j in (band * h / bands)..<((band + 1) * h / bands) {
                                // `SourceMap.source` with its row's nodes and weight found once per row.
                                let (above, fy) = map.row(j)
                                let top = nodes.value + above, bottom = top + map.columns
                                let o = UnsafeMutableRawPointer(d.value + 4 * j * w)
                                var i0 = 0
                                while i0 < w {
                                    // One grid cell is eight pixels wide: their source points, and their samples, in
                                    // lanes; each pixel stored as one 32-bit word.
                                    let (px, py) = SourceMap.points8(top, bottom, i0 / SourceMap.step, fy)
                                    let n = min(8, w - i0)
                                    scratch.encoded8(image, px, py, fill: fill, table: tb.value, into: o + 4 * i0, count: n)
                                    i0 += SourceMap.step
                                }
                            }
                        }
                    }
                }
            }
        }
        return RGBA8Image(width: w, height: h, pixels: out)
    }

    /// `distort` in linear light without the 8-bit step: `source` is linear RGB (`LinearImage`), the result linear
    /// RGBA floats (alpha 1), each pixel sampled bilinearly as `distort` samples it.
    public static func distortLinear(_ source: LinearImage, rectilinear: ShotCamera, to camera: ShotCamera,
                                     fill: SIMD4<Float> = [0, 0, 0, 1], threads: Int) -> [Float] {
        let w = camera.imageWidth, h = camera.imageHeight
        guard let map = SourceMap(rectilinear: rectilinear, camera: camera, threads: threads) else {
            var out = [Float](repeating: 1, count: source.width * source.height * 4)
            let rgb = source.rgb  // once: an image kept as sRGB bytes decodes on each call
            for i in 0..<(source.width * source.height) { for c in 0..<3 { out[4 * i + c] = rgb[3 * i + c] } }
            return out
        }
        var out = [Float](repeating: 1, count: w * h * 4)
        source.rgb.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let (s, d) = (UnsafeSendable(src.baseAddress!), UnsafeSendable(dst.baseAddress!))
                let bands = bandCount(threads: threads, rows: h)
                runWorkers(bands) { band in
                    for j in (band * h / bands)..<((band + 1) * h / bands) {
                        for i in 0..<w {
                            var c = (fill.x, fill.y, fill.z)
                            if let p = map.source(i, j) {
                                c = LinearImage.bilinear(s.value, source.width, source.height, p.x, p.y)
                            }
                            let o = d.value + 4 * (j * w + i)
                            o[0] = c.0
                            o[1] = c.1
                            o[2] = c.2
                        }
                    }
                }
            }
        }
        return out
    }

    /// A depth buffer (`rectilinear`'s, linear eye depth, rows top to bottom) as `camera` records it: each pixel
    /// takes the nearest source sample of the point its lens maps to it (depth is not blended across edges);
    /// `fill` where the point does not undistort.
    public static func distortDepth(_ depth: [Float], rectilinear: ShotCamera, to camera: ShotCamera,
                                    fill: Float = .infinity, threads: Int) -> [Float] {
        let sw = rectilinear.imageWidth, sh = rectilinear.imageHeight
        guard depth.count == sw * sh, let map = SourceMap(rectilinear: rectilinear, camera: camera, threads: threads) else { return depth }
        let w = camera.imageWidth, h = camera.imageHeight
        var out = [Float](repeating: fill, count: w * h)
        depth.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let (s, d) = (UnsafeSendable(src.baseAddress!), UnsafeSendable(dst.baseAddress!))
                let bands = bandCount(threads: threads, rows: h)
                runWorkers(bands) { band in
                    for j in (band * h / bands)..<((band + 1) * h / bands) {
                        for i in 0..<w {
                            guard let p = map.source(i, j) else { continue }
                            let x = min(max(Int(p.x.rounded(.down)), 0), sw - 1)
                            let y = min(max(Int(p.y.rounded(.down)), 0), sh - 1)
                            d.value[j * w + i] = s.value[y * sw + x]
                        }
                    }
                }
            }
        }
        return out
    }

    /// Where each recorded pixel centre's pinhole point lies in the source image (pixels, centres at +0.5). The
    /// undistortion (Newton's method for U-D coefficients) is solved exactly at every `step`-th pixel centre and
    /// interpolated bilinearly between: the map is smooth, so the error is about step² / 8 times its second
    /// derivative, 0.01 px for k1 = -0.15 on an 18 mm Super 35 frame at 1920x1080 (`LensWarpTests` checks it
    /// against the exact map), at a sixty-fourth of the solves.
    struct SourceMap {
        /// Pixels between nodes; `points8` takes a grid column as eight lanes.
        static let step = 8
        let columns: Int
        /// Source x, y per grid node, row-major; NaN where the point does not undistort.
        let nodes: [SIMD2<Float>]
        let width: Int, height: Int

        init?(rectilinear: ShotCamera, camera: ShotCamera, threads: Int = 1) {
            guard let lens = camera.distortion else { return nil }
            width = camera.imageWidth
            height = camera.imageHeight
            let tx = camera.tanHalfX, ty = camera.tanHalfY
            let sx = Double(rectilinear.imageWidth) / (2 * rectilinear.tanHalfX)
            let sy = Double(rectilinear.imageHeight) / (2 * rectilinear.tanHalfY)
            let cx = Double(rectilinear.imageWidth) / 2, cy = Double(rectilinear.imageHeight) / 2
            let step = Self.step
            columns = (width - 1) / step + 2
            let rows = (height - 1) / step + 2
            var nodes = [SIMD2<Float>](repeating: SIMD2(.nan, .nan), count: columns * rows)
            let cols = columns, w = Double(width), h = Double(height)
            // Rows of nodes split over the workers (a 4K frame has 130,000 Newton solves: serial, they were a
            // fixed cost beside the parallel passes); each node is a function of its position alone.
            nodes.withUnsafeMutableBufferPointer { buf in
                let out = UnsafeSendable(buf.baseAddress!)
                let bands = bandCount(threads: threads, rows: rows)
                runWorkers(bands) { band in
                    for r in (band * rows / bands)..<((band + 1) * rows / bands) {
                        let yd = (2 * (Double(r * step) + 0.5) / h - 1) * ty
                        for c in 0..<cols {
                            let xd = (2 * (Double(c * step) + 0.5) / w - 1) * tx
                            if let u = lens.undistort(SIMD2(xd, yd)) {
                                out.value[r * cols + c] = SIMD2(Float(cx + u.x * sx), Float(cy + u.y * sy))
                            }
                        }
                    }
                }
            }
            self.nodes = nodes
        }

        /// Row j's first node above it (an index into `nodes`) and its weight between that row of nodes and the next.
        @inline(__always) func row(_ j: Int) -> (Int, Float) {
            let r = j / Self.step
            return (r * columns, Float(j - r * Self.step) / Float(Self.step))
        }

        /// `source(i, j)` from row j's two rows of nodes (`row(j)`): NaN where a surrounding node does not undistort.
        @inline(__always)
        static func point(_ top: UnsafePointer<SIMD2<Float>>, _ bottom: UnsafePointer<SIMD2<Float>>, _ i: Int, _ fy: Float)
            -> SIMD2<Float> {
            let c = i / step
            let fx = Float(i - c * step) / Float(step)
            let a = top[c], b = top[c + 1], d = bottom[c], e = bottom[c + 1]
            return (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy
        }

        /// `point` for the eight pixels of grid column c (pixels 8c to 8c + 7), x and y in lanes: the same operations
        /// per lane, so the same values. Scalar twin: `point(top, bottom, 8 * c + l, fy)` for lane l.
        @inline(__always)
        static func points8(_ top: UnsafePointer<SIMD2<Float>>, _ bottom: UnsafePointer<SIMD2<Float>>, _ c: Int, _ fy: Float)
            -> (SIMD8<Float>, SIMD8<Float>) {
            let fx = SIMD8<Float>(0, 1, 2, 3, 4, 5, 6, 7) / Float(step)
            let a = top[c], b = top[c + 1], d = bottom[c], e = bottom[c + 1]
            let gx: SIMD8<Float> = 1 - fx, gy: Float = 1 - fy
            let xTop: SIMD8<Float> = a.x * gx + b.x * fx, xBottom: SIMD8<Float> = d.x * gx + e.x * fx
            let yTop: SIMD8<Float> = a.y * gx + b.y * fx, yBottom: SIMD8<Float> = d.y * gx + e.y * fx
            let x: SIMD8<Float> = xTop * gy + xBottom * fy
            let y: SIMD8<Float> = yTop * gy + yBottom * fy
            return (x, y)
        }

        /// The source point of recorded pixel (i, j); nil where a surrounding node does not undistort.
        @inline(__always)
        func source(_ i: Int, _ j: Int) -> SIMD2<Float>? {
            let c = i / Self.step, r = j / Self.step
            let fx = Float(i - c * Self.step) / Float(Self.step), fy = Float(j - r * Self.step) / Float(Self.step)
            let k = r * columns + c
            let a = nodes[k], b = nodes[k + 1], d = nodes[k + columns], e = nodes[k + columns + 1]
            let p = (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy
            return p.x.isNaN ? nil : p
        }
    }
}

extension LaneBilinear {
    /// `LinearImage.bilinear(srgb:...)` at eight points, then `encodeSRGB` of each channel, the first `count` lanes'
    /// RGBA words (R in the low byte, alpha 255) stored from `out`; a point with a NaN coordinate is `fill` (the map's
    /// NaN nodes are NaN in both). Scalar twin: those two functions per lane, the same operations in the same order,
    /// so the bytes are the same (LensWarpTests).
    @inline(__always)
    func encoded8(_ image: LinearPixels, _ px: SIMD8<Float>, _ py: SIMD8<Float>, fill: SIMD4<Float>,
                  table: UnsafePointer<UInt8>, into out: UnsafeMutableRawPointer, count: Int) {
        let valid = notNaN(px) & notNaN(py)
        let (r, g, b) = bilinear8(image, float(bits(px) & valid), float(bits(py) & valid))
        let codesRaw = UnsafeMutableRawPointer(codes)
        @inline(__always) func encode(_ v: SIMD8<Float>, _ f: Float, _ c: Int) {
            let l = float((bits(v) & valid) | (bits(SIMD8<Float>(repeating: f)) & ~valid))
            codesRaw.storeBytes(of: encodeSRGBIndices(l), toByteOffset: 32 * c, as: SIMD8<Int32>.self)
        }
        encode(r, fill.x, 0)
        encode(g, fill.y, 1)
        encode(b, fill.z, 2)
        // Straight into the image: through a scratch row of words, the copy was 7% of the warp's instructions. A whole
        // group's eight stores in a loop of constant count, which the compiler unrolls; the row's last group by count.
        @inline(__always) func word(_ l: Int) {
            out.storeBytes(of: srgbWord(table, codes[l], codes[8 + l], codes[16 + l]).littleEndian, toByteOffset: 4 * l,
                           as: UInt32.self)
        }
        if count == 8 {
            for l in 0..<8 { word(l) }
        } else {
            for l in 0..<count { word(l) }
        }
    }
}
