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
        let tracedArray = canvas.traced
        let table = SRGB.encodeTable
        let extend = setExtension && canvas.inner != nil
        let overscanScale = Float(1 + (canvas.inner?.overscan ?? 0))
        let (fx, fy, fz, rx, ry, rz, ux, uy, uz) = (f.x, f.y, f.z, r.x, r.y, r.z, u.x, u.y, u.z)
        let (ex, ey, ez) = (e.x, e.y, e.z)
        out.pixels.withUnsafeMutableBufferPointer { dst in
            let dstBox = UnsafeSendable(dst.baseAddress!)
            depth.withUnsafeBufferPointer { dep in
                let depBox = UnsafeSendable(dep.baseAddress!)
                canvas.withSampler { sampler in
                  tracedArray.withUnsafeBufferPointer { tracedBuf in
                    let traced = UnsafeSendable(tracedBuf)
                    table.withUnsafeBufferPointer { t in
                        let tBox = UnsafeSendable(t.baseAddress!)
                        // Interleaved rows balance the load; one thread stays on the caller.
                        let bands = threads <= 1 ? 1 : max(1, min(threads * 4, h))
                        parallelBands(bands) { band in
                            var y = band
                            while y < h {
                                let ny = 1 - 2 * (Float(y) + 0.5) / Float(h)
                                for x in 0..<w {
                                    let nx = 2 * (Float(x) + 0.5) / Float(w) - 1
                                    // Direction with a unit component along the axis: the ray parameter is eye depth.
                                    let dx = fx + rx * nx + ux * ny, dy = fy + ry * nx + uy * ny
                                    let dz = fz + rz * nx + uz * ny
                                    let k = y * w + x
                                    var best = depBox.value[k]
                                    var hitIndex = -1
                                    var hu: Float = 0, hv: Float = 0, front = false
                                    for i in 0..<traced.value.count {
                                        if let hit = traced.value[i].hit(ex, ey, ez, dx, dy, dz, tMax: best) {
                                            best = hit.t; hitIndex = i; hu = hit.u; hv = hit.v; front = hit.front
                                        }
                                    }
                                    var c: (Float, Float, Float)
                                    if hitIndex >= 0 {
                                        if front {
                                            let (px, py, pz, _, _) = traced.value[hitIndex].pixelCentre(
                                                u: hu, v: hv, px: ex + best * dx, py: ey + best * dy, pz: ez + best * dz)
                                            c = sampler.color(px, py, pz)
                                        } else {
                                            c = cabinetBack
                                        }
                                    } else if extend && best == .infinity {
                                        // The inner render is this camera's view widened: the same ray lands at nx/(1+o).
                                        c = sampler.innerAt(nx / overscanScale, ny / overscanScale)
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
        }
        return out
    }
}
