// VirtualWorld: what the LED walls show: placed objects (mesh files or primitives) and a sky colour.

/// The virtual set, in world coordinates (metres, Y up), shown on the walls and in the inner frustum.
public struct VirtualWorld: Sendable, Equatable {
    /// A placed piece of the virtual world.
    public struct Object: Sendable, Equatable {
        public var name: String
        public var mesh: MeshSource
        public var transform: Transform
        /// sRGB colour, components 0...1 (mesh files keep their own materials; this tints primitives).
        public var color: SIMD3<Double>

        public init(name: String, mesh: MeshSource, transform: Transform = Transform(),
                    color: SIMD3<Double> = [0.8, 0.8, 0.8]) {
            self.name = name
            self.mesh = mesh
            self.transform = transform
            self.color = color
        }
    }

    public var objects: [Object]
    /// Background colour behind everything (sRGB, 0...1).
    public var sky: SIMD3<Double>
    /// Where the world's origin sits in studio coordinates (moves the whole world against the stage).
    public var origin: Transform

    public init(objects: [Object] = [], sky: SIMD3<Double> = [0.02, 0.02, 0.03], origin: Transform = Transform()) {
        self.objects = objects
        self.sky = sky
        self.origin = origin
    }

    /// Triangles of the procedural primitives (mesh files are counted once imported).
    public var primitiveTriangles: Int {
        objects.reduce(0) { n, o in
            if case .primitive(let p) = o.mesh { return n + p.triangleCount }
            return n
        }
    }
}
