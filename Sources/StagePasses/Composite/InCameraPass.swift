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
        var out = physical
        out.pixels.withUnsafeMutableBufferPointer { dst in
            SRGB.encodeTable.withUnsafeBufferPointer { t in
                trace(camera: camera, canvas: canvas, width: physical.width, height: physical.height, depth: depth,
                      setExtension: setExtension, threads: threads, into: SRGB8Sink(pixels: dst.baseAddress!, table: t.baseAddress!))
            }
        }
        return out
    }

    /// The same composite in linear light without the 8-bit step for what the pass itself computes: LED pixels,
    /// cabinet backs and set extension keep their float colours, the rasterised stage is its sRGB image decoded
    /// (the rasterizer shades into 8 bits). Also returns each pixel's eye depth in metres: the physical stage's,
    /// the LED face's or cabinet back's where a ray meets one first, +infinity for set extension and empty space.
    /// Each pixel depends on its inputs alone, so the result is the same on any thread count.
    public static func compositeLinear(camera: ShotCamera, canvas: WallCanvas, physical: RGBA8Image, depth: [Float],
                                       setExtension: Bool, threads: Int) -> (rgba: [Float], depth: [Float]) {
        let n = physical.width * physical.height
        let decoded = LinearImage(srgb: physical, threads: threads).rgb  // decoded once (`rgb` decodes on each call)
        var rgba = [Float](repeating: 1, count: n * 4)
        for i in 0..<n {
            rgba[4 * i] = decoded[3 * i]
            rgba[4 * i + 1] = decoded[3 * i + 1]
            rgba[4 * i + 2] = decoded[3 * i + 2]
            rgba[4 * i + 3] = Float(physical.pixels[4 * i + 3]) / 255
        }
        var z = depth
        rgba.withUnsafeMutableBufferPointer { c in
            z.withUnsafeMutableBufferPointer { d in
                trace(camera: camera, canvas: canvas, width: physical.width, height: physical.height, depth: depth,
                      setExtension: setExtension, threads: threads, into: LinearSink(rgba: c.baseAddress!, depth: d.baseAddress!))
            }
        }
        return (rgba, z)
    }

    /// Where the composite's traced pixels go: pixel `k`'s linear colour and the ray's eye depth `t`.
    protocol Sink: Sendable {
        func store(_ k: Int, _ c: (Float, Float, Float), t: Float)
    }

    /// RGBA8 sRGB through the shared 12-bit table; depth is not kept.
    struct SRGB8Sink: Sink, @unchecked Sendable {
        let pixels: UnsafeMutablePointer<UInt8>
        let table: UnsafePointer<UInt8>
        @inline(__always) func store(_ k: Int, _ c: (Float, Float, Float), t: Float) {
            let p = pixels + 4 * k
            p[0] = encodeSRGB(c.0, table)
            p[1] = encodeSRGB(c.1, table)
            p[2] = encodeSRGB(c.2, table)
            p[3] = 255
        }
    }

    /// Linear RGBA floats and eye depth (metres; set extension has none: +infinity).
    struct LinearSink: Sink, @unchecked Sendable {
        let rgba: UnsafeMutablePointer<Float>
        let depth: UnsafeMutablePointer<Float>
        @inline(__always) func store(_ k: Int, _ c: (Float, Float, Float), t: Float) {
            let p = rgba + 4 * k
            p[0] = c.0
            p[1] = c.1
            p[2] = c.2
            p[3] = 1
            depth[k] = t
        }
    }

    /// Traces every pixel's ray against the LED surfaces and hands the pixels the pass colours to `sink`; the
    /// others (the physical stage in front, or nothing without set extension) are left as they are.
    @inline(__always)
    static func trace<S: Sink>(camera: ShotCamera, canvas: WallCanvas, width w: Int, height h: Int, depth: [Float],
                               setExtension: Bool, threads: Int, into sink: S) {
        precondition(depth.count == w * h)
        let pose = camera.pose
        let f = SIMD3<Float>(pose.forward), r = SIMD3<Float>(pose.right * camera.tanHalfX)
        let u = SIMD3<Float>(pose.up * camera.tanHalfY)
        let e = SIMD3<Float>(pose.position)
        let tracedArray = canvas.traced
        let extend = setExtension && canvas.inner != nil
        let overscanScale = Float(1 + (canvas.inner?.overscan ?? 0))
        let (fx, fy, fz, rx, ry, rz, ux, uy, uz) = (f.x, f.y, f.z, r.x, r.y, r.z, u.x, u.y, u.z)
        let (ex, ey, ez) = (e.x, e.y, e.z)
        depth.withUnsafeBufferPointer { dep in
            let depBox = UnsafeSendable(dep.baseAddress!)
            canvas.withSampler { sampler in
                tracedArray.withUnsafeBufferPointer { tracedBuf in
                    let traced = UnsafeSendable(tracedBuf)
                    // Interleaved rows balance the load; one thread stays on the caller.
                    let bands = bandCount(threads: threads, rows: h)
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
                                // One vector load for whole groups: lane inserts store and reload the vector each.
                                var depth8 = SIMD8<Float>(repeating: .infinity)
                                if n == 8 {
                                    depth8 = UnsafeRawPointer(depBox.value + k0).loadUnaligned(as: SIMD8<Float>.self)
                                } else {
                                    for l in 0..<n { depth8[l] = depBox.value[k0 + l] }
                                }
                                var lanes = HitLanes(t: depth8)
                                for i in 0..<traced.value.count {
                                    traced.value[i].hit8(ex, ey, ez, dx8, dy8, dz8, index: Int32(i), into: &lanes)
                                }
                                for l in 0..<n {
                                    let hitIndex = Int(lanes.index[l]), best = lanes.t[l]
                                    let dx = dx8[l], dy = dy8[l], dz = dz8[l]
                                    var c: (Float, Float, Float)
                                    var t = best
                                    if hitIndex >= 0 {
                                        if lanes.front[l] != 0 {
                                            // Through a pointer: a copy of the surface would retain its arrays.
                                            let s = traced.value.baseAddress! + hitIndex
                                            let (px, py, pz, i, j) = s.pointee.pixelCentre(
                                                u: lanes.u[l], v: lanes.v[l], px: ex + best * dx, py: ey + best * dy,
                                                pz: ez + best * dz)
                                            c = sampler.color(px, py, pz, surface: hitIndex,
                                                          u: (Float(i) + 0.5) / s.pointee.pxPerM, v: (Float(j) + 0.5) / s.pointee.pyPerM)
                                        } else {
                                            c = cabinetBack
                                        }
                                    } else if extend && best == .infinity {
                                        // The inner render is this camera's view widened: the ray lands at nx/(1+o).
                                        c = sampler.innerAt(nx8[l] / overscanScale, ny / overscanScale)
                                        t = .infinity
                                    } else {
                                        continue
                                    }
                                    sink.store(k0 + l, c, t: t)
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
