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
                                // Eight pixels' rays at a time against every surface (lanes), then each pixel's colour.
                                let lane = SIMD8<Float>(0, 1, 2, 3, 4, 5, 6, 7)
                                var x0 = 0
                                while x0 < w {
                                    let n = min(8, w - x0)
                                    let nx8 = 2 * (lane + Float(x0) + 0.5) / Float(w) - 1
                                    let dx8 = fx + rx * nx8 + ux * ny, dy8 = fy + ry * nx8 + uy * ny
                                    let dz8 = fz + rz * nx8 + uz * ny
                                    let k0 = y * w + x0
                                    var depth8 = SIMD8<Float>(repeating: .infinity)
                                    for l in 0..<n { depth8[l] = depBox.value[k0 + l] }
                                    var lanes = HitLanes(t: depth8)
                                    for i in 0..<traced.value.count {
                                        traced.value[i].hit8(ex, ey, ez, dx8, dy8, dz8, index: Int32(i), into: &lanes)
                                    }
                                    for l in 0..<n {
                                        let hitIndex = Int(lanes.index[l]), best = lanes.t[l]
                                        let dx = dx8[l], dy = dy8[l], dz = dz8[l]
                                        var c: (Float, Float, Float)
                                        if hitIndex >= 0 {
                                            if lanes.front[l] != 0 {
                                                let s = traced.value[hitIndex]
                                                let (px, py, pz, i, j) = s.pixelCentre(
                                                    u: lanes.u[l], v: lanes.v[l], px: ex + best * dx, py: ey + best * dy,
                                                    pz: ez + best * dz)
                                                c = sampler.color(px, py, pz, surface: hitIndex,
                                                                  u: (Float(i) + 0.5) / s.pxPerM, v: (Float(j) + 0.5) / s.pyPerM)
                                            } else {
                                                c = cabinetBack
                                            }
                                        } else if extend && best == .infinity {
                                            // The inner render is this camera's view widened: the ray lands at nx/(1+o).
                                            c = sampler.innerAt(nx8[l] / overscanScale, ny / overscanScale)
                                        } else {
                                            continue
                                        }
                                        let p = dstBox.value + 4 * (k0 + l)
                                        p[0] = encodeSRGB(c.0, tBox.value)
                                        p[1] = encodeSRGB(c.1, tBox.value)
                                        p[2] = encodeSRGB(c.2, tBox.value)
                                        p[3] = 255
                                    }
                                    x0 += 8
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
