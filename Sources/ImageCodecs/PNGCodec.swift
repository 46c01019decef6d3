// PNGCodec: PNG bytes to and from RGBA8Image and Gray16Image (frames, textures, 16-bit depth AOVs).

import Imaging

/// Encodes and decodes PNG in memory: through libpng, except `fast` encoding, which the shim writes itself with
/// its own run encoder (`PNGCompression.encoder`).
///
/// Decoding accepts any valid PNG and never crashes on a broken one: damaged, truncated or non-PNG input throws an
/// `ImageCodecError` with libpng's reason. No gamma or colour conversion is applied; samples are taken as stored.
public enum PNGCodec {
    /// Encodes an 8-bit image as an RGBA PNG, or as an RGB PNG when `dropAlpha` is set.
    ///
    /// - Parameters:
    ///   - image: the pixels to write, rows top first.
    ///   - compression: deflate effort and row filters (the output is lossless either way).
    ///   - dropAlpha: write RGB and discard the alpha channel (frames are opaque; this saves a quarter of the data).
    /// - Returns: the PNG file's bytes.
    /// - Throws: `ImageCodecError` for an empty or too-large image.
    public static func encode(
        _ image: RGBA8Image, compression: PNGCompression = .default,
        dropAlpha: Bool = false
    ) throws -> [UInt8] {
        switch compression.encoder {
        case .shim(let level):
            return try CodecShim.pngEncodeDeflate(
                image.pixels, width: image.width, height: image.height, inBytesPerPixel: 4,
                channels: dropAlpha ? 3 : 4, bitDepth: 8, level: level, filters: compression.filterFlags)
        case .libpng(let level):
            return try CodecShim.pngEncode(
                rgba: image.pixels, width: image.width, height: image.height, dropAlpha: dropAlpha,
                level: level, filters: compression.filterFlags)
        }
    }

    /// Encodes a 16-bit grey PNG (for depth), with no gAMA or cHRM chunks.
    ///
    /// - Returns: the PNG file's bytes.
    /// - Throws: `ImageCodecError` for an empty or too-large image.
    public static func encode(_ image: Gray16Image, compression: PNGCompression = .default) throws -> [UInt8] {
        switch compression.encoder {
        case .shim(let level):
            return try CodecShim.pngEncodeDeflate(
                image.samples, width: image.width, height: image.height, inBytesPerPixel: 2,
                channels: 1, bitDepth: 16, level: level, filters: compression.filterFlags)
        case .libpng(let level):
            return try CodecShim.pngEncode(
                gray16: image.samples, width: image.width, height: image.height,
                level: level, filters: compression.filterFlags)
        }
    }

    /// Decodes any PNG to 8-bit RGBA.
    ///
    /// Palette, grey and grey+alpha images are expanded, tRNS becomes alpha, 16-bit samples are rounded to 8 bits
    /// and an opaque alpha is added when the file has none.
    /// - Throws: `ImageCodecError`, e.g. "PNG: Read Error: the data ends early (truncated file)".
    public static func decodeRGBA8(_ bytes: [UInt8]) throws -> RGBA8Image {
        let decoded = try CodecShim.pngDecodeRGBA8(bytes)
        return RGBA8Image(width: decoded.width, height: decoded.height, pixels: decoded.elements)
    }

    /// Decodes a 1-channel grey PNG to 16-bit samples (1-8-bit grey is scaled so that white is 65535).
    ///
    /// - Throws: `ImageCodecError`, including when the file has colour or alpha ("not a 1-channel PNG …").
    public static func decodeGray16(_ bytes: [UInt8]) throws -> Gray16Image {
        let decoded = try CodecShim.pngDecodeGray16(bytes)
        return Gray16Image(width: decoded.width, height: decoded.height, samples: decoded.elements)
    }
}
