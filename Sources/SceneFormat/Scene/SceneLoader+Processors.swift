// SceneLoader+Processors: `stage.processors`: the LED processors, the surfaces each drives and its output ports.

import SceneModel
import Yams

extension Load {
    static let processorKeys = ["name", "surfaces", "ports", "port_pixels", "cabinets_per_port", "order"]

    /// Reads `stage.processors` (after the walls, ceilings and nDisplay screens, so every surface is known): each
    /// surface driven by one processor at most; each processor's ports checked against their capacity.
    func processors(_ f: Fields, into stage: inout Stage) throws {
        guard let list = f["processors"] else { return }
        let surfaces = stage.ledSurfaces.map(\.name)
        var names: [String: Node] = [:]
        var drivenBy: [String: String] = [:]
        for item in try r.list(list, "processors", max: 1000) {
            let g = try r.fields(item, "a processor", allowed: Self.processorKeys)
            let name = try r.string(g.required("name"), "name")
            try unique(name, item, "processor", &names)
            var driven: [String] = []
            let sn = try g.required("surfaces")
            for s in try r.list(sn, "surfaces", max: 10_000) {
                let n = try r.string(s, "surfaces")
                guard surfaces.contains(n) else {
                    throw r.error(s, "processor '\(name)' drives '\(n)', which is no wall, ceiling or screen of the stage"
                                  + DidYouMean.hint(for: n, among: surfaces))
                }
                if let other = drivenBy[n] { throw r.error(s, "'\(n)' is already driven by processor '\(other)'") }
                drivenBy[n] = name
                driven.append(n)
            }
            guard !driven.isEmpty else { throw r.error(sn, "processor '\(name)' drives no surfaces") }
            let order = try g["order"].map { try r.choice($0, "order", LEDProcessor.Order.allCases.map(\.rawValue)) } ?? "row-major"
            let p = LEDProcessor(name: name, surfaces: driven, ports: try r.int(g.required("ports"), "ports", 1...1000),
                                 portPixels: try r.int(g.required("port_pixels"), "port_pixels", 1...100_000_000),
                                 cabinetsPerPort: try g["cabinets_per_port"].map { try r.int($0, "cabinets_per_port", 1...100_000) },
                                 order: LEDProcessor.Order(rawValue: order)!)
            let all = stage.ledSurfaces
            do {
                _ = try p.outputs(driven.map { n in all.first { $0.name == n }! })
            } catch {
                throw r.error(g.keyNode("cabinets_per_port") ?? g.keyNode("port_pixels") ?? item, error.message)
            }
            stage.processors.append(p)
        }
    }
}
