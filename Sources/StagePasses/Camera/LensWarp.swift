// LensWarp: the recorded (distorted) image of a camera from a pinhole render of its wider rectilinear cover.

import Geometry
import Imaging
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
        let w = camera.imageWidth, h = camera.imageHeight
        guard let lens = camera.distortion else { return source }
        let linear = LinearImage(srgb: source, threads: threads)
        var out = [UInt8](repeating: 255, count: w * h * 4)
        let tx = camera.tanHalfX, ty = camera.tanHalfY
        // Pinhole normalised coordinates (y down) → source pixels.
        let sx = Double(source.width) / (2 * rectilinear.tanHalfX), sy = Double(source.height) / (2 * rectilinear.tanHalfY)
        let cx = Double(source.width) / 2, cy = Double(source.height) / 2
        linear.rgb.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                SRGB.encodeTable.withUnsafeBufferPointer { table in
                    let (s, d, tb) = (UnsafeSendable(src.baseAddress!), UnsafeSendable(dst.baseAddress!),
                                      UnsafeSendable(table.baseAddress!))
                    let bands = max(1, min(threads * 4, h))
                    parallelBands(bands) { band in
                        for j in (band * h / bands)..<((band + 1) * h / bands) {
                            let yd = (2 * (Double(j) + 0.5) / Double(h) - 1) * ty
                            for i in 0..<w {
                                let xd = (2 * (Double(i) + 0.5) / Double(w) - 1) * tx
                                var c = (fill.x, fill.y, fill.z)
                                if let u = lens.undistort(SIMD2(xd, yd)) {
                                    c = LinearImage.bilinear(s.value, source.width, source.height,
                                                             Float(cx + u.x * sx), Float(cy + u.y * sy))
                                }
                                let o = d.value + 4 * (j * w + i)
                                o[0] = encodeSRGB(c.0, tb.value)
                                o[1] = encodeSRGB(c.1, tb.value)
                                o[2] = encodeSRGB(c.2, tb.value)
                            }
                        }
                    }
                }
            }
        }
        return RGBA8Image(width: w, height: h, pixels: out)
    }

    /// A depth buffer (`rectilinear`'s, linear eye depth, rows top to bottom) as `camera` records it: each pixel
    /// takes the nearest source sample of the point its lens maps to it (depth is not blended across edges);
    /// `fill` where the point does not undistort.
    public static func distortDepth(_ depth: [Float], rectilinear: ShotCamera, to camera: ShotCamera,
                                    fill: Float = .infinity, threads: Int) -> [Float] {
        let w = camera.imageWidth, h = camera.imageHeight
        let sw = rectilinear.imageWidth, sh = rectilinear.imageHeight
        guard let lens = camera.distortion, depth.count == sw * sh else { return depth }
        var out = [Float](repeating: fill, count: w * h)
        let tx = camera.tanHalfX, ty = camera.tanHalfY
        let sx = Double(sw) / (2 * rectilinear.tanHalfX), sy = Double(sh) / (2 * rectilinear.tanHalfY)
        depth.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let (s, d) = (UnsafeSendable(src.baseAddress!), UnsafeSendable(dst.baseAddress!))
                let bands = max(1, min(threads * 4, h))
                parallelBands(bands) { band in
                    for j in (band * h / bands)..<((band + 1) * h / bands) {
                        let yd = (2 * (Double(j) + 0.5) / Double(h) - 1) * ty
                        for i in 0..<w {
                            guard let u = lens.undistort(SIMD2((2 * (Double(i) + 0.5) / Double(w) - 1) * tx, yd)) else { continue }
                            let x = min(max(Int((Double(sw) / 2 + u.x * sx).rounded(.down)), 0), sw - 1)
                            let y = min(max(Int((Double(sh) / 2 + u.y * sy).rounded(.down)), 0), sh - 1)
                            d.value[j * w + i] = s.value[y * sw + x]
                        }
                    }
                }
            }
        }
        return out
    }
}
