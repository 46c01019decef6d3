// AtomicFile+EXR: encode a scene-linear frame as OpenEXR and write it atomically, as PNG frames are.

import ImageCodecs

extension AtomicFile {
    /// Encodes `image` as OpenEXR and writes it to `path` atomically; returns the file's size in bytes.
    /// - Throws: `ImageCodecError` naming the path if encoding fails, `AtomicFileError` if writing fails.
    @discardableResult
    public static func writeEXR(_ image: EXRImage, to path: String, overwrite: Bool,
                                compression: EXRCompression = .zip) throws -> Int {
        let bytes: [UInt8]
        do {
            bytes = try EXRCodec.encode(image, compression: compression)
        } catch let error as ImageCodecError {
            throw error.naming(path)
        }
        try write(bytes, to: path, overwrite: overwrite)
        return bytes.count
    }
}
