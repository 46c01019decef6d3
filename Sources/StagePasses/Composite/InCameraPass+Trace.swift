// InCameraPass+Trace: the composite's per-pixel work in three steps: trace every camera pixel to the LED pixel it
// sees, colour each seen LED pixel once, then give every camera pixel its LED pixel's colour.

import Geometry
import SceneModel

extension InCameraPass {
    /// Traces every pixel's ray against the LED surfaces and hands the pixels the pass colours to `sink`; the
    /// others (the physical stage in front, or nothing without set extension) are left as they are.
    ///
    /// An LED pixel's colour is a function of (surface, column, row) alone: the canvas at the pixel's centre as the
    /// native canvas computes it (`LEDPixelCentres`), so the in-camera wall shows exactly the native canvas's LED
    /// colours. At 4K one to four camera pixels see each LED pixel, so a camera pixel that sees the same LED pixel as
    /// its left neighbour or the pixel above takes that colour instead of sampling the canvas again: the same value,
    /// once. Rows go to the workers in contiguous bands (a band's first row has no row above); every pixel's colour
    /// depends on its LED pixel alone, so the frame is the same on any thread count.
    static func trace<S: Sink>(camera: ShotCamera, canvas: WallCanvas, width w: Int, height h: Int, depth: [Float],
                               setExtension: Bool, threads: Int, into sink: S) {
        precondition(depth.count == w * h)
        let pose = camera.pose
        let f = SIMD3<Float>(pose.forward), r = SIMD3<Float>(pose.right * camera.tanHalfX)
        let u = SIMD3<Float>(pose.up * camera.tanHalfY)
        let e = SIMD3<Float>(pose.position)
        let tracedArray = canvas.traced
        let count = tracedArray.count
        let extend = setExtension && canvas.inner != nil
        let overscanScale = Float(1 + (canvas.inner?.overscan ?? 0))
        let (fx, fy, fz, rx, ry, rz, ux, uy, uz) = (f.x, f.y, f.z, r.x, r.y, r.z, u.x, u.y, u.z)
        let (ex, ey, ez) = (e.x, e.y, e.z)
        let centres = UnsafeMutablePointer<LEDPixelCentres>.allocate(capacity: max(1, count))
        for (s, surface) in tracedArray.enumerated() { centres.advanced(by: s).initialize(to: LEDPixelCentres(surface)) }
        defer {
            for s in 0..<count { centres[s].deallocate() }
            centres.deallocate()
        }
        let centresBox = UnsafeSendable(centres)
        depth.withUnsafeBufferPointer { dep in
            let depBox = UnsafeSendable(dep.baseAddress!)
            canvas.withSampler { sampler in
                tracedArray.withUnsafeBufferPointer { tracedBuf in
                    let traced = UnsafeSendable(tracedBuf)
                    let bands = bandCount(threads: threads, rows: h)
                    parallelBands(bands) { band in
                        // This row's and the row above's LED pixel per column (surface, column, row; surface -1: no
                        // LED face) and their colours.
                        let rows = UnsafeMutablePointer<LEDPixel>.allocate(capacity: 2 * (w + 8))
                        let colours = UnsafeMutablePointer<(Float, Float, Float)>.allocate(capacity: 2 * (w + 8))
                        defer { rows.deallocate(); colours.deallocate() }
                        var (cur, prev) = (0, w + 8)
                        for x in 0..<(w + 8) { rows[prev + x] = LEDPixel.none }
                        for y in (band * h / bands)..<((band + 1) * h / bands) {
                            let ny = 1 - 2 * (Float(y) + 0.5) / Float(h)
                            // Eight pixels' rays at a time against every surface (lanes), then each pixel's LED pixel.
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
                                for i in 0..<count {
                                    // Through the pointer: the subscript would copy the surface (retaining its arrays).
                                    (traced.value.baseAddress! + i).pointee.hit8(ex, ey, ez, dx8, dy8, dz8, index: Int32(i),
                                                                                into: &lanes)
                                }
                                for l in 0..<n {
                                    let x = x0 + l, k = k0 + l
                                    let hitIndex = Int(lanes.index[l]), best = lanes.t[l]
                                    var led = LEDPixel.none
                                    if hitIndex >= 0 {
                                        if lanes.front[l] != 0 {
                                            // Through a pointer: a copy of the surface would retain its arrays.
                                            let s = traced.value.baseAddress! + hitIndex
                                            let i = min(Int(lanes.u[l] * s.pointee.pxPerM), s.pointee.pixelsW - 1)
                                            let j = min(Int(lanes.v[l] * s.pointee.pyPerM), s.pointee.pixelsH - 1)
                                            led = LEDPixel(surface: Int32(hitIndex), i: Int32(i), j: Int32(j))
                                            let c: (Float, Float, Float)
                                            if x > 0 && rows[cur + x - 1] == led {
                                                c = colours[cur + x - 1]
                                            } else if rows[prev + x] == led {
                                                c = colours[prev + x]
                                            } else {
                                                c = sampler.color(led: s, centresBox.value[hitIndex], surface: hitIndex, i, j)
                                            }
                                            colours[cur + x] = c
                                            sink.store(k, c, t: best)
                                        } else {
                                            sink.store(k, cabinetBack, t: best)
                                        }
                                    } else if extend && best == .infinity {
                                        // The inner render is this camera's view widened: the ray lands at nx/(1+o).
                                        sink.store(k, sampler.innerAt(nx8[l] / overscanScale, ny / overscanScale),
                                                   t: .infinity)
                                    }
                                    rows[cur + x] = led
                                }
                                x0 += 8
                            }
                            swap(&cur, &prev)
                        }
                    }
                }
            }
        }
    }
}

/// The LED pixel a camera pixel sees: surface index, column and row (surface -1: none).
struct LEDPixel: Equatable {
    var surface: Int32, i: Int32, j: Int32
    static let none = LEDPixel(surface: -1, i: 0, j: 0)
}
