// AtomicFile+PNG: encode an image as PNG and write it atomically, the usual way a frame leaves the renderer.

import ImageCodecs
import Imaging

extension AtomicFile {
    /// Encodes `image` as PNG and writes it to `path` atomically.
    ///
    /// - Parameters:
    ///   - dropAlpha: write RGB instead of RGBA (rendered frames are opaque).
    /// - Throws: `ImageCodecError` naming the path if encoding fails, `AtomicFileError` if writing fails.
    public static func writePNG(
        _ image: RGBA8Image, to path: String, overwrite: Bool,
        compression: PNGCompression = .default, dropAlpha: Bool = false
    ) throws {
        let bytes: [UInt8]
        do {
            bytes = try PNGCodec.encode(image, compression: compression, dropAlpha: dropAlpha)
        } catch let error as ImageCodecError {
            throw error.naming(path)
        }
        try write(bytes, to: path, overwrite: overwrite)
    }
}
