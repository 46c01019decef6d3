// GLTFModel: what a glTF file imports to: world-space triangle primitives plus materials, textures, images.

import Geometry

/// A glTF scene flattened for the previewer: every drawn primitive instance in world space, and the material
/// tables it indexes.
public struct GLTFModel: Sendable {
    public var name: String
    public var primitives: [GLTFPrimitive] = []
    public var materials: [GLTFMaterial] = []
    public var textures: [GLTFTexture] = []
    public var images: [GLTFImage] = []
    /// Things imported with a loss (points or lines skipped, an unsupported extension), one sentence each.
    public var warnings: [String] = []
    /// `asset.generator`, when the file names one.
    public var generator: String?

    public init(name: String) { self.name = name }

    public var triangleCount: Int { primitives.reduce(0) { $0 + $1.triangleCount } }

    /// Sum over drawn primitive instances of their POSITION counts (the manifest's "vertices"). Skipped
    /// points/lines primitives are not counted (the manifest would count them; none of its assets has any).
    public var vertexCount: Int { primitives.reduce(0) { $0 + $1.positions.count } }

    /// World-space axis-aligned box over the positions the primitive instances' triangles use (nil when there are
    /// none), as the manifest boxes them; a vertex no triangle uses is not drawn (it gave `info` a box of 100 m).
    public var bounds: (min: SIMD3<Float>, max: SIMD3<Float>)? {
        indexedBounds(primitives, positions: \.positions, indices: \.indices)
    }
}
