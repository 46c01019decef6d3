// InCameraPass: the physical stage through a camera: each pixel whose ray meets an LED face before anything
// physical shows that LED pixel's canvas colour; the rest keeps the rasterised floor and props, or, with set
// extension, the virtual world beyond the wall's edges.

import Dispatch
import Geometry
import Imaging
import SceneModel

/// Composites LED surfaces (traced exactly, per LED pixel) over a rasterised physical stage.
public enum InCameraPass {
    /// Colour of the cabinets' backs and frames (linear), seen where a ray meets a wall from behind.
    public static let cabinetBack: (Float, Float, Float) = (0.012, 0.012, 0.014)

    /// - Parameters:
    ///   - physical: the stage without its LED surfaces, rendered from `camera` (sRGB colour).
    ///   - depth: its eye depth per pixel (+infinity where nothing was drawn).
    ///   - setExtension: show the virtual world (the canvas's inner frustum) where nothing physical or LED is seen.
    public static func composite(camera: ShotCamera, canvas: WallCanvas, physical: RGBA8Image, depth: [Float],
                                 setExtension: Bool, threads: Int) -> RGBA8Image {
        let w = physical.width, h = physical.height
        precondition(depth.count == w * h)
        var out = physical
        let pose = camera.pose
        let f = SIMD3<Float>(pose.forward), r = SIMD3<Float>(pose.right * camera.tanHalfX)
        let u = SIMD3<Float>(pose.up * camera.tanHalfY)
        let e = SIMD3<Float>(pose.position)
        let traced = canvas.traced
        let table = SRGB.encodeTable
        let extend = setExtension && canvas.inner != nil
        out.pixels.withUnsafeMutableBufferPointer { dst in
            let dstBox = UnsafeSendable(dst.baseAddress!)
            depth.withUnsafeBufferPointer { dep in
                let depBox = UnsafeSendable(dep.baseAddress!)
                canvas.withInnerPixels { innerPx in
                    let innerBox = UnsafeSendable(innerPx)
                    table.withUnsafeBufferPointer { t in
                        let tBox = UnsafeSendable(t.baseAddress!)
                        let bands = max(1, min(threads * 4, h))
                        DispatchQueue.concurrentPerform(iterations: bands) { band in
                            var y = band
                            while y < h {
                                let ny = 1 - 2 * (Float(y) + 0.5) / Float(h)
                                for x in 0..<w {
                                    let nx = 2 * (Float(x) + 0.5) / Float(w) - 1
                                    // Direction with a unit component along the axis: the ray parameter is eye depth.
                                    let dx = f.x + r.x * nx + u.x * ny, dy = f.y + r.y * nx + u.y * ny
                                    let dz = f.z + r.z * nx + u.z * ny
                                    let k = y * w + x
                                    var best = depBox.value[k]
                                    var hitIndex = -1
                                    var hu: Float = 0, hv: Float = 0, front = false
                                    for (i, s) in traced.enumerated() {
                                        if let hit = s.hit(e.x, e.y, e.z, dx, dy, dz, tMax: best) {
                                            best = hit.t; hitIndex = i; hu = hit.u; hv = hit.v; front = hit.front
                                        }
                                    }
                                    var c: (Float, Float, Float)
                                    if hitIndex >= 0 {
                                        if front {
                                            let s = traced[hitIndex]
                                            let (px, py, pz, _, _) = s.pixelCentre(u: hu, v: hv, px: e.x + best * dx,
                                                                                   py: e.y + best * dy, pz: e.z + best * dz)
                                            c = canvas.color(px, py, pz, innerPixels: innerBox.value)
                                        } else {
                                            c = cabinetBack
                                        }
                                    } else if extend && best == .infinity, let inner = canvas.inner {
                                        // The inner render is this camera's view widened: the same ray lands at nx/(1+o).
                                        let s = Float(1 + inner.overscan)
                                        let im = inner.image
                                        c = LinearImage.bilinear(innerBox.value!, im.width, im.height,
                                                                 (nx / s + 1) * 0.5 * Float(im.width),
                                                                 (1 - ny / s) * 0.5 * Float(im.height))
                                    } else {
                                        continue
                                    }
                                    let p = dstBox.value + 4 * k
                                    p[0] = encodeSRGB(c.0, tBox.value)
                                    p[1] = encodeSRGB(c.1, tBox.value)
                                    p[2] = encodeSRGB(c.2, tBox.value)
                                    p[3] = 255
                                }
                                y += bands
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
