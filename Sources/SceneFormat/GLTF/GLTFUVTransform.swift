// GLTFUVTransform: KHR_texture_transform's affine map of texture coordinates (offset, rotation, scale).

import Geometry

/// The UV transform of KHR_texture_transform: UV' = T(offset) · R(rotation) · S(scale) · UV.
///
/// Written out: u' = offset.u + cos(r)·sx·u + sin(r)·sy·v, v' = offset.v − sin(r)·sx·u + cos(r)·sy·v. This is
/// the sign of the extension's example (offset [0, 1], rotation π/2, scale 0.5 maps 0...1 onto the lower-left
/// quadrant, "rotated clockwise 90°") and of the Khronos sample viewer; UV (0, 0) is the image's top-left.
public struct GLTFUVTransform: Sendable, Equatable {
    public var offset: SIMD2<Float> = .zero
    /// Radians, counter-clockwise in UV space (the image turns clockwise); the importer keeps it within
    /// ±`GLTFUVTransform.maxRotation`, where the argument reduction of `sinD` stays exact.
    public var rotation: Float = 0
    public var scale: SIMD2<Float> = SIMD2(1, 1)

    /// The largest rotation accepted, in radians (files write angles within ±2π).
    public static let maxRotation: Double = 1000

    public init(offset: SIMD2<Float> = .zero, rotation: Float = 0, scale: SIMD2<Float> = SIMD2(1, 1)) {
        self.offset = offset
        self.rotation = rotation
        self.scale = scale
    }

    /// `uv` transformed.
    public func apply(_ uv: SIMD2<Float>) -> SIMD2<Float> {
        let c = Float(cosD(Double(rotation))), s = Float(sinD(Double(rotation)))
        let su = scale.x * uv.x, sv = scale.y * uv.y
        return SIMD2(offset.x + c * su + s * sv, offset.y - s * su + c * sv)
    }
}
