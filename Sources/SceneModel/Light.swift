// Light: ambient, directional and point lights of the virtual world and the stage preview.

/// A light. Colours are linear RGB multiplied by `intensity`.
public struct Light: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case ambient
        /// `towards`: the direction from the scene towards the light (need not be unit length).
        case directional(towards: SIMD3<Double>)
        /// Position in metres; `range`: distance in metres where the light has faded to nothing.
        case point(position: SIMD3<Double>, range: Double)
    }

    public var name: String
    public var kind: Kind
    public var color: SIMD3<Double>
    public var intensity: Double

    public init(name: String, kind: Kind, color: SIMD3<Double> = [1, 1, 1], intensity: Double = 1) {
        self.name = name
        self.kind = kind
        self.color = color
        self.intensity = intensity
    }
}
