// FrameEncoding: how a sequence's frames are stored — PNG at an effort level, or JPEG at a quality.

import ImageCodecs
import Imaging

/// The file format of a sequence's frames.
public enum FrameEncoding: Sendable, Equatable {
    /// Lossless PNG (RGB: rendered frames are opaque) at a zlib effort level.
    case png(PNGCompression)
    /// JPEG proxies, quality 1...100.
    case jpeg(quality: Int)
    /// Nothing encoded or written: renders only, for timing the renderer alone (`--format none`).
    case discard

    /// The bytes of the file for `image`.
    public func encode(_ image: RGBA8Image) throws -> [UInt8] {
        switch self {
        case .png(let c): return try PNGCodec.encode(image, compression: c, dropAlpha: true)
        case .jpeg(let q): return try JPEGCodec.encode(image, quality: q)
        case .discard: return []
        }
    }

    /// "png" or "jpeg".
    public var formatName: String {
        switch self {
        case .png: return "png"
        case .jpeg: return "jpeg"
        case .discard: return "none"
        }
    }

    /// File extensions this format may carry.
    public var extensions: [String] {
        switch self {
        case .png: return ["png"]
        case .jpeg: return ["jpg", "jpeg"]
        case .discard: return []
        }
    }
}
