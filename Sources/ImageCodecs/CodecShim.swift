// CodecShim: the one place in ImageCodecs that calls CImageShims; each wrapper names the C function it calls.

import CImageShims
// Not called from Swift: importing the system-library modules makes their modulemaps' `link "jpeg"`,
// `link "png16"` and `link "deflate"` reach the linker, which the C target CImageShims cannot do by itself.
import CDeflate
import CJPEG
import CPNG

/// Swift's side of the setjmp boundary: passes buffers to CImageShims and turns a status plus message into a
/// thrown `ImageCodecError`.
///
/// Each CImageShims function owns its whole libpng/libjpeg setjmp scope and does its I/O in C, so a longjmp never
/// crosses a Swift frame. This enum only lends buffers, copies results into Swift arrays, frees the C buffers and
/// prefixes messages with the codec ("PNG: ", "JPEG: ").
enum CodecShim {
    /// A decoder's result: the size and `width * height * elementsPerPixel` samples, copied out of C memory.
    typealias Decoded<Element> = (width: Int, height: Int, elements: [Element])

    /// Room for the longest message the shims write (libjpeg's own limit, JMSG_LENGTH_MAX, is 200).
    private static let messageCapacity = 256

    // MARK: PNG

    /// Encodes 8-bit RGBA, or RGB from RGBA rows when `dropAlpha` is set.
    /// The corresponding C functions are `CImageShims_png_encode_rgba8` and `CImageShims_png_encode_rgb8`.
    static func pngEncode(
        rgba pixels: [UInt8], width: Int, height: Int, dropAlpha: Bool,
        level: Int32, filters: Int32
    ) throws -> [UInt8] {
        try encoded(codec: "PNG") { out, count, message, capacity in
            pixels.withUnsafeBufferPointer { source in
                dropAlpha
                    ? CImageShims_png_encode_rgb8(
                        source.baseAddress, dimension(width), dimension(height), 4,
                        level, filters, out, count, message, capacity)
                    : CImageShims_png_encode_rgba8(
                        source.baseAddress, dimension(width), dimension(height),
                        level, filters, out, count, message, capacity)
            }
        }
    }

    /// Encodes through the shim's own PNG writer, with libdeflate or the run encoder (8-bit RGB/RGBA, 16-bit grey).
    /// The corresponding C function is `CImageShims_png_encode_deflate`.
    static func pngEncodeDeflate<Sample>(
        _ samples: [Sample], width: Int, height: Int, inBytesPerPixel: UInt32, channels: UInt32, bitDepth: UInt32,
        level: Int32, filters: Int32
    ) throws -> [UInt8] {
        try encoded(codec: "PNG") { out, count, message, capacity in
            samples.withUnsafeBytes { source in
                CImageShims_png_encode_deflate(
                    source.baseAddress, dimension(width), dimension(height), inBytesPerPixel, channels, bitDepth,
                    level, filters, out, count, message, capacity)
            }
        }
    }

    /// Encodes 16-bit grey. The corresponding C function is `CImageShims_png_encode_gray16`.
    static func pngEncode(
        gray16 samples: [UInt16], width: Int, height: Int,
        level: Int32, filters: Int32
    ) throws -> [UInt8] {
        try encoded(codec: "PNG") { out, count, message, capacity in
            samples.withUnsafeBufferPointer { source in
                CImageShims_png_encode_gray16(
                    source.baseAddress, dimension(width), dimension(height),
                    level, filters, out, count, message, capacity)
            }
        }
    }

    /// Decodes any PNG to RGBA8. The corresponding C function is `CImageShims_png_decode_rgba8`.
    static func pngDecodeRGBA8(_ bytes: [UInt8]) throws -> Decoded<UInt8> {
        try decoded(codec: "PNG", bytes: bytes, elementsPerPixel: 4) { data, count, out, w, h, text, capacity in
            CImageShims_png_decode_rgba8(data, count, out, w, h, text, capacity)
        }
    }

    /// Decodes a PNG to RGBA8 at most `maxDimension` on a side (box-filtered by a power of two, rows streamed).
    static func pngDecodeRGBA8(_ bytes: [UInt8], fitting maxDimension: Int) throws -> Decoded<UInt8> {
        try decoded(codec: "PNG", bytes: bytes, elementsPerPixel: 4) { data, count, out, w, h, text, capacity in
            CImageShims_png_decode_rgba8_fit(data, count, dimension(maxDimension), out, w, h, text, capacity)
        }
    }

    /// Decodes a JPEG to RGBA8 at 1/2, 1/4 or 1/8 scale until at most `maxDimension` on a side.
    static func jpegDecodeRGBA8(_ bytes: [UInt8], fitting maxDimension: Int) throws -> Decoded<UInt8> {
        try decoded(codec: "JPEG", bytes: bytes, elementsPerPixel: 4) { data, count, out, w, h, text, capacity in
            CImageShims_jpeg_decode_rgba8_fit(data, count, dimension(maxDimension), out, w, h, text, capacity)
        }
    }

    /// Decodes a 1-channel PNG to 16-bit grey. The corresponding C function is `CImageShims_png_decode_gray16`.
    static func pngDecodeGray16(_ bytes: [UInt8]) throws -> Decoded<UInt16> {
        try decoded(codec: "PNG", bytes: bytes, elementsPerPixel: 1) { data, count, out, w, h, text, capacity in
            CImageShims_png_decode_gray16(data, count, out, w, h, text, capacity)
        }
    }

    // MARK: JPEG

    /// Encodes a JPEG from RGBA rows, ignoring alpha.
    /// The corresponding C function is `CImageShims_jpeg_encode_rgb8`.
    static func jpegEncode(rgba pixels: [UInt8], width: Int, height: Int, quality: Int32) throws -> [UInt8] {
        try encoded(codec: "JPEG") { out, count, message, capacity in
            pixels.withUnsafeBufferPointer { source in
                CImageShims_jpeg_encode_rgb8(
                    source.baseAddress, dimension(width), dimension(height), 4, quality,
                    out, count, message, capacity)
            }
        }
    }

    /// Decodes a JPEG to RGBA8 (alpha 255). The corresponding C function is `CImageShims_jpeg_decode_rgba8`.
    static func jpegDecodeRGBA8(_ bytes: [UInt8]) throws -> Decoded<UInt8> {
        try decoded(codec: "JPEG", bytes: bytes, elementsPerPixel: 4) { data, count, out, w, h, text, capacity in
            CImageShims_jpeg_decode_rgba8(data, count, out, w, h, text, capacity)
        }
    }

    // MARK: Plumbing

    /// Clamps a Swift size to the C type; anything past `UInt32.max` is refused by the shim's size guard anyway.
    private static func dimension(_ value: Int) -> UInt32 {
        UInt32(clamping: value)
    }

    /// Runs one encoder call and returns its malloc'd output as an array, freeing the C buffer.
    private static func encoded(
        codec: String,
        _ call: (
            UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>,
            UnsafeMutablePointer<CChar>, Int
        ) -> Int32
    ) throws -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var count = 0
        var message = [CChar](repeating: 0, count: messageCapacity)
        let status = message.withUnsafeMutableBufferPointer { text in
            withUnsafeMutablePointer(to: &out) { outPointer in
                withUnsafeMutablePointer(to: &count) { countPointer in
                    call(outPointer, countPointer, text.baseAddress!, text.count)
                }
            }
        }
        defer { CImageShims_free(out) }
        guard status == 0, let out else {
            throw failure(codec: codec, message: message)
        }
        return Array(UnsafeBufferPointer(start: out, count: count))
    }

    /// Runs one decoder call over `bytes` and returns the image size and its malloc'd pixels as an array.
    private static func decoded<Element>(
        codec: String, bytes: [UInt8], elementsPerPixel: Int,
        _ call: (
            UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UnsafeMutablePointer<Element>?>,
            UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<CChar>, Int
        ) -> Int32
    ) throws -> Decoded<Element> {
        var out: UnsafeMutablePointer<Element>? = nil
        var width: UInt32 = 0
        var height: UInt32 = 0
        var message = [CChar](repeating: 0, count: messageCapacity)
        let status = bytes.withUnsafeBufferPointer { data in
            message.withUnsafeMutableBufferPointer { text in
                withUnsafeMutablePointer(to: &out) { outPointer in
                    withUnsafeMutablePointer(to: &width) { widthPointer in
                        withUnsafeMutablePointer(to: &height) { heightPointer in
                            call(
                                data.baseAddress, data.count, outPointer, widthPointer, heightPointer,
                                text.baseAddress!, text.count)
                        }
                    }
                }
            }
        }
        defer { CImageShims_free(out) }
        guard status == 0, let out else {
            throw failure(codec: codec, message: message)
        }
        let count = Int(width) * Int(height) * elementsPerPixel
        return (Int(width), Int(height), Array(UnsafeBufferPointer(start: out, count: count)))
    }

    private static func failure(codec: String, message: [CChar]) -> ImageCodecError {
        let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return ImageCodecError("\(codec): \(text.isEmpty ? "unknown error" : text)")
    }
}
