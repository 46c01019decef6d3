// ModelGeometry: the triangles of a bare model file, whatever its format, ready to become draw calls.

import Geometry
import RasterCore
import SceneFormat

/// A model's geometry as parts (one per OBJ file, one per placed glTF primitive), world-space, with bounds.
public struct ModelGeometry: Sendable {
    /// A part's own material from the file (MTL or glTF), in linear light.
    public struct PartMaterial: Sendable {
        public var baseColor: SIMD4<Float>
        public var emissive: SIMD3<Float>
        public var texture: Texture?
        /// glTF `doubleSided`: back-face culling is off for this part whatever the render's `--cull` says.
        public var doubleSided = false
    }

    public struct Part: Sendable {
        public var positions: [SIMD3<Float>]
        public var normals: [SIMD3<Float>]?
        public var uvs: [SIMD2<Float>]?
        public var indices: [UInt32]
        /// nil when the file gives no material (the caller's look applies).
        public var material: PartMaterial? = nil
        /// glTF's COLOR_0 in linear RGBA, which multiplies the base colour (nil without one).
        public var colors: [SIMD4<Float>]? = nil
        /// The part's cut-out (a glTF MASK material: base colour alpha x texture alpha x COLOR_0 alpha against the
        /// cutoff), the same in every look; nil for a solid part.
        public var alphaTest: AlphaTest? = nil
    }

    public var parts: [Part]
    /// Materials or textures that could not be used (named with the path tried); the geometry is complete.
    public var warnings: [String] = []

    public var triangleCount: Int { parts.reduce(0) { $0 + $1.indices.count / 3 } }

    /// Bounds of the positions every part's triangles use (nil for an empty model): vertices no triangle uses are
    /// not drawn, and must not pull the framed camera away.
    public var bounds: (min: SIMD3<Float>, max: SIMD3<Float>)? {
        indexedBounds(parts, positions: \.positions, indices: \.indices)
    }

    public init(parts: [Part], warnings: [String] = []) {
        self.parts = parts
        self.warnings = warnings
    }

    /// The OBJ as one part (materials ignored).
    public init(_ obj: OBJMesh) {
        parts = [Part(positions: obj.positions, normals: obj.normals, uvs: obj.uvs, indices: obj.indices)]
        warnings = obj.warnings
    }
}
