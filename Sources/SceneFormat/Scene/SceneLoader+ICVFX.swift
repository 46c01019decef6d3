// SceneLoader+ICVFX: take sets (several cameras at once), chroma keys and light cards.

import Geometry
import SceneModel
import Yams

extension Load {
    static let chromaKeys = ["color", "markers"]
    static let markerKeys = ["color", "size_m", "spacing_m"]
    static let takeSetKeys = ["name", "takes", "overlap", "overlap_color", "accept"]
    static let lightCardKeys = ["name", "surface", "shape", "centre_m", "position", "size_m", "color", "intensity",
                                "feather", "mode"]

    /// A camera's `chroma_key`: a key colour and optional wall-fixed tracking markers.
    func chromaKey(_ node: Node) throws -> ChromaKey {
        let f = try r.fields(node, "a chroma key", allowed: Self.chromaKeys)
        var key = ChromaKey(color: try f.color("color", default: [0, 0.69, 0.25]))
        if let m = f["markers"] {
            let g = try r.fields(m, "chroma key markers", allowed: Self.markerKeys)
            let spacing = try g.double("spacing_m", 0.05...100, default: 1, unit: " m")
            let size = try g.double("size_m", 0.005...100, default: 0.1, unit: " m")
            guard size < spacing else {
                throw r.error(g["size_m"] ?? m, "marker 'size_m' \(SceneReader.format(size)) must be smaller than 'spacing_m' \(SceneReader.format(spacing))")
            }
            key.markers = .init(color: try g.color("color", default: [1, 1, 1]), sizeM: size, spacingM: spacing)
        }
        return key
    }

    /// A take set: takes of the scene, each on a different camera, in priority order.
    func takeSet(_ node: Node, takes: [TakeRef], cameras: [SceneModel.Camera]) throws -> TakeSet {
        let f = try r.fields(node, "a take set", allowed: Self.takeSetKeys)
        let name = try r.string(f.required("name"), "name")
        let list = try f.required("takes")
        var names: [String] = []
        var cameraOf: [String: String] = [:]
        for item in try r.list(list, "takes", max: 16) {
            let t = try r.string(item, "takes")
            guard let ref = takes.first(where: { $0.name == t }) else {
                throw r.error(item, "take set '\(name)': unknown take '\(t)'" + DidYouMean.hint(for: t, among: takes.map(\.name)))
            }
            let camera = ref.camera ?? cameras.first?.name ?? "camera"
            if let other = cameraOf[camera] {
                throw r.error(item, "take set '\(name)': takes '\(other)' and '\(t)' both drive camera '\(camera)'; one take per camera")
            }
            cameraOf[camera] = t
            names.append(t)
        }
        guard !names.isEmpty else { throw r.error(list, "take set '\(name)' lists no takes") }
        let mode = try f["overlap"].map { try r.choice($0, "overlap", ["priority", "key"]) } ?? "priority"
        if mode == "priority", let c = f.keyNode("overlap_color") {
            throw r.error(c, "'overlap_color' applies with 'overlap: key'")
        }
        let overlap: FrustumOverlap = mode == "key" ? .key(try f.color("overlap_color", default: [0, 0.69, 0.25])) : .priority
        var accepted: [AnalysisSettings.Rule] = []
        if let n = f["accept"] {
            var seen: [String: Node] = [:]
            accepted = try r.list(n, "accept", max: 100).map { item in
                let word = try r.choice(item, "accept", AnalysisSettings.Rule.allCases.map(\.rawValue))
                try unique(word, item, "rule", &seen)
                return AnalysisSettings.Rule(rawValue: word)!
            }
        }
        return TakeSet(name: name, takes: names, overlap: overlap, accepted: accepted)
    }

    /// A light card on a named LED surface, placed by canvas metres (`centre_m`, from the top-left corner) or by a
    /// stage position (`position`: where the line from the stage's view origin through it meets the surface).
    func lightCard(_ node: Node, index: Int, stage: Stage) throws -> LightCard {
        let f = try r.fields(node, "a light card", allowed: Self.lightCardKeys)
        let name = try f.string("name", default: "light card \(index + 1)")
        let surfaces = stage.ledSurfaces
        let surfaceNode = try f.required("surface")
        let surfaceName = try r.string(surfaceNode, "surface")
        guard let si = surfaces.firstIndex(where: { $0.name == surfaceName }) else {
            throw r.error(surfaceNode, "light card '\(name)': unknown LED surface '\(surfaceName)'"
                          + DidYouMean.hint(for: surfaceName, among: surfaces.map(\.name)))
        }
        let s = surfaces[si]
        let size = try r.vec2(f.required("size_m"), "size_m", 0.01...1000, unit: " m")
        let centre: SIMD2<Double>
        switch (f["centre_m"], f["position"]) {
        case (let c?, nil):
            centre = try r.vec2(c, "centre_m")
        case (nil, let p?):
            let at = try r.vec3(p, "position")
            let o = stage.viewOrigin
            guard at != o, let h = s.intersect(origin: o, direction: at - o) else {
                // The point as the scene writes it ([0, 2, 10]), not as Swift describes a vector.
                func n(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
                throw r.error(p, "light card '\(name)': the line from the view origin through [\(n(at.x)), \(n(at.y)), \(n(at.z))] does not meet '\(surfaceName)'")
            }
            centre = SIMD2(h.u, h.v)
        case (_?, _?): throw r.error(f.keyNode("position"), "light card '\(name)' gives both 'centre_m' and 'position'; give one")
        case (nil, nil): throw r.error(node, "light card '\(name)' needs 'centre_m' (canvas metres) or 'position' (stage)")
        }
        guard centre.x + size.x / 2 > 0, centre.x - size.x / 2 < s.widthM, centre.y + size.y / 2 > 0,
              centre.y - size.y / 2 < s.heightM else {
            throw r.error(node, "light card '\(name)' lies off '\(surfaceName)' (\(SceneReader.format(s.widthM)) x \(SceneReader.format(s.heightM)) m)")
        }
        return LightCard(name: name, surface: surfaceName,
                         shape: LightCard.Shape(rawValue: try f["shape"].map { try r.choice($0, "shape", LightCard.Shape.allCases.map(\.rawValue)) } ?? "rectangle")!,
                         centreM: centre, sizeM: size, color: try f.color("color", default: [1, 1, 1]),
                         intensity: try f.double("intensity", 0...100, default: 1),
                         feather: try f.double("feather", 0...1, default: 0.2),
                         mode: LightCard.Mode(rawValue: try f["mode"].map { try r.choice($0, "mode", LightCard.Mode.allCases.map(\.rawValue)) } ?? "under")!)
    }
}
