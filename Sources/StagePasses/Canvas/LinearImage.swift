// LinearImage: an image in linear-light RGB with bilinear sampling, the form the canvas passes read.

import Dispatch
import Geometry
import Imaging
import RasterCore

/// Linear-light RGB, row 0 at the top: three floats per pixel, or an sRGB image kept as its bytes and decoded as it is
/// sampled (`init(srgb:)`). Decoding on sampling reads the same table, so both give the same floats; the bytes are a
/// third of the memory and need no decoding pass, which is what lets a 4K inner frustum (about 11 Mpx with its lens
/// cover and overscan) stay cheap: 44 MB read where touched instead of 133 MB written, then read.
public struct LinearImage: Sendable {
    public let width: Int
    public let height: Int
    /// r, g, b floats per pixel; nil when the image keeps sRGB bytes.
    let floats: [Float]?
    /// RGBA8 sRGB bytes per pixel (alpha ignored); nil when the image holds floats.
    let bytes: [UInt8]?

    public init(width: Int, height: Int, rgb: [Float]) {
        precondition(rgb.count == width * height * 3)
        self.width = width
        self.height = height
        floats = rgb
        bytes = nil
    }

    /// Linear RGBA floats (the rasterizer's `linearColorBuffer()`), alpha dropped.
    public init(width: Int, height: Int, rgba: [Float]) {
        precondition(rgba.count == width * height * 4)
        var rgb = [Float](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            rgb[3 * i] = rgba[4 * i]; rgb[3 * i + 1] = rgba[4 * i + 1]; rgb[3 * i + 2] = rgba[4 * i + 2]
        }
        self.init(width: width, height: height, rgb: rgb)
    }

    /// An sRGB image as linear light (alpha is dropped). It keeps the bytes and decodes each texel where it is
    /// sampled (`SRGB.decodeTable`, exact); `threads` is kept for callers and no longer needed.
    public init(srgb image: RGBA8Image, threads: Int = 1) {
        width = image.width
        height = image.height
        floats = nil
        bytes = image.pixels
    }

    /// r, g, b per pixel, rows top to bottom. An image that keeps sRGB bytes decodes them all on every call: read it
    /// once into a local, never per pixel.
    public var rgb: [Float] {
        if let floats { return floats }
        let n = width * height
        var out = [Float](repeating: 0, count: n * 3)
        let t = SRGB.decodeTable
        bytes!.withUnsafeBufferPointer { s in
            for i in 0..<n {
                out[3 * i] = t[Int(s[4 * i])]
                out[3 * i + 1] = t[Int(s[4 * i + 1])]
                out[3 * i + 2] = t[Int(s[4 * i + 2])]
            }
        }
        return out
    }

    /// The pixels as plain pointers for per-pixel loops (no reference counting there). The pointers stay valid as long
    /// as this image's storage lives: the caller keeps the image alive (the canvas holds its frusta).
    var unsafePixels: LinearPixels {
        if let floats {
            return LinearPixels(floats: floats.withUnsafeBufferPointer { $0.baseAddress! }, bytes: nil,
                                table: SRGB.decodeTableBuffer, width: width, height: height)
        }
        return LinearPixels(floats: nil, bytes: bytes!.withUnsafeBufferPointer { $0.baseAddress! },
                            table: SRGB.decodeTableBuffer, width: width, height: height)
    }

    /// Bilinear sample at continuous pixel coordinates (pixel centres at +0.5), clamped at the borders.
    @inline(__always)
    static func bilinear(_ p: UnsafePointer<Float>, _ w: Int, _ h: Int, _ fx: Float, _ fy: Float) -> (Float, Float, Float) {
        let x = min(max(fx - 0.5, 0), Float(w - 1)), y = min(max(fy - 0.5, 0), Float(h - 1))
        let x0 = Int(x), y0 = Int(y)
        let x1 = min(x0 + 1, w - 1), y1 = min(y0 + 1, h - 1)
        let ax = x - Float(x0), ay = y - Float(y0)
        let a = p + 3 * (y0 * w + x0), b = p + 3 * (y0 * w + x1), c = p + 3 * (y1 * w + x0), d = p + 3 * (y1 * w + x1)
        let w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay
        return (a[0] * w00 + b[0] * w10 + c[0] * w01 + d[0] * w11,
                a[1] * w00 + b[1] * w10 + c[1] * w01 + d[1] * w11,
                a[2] * w00 + b[2] * w10 + c[2] * w01 + d[2] * w11)
    }

    /// `bilinear` over RGBA8 sRGB texels, each decoded through `table` (`SRGB.decodeTable`) as it is read: the same
    /// weights and sums in the same order, so exactly `bilinear` of the decoded image.
    @inline(__always)
    static func bilinear(srgb p: UnsafePointer<UInt8>, _ table: UnsafePointer<Float>, _ w: Int, _ h: Int, _ fx: Float,
                         _ fy: Float) -> (Float, Float, Float) {
        let x = min(max(fx - 0.5, 0), Float(w - 1)), y = min(max(fy - 0.5, 0), Float(h - 1))
        let x0 = Int(x), y0 = Int(y)
        let x1 = min(x0 + 1, w - 1), y1 = min(y0 + 1, h - 1)
        let ax = x - Float(x0), ay = y - Float(y0)
        let a = p + 4 * (y0 * w + x0), b = p + 4 * (y0 * w + x1), c = p + 4 * (y1 * w + x0), d = p + 4 * (y1 * w + x1)
        let w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay
        return (table[Int(a[0])] * w00 + table[Int(b[0])] * w10 + table[Int(c[0])] * w01 + table[Int(d[0])] * w11,
                table[Int(a[1])] * w00 + table[Int(b[1])] * w10 + table[Int(c[1])] * w01 + table[Int(d[1])] * w11,
                table[Int(a[2])] * w00 + table[Int(b[2])] * w10 + table[Int(c[2])] * w01 + table[Int(d[2])] * w11)
    }
}

/// A `LinearImage`'s pixels as raw pointers: floats, or sRGB bytes decoded through the shared table when sampled.
struct LinearPixels: @unchecked Sendable {
    let floats: UnsafePointer<Float>?
    let bytes: UnsafePointer<UInt8>?
    /// `SRGB.decodeTable`, held here so the loops do not check a lazy global per sample.
    let table: UnsafePointer<Float>
    let width: Int, height: Int

    /// Bilinear sample at continuous pixel coordinates (`LinearImage.bilinear`).
    @inline(__always) func bilinear(_ fx: Float, _ fy: Float) -> (Float, Float, Float) {
        if let bytes { return LinearImage.bilinear(srgb: bytes, table, width, height, fx, fy) }
        return LinearImage.bilinear(floats!, width, height, fx, fy)
    }
}

extension SRGB {
    /// `decodeTable` at a stable address for the per-pixel loops.
    static let decodeTableBuffer: UnsafePointer<Float> = {
        let t = SRGB.decodeTable
        let p = UnsafeMutablePointer<Float>.allocate(capacity: t.count)
        p.initialize(from: t, count: t.count)
        return UnsafePointer(p)
    }()

    /// Two channels decoded by one load: entry `g << 8 | r` is (`decodeTable[r]`, `decodeTable[g]`), 512 KiB. The
    /// same floats as two lookups of `decodeTableBuffer`; the bilinear taps on sRGB bytes read red and green of a
    /// texel with it.
    static let decodePairBuffer: UnsafePointer<SIMD2<Float>> = {
        let t = SRGB.decodeTable
        let p = UnsafeMutablePointer<SIMD2<Float>>.allocate(capacity: 1 << 16)
        for g in 0..<256 { for r in 0..<256 { (p + (g << 8 | r)).initialize(to: SIMD2(t[r], t[g])) } }
        return UnsafePointer(p)
    }()
}

/// Linear light to an sRGB byte through the shared 12-bit table (the rasterizer's own encoding).
@inline(__always) func encodeSRGB(_ l: Float, _ table: UnsafePointer<UInt8>) -> UInt8 {
    let q = Int(min(max(l, 0), 1) * Float((1 << SRGB.linearBits) - 1) + 0.5)
    return table[q]
}

/// `encodeSRGB`'s table index for eight values (clamp, x 4095, + 0.5, truncate: its operations, so its index for
/// every value that is a number), 0...4095.
@inline(__always) func encodeSRGBIndices(_ v: SIMD8<Float>) -> SIMD8<Int32> {
    vtruncSmall(vminf(vmaxf(v, SIMD8()), SIMD8(repeating: 1)) * Float((1 << SRGB.linearBits) - 1) + 0.5)
}

/// An RGBA word (R in the low byte, alpha 255) of the table's bytes at three channels' indices.
@inline(__always) func srgbWord(_ table: UnsafePointer<UInt8>, _ r: UInt32, _ g: UInt32, _ b: UInt32) -> UInt32 {
    UInt32(table[Int(r)]) | UInt32(table[Int(g)]) << 8 | UInt32(table[Int(b)]) << 16 | 0xFF00_0000
}
