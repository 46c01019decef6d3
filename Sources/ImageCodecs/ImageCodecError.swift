// ImageCodecError: the one error type the codecs throw, carrying the codec's own words for what went wrong.

/// A PNG or JPEG could not be encoded, decoded or read; `message` says why, in the codec's words.
///
/// Codec functions see only bytes, so their messages name the cause ("PNG: Read Error: …",
/// "JPEG: Premature end of JPEG file", "not a PNG file (bad signature)"); whoever knows the file name adds it with
/// `naming(_:)`, giving "textures/wall.png: PNG: Read Error: …".
public struct ImageCodecError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The whole message, one line.
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// The same error with `path: ` in front, for the caller that knows which file the bytes came from.
    public func naming(_ path: String) -> ImageCodecError {
        ImageCodecError("\(path): \(message)")
    }
}
