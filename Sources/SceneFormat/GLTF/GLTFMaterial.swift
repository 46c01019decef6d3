// GLTFMaterial: the parts of a glTF metallic-roughness material the previewer shades with.

/// A glTF material reduced to what a preview needs: base colour (factor and texture), emission, alpha and sidedness.
public struct GLTFMaterial: Sendable, Equatable {
    /// How alpha is used (glTF `alphaMode`).
    public enum AlphaMode: String, Sendable, Equatable {
        case opaque = "OPAQUE"
        case mask = "MASK"
        case blend = "BLEND"
    }

    public var name: String?
    /// Linear RGBA multiplier (glTF default 1, 1, 1, 1).
    public var baseColor: SIMD4<Float> = SIMD4(1, 1, 1, 1)
    /// Index into `GLTFModel.textures`, or nil when the material is untextured.
    public var baseColorTexture: Int?
    /// Linear RGB emission (glTF default 0, 0, 0).
    public var emissive: SIMD3<Float> = .zero
    public var alphaMode: AlphaMode = .opaque
    /// The MASK threshold (glTF default 0.5).
    public var alphaCutoff: Float = 0.5
    public var doubleSided = false
    /// Which TEXCOORD_n set the base colour texture samples (textureInfo `texCoord`, or KHR_texture_transform's).
    public var texCoord = 0
    /// KHR_texture_transform of the base colour texture (nil: none); already applied to the primitives' UVs.
    public var uvTransform: GLTFUVTransform?

    public init() {}
}
