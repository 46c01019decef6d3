// JPEGCodec: JPEG bytes to and from RGBA8Image (textures in, lossy previews out).

import Imaging

/// Encodes and decodes baseline JPEG in memory through libjpeg.
///
/// Decoding is strict: libjpeg treats a truncated or corrupt file as a warning and fills the gap with grey, and
/// here every such warning is an error, so a damaged texture never loads silently.
public enum JPEGCodec {
    /// Encodes the RGB channels of `image` as a JPEG (alpha is ignored; JPEG has none).
    ///
    /// - Parameters:
    ///   - image: the pixels to write, rows top first.
    ///   - quality: libjpeg's quality scale, 1-100 (90 keeps renders above 30 dB PSNR).
    /// - Returns: the JPEG file's bytes.
    /// - Throws: `ImageCodecError` for a quality outside 1-100, or an empty or too-large image.
    public static func encode(_ image: RGBA8Image, quality: Int) throws -> [UInt8] {
        guard (1...100).contains(quality) else {
            throw ImageCodecError("JPEG: quality \(quality) is outside 1-100")
        }
        return try CodecShim.jpegEncode(
            rgba: image.pixels, width: image.width, height: image.height,
            quality: Int32(quality))
    }

    /// Decodes a JPEG (colour or greyscale) to RGBA with alpha 255.
    ///
    /// - Throws: `ImageCodecError`, e.g. "JPEG: Premature end of JPEG file", or for CMYK/YCCK files, which are not
    ///   supported.
    public static func decode(_ bytes: [UInt8]) throws -> RGBA8Image {
        let decoded = try CodecShim.jpegDecodeRGBA8(bytes)
        return RGBA8Image(width: decoded.width, height: decoded.height, pixels: decoded.elements)
    }
}
