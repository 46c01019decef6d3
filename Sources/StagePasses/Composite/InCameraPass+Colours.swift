// InCameraPass+Colours: the colours of the LED pixels a row of the composite sees first, eight at a time.

import RasterCore

/// Linear r, g, b of a row's fresh LED pixels in three columns (entry n of each), so encoders read them as vectors.
/// Each column holds at least `count + 8` floats: batches of eight are stored whole.
struct LEDColours {
    let r: UnsafeMutablePointer<Float>
    let g: UnsafeMutablePointer<Float>
    let b: UnsafeMutablePointer<Float>

    /// Entry n as a tuple.
    @inline(__always) subscript(n: Int) -> (Float, Float, Float) {
        get { (r[n], g[n], b[n]) }
        nonmutating set { (r[n], g[n], b[n]) = newValue }
    }
}

extension CanvasSampler {
    /// Colours of `count` LED pixels: entry `n` of `out` is the colour of `leds[n]`, `color(led:...)` exactly. With
    /// one camera whose frustum is not keyed (the common case) the centres are projected and weighed in lanes; lanes
    /// inside the frustum at full weight, which show exactly its image, and lanes outside it, which show exactly the
    /// outer frustum, are sampled in lanes (`LaneBilinear`, `OuterFrustum.sample8`) and stored eight at a time; the
    /// soft edge between, and every other canvas, go through `color(led:...)` one by one. Light cards are applied
    /// per lane, as `color` applies them: under the frustum on outer lanes, over it on all.
    func colours(count: Int, leds: UnsafePointer<LEDPixel>, surfaces: UnsafePointer<TracedSurface>,
                 centres: UnsafePointer<LEDPixelCentres>, lanes: LaneBilinear, into out: LEDColours) {
        @inline(__always) func one(_ n: Int) {
            let led = leds[n], s = Int(led.surface)
            out[n] = color(led: surfaces + s, centres[s], surface: s, Int(led.i), Int(led.j))
        }
        guard layers.count == 1, !layers[0].keyed else {
            for n in 0..<count { one(n) }
            return
        }
        let layer = layers[0]
        let m = layer.m.m
        let overCards = cards.contains { $0.over }, underCards = cards.contains { !$0.over }
        // Every centre first, into the colour columns (x in r, y in g, z in b; a short last batch repeats its last
        // centre), which each batch below reads as vectors and then overwrites with its colours. Written per lane
        // just before the vector loads, eight scalar stores could not be forwarded to a load and stalled it.
        let padded = (count + 7) & ~7
        for n in 0..<padded {
            let led = leds[min(n, count - 1)], s = surfaces + Int(led.surface)
            out[n] = centres[Int(led.surface)].point(s, Int(led.i), Int(led.j))
        }
        var n0 = 0
        while n0 < count {
            let k = min(8, count - n0)
            @inline(__always) func column(_ c: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
                UnsafeRawPointer(c + n0).loadUnaligned(as: SIMD8<Float>.self)
            }
            let x = column(out.r), y = column(out.g), z = column(out.b)
            // `InnerLayer.project`, then `WallCanvas.innerWeight` >= 1, in lanes.
            let cx = m.0 * x + m.1 * y + m.2 * z + m.3, cy = m.4 * x + m.5 * y + m.6 * z + m.7
            let cw = m.12 * x + m.13 * y + m.14 * z + m.15
            let front = positive(cw)
            let rw = 1 / cw
            let nx = cx * rw, ny = cy * rw
            let absMask = SIMD8<Int32>(repeating: 0x7FFF_FFFF)
            let d = vminf(1 - float(bits(nx) & absMask), 1 - float(bits(ny) & absMask))
            var full = front & positive(d)
            if edge > 0 {
                // Full weight: d >= edge, or the ease rounds to 1. The ease only where a lane is in the band (most
                // batches lie deep inside the frustum: then nothing changes).
                let inBand = bits(d - edge) &>> 31
                if anyLane(inBand & full) {
                    let xs = d / edge
                    let smooth = xs * xs * (3 - 2 * xs)
                    full &= ~inBand | ~(bits(smooth - 1) &>> 31)
                }
            }
            var (r, g, b) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
            if anyLane(full) {
                let fx = (nx + 1) * 0.5 * Float(layer.iw), fy = (1 - ny) * 0.5 * Float(layer.ih)
                (r, g, b) = lanes.bilinear8(layer.pixels, float(bits(fx) & full), float(bits(fy) & full))
            }
            // Weight 0 (behind the camera, or `innerWeight`'s d not above 0, NaN included): the outer frustum, as both
            // of `color`'s branches give it there, in lanes; the cards under and over it per lane below.
            let outside = ~(front & positive(d))
            if anyLane(outside) {
                let (or, og, ob) = OuterFrustum.sample8(outer, os, x - ox, y - oy, z - oz, lanes: lanes)
                @inline(__always) func put(_ v: SIMD8<Float>, _ o: SIMD8<Float>) -> SIMD8<Float> {
                    float((bits(o) & outside) | (bits(v) & ~outside))
                }
                (r, g, b) = (put(r, or), put(g, og), put(b, ob))
            }
            // All eight lanes stored as vectors (past `count`, repeats of the last entry, into the columns' slack),
            // then the lanes in the soft edge, and light cards (under the frustum on outer lanes, over it on all),
            // one by one.
            UnsafeMutableRawPointer(out.r + n0).storeBytes(of: r, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(out.g + n0).storeBytes(of: g, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(out.b + n0).storeBytes(of: b, as: SIMD8<Float>.self)
            let laneBits = SIMD8<Int32>(1, 2, 4, 8, 16, 32, 64, 128)
            let fullBits = Int((full & laneBits).wrappedSum()), outsideBits = Int((outside & laneBits).wrappedSum())
            let wanted = (1 &<< k) - 1
            if (fullBits | outsideBits) & wanted != wanted || overCards || underCards && outsideBits & wanted != 0 {
                for l in 0..<k {
                    let n = n0 + l
                    let isOutside = outsideBits &>> l & 1 != 0
                    guard fullBits &>> l & 1 != 0 || isOutside else { one(n); continue }
                    guard overCards || isOutside && underCards else { continue }
                    let led = leds[n], s = surfaces + Int(led.surface), surface = Int(led.surface)
                    let u = (Float(led.i) + 0.5) / s.pointee.pxPerM, v = (Float(led.j) + 0.5) / s.pointee.pyPerM
                    var c = out[n]
                    if isOutside {
                        for q in 0..<cards.count where !cards[q].over && cards[q].surface == surface { c = blend(c, q, u, v) }
                    }
                    for q in 0..<cards.count where cards[q].over && cards[q].surface == surface { c = blend(c, q, u, v) }
                    out[n] = c
                }
            }
            n0 += 8
        }
    }
}

/// -1 in lanes where x > 0 (not -0, not NaN), else 0.
@inline(__always)
func positive(_ x: SIMD8<Float>) -> SIMD8<Int32> {
    let b = bits(x)
    return ((SIMD8<Int32>() &- b) &>> 31) & ~(b &>> 31) & notNaN(x)
}
