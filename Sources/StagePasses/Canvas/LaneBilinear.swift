// LaneBilinear: `LinearImage`'s bilinear sample at eight points at once, for the per-pixel loops of the lens warp
// and the in-camera composite.

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
    /// texels[(channel * 4 + corner) * 8 + lane]
    let texels = UnsafeMutablePointer<Float>.allocate(capacity: 96)
    let codes = UnsafeMutablePointer<Int32>.allocate(capacity: 24)
    let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 24)

    func deallocate() {
        offsets.deallocate(); texels.deallocate(); codes.deallocate(); bytes.deallocate()
    }

    /// Linear r, g, b of `image` at continuous pixel coordinates (fx, fy) per lane (pixel centres at +0.5, clamped
    /// at the borders). Every lane must be a number: callers put 0 in lanes they will not use.
    @inline(__always)
    func bilinear8(_ image: LinearPixels, _ fx: SIMD8<Float>, _ fy: SIMD8<Float>)
        -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        let w = image.width, h = image.height
        let x = vminf(vmaxf(fx - 0.5, SIMD8()), SIMD8(repeating: Float(w - 1)))
        let y = vminf(vmaxf(fy - 0.5, SIMD8()), SIMD8(repeating: Float(h - 1)))
        let x0 = vfloorSmall(x), y0 = vfloorSmall(y)  // x, y >= 0: Int(x) truncates to the floor
        let x1 = vmin(x0 &+ 1, SIMD8(repeating: Int32(w - 1))), y1 = vmin(y0 &+ 1, SIMD8(repeating: Int32(h - 1)))
        let ax = x - vfloat(x0), ay = y - vfloat(y0)
        let w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay
        let row0 = y0 &* Int32(w), row1 = y1 &* Int32(w)
        let stride = Int32(image.bytes != nil ? 4 : 3)
        let raw = UnsafeMutableRawPointer(offsets)
        raw.storeBytes(of: (row0 &+ x0) &* stride, toByteOffset: 0, as: SIMD8<Int32>.self)
        raw.storeBytes(of: (row0 &+ x1) &* stride, toByteOffset: 32, as: SIMD8<Int32>.self)
        raw.storeBytes(of: (row1 &+ x0) &* stride, toByteOffset: 64, as: SIMD8<Int32>.self)
        raw.storeBytes(of: (row1 &+ x1) &* stride, toByteOffset: 96, as: SIMD8<Int32>.self)
        if let p = image.bytes {
            let decode = image.table
            for l in 0..<8 {
                for corner in 0..<4 {
                    let q = p + Int(offsets[corner * 8 + l])
                    texels[corner * 8 + l] = decode[Int(q[0])]
                    texels[(4 + corner) * 8 + l] = decode[Int(q[1])]
                    texels[(8 + corner) * 8 + l] = decode[Int(q[2])]
                }
            }
        } else {
            let p = image.floats!
            for l in 0..<8 {
                for corner in 0..<4 {
                    let q = p + Int(offsets[corner * 8 + l])
                    texels[corner * 8 + l] = q[0]
                    texels[(4 + corner) * 8 + l] = q[1]
                    texels[(8 + corner) * 8 + l] = q[2]
                }
            }
        }
        @inline(__always) func column(_ k: Int) -> SIMD8<Float> {
            UnsafeRawPointer(texels + 8 * k).loadUnaligned(as: SIMD8<Float>.self)
        }
        @inline(__always) func channel(_ c: Int) -> SIMD8<Float> {
            column(4 * c) * w00 + column(4 * c + 1) * w10 + column(4 * c + 2) * w01 + column(4 * c + 3) * w11
        }
        return (channel(0), channel(1), channel(2))
    }
}

/// -1 in lanes where `x` is a number (not NaN), else 0.
@inline(__always)
func notNaN(_ x: SIMD8<Float>) -> SIMD8<Int32> {
    ((bits(x) & SIMD8(repeating: 0x7FFF_FFFF)) &- SIMD8(repeating: 0x7F80_0001)) &>> 31
}
