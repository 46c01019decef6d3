// LinearImage: an image in linear-light float RGB with bilinear sampling, the form the canvas passes read.

import Dispatch
import Geometry
import Imaging

/// Linear-light RGB, three floats per pixel, row 0 at the top.
public struct LinearImage: Sendable {
    public let width: Int
    public let height: Int
    /// r, g, b per pixel, rows top to bottom.
    public let rgb: [Float]

    public init(width: Int, height: Int, rgb: [Float]) {
        precondition(rgb.count == width * height * 3)
        self.width = width
        self.height = height
        self.rgb = rgb
    }

    /// Decodes an sRGB image (alpha is dropped), rows split over `threads` workers.
    public init(srgb image: RGBA8Image, threads: Int = 1) {
        let n = image.width * image.height
        var out = [Float](repeating: 0, count: n * 3)
        let w = image.width, h = image.height
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                SRGB.decodeTable.withUnsafeBufferPointer { t in
                    let (s, d, tb) = (UnsafeSendable(src.baseAddress!), UnsafeSendable(dst.baseAddress!), UnsafeSendable(t.baseAddress!))
                    let bands = max(1, min(threads, h))
                    parallelBands(bands) { band in
                        let y0 = band * h / bands, y1 = (band + 1) * h / bands
                        for i in (y0 * w)..<(y1 * w) {
                            d.value[3 * i] = tb.value[Int(s.value[4 * i])]
                            d.value[3 * i + 1] = tb.value[Int(s.value[4 * i + 1])]
                            d.value[3 * i + 2] = tb.value[Int(s.value[4 * i + 2])]
                        }
                    }
                }
            }
        }
        self.init(width: w, height: h, rgb: out)
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
}

/// Linear light to an sRGB byte through the shared 12-bit table (the rasterizer's own encoding).
@inline(__always) func encodeSRGB(_ l: Float, _ table: UnsafePointer<UInt8>) -> UInt8 {
    let q = Int(min(max(l, 0), 1) * Float((1 << SRGB.linearBits) - 1) + 0.5)
    return table[q]
}
