// Prop: a physical object standing on the stage in front of the wall (a primitive or a mesh file).

/// A physical prop: seen by the camera directly, never shown on the wall.
public struct Prop: Sendable, Equatable {
    public var name: String
    public var mesh: MeshSource
    public var transform: Transform
    /// sRGB colour, components 0...1.
    public var color: SIMD3<Double>

    public init(name: String, mesh: MeshSource, transform: Transform = Transform(), color: SIMD3<Double> = [0.6, 0.6, 0.6]) {
        self.name = name
        self.mesh = mesh
        self.transform = transform
        self.color = color
    }
}
