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
    /// The file's bytes, or an error naming it.
    static func readBytes(_ path: String) throws -> [UInt8] {
        // A folder, pipe or device is not an image: said so (a FIFO texture was "Permission denied").
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & S_IFMT != S_IFREG {
            throw ImageCodecError(st.st_mode & S_IFMT == S_IFDIR ? "is a folder, not an image file"
                                  : "is not a regular file (a pipe or a device)").naming(path)
        }
        // The signature first: a 2 GB file of something else was read whole (4.2 GB of memory) to be told it was not
        // an image.
        #if canImport(Glibc)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            var head = [UInt8](repeating: 0, count: 8)
            let n = head.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, 8) }
            close(fd)
            if n == 8, ImageFormat.sniff(head) == nil {
                let start = head.prefix(4).map { hex($0) }.joined(separator: " ")
                throw ImageCodecError("not a PNG or JPEG file (starts with \(start))").naming(path)
            }
        }
        #endif
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ImageCodecError("cannot read: \(reason(error))").naming(path)
        }
    }

    /// Reads and decodes the PNG or JPEG at `path`, whatever its extension says.
    public static func read(path: String) throws -> RGBA8Image {
        let bytes = try readBytes(path)
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

    /// Decodes PNG or JPEG bytes no larger than `maxDimension` on a side: a bigger image is decoded scaled down
    /// (PNG rows streamed and box-filtered by a power of two; JPEG by libjpeg's 1/2, 1/4, 1/8 scaled decode), so a
    /// texture is never held at more resolution than a render can show.
    public static func decode(_ bytes: [UInt8], fitting maxDimension: Int) throws -> RGBA8Image {
        switch ImageFormat.sniff(bytes) {
        case .png:
            let d = try CodecShim.pngDecodeRGBA8(bytes, fitting: maxDimension)
            return RGBA8Image(width: d.width, height: d.height, pixels: d.elements)
        case .jpeg:
            let d = try CodecShim.jpegDecodeRGBA8(bytes, fitting: maxDimension)
            return RGBA8Image(width: d.width, height: d.height, pixels: d.elements)
        case nil:
            return try decode(bytes)  // the same messages as an unscaled decode
        }
    }

    /// Reads and decodes the PNG or JPEG at `path` no larger than `maxDimension` on a side (see `decode(_:fitting:)`).
    public static func read(path: String, fitting maxDimension: Int) throws -> RGBA8Image {
        let bytes = try readBytes(path)
        do {
            return try decode(bytes, fitting: maxDimension)
        } catch let error as ImageCodecError {
            throw error.naming(path)
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
