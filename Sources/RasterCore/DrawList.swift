// DrawList: what a frame draws — meshes with materials and transforms, line batches, lights — as plain values.

import Geometry

/// A triangle mesh: positions with optional per-vertex normals, texture coordinates and colours.
///
/// Indices are validated when the mesh is made, so the rasterizer never checks them per triangle. The data
/// lives in buffers that never move (`MeshBuffers`), so the rasterizer's workers read it without copies or
/// reference counting in their loops.
public struct Mesh: Sendable {
    let buffers: MeshBuffers

    public var positions: [SIMD3<Float>] { Array(buffers.positions) }
    public var normals: [SIMD3<Float>]? { buffers.normals.map { Array($0) } }
    public var uvs: [SIMD2<Float>]? { buffers.uvs.map { Array($0) } }
    /// Linear-light RGBA per vertex.
    public var colors: [SIMD4<Float>]? { buffers.colors.map { Array($0) } }
    /// Three indices per triangle.
    public var indices: [UInt32] { Array(buffers.indices) }

    public var vertexCount: Int { buffers.positions.count }
    public var triangleCount: Int { buffers.indices.count / 3 }

    public enum Invalid: Error, Equatable, CustomStringConvertible {
        case indexCountNotMultipleOfThree(Int)
        case indexOutOfRange(triangle: Int, index: UInt32, vertexCount: Int)
        case attributeCount(name: String, count: Int, expected: Int)
        case nonFinitePosition(vertex: Int)
        public var description: String {
            switch self {
            case .indexCountNotMultipleOfThree(let n): return "index count \(n) is not a multiple of 3"
            case let .indexOutOfRange(t, i, n): return "triangle \(t): index \(i) is out of range (\(n) vertices)"
            case let .attributeCount(name, c, e): return "\(name): \(c) values for \(e) vertices"
            case .nonFinitePosition(let v): return "vertex \(v): position is not finite"
            }
        }
    }

    public init(positions: [SIMD3<Float>], normals: [SIMD3<Float>]? = nil, uvs: [SIMD2<Float>]? = nil,
                colors: [SIMD4<Float>]? = nil, indices: [UInt32]) throws {
        guard indices.count % 3 == 0 else { throw Invalid.indexCountNotMultipleOfThree(indices.count) }
        let n = positions.count
        for (v, p) in positions.enumerated() where !p.isFiniteVector { throw Invalid.nonFinitePosition(vertex: v) }
        for (k, i) in indices.enumerated() where Int(i) >= n {
            throw Invalid.indexOutOfRange(triangle: k / 3, index: i, vertexCount: n)
        }
        if let a = normals, a.count != n { throw Invalid.attributeCount(name: "normals", count: a.count, expected: n) }
        if let a = uvs, a.count != n { throw Invalid.attributeCount(name: "uvs", count: a.count, expected: n) }
        if let a = colors, a.count != n { throw Invalid.attributeCount(name: "colors", count: a.count, expected: n) }
        buffers = MeshBuffers(positions: positions, normals: normals, uvs: uvs, colors: colors, indices: indices)
    }
}

/// Immutable, never-moving copies of a mesh's arrays (freed with the last `Mesh` that shares them).
final class MeshBuffers: @unchecked Sendable {
    let positions: UnsafeBufferPointer<SIMD3<Float>>
    let normals: UnsafeBufferPointer<SIMD3<Float>>?
    let uvs: UnsafeBufferPointer<SIMD2<Float>>?
    let colors: UnsafeBufferPointer<SIMD4<Float>>?
    let indices: UnsafeBufferPointer<UInt32>

    private static func copy<T>(_ a: [T]) -> UnsafeBufferPointer<T> {
        let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(a.count, 1))
        _ = p.initialize(from: a)
        return UnsafeBufferPointer(rebasing: p[0..<a.count])
    }

    init(positions: [SIMD3<Float>], normals: [SIMD3<Float>]?, uvs: [SIMD2<Float>]?, colors: [SIMD4<Float>]?,
         indices: [UInt32]) {
        self.positions = MeshBuffers.copy(positions)
        self.normals = normals.map(MeshBuffers.copy)
        self.uvs = uvs.map(MeshBuffers.copy)
        self.colors = colors.map(MeshBuffers.copy)
        self.indices = MeshBuffers.copy(indices)
    }

    deinit {
        positions.deallocate()
        normals?.deallocate()
        uvs?.deallocate()
        colors?.deallocate()
        indices.deallocate()
    }
}

extension SIMD3 where Scalar == Float {
    @usableFromInline var isFiniteVector: Bool { x.isFinite && y.isFinite && z.isFinite }
}

/// Which triangles are dropped by their winding on screen (counter-clockwise is front, as in OpenGL).
public enum CullMode: String, Sendable, CaseIterable {
    case none, back, front
}

/// How a surface turns into a colour.
public enum ShadingModel: Sendable, Equatable {
    /// Lambert: albedo x (ambient + sum of directional lights), plus emission.
    case lambert
    /// Unlit: albedo x vertex colour x texture, plus emission (LED surfaces, overlays).
    case unlit
    /// Flat: one colour for every face of the draw — the base colour plus emission; no lighting, texture or
    /// vertex colours, nothing interpolated. The cheapest look: the packed sRGB word is computed once per draw.
    case flat
    /// Debug: the triangle's index + 1 as a 24-bit RGB code (R low byte), no colour management.
    case primitiveID
}

/// Surface appearance. Colours are linear light.
public struct Material: Sendable {
    public var baseColor: SIMD4<Float>
    public var emissive: SIMD3<Float>
    public var texture: Texture?
    public var shading: ShadingModel
    /// Two-sided lighting: back faces get the flipped normal.
    public var twoSided: Bool
    /// How `texture` is filtered when minified (`Texture.Filter`).
    public var textureFilter: Texture.Filter
    /// A cut-out (glTF's MASK), or nil for a solid surface.
    public var alphaTest: AlphaTest?

    public init(baseColor: SIMD4<Float> = [0.8, 0.8, 0.8, 1], emissive: SIMD3<Float> = .zero, texture: Texture? = nil,
                shading: ShadingModel = .lambert, twoSided: Bool = true,
                textureFilter: Texture.Filter = .bilinearNearestMip, alphaTest: AlphaTest? = nil) {
        self.baseColor = baseColor
        self.emissive = emissive
        self.texture = texture
        self.shading = shading
        self.twoSided = twoSided
        self.textureFilter = textureFilter
        self.alphaTest = alphaTest
    }
}

/// A cut-out surface (glTF's alpha mode MASK: leaves, fences, decals): a pixel exists only where the alpha
/// `alpha` x the texture's alpha x the vertex's alpha reaches `cutoff`; elsewhere the surface is not there at all (no
/// colour, depth or id), so what is behind shows through, in any draw order.
///
/// It is part of visibility, not of the look: the clay, flat and id looks cut the same holes as the textured one (the
/// vertex alphas are the cut-out's own, not the mesh's colours, which those looks leave out). The texture's alpha is
/// filtered bilinearly in the nearest mip level (`Texture.Filter.bilinearNearestMip`); its mips average alpha, so a
/// cut-out far away thins as in any renderer that tests alpha.
public struct AlphaTest: Sendable {
    /// Alpha below this is cut away (glTF's `alphaCutoff`, 0.5 by default); at or above it the pixel is drawn.
    public var cutoff: Float
    /// The material's own alpha (glTF's `baseColorFactor` alpha).
    public var alpha: Float
    /// The texture whose alpha channel cuts (glTF's base colour texture), or nil.
    public var texture: Texture?
    /// One alpha per vertex of the draw's mesh (glTF's `COLOR_0` alpha), at a stable address; nil for none. A count
    /// that is not the mesh's vertex count is not used.
    public let vertexAlpha: VertexAlpha?

    public init(cutoff: Float = 0.5, alpha: Float = 1, texture: Texture? = nil, vertexAlpha: [Float]? = nil) {
        self.cutoff = cutoff
        self.alpha = alpha
        self.texture = texture
        self.vertexAlpha = vertexAlpha.map(VertexAlpha.init)
    }
}

/// Per-vertex alphas of a cut-out, copied once to an address that never moves (the raster loop reads them without
/// reference counting).
public final class VertexAlpha: @unchecked Sendable {
    let values: UnsafeMutableBufferPointer<Float>
    public var count: Int { values.count }

    init(_ a: [Float]) {
        values = .allocate(capacity: a.count)
        _ = values.initialize(from: a)
    }

    deinit { values.deallocate() }
}

/// One mesh drawn with a model transform and a material.
public struct DrawCall: Sendable {
    public var mesh: Mesh
    public var transform: Mat4
    public var material: Material
    public var cull: CullMode

    public init(mesh: Mesh, transform: Mat4 = .identity, material: Material = Material(), cull: CullMode = .none) {
        self.mesh = mesh
        self.transform = transform
        self.material = material
        self.cull = cull
    }
}

/// Line segments (wireframes, grids, frustum outlines), drawn as screen-aligned quads `width` pixels wide.
public struct LineBatch: Sendable {
    /// Two points per segment, world space.
    public var points: [SIMD3<Float>]
    /// Linear-light colour.
    public var color: SIMD4<Float>
    public var width: Float
    /// With a depth test, lines are hidden behind surfaces (they never write depth).
    public var depthTest: Bool

    public init(points: [SIMD3<Float>], color: SIMD4<Float>, width: Float = 1, depthTest: Bool = true) {
        self.points = points.count % 2 == 0 ? points : Array(points.dropLast())
        self.color = color
        self.width = max(width, 0.5)
        self.depthTest = depthTest
    }
}

/// A directional light: `direction` points from the surface towards the light (world space).
public struct DirectionalLight: Sendable {
    public var direction: SIMD3<Float>
    public var color: SIMD3<Float>
    public init(direction: SIMD3<Float>, color: SIMD3<Float>) {
        self.direction = direction.normalizedOrNil ?? SIMD3(0, 1, 0)
        self.color = color
    }
}

/// Ambient and directional lights, linear light.
public struct Lighting: Sendable {
    public var ambient: SIMD3<Float>
    public var directional: [DirectionalLight]
    public init(ambient: SIMD3<Float> = [0.15, 0.15, 0.15], directional: [DirectionalLight] = []) {
        self.ambient = ambient
        self.directional = directional
    }
}

/// Everything one frame draws, in submission order: triangles first draw to last, then line batches.
public struct DrawList: Sendable {
    public var draws: [DrawCall]
    public var lines: [LineBatch]
    public var lighting: Lighting

    public init(draws: [DrawCall] = [], lines: [LineBatch] = [], lighting: Lighting = Lighting()) {
        self.draws = draws
        self.lines = lines
        self.lighting = lighting
    }

    public var triangleCount: Int { draws.reduce(0) { $0 + $1.mesh.triangleCount } }
}

/// The camera: view and projection matrices (OpenGL conventions).
public struct ViewSetup: Sendable {
    public var view: Mat4
    public var projection: Mat4
    public init(view: Mat4, projection: Mat4) {
        self.view = view
        self.projection = projection
    }
}

/// Per-frame settings that do not change the picture's content, only its size and how it is computed.
public struct FrameSettings: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Linear-light clear colour and alpha.
    public var clearColor: SIMD4<Float>
    public var tileSize: Int
    public var threads: Int
    /// Also keep linear eye-space depth per pixel (for the depth AOV).
    public var keepLinearDepth: Bool
    /// Also keep each pixel's shaded colour in linear light as floats, before it is clamped and encoded to 8 bits
    /// (for scene-linear outputs: OpenEXR). The 8-bit colour is the same either way.
    public var keepLinearColor: Bool

    public init(width: Int, height: Int, clearColor: SIMD4<Float> = [0.02, 0.02, 0.025, 1],
                tileSize: Int = RasterLimits.defaultTileSize, threads: Int = 1, keepLinearDepth: Bool = false,
                keepLinearColor: Bool = false) {
        self.width = width
        self.height = height
        self.clearColor = clearColor
        self.tileSize = tileSize
        self.threads = threads
        self.keepLinearDepth = keepLinearDepth
        self.keepLinearColor = keepLinearColor
    }
}
