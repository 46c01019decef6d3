// LaneBilinear: `LinearImage`'s bilinear sample at eight points at once, for the per-pixel loops of the lens warp
// and the in-camera composite.

import Geometry
import RasterCore

/// Scratch for eight-lane bilinear samples of a `LinearPixels` image: texel offsets and weights are computed as
/// vectors and read per lane, each lane's texels are gathered (decoded through the sRGB table for byte images) and
/// read back as vectors, and the blend runs in lanes. One per worker; `deallocate()` when done.
///
/// Scalar twin: `LinearPixels.bilinear` per lane (`LinearImage.bilinear` and its sRGB-bytes variant), the same
/// operations in the same order, so each lane's result is the same float (`LensWarpTests` and
/// `InCameraLEDColourTests` compare them).
final class LaneBilinear {
    let offsets = UnsafeMutablePointer<Int32>.allocate(capacity: 32)
    /// Scratch: the four corners' weights in columns of 8 lanes, then each lane's blended (r, g, b, 0).
    let texels = UnsafeMutablePointer<Float>.allocate(capacity: 96)
    /// 8, as a stored value: the trip count of `bilinear8`'s lane loop, which must not be unrolled (see there).
    private(set) var lanesToBlend = 8
    /// The lens warp's table indices, eight per channel (read as UInt32: no sign extension per lookup).
    let codes = UnsafeMutablePointer<UInt32>.allocate(capacity: 24)
    /// `SRGB.decodePairBuffer`, held here so the lane loop does not check a lazy global per lane.
    let pairs = SRGB.decodePairBuffer

    func deallocate() {
        offsets.deallocate(); texels.deallocate(); codes.deallocate()
    }

    /// Linear r, g, b of `image` at continuous pixel coordinates (fx, fy) per lane (pixel centres at +0.5, clamped
    /// at the borders). Every lane must be a number: callers put 0 in lanes they will not use. `base` moves each
    /// lane's float image by that many floats (the outer frustum's six faces are one buffer, a face per lane).
    @inline(__always)
    func bilinear8(_ image: LinearPixels, _ fx: SIMD8<Float>, _ fy: SIMD8<Float>, base: SIMD8<Int32> = SIMD8())
        -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        let w = image.width, h = image.height
        let x = vminf(vmaxf(fx - 0.5, SIMD8()), SIMD8(repeating: Float(w - 1)))
        let y = vminf(vmaxf(fy - 0.5, SIMD8()), SIMD8(repeating: Float(h - 1)))
        let x0 = vfloorSmall(x), y0 = vfloorSmall(y)  // x, y >= 0: Int(x) truncates to the floor
        let x1 = vmin(x0 &+ 1, SIMD8(repeating: Int32(w - 1))), y1 = vmin(y0 &+ 1, SIMD8(repeating: Int32(h - 1)))
        let ax = x - vfloat(x0), ay = y - vfloat(y0)
        let w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay
        let row0 = y0 &* Int32(w), row1 = y1 &* Int32(w)
        let raw = UnsafeMutableRawPointer(offsets)
        /// The four corners' offsets, for images of `stride` values a pixel.
        @inline(__always) func cornerOffsets(_ stride: Int32) {
            raw.storeBytes(of: (row0 &+ x0) &* stride &+ base, toByteOffset: 0, as: SIMD8<Int32>.self)
            raw.storeBytes(of: (row0 &+ x1) &* stride &+ base, toByteOffset: 32, as: SIMD8<Int32>.self)
            raw.storeBytes(of: (row1 &+ x0) &* stride &+ base, toByteOffset: 64, as: SIMD8<Int32>.self)
            raw.storeBytes(of: (row1 &+ x1) &* stride &+ base, toByteOffset: 96, as: SIMD8<Int32>.self)
        }
        let weights = UnsafeMutableRawPointer(texels)
        weights.storeBytes(of: w00, toByteOffset: 0, as: SIMD8<Float>.self)
        weights.storeBytes(of: w10, toByteOffset: 32, as: SIMD8<Float>.self)
        weights.storeBytes(of: w01, toByteOffset: 64, as: SIMD8<Float>.self)
        weights.storeBytes(of: w11, toByteOffset: 96, as: SIMD8<Float>.self)
        // Each lane blended in 128-bit vectors (r, g, b, 0): the same products and sums per channel as eight lanes
        // of one channel, so the same floats. One lane per trip of a loop whose count the compiler cannot see (as in
        // `TextureSampler.bilinear8`): the texels stay in registers, where eight scalar stores per channel read
        // back as one vector stalled store forwarding. The results go through memory as 16-byte vectors and are
        // transposed once.
        let results = UnsafeMutableRawPointer(texels + 32)
        // `corners(l)`: lane l's four texels (x0, y0), (x1, y0), (x0, y1), (x1, y1) as (r, g, b, 0).
        @inline(__always) func blendLanes(_ corners: (Int) -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)) {
            var l = 0
            while l < lanesToBlend {
                let (t00, t10, t01, t11) = corners(l)
                let blend = t00 * texels[l] + t10 * texels[8 + l] + t01 * texels[16 + l] + t11 * texels[24 + l]
                results.storeBytes(of: blend, toByteOffset: 16 * l, as: SIMD4<Float>.self)
                l += 1
            }
        }
        if let p = image.bytes, w >= 2 {
            // A lane's two texels in a row are neighbours (x1 = x0 + 1) or, at the right border, the same pixel
            // (x1 = x0): one 8-byte load from pixel x1 - 1 holds both, the right one in the high word and the left
            // one in the low word, or in the high word at the border. Two loads a lane instead of twelve byte loads.
            let decode = image.table, pairs = self.pairs
            raw.storeBytes(of: (row0 &+ x1 &- 1) &* 4, toByteOffset: 0, as: SIMD8<Int32>.self)
            raw.storeBytes(of: (row1 &+ x1 &- 1) &* 4, toByteOffset: 32, as: SIMD8<Int32>.self)
            raw.storeBytes(of: (1 &- (x1 &- x0)) &* 32, toByteOffset: 64, as: SIMD8<Int32>.self)
            // Red and green by one load of the pair table, blue from the byte table: the same floats.
            @inline(__always) func texel(_ word: UInt64) -> SIMD4<Float> {
                let rg = pairs[Int(word & 0xFFFF)]
                return SIMD4(rg.x, rg.y, decode[Int(word &>> 16 & 0xFF)], 0)
            }
            blendLanes { l in
                let top = UnsafeRawPointer(p + Int(offsets[l])).loadUnaligned(as: UInt64.self)
                let bottom = UnsafeRawPointer(p + Int(offsets[8 + l])).loadUnaligned(as: UInt64.self)
                let left = UInt64(truncatingIfNeeded: offsets[16 + l])
                return (texel(top &>> left), texel(top &>> 32), texel(bottom &>> left), texel(bottom &>> 32))
            }
        } else if let p = image.bytes {
            cornerOffsets(4)
            let decode = image.table
            @inline(__always) func texel(_ o: Int32) -> SIMD4<Float> {
                let q = p + Int(o)
                return SIMD4(decode[Int(q[0])], decode[Int(q[1])], decode[Int(q[2])], 0)
            }
            blendLanes { l in (texel(offsets[l]), texel(offsets[8 + l]), texel(offsets[16 + l]), texel(offsets[24 + l])) }
        } else {
            cornerOffsets(3)
            let p = image.floats!
            @inline(__always) func texel(_ o: Int32) -> SIMD4<Float> {
                let q = p + Int(o)
                return SIMD4(q[0], q[1], q[2], 0)
            }
            blendLanes { l in (texel(offsets[l]), texel(offsets[8 + l]), texel(offsets[16 + l]), texel(offsets[24 + l])) }
        }
        let (r, g, b, _) = transposeLanes(results)
        return (r, g, b)
    }
}

/// -1 in lanes where `x` is a number (not NaN), else 0.
@inline(__always)
func notNaN(_ x: SIMD8<Float>) -> SIMD8<Int32> {
    ((bits(x) & SIMD8(repeating: 0x7FFF_FFFF)) &- SIMD8(repeating: 0x7F80_0001)) &>> 31
}
