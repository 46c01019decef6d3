// GLTFImage: an image resource still encoded (PNG or JPEG bytes); ImageCodecs decodes it elsewhere.

/// The encoded bytes of one glTF image, from a data: URI, an external file or a bufferView.
public struct GLTFImage: Sendable, Equatable {
    /// The file as stored (PNG, JPEG ...); not decoded here, because SceneFormat must not depend on codecs.
    public var bytes: [UInt8]
    /// `image/png`, `image/jpeg`, or what the file declares; inferred from the URI's extension when absent.
    public var mimeType: String
    /// The image's `name`, else its URI (not for data: URIs), else `images[i]`.
    public var name: String
    /// Why an external image file could not be read (its bytes are empty); the import warned once, and the model
    /// is drawn without it, as OBJ's missing maps are.
    public var missing: String?

    public init(bytes: [UInt8], mimeType: String, name: String, missing: String? = nil) {
        self.bytes = bytes
        self.mimeType = mimeType
        self.name = name
        self.missing = missing
    }
}
