// InCameraPass+Trace: the composite's per-pixel work in three steps per row: trace every camera pixel to the LED pixel
// it sees, colour the LED pixels the row sees first (InCameraPass+Colours), then give every camera pixel its LED
// pixel's colour.

import Geometry
import RasterCore
import SceneModel

extension InCameraPass {
    /// Traces every pixel's ray against the LED surfaces and hands the pixels the pass colours to `sink`; the
    /// others (the physical stage in front, or nothing without set extension) are left as they are.
    ///
    /// An LED pixel's colour is a function of (surface, column, row) alone: the canvas at the pixel's centre as the
    /// native canvas computes it (`LEDPixelCentres`), so the in-camera wall shows exactly the native canvas's LED
    /// colours. At 4K one to four camera pixels see each LED pixel, so a camera pixel that sees the same LED pixel as
    /// its left neighbour or the pixel above takes that colour, already encoded, instead of sampling the canvas and
    /// encoding again: the same value, once. Rows go to the workers in contiguous bands (a band's first row has no row
    /// above); every pixel's colour depends on its LED pixel alone, so the frame is the same on any thread count.
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
        let back = sink.pixel(cabinetBack)
        // Each surface's LED pixels per metre and last column and row, for the lanes' LED pixel (step 1). In lanes
        // while every surface is under 2^22 LED pixels a side (`vtruncSmall`'s range; real walls are far below).
        let perSurface = tracedArray.map { (SIMD2($0.pxPerM, $0.pyPerM), SIMD2(Int32($0.pixelsW - 1), Int32($0.pixelsH - 1))) }
        let ledInLanes = tracedArray.allSatisfy { $0.pixelsW < 1 << 22 && $0.pixelsH < 1 << 22 }
        depth.withUnsafeBufferPointer { dep in
            let depBox = UnsafeSendable(dep.baseAddress!)
            canvas.withSampler { sampler in
                tracedArray.withUnsafeBufferPointer { tracedBuf in
                    let traced = UnsafeSendable(tracedBuf)
                    let bands = bandCount(threads: threads, rows: h)
                    runWorkers(bands) { band in
                        // This row's and the row above's LED pixel per column as three columns of lanes (surface,
                        // column, row; surface -1: no LED face), each row with one pad entry before it (surface -2,
                        // x = -1) so a group's left neighbours are one load; what each pixel shows (`Shows`, and in
                        // step 2 where a repeated LED pixel's colour comes from); the fresh LED pixels' colours and
                        // made pixels; this row's ray parameters; the columns whose LED pixel the row sees first.
                        let stride = w + 9
                        let ledS = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * stride)
                        let ledI = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * stride)
                        let ledJ = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * stride)
                        let freshLEDs = UnsafeMutablePointer<LEDPixel>.allocate(capacity: w + 8)
                        let colourColumns = UnsafeMutablePointer<Float>.allocate(capacity: 3 * (w + 16))
                        let colours = LEDColours(r: colourColumns, g: colourColumns + (w + 16), b: colourColumns + 2 * (w + 16))
                        let made = UnsafeMutablePointer<S.Pixel>.allocate(capacity: 2 * stride)
                        let ts = UnsafeMutablePointer<Float>.allocate(capacity: w + 8)
                        let kinds = UnsafeMutablePointer<Int32>.allocate(capacity: w + 8)
                        let fresh = UnsafeMutablePointer<Int32>.allocate(capacity: w + 8)
                        let bilinear = LaneBilinear()
                        defer {
                            ledS.deallocate(); ledI.deallocate(); ledJ.deallocate(); freshLEDs.deallocate()
                            colourColumns.deallocate(); made.deallocate(); ts.deallocate(); kinds.deallocate()
                            fresh.deallocate(); bilinear.deallocate()
                        }
                        @inline(__always) func load(_ p: UnsafeMutablePointer<Int32>, _ k: Int) -> SIMD8<Int32> {
                            UnsafeRawPointer(p + k).loadUnaligned(as: SIMD8<Int32>.self)
                        }
                        @inline(__always) func store(_ v: SIMD8<Int32>, _ p: UnsafeMutablePointer<Int32>, _ k: Int) {
                            UnsafeMutableRawPointer(p + k).storeBytes(of: v, as: SIMD8<Int32>.self)
                        }
                        var (cur, prev) = (0, stride)  // this row's and the row above's offsets (LED columns and made)
                        for k in 0..<(2 * stride) { (ledS[k], ledI[k], ledJ[k]) = (-1, 0, 0) }
                        ledS[0] = -2
                        ledS[stride] = -2
                        let laneBits = SIMD8<Int32>(1, 2, 4, 8, 16, 32, 64, 128)
                        let infinityBits = SIMD8<Int32>(repeating: Int32(bitPattern: Float.infinity.bitPattern))
                        let extendMask = SIMD8<Int32>(repeating: extend ? -1 : 0)
                        for y in (band * h / bands)..<((band + 1) * h / bands) {
                            let ny = 1 - 2 * (Float(y) + 0.5) / Float(h)
                            // 1. Eight pixels' rays at a time against every surface (lanes), then each pixel's LED
                            // pixel, or what else it shows.
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
                                    // By pointer: the subscript, or a method on `pointee`, would copy the surface.
                                    TracedSurface.hit8(traced.value.baseAddress! + i, ex, ey, ez, dx8, dy8, dz8,
                                                       index: Int32(i), into: &lanes)
                                }
                                // What each lane shows, in lanes: an LED pixel where a surface's front face is hit,
                                // the cabinets' back where its back is, set extension's world where nothing is hit
                                // and the ray is not stopped by the stage, else the stage.
                                let hit = ~(lanes.index &>> 31)
                                let front = 0 &- lanes.front
                                let led = hit & front
                                let d = bits(lanes.t) ^ infinityBits
                                let unstopped = ~((d | (0 &- d)) &>> 31)
                                let kind = (led & Int32(Shows.led.rawValue)) | (hit & ~front & Int32(Shows.cabinetBack.rawValue))
                                    | (~hit & unstopped & extendMask & Int32(Shows.virtualWorld.rawValue))
                                store(kind, kinds, x0)
                                UnsafeMutableRawPointer(ts + x0).storeBytes(of: lanes.t, as: SIMD8<Float>.self)
                                store(lanes.index | ~led, ledS, cur + 1 + x0)
                                // The LED pixel (column, row) each lane's hit falls in: min(Int(u · px/m), columns - 1)
                                // with the hit surface's constants, in lanes (u, v >= 0 on a hit: truncation is exact).
                                if ledInLanes {
                                    // Blends by integer masks: SIMDMask comparisons and `replace(with:where:)` become
                                    // per-lane loops through memory here.
                                    var perU = SIMD8<Int32>(), perV = SIMD8<Int32>(), lastI = SIMD8<Int32>(), lastJ = SIMD8<Int32>()
                                    perSurface.withUnsafeBufferPointer { ps in
                                        for s in 0..<count {
                                            let d = lanes.index ^ Int32(s)
                                            let m = ~((d | (0 &- d)) &>> 31)  // -1 where the lane hit surface s
                                            let (pm, lp) = ps[s]
                                            perU |= bits(SIMD8(repeating: pm.x)) & m
                                            perV |= bits(SIMD8(repeating: pm.y)) & m
                                            lastI |= SIMD8(repeating: lp.x) & m; lastJ |= SIMD8(repeating: lp.y) & m
                                        }
                                    }
                                    store(vmin(vtruncSmall(lanes.u * float(perU)), lastI) & led, ledI, cur + 1 + x0)
                                    store(vmin(vtruncSmall(lanes.v * float(perV)), lastJ) & led, ledJ, cur + 1 + x0)
                                } else {
                                    for l in 0..<8 {
                                        var (i, j) = (0, 0)
                                        if led[l] != 0 {
                                            // Through a pointer: a copy of the surface would retain its arrays.
                                            let s = traced.value.baseAddress! + Int(lanes.index[l])
                                            i = min(Int(lanes.u[l] * s.pointee.pxPerM), s.pointee.pixelsW - 1)
                                            j = min(Int(lanes.v[l] * s.pointee.pyPerM), s.pointee.pixelsH - 1)
                                        }
                                        (ledI[cur + 1 + x0 + l], ledJ[cur + 1 + x0 + l]) = (Int32(i), Int32(j))
                                    }
                                }
                                x0 += 8
                            }
                            // 2. In lanes: whether each LED pixel is its left neighbour's or the one above's; those
                            // that are neither are the LED pixels this row sees first, listed for their colours.
                            var nf = 0
                            x0 = 0
                            while x0 < w {
                                let c = cur + 1 + x0, a = prev + 1 + x0
                                let sC = load(ledS, c), iC = load(ledI, c), jC = load(ledJ, c)
                                @inline(__always) func equal(_ o: Int) -> SIMD8<Int32> {
                                    let d = (sC ^ load(ledS, o)) | (iC ^ load(ledI, o)) | (jC ^ load(ledJ, o))
                                    return ~((d | (0 &- d)) &>> 31)
                                }
                                let left = equal(c - 1), above = equal(a)
                                let inRow = (SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) &- SIMD8<Int32>(repeating: Int32(w - x0))) &>> 31
                                let isLED = ~(sC &>> 31) & inRow
                                store(load(kinds, x0) | (isLED & ((left & Shows.fromLeft) | (~left & above & Shows.fromAbove))), kinds, x0)
                                var firsts = UInt32(truncatingIfNeeded: (isLED & ~left & ~above & laneBits).wrappedSum())
                                // Wrapping index arithmetic in this loop and step 3's (every index is below the row's
                                // stride): the overflow checks were about a fifth of the trace's own instructions.
                                while firsts != 0 {
                                    let x = x0 &+ firsts.trailingZeroBitCount, at = cur &+ 1 &+ x
                                    fresh[nf] = Int32(truncatingIfNeeded: x)
                                    freshLEDs[nf] = LEDPixel(surface: ledS[at], i: ledI[at], j: ledJ[at])
                                    nf &+= 1
                                    firsts &= firsts &- 1
                                }
                                x0 += 8
                            }
                            sampler.colours(count: nf, leds: freshLEDs, surfaces: traced.value.baseAddress!,
                                            centres: centresBox.value, lanes: bilinear, into: colours)
                            // Each fresh LED pixel's colour made into the sink's pixel (encoded to sRGB) once.
                            sink.pixels(fresh: fresh, count: nf, colours: colours, into: made + cur)
                            // 3. Every pixel the pass colours, left to right (a repeated LED pixel takes the made pixel
                            // of its left neighbour or the pixel above, made in step 2 or already here).
                            let k0 = y * w
                            // An LED pixel's kind is `led`, alone (fresh) or with `fromLeft` or `fromAbove`. A fresh
                            // pixel's made pixel is its own (step 2), one `fromAbove` takes the row above's, and one
                            // `fromLeft` takes its run's first pixel's: `from` is where that is, chosen without a
                            // branch per kind (at 4K one to four pixels see each LED pixel, so the kinds alternate and
                            // a branch mispredicted). Read from the left neighbour instead, each run of `fromLeft`
                            // pixels was a chain of stores forwarded to loads.
                            let ledKind = Int32(Shows.led.rawValue), leftKind = ledKind | Shows.fromLeft
                            let aboveOffset = prev &- cur
                            var from = cur
                            for x in 0..<w {
                                let kind = kinds[x]
                                if kind & 3 == ledKind {
                                    let at = cur &+ x
                                    let dl = kind ^ leftKind, df = kind ^ ledKind
                                    let left = Int(truncatingIfNeeded: ~((dl | (0 &- dl)) &>> 31))  // -1: fromLeft
                                    let fresh = Int(truncatingIfNeeded: ~((df | (0 &- df)) &>> 31))  // -1: fresh
                                    from = (from & left) | ((at &+ (aboveOffset & ~fresh)) & ~left)
                                    let p = made[from]
                                    made[at] = p
                                    sink.store(k0 &+ x, p, t: ts[x])
                                } else if kind == Int32(Shows.cabinetBack.rawValue) {
                                    sink.store(k0 &+ x, back, t: ts[x])
                                } else if kind == Int32(Shows.virtualWorld.rawValue) {
                                    // The inner render is this camera's view widened: the ray lands at nx/(1+o)
                                    // (nx as step 1's lanes make it: lane + x0 is exactly x).
                                    let nx = 2 * (Float(x) + 0.5) / Float(w) - 1
                                    sink.store(k0 + x, sink.pixel(sampler.innerAt(nx / overscanScale, ny / overscanScale)),
                                               t: .infinity)
                                }
                            }
                            swap(&cur, &prev)
                        }
                    }
                }
            }
        }
    }
}

/// What a camera pixel shows in the composite.
enum Shows: UInt8 {
    /// The physical stage in front (or nothing): the pixel is left as it is.
    case stage
    /// An LED pixel's colour.
    case led
    /// A wall seen from behind.
    case cabinetBack
    /// Set extension: the viewed camera's inner frustum, where no surface is hit.
    case virtualWorld

    /// Bits added to `led` in the trace's kinds: the pixel sees its left neighbour's LED pixel, or (not that) the
    /// one above's, and takes that pixel's made colour.
    static let fromLeft: Int32 = 4, fromAbove: Int32 = 8
}

/// The LED pixel a camera pixel sees: surface index, column and row (surface -1: none).
struct LEDPixel {
    var surface: Int32, i: Int32, j: Int32
}
