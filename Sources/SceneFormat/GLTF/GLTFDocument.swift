// GLTFDocument: the Codable mirror of the glTF 2.0 JSON, only the parts the importer reads.

/// The decoded top-level glTF JSON object.
///
/// Every field the spec makes optional is optional here, so a missing array reads as "none"; unknown keys are
/// ignored. Integers stay `Int` so hostile sizes (10^12 vertices) survive decoding and are refused by the
/// importer's checks, not by an overflow.
struct GLTFDocument: Decodable {
    var asset: Asset
    var extensionsUsed: [String]?
    var extensionsRequired: [String]?
    var scene: Int?
    var scenes: [Scene]?
    var nodes: [Node]?
    var meshes: [Mesh]?
    var skins: [Skin]?
    var accessors: [Accessor]?
    var bufferViews: [BufferView]?
    var buffers: [Buffer]?
    var materials: [Material]?
    var textures: [Texture]?
    var images: [Image]?
    var samplers: [Sampler]?

    struct Asset: Decodable {
        var version: String
        var minVersion: String?
        var generator: String?
    }

    struct Scene: Decodable {
        var nodes: [Int]?
        var name: String?
    }

    struct Node: Decodable {
        var children: [Int]?
        var mesh: Int?
        /// Column-major 4x4.
        var matrix: [Double]?
        var translation: [Double]?
        /// Unit quaternion (x, y, z, w).
        var rotation: [Double]?
        var scale: [Double]?
        var name: String?
        /// The skin that deforms this node's mesh: the node's own transform is then ignored (glTF 2.0).
        var skin: Int?
    }

    /// A skin: the joints (nodes) that deform a mesh, and their inverse bind matrices (an accessor of MAT4).
    struct Skin: Decodable {
        var joints: [Int]
        var inverseBindMatrices: Int?
    }

    struct Mesh: Decodable {
        var primitives: [Primitive]
        var name: String?
    }

    struct Primitive: Decodable {
        var attributes: [String: Int]
        var indices: Int?
        var mode: Int?
        var material: Int?
    }

    struct Accessor: Decodable {
        var bufferView: Int?
        var byteOffset: Int?
        var componentType: Int
        var normalized: Bool?
        var count: Int
        var type: String
        var min: [Double]?
        var max: [Double]?
        var sparse: Sparse?

        /// Elements that replace some of the base (bufferView or zeros) elements: `count` indices, then
        /// `count` values, each tightly packed in its own bufferView.
        struct Sparse: Decodable {
            var count: Int
            var indices: Indices
            var values: Values

            struct Indices: Decodable {
                var bufferView: Int
                var byteOffset: Int?
                var componentType: Int
            }

            struct Values: Decodable {
                var bufferView: Int
                var byteOffset: Int?
            }
        }
    }

    struct BufferView: Decodable {
        var buffer: Int
        var byteOffset: Int?
        var byteLength: Int
        var byteStride: Int?
    }

    struct Buffer: Decodable {
        var uri: String?
        var byteLength: Int
    }

    struct Material: Decodable {
        var name: String?
        var pbrMetallicRoughness: PBR?
        var emissiveFactor: [Double]?
        var alphaMode: String?
        var alphaCutoff: Double?
        var doubleSided: Bool?
        var extensions: Extensions?

        struct PBR: Decodable {
            var baseColorFactor: [Double]?
            var baseColorTexture: TextureInfo?
        }

        struct TextureInfo: Decodable {
            var index: Int
            var texCoord: Int?
            var extensions: Extensions?

            struct Extensions: Decodable {
                var textureTransform: TextureTransform?
                enum CodingKeys: String, CodingKey { case textureTransform = "KHR_texture_transform" }
            }

            /// KHR_texture_transform: UV' = T(offset) · R(rotation) · S(scale) · UV, and an optional UV set.
            struct TextureTransform: Decodable {
                var offset: [Double]?
                var rotation: Double?
                var scale: [Double]?
                var texCoord: Int?
            }
        }

        struct Extensions: Decodable {
            var emissiveStrength: EmissiveStrength?
            enum CodingKeys: String, CodingKey { case emissiveStrength = "KHR_materials_emissive_strength" }
        }

        /// KHR_materials_emissive_strength: a multiplier on `emissiveFactor` (HDR emission, LED-wall content).
        struct EmissiveStrength: Decodable {
            var emissiveStrength: Double?
        }
    }

    struct Texture: Decodable {
        var source: Int?
        var sampler: Int?
    }

    struct Image: Decodable {
        var uri: String?
        var bufferView: Int?
        var mimeType: String?
        var name: String?
    }

    struct Sampler: Decodable {
        var wrapS: Int?
        var wrapT: Int?
    }
}
