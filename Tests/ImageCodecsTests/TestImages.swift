// TestImages: deterministic synthetic images and a PSNR measure shared by the codec tests.

import Foundation
import Imaging
import XRTestSupport

/// Small deterministic images for round trips, plus the error measure the JPEG tests use.
enum TestImages {
    /// The sizes every round trip runs at: a single pixel, odd sizes, a wide strip.
    static let sizes: [(width: Int, height: Int)] = [(1, 1), (7, 3), (256, 17)]

    /// An RGBA image where every channel, alpha included, varies with position.
    static func rgba(width: Int, height: Int, seed: UInt64 = 1) -> RGBA8Image {
        var random = SplitMix64(seed: seed)
        var image = RGBA8Image(width: width, height: height)
        for i in 0..<image.pixels.count {
            image.pixels[i] = UInt8(truncatingIfNeeded: random.next())
        }
        return image
    }

    /// A smooth colour image (gradients and a soft disc), the kind of content JPEG is meant for.
    static func smooth(width: Int, height: Int) -> RGBA8Image {
        var image = RGBA8Image(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let dx = Double(x - width / 2)
                let dy = Double(y - height / 2)
                let disc = max(0, 1 - (dx * dx + dy * dy).squareRoot() / Double(min(width, height)))
                image[x, y] = (
                    UInt8(x * 255 / max(1, width - 1)), UInt8(y * 255 / max(1, height - 1)),
                    UInt8(disc * 255), 255
                )
            }
        }
        return image
    }

    /// 16-bit grey with the extremes 0, 1 and 65535 first, then a gradient over the full range.
    static func gray16(width: Int, height: Int) -> Gray16Image {
        let count = width * height
        var samples = (0..<count).map { UInt16(truncatingIfNeeded: $0 * 65535 / max(1, count - 1)) }
        let extremes: [UInt16] = [0, 1, 65535]
        for (i, value) in extremes.enumerated() where i < count {
            samples[i] = value
        }
        return Gray16Image(width: width, height: height, samples: samples)
    }

    /// Peak signal-to-noise ratio over the R, G and B channels, in dB (infinity when identical).
    static func psnr(_ a: RGBA8Image, _ b: RGBA8Image) -> Double {
        precondition(a.width == b.width && a.height == b.height)
        var squared = 0.0
        var count = 0
        for i in 0..<a.pixels.count where i % 4 != 3 {
            let d = Double(a.pixels[i]) - Double(b.pixels[i])
            squared += d * d
            count += 1
        }
        guard squared > 0 else { return .infinity }
        return 10 * log10((255.0 * 255.0) / (squared / Double(count)))
    }
}

