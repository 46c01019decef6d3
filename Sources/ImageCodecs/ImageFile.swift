// ImageFile: reads a PNG or JPEG file from disk into an RGBA8Image, with errors that name the file.

import Imaging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loads textures and reference images: reads the bytes, picks the decoder by signature, decodes to RGBA8.
///
/// Every failure is an `ImageCodecError` whose message starts with the path, e.g.
/// "textures/wall.png: PNG: Read Error: the data ends early (truncated file)" or
/// "textures/wall.png: cannot read: No such file or directory".
public enum ImageFile {
    /// Reads and decodes the PNG or JPEG at `path`, whatever its extension says.
    public static func read(path: String) throws -> RGBA8Image {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ImageCodecError("cannot read: \(reason(error))").naming(path)
        }
        do {
            return try decode(bytes)
        } catch let error as ImageCodecError {
            throw error.naming(path)
        }
    }

    /// Decodes PNG or JPEG bytes, chosen by signature.
    public static func decode(_ bytes: [UInt8]) throws -> RGBA8Image {
        switch ImageFormat.sniff(bytes) {
        case .png:
            return try PNGCodec.decodeRGBA8(bytes)
        case .jpeg:
            return try JPEGCodec.decode(bytes)
        case nil:
            if bytes.isEmpty {
                throw ImageCodecError("empty file (0 bytes)")
            }
            let start = bytes.prefix(4).map { hex($0) }.joined(separator: " ")
            throw ImageCodecError("not a PNG or JPEG file (starts with \(start))")
        }
    }

    /// The operating system's words for a failed read (strerror), when Foundation carries them.
    private static func reason(_ error: Error) -> String {
        if let cocoa = error as? CocoaError, let posix = cocoa.underlying as? POSIXError {
            return String(cString: strerror(posix.code.rawValue))
        }
        if let posix = error as? POSIXError {
            return String(cString: strerror(posix.code.rawValue))
        }
        return String(describing: error)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
