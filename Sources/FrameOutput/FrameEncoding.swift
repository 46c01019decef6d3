// FrameEncoding: how a sequence's frames are stored — PNG at an effort level, JPEG at a quality, or OpenEXR.

import Geometry
import ImageCodecs
import Imaging

/// The file format of a sequence's frames.
public enum FrameEncoding: Sendable, Equatable {
    /// Lossless PNG (RGB: rendered frames are opaque) at a zlib effort level.
    case png(PNGCompression)
    /// JPEG proxies, quality 1...100.
    case jpeg(quality: Int)
    /// Scene-linear OpenEXR (half RGB, float Z). A sequence writes its EXR frames from the renderer's float
    /// output with depth and header attributes (`SequenceRender`); `encode` here makes RGB alone from an image.
    case exr(EXRCompression)
    /// Nothing encoded or written: renders only, for timing the renderer alone (`--format none`).
    case discard

    /// The bytes of the file for `image`.
    public func encode(_ image: RGBA8Image) throws -> [UInt8] {
        switch self {
        case .png(let c): return try PNGCodec.encode(image, compression: c, dropAlpha: true)
        case .jpeg(let q): return try JPEGCodec.encode(image, quality: q)
        case .exr(let c): return try EXRCodec.encode(Self.linear(image), compression: c)
        case .discard: return []
        }
    }

    /// "png" or "jpeg".
    public var formatName: String {
        switch self {
        case .png: return "png"
        case .jpeg: return "jpeg"
        case .exr: return "exr"
        case .discard: return "none"
        }
    }

    /// File extensions this format may carry.
    public var extensions: [String] {
        switch self {
        case .png: return ["png"]
        case .jpeg: return ["jpg", "jpeg"]
        case .exr: return ["exr"]
        case .discard: return []
        }
    }

    /// An sRGB image decoded to linear RGBA floats (the exact inverse of its 8-bit encoding), for EXR.
    static func linear(_ image: RGBA8Image) -> EXRImage {
        let table = SRGB.decodeTable
        var rgba = [Float](repeating: 1, count: image.width * image.height * 4)
        for i in 0..<(image.width * image.height) {
            for c in 0..<3 { rgba[4 * i + c] = table[Int(image.pixels[4 * i + c])] }
            rgba[4 * i + 3] = Float(image.pixels[4 * i + 3]) / 255
        }
        return EXRImage(width: image.width, height: image.height, rgba: rgba)
    }
}
