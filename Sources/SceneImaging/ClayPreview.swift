// ClayPreview: turns a bare model into a draw list with the neutral "clay" look used to inspect geometry.

import Geometry
import RasterCore
import SceneFormat
import SceneModel

/// The clay preview look: 0.8 grey Lambert, ambient 0.15, one key light of 0.85 from the camera's upper left
/// (view-space direction (-0.4, 0.6, 0.7) towards the light), two-sided. Tests/OSMesaReference uses the same
/// numbers so the two renderers' frames can be compared.
public enum ClayPreview {
    public static let albedo: Float = 0.8
    public static let ambient: Float = 0.15
    public static let keyIntensity: Float = 0.85
    public static let keyDirectionView = SIMD3<Float>(-0.4, 0.6, 0.7)
    public static let background = SIMD4<Float>(0.02, 0.02, 0.025, 1)

    public enum Shading: String, CaseIterable, Sendable {
        /// Grey Lambert.
        case clay
        /// Each triangle's index + 1 as a 24-bit RGB code (coverage comparisons).
        case id
        /// Each part in its material's base colour (clay grey without one) plus emission, one colour for every
        /// face, no lighting or texture: the fill-rate look (`ShadingModel.flat`).
        case flat
        /// Each part's material (base colour x texture, trilinear, plus emission) without lighting; clay grey
        /// for parts without a material.
        case unlit
    }

    /// The draw list for `model` seen through `view`.
    public static func drawList(for model: OBJMesh, view: ViewSetup, shading: Shading, cull: CullMode) throws -> DrawList {
        try drawList(for: ModelGeometry(model), view: view, shading: shading, cull: cull)
    }

    /// One draw per part of the model.
    public static func drawList(for model: ModelGeometry, view: ViewSetup, shading: Shading, cull: CullMode) throws -> DrawList {
        var meshes: [Mesh] = []
        for (i, p) in model.parts.enumerated() {
            do {
                // Vertex colours (glTF COLOR_0) multiply the material in the unlit look; clay, flat and id ignore them.
                meshes.append(try Mesh(positions: p.positions, normals: p.normals, uvs: p.uvs,
                                       colors: shading == .unlit ? p.colors : nil, indices: p.indices))
            } catch {
                throw JobError.input("model part \(i): \(error)")
            }
        }
        let grey = SIMD4(albedo, albedo, albedo, 1)
        // A cut-out (glTF MASK) cuts the same holes in every look: they are part of the shape.
        func material(_ part: ModelGeometry.Part) -> Material {
            let cut = part.alphaTest
            switch shading {
            case .id: return Material(baseColor: [1, 1, 1, 1], shading: .primitiveID, alphaTest: cut)
            case .clay: return Material(baseColor: grey, shading: .lambert, twoSided: true, alphaTest: cut)
            case .flat:
                return Material(baseColor: part.material?.baseColor ?? grey, emissive: part.material?.emissive ?? .zero,
                                shading: .flat, alphaTest: cut)
            case .unlit:
                return Material(baseColor: part.material?.baseColor ?? grey, emissive: part.material?.emissive ?? .zero,
                                texture: part.material?.texture, shading: .unlit, textureFilter: .trilinear, alphaTest: cut)
            }
        }
        // The key light is fixed to the camera: turn its view-space direction into world space.
        let keyWorld = view.view.transposed.transformDirection(keyDirectionView.normalizedOrNil!)
        let lighting = Lighting(ambient: SIMD3(repeating: ambient),
                                directional: [DirectionalLight(direction: keyWorld, color: SIMD3(repeating: keyIntensity))])
        // A double-sided glTF material is seen from both sides: "back-face culling is disabled" (glTF 2.0).
        let draws = zip(meshes, model.parts).map {
            DrawCall(mesh: $0, material: material($1), cull: $1.material?.doubleSided == true ? .none : cull)
        }
        return DrawList(draws: draws, lighting: lighting)
    }
}
