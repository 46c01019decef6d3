// ImageFormat: tells PNG from JPEG by the first bytes, so a file is decoded by what it is, not by its name.

/// An image file format we can decode, recognised by its signature.
public enum ImageFormat: String, Sendable {
    case png
    case jpeg

    /// The format whose signature `bytes` start with, or nil.
    ///
    /// PNG: the 8-byte signature 89 50 4E 47 0D 0A 1A 0A. JPEG: SOI then a marker, FF D8 FF.
    public static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return .png
        }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            return .jpeg
        }
        return nil
    }
}
