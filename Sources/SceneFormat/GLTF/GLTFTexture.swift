// GLTFTexture: a glTF texture, an image plus how it wraps.

/// A texture: which image it samples and how texture coordinates outside 0...1 wrap.
public struct GLTFTexture: Sendable, Equatable {
    /// glTF sampler wrap modes (the GL enum values the file stores).
    public enum Wrap: Int, Sendable, Equatable {
        case clampToEdge = 33071
        case mirroredRepeat = 33648
        case `repeat` = 10497
    }

    /// Index into `GLTFModel.images`; nil when the texture names no source (an extension supplies it).
    public var image: Int?
    public var wrapS: Wrap = .repeat
    public var wrapT: Wrap = .repeat

    public init(image: Int?, wrapS: Wrap = .repeat, wrapT: Wrap = .repeat) {
        self.image = image
        self.wrapS = wrapS
        self.wrapT = wrapT
    }
}
