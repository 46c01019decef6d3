// GLTFPrimitive: one drawn instance of a mesh primitive, triangulated and already in world space.

/// A triangle list in world space: one per (node, primitive) pair, so an instanced mesh appears once per node.
public struct GLTFPrimitive: Sendable {
    /// World-space positions (node's global transform applied), one per POSITION element.
    public var positions: [SIMD3<Float>]
    /// World-space unit normals (inverse-transpose of the global transform), when the primitive has NORMAL.
    public var normals: [SIMD3<Float>]?
    /// TEXCOORD_0 as stored: glTF's (0, 0) is the top-left of the image, as in our images.
    public var uvs: [SIMD2<Float>]?
    /// COLOR_0 in linear RGBA (VEC3 colours get alpha 1).
    public var colors: [SIMD4<Float>]?
    /// Triangles, counter-clockwise front faces in world space (winding is reversed under a mirroring transform,
    /// as the glTF spec asks). Strips and fans are converted.
    public var indices: [UInt32]
    /// Index into `GLTFModel.materials`; nil means the glTF default material.
    public var material: Int?
    /// Where it came from, for messages: `meshes[m].primitives[p]` and the node that placed it.
    public var mesh: Int
    public var primitive: Int
    public var node: Int

    public var triangleCount: Int { indices.count / 3 }
}
