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
                meshes.append(try Mesh(positions: p.positions, normals: p.normals, uvs: p.uvs, indices: p.indices))
            } catch {
                throw JobError.input("model part \(i): \(error)")
            }
        }
        let material = shading == .id
            ? Material(baseColor: [1, 1, 1, 1], shading: .primitiveID)
            : Material(baseColor: SIMD4(albedo, albedo, albedo, 1), shading: .lambert, twoSided: true)
        // The key light is fixed to the camera: turn its view-space direction into world space.
        let keyWorld = view.view.transposed.transformDirection(keyDirectionView.normalizedOrNil!)
        let lighting = Lighting(ambient: SIMD3(repeating: ambient),
                                directional: [DirectionalLight(direction: keyWorld, color: SIMD3(repeating: keyIntensity))])
        return DrawList(draws: meshes.map { DrawCall(mesh: $0, material: material, cull: cull) }, lighting: lighting)
    }
}
