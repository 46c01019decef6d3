// SceneLoader+Stage: the `stage` section: panel types, LED walls (flat and curved), ceilings, an nDisplay config's
// screens, floor, props.

import SceneModel
import Yams

extension Load {
    static let stageKeys = ["panels", "walls", "ceilings", "ndisplay", "meshes", "processors", "floor", "props", "view_origin"]
    static let panelKeys = ["name", "cabinet_mm", "pitch_mm", "pixels", "viewing_angle_deg", "color_shift", "color_shift_deg"]
    static let wallKeys = ["name", "panel", "shape", "columns", "rows", "radius", "start_deg", "span_deg", "lean_deg",
                           "position", "yaw_deg", "elevation", "mesh", "pixels", "cabinets"]
    static let ceilingKeys = ["name", "panel", "columns", "rows", "centre", "yaw_deg", "tilt_deg"]
    static let floorKeys = ["size", "centre", "color", "grid_m"]

    func stage(_ node: Node) throws -> Stage {
        let f = try r.fields(node, "stage", allowed: Self.stageKeys)
        var stage = Stage()
        var panelNames: [String: Node] = [:]
        for item in try f["panels"].map({ try r.list($0, "panels", max: 100) }) ?? [] {
            let p = try panel(item)
            try unique(p.name, item, "panel", &panelNames)
            stage.panels.append(p)
        }
        var names: [String: Node] = [:]
        for item in try f["walls"].map({ try r.list($0, "walls", max: 1000) }) ?? [] {
            let w = try wall(item, panels: stage.panels)
            try unique(w.name, item, "wall or ceiling", &names)
            stage.walls.append(w)
        }
        for item in try f["ceilings"].map({ try r.list($0, "ceilings", max: 1000) }) ?? [] {
            let c = try ceiling(item, panels: stage.panels)
            try unique(c.name, item, "wall or ceiling", &names)
            stage.ceilings.append(c)
        }
        try ndisplay(f, into: &stage, names: names)
        try processors(f, into: &stage)
        if let n = f["floor"] { stage.floor = try floor(n) }
        var propNames: [String: Node] = [:]
        let propItems = try f["props"].map { try r.list($0, "props", max: 10_000) } ?? []
        for (i, item) in propItems.enumerated() {
            let placed = try objects(item, "a prop", index: i)
            try unique(placed.name, item, "prop", &propNames)
            for o in placed.objects {
                stage.props.append(Prop(name: o.name, mesh: o.mesh, transform: o.transform, color: o.color))
            }
        }
        stage.viewOrigin = try f.vec3("view_origin", default: stage.viewOrigin)
        return stage
    }

    func panel(_ node: Node) throws -> LEDPanelType {
        let f = try r.fields(node, "a panel", allowed: Self.panelKeys)
        let name = try r.string(f.required("name"), "name")
        let size = try r.vec2(f.required("cabinet_mm"), "cabinet_mm", 50...5000, unit: " mm")
        let density: LEDPanelType.Density
        switch (f["pitch_mm"], f["pixels"]) {
        case (let p?, nil): density = .pitch(mm: try r.double(p, "pitch_mm", 0.3...100, unit: " mm"))
        case (nil, let p?):
            let (w, h) = try r.intPair(p, "pixels", 1...8192)
            density = .pixels(width: w, height: h)
        case (_?, _?): throw r.error(f.keyNode("pixels"), "panel '\(name)' gives both 'pitch_mm' and 'pixels'; give one")
        case (nil, nil): throw r.error(node, "panel '\(name)' needs 'pitch_mm' or 'pixels'")
        }
        var shift: [LEDPanelType.ColorShiftPoint] = []
        if let c = f["color_shift"] {
            for item in try r.list(c, "color_shift", max: 1000) {
                let v = try r.numbers(item, "color_shift", count: 2)
                guard (0...90).contains(v[0]), (0...1).contains(v[1]) else {
                    throw r.error(item, "'color_shift' points are [degrees 0-90, Δu′v′ 0-1], found [\(SceneReader.format(v[0])), \(SceneReader.format(v[1]))]")
                }
                if let last = shift.last, v[0] <= last.degrees {
                    throw r.error(item, "'color_shift' angles must rise: \(SceneReader.format(v[0]))° follows \(SceneReader.format(last.degrees))°")
                }
                shift.append(.init(degrees: v[0], deltaUV: v[1]))
            }
        }
        if f.has("color_shift"), f.has("color_shift_deg") {
            throw r.error(f.keyNode("color_shift_deg"), "panel '\(name)' gives both 'color_shift' and 'color_shift_deg'; give one")
        }
        let panel = LEDPanelType(name: name, cabinetWidthMM: size.x, cabinetHeightMM: size.y, density: density,
                                 viewingAngleDegrees: try f.double("viewing_angle_deg", 1...180, default: 160, unit: "°"),
                                 colorShift: shift,
                                 colorShiftDegrees: try f["color_shift_deg"].map { try r.double($0, "color_shift_deg", 1...90, unit: "°") })
        let px = panel.pixelsPerCabinet
        guard px.width >= 1, px.height >= 1 else {
            throw r.error(f["pitch_mm"], "a pitch of \(SceneReader.format(panel.pitchMM)) mm leaves no whole pixel on a \(SceneReader.format(size.x)) x \(SceneReader.format(size.y)) mm cabinet")
        }
        return panel
    }

    /// The panel a wall or ceiling names (did-you-mean over the defined panels).
    func panelNamed(_ f: Fields, _ panels: [LEDPanelType]) throws -> LEDPanelType {
        let n = try f.required("panel")
        let name = try r.string(n, "panel")
        guard let p = panels.first(where: { $0.name == name }) else {
            if panels.isEmpty { throw r.error(n, "unknown panel '\(name)': define it under stage.panels first") }
            throw r.error(n, "unknown panel '\(name)'" + DidYouMean.hint(for: name, among: panels.map(\.name)))
        }
        return p
    }

    func wall(_ node: Node, panels: [LEDPanelType]) throws -> LEDWall {
        let f = try r.fields(node, "a wall", allowed: Self.wallKeys)
        let name = try r.string(f.required("name"), "name")
        let shape = try f["shape"].map { try r.choice($0, "shape", ["flat", "curved", "faceted", "mesh"]) } ?? "flat"
        if shape == "mesh" { return try meshWall(node, f, name: name, panels: panels) }
        for k in ["mesh", "pixels", "cabinets"] where f.has(k) {
            throw r.error(f.keyNode(k), "'\(k)' is only for mesh walls (wall '\(name)' is \(shape); use 'shape: mesh')")
        }
        let panel = try panelNamed(f, panels)
        let rows = try r.int(f.required("rows"), "rows", 1...500)
        let columns: Int
        var wallShape = LEDWall.Shape.flat
        if shape != "faceted", f.has("lean_deg") {
            throw r.error(f.keyNode("lean_deg"), "'lean_deg' is only for faceted walls (wall '\(name)' is \(shape); use 'shape: faceted')")
        }
        if shape == "flat" {
            for k in ["radius", "start_deg", "span_deg"] where f.has(k) {
                throw r.error(f.keyNode(k), "'\(k)' is only for curved walls (wall '\(name)' is flat; add 'shape: curved')")
            }
            columns = try r.int(f.required("columns"), "columns", 1...2000)
        } else {
            let radius = try r.double(f.required("radius"), "radius", 0.5...1000, unit: " m")
            let cabinetM = panel.cabinetWidthMM / 1000
            // Radians per cabinet: arc length / radius on a smooth arc, the chord's angle on a faceted one.
            let perCabinet = shape == "faceted" ? LEDSurface.Facets.chordAngle(width: cabinetM, radius: radius) : cabinetM / radius
            guard cabinetM < 2 * radius else {
                throw r.error(f["radius"], "a \(SceneReader.format(panel.cabinetWidthMM)) mm cabinet does not fit as a chord of a \(SceneReader.format(radius)) m radius")
            }
            if let c = f["columns"] {
                if f.has("span_deg") {
                    throw r.error(f.keyNode("span_deg"), "wall '\(name)' gives both 'columns' and 'span_deg'; give one")
                }
                columns = try r.int(c, "columns", 1...2000)
            } else if let s = f["span_deg"] {
                let span = try r.double(s, "span_deg", 0.1...360, unit: "°")
                // Rounded to whole cabinets, but never past one turn: 360° at 1 m of 0.5 m cabinets is 12.57, and 13
                // went round more than once.
                let exact = span * Double.pi / 180 / perCabinet, whole = 2 * Double.pi / perCabinet
                columns = Int(Swift.min(exact.rounded(), (whole + 1e-9).rounded(.down)))
                guard columns >= 1 else { throw r.error(s, "a span of \(SceneReader.format(span))° at radius \(SceneReader.format(radius)) m holds no whole cabinet") }
                // The span holds the wall to the same 2000 columns 'columns' may give.
                guard columns <= 2000 else {
                    throw r.error(s, "a span of \(SceneReader.format(span))° at radius \(SceneReader.format(radius)) m is \(columns) columns of \(SceneReader.format(panel.cabinetWidthMM)) mm cabinets; a wall has at most 2000 (split it into several walls)")
                }
            } else {
                throw r.error(node, "curved wall '\(name)' needs 'columns' or 'span_deg'")
            }
            let spanDeg = shape == "faceted" ? Double(columns) * perCabinet * 180 / Double.pi
                : Double(columns) * cabinetM / radius * 180 / Double.pi
            guard spanDeg <= 360.0001 else {
                throw r.error(f["columns"] ?? f["span_deg"], "\(columns) cabinets of \(SceneReader.format(panel.cabinetWidthMM)) mm go round a \(SceneReader.format(radius)) m radius more than once")
            }
            let start = try f.double("start_deg", -360...360, default: -spanDeg / 2, unit: "°")
            wallShape = shape == "faceted"
                ? .faceted(radius: radius, startDegrees: start, leanDegrees: try f.double("lean_deg", -45...45, default: 0, unit: "°"))
                : .curved(radius: radius, startDegrees: start)
        }
        return LEDWall(name: name, grid: CabinetGrid(panel: panel, columns: columns, rows: rows), shape: wallShape,
                       position: try f.vec3("position", default: .zero), yawDegrees: try f.double("yaw_deg", -360...360, default: 0),
                       elevation: try f.double("elevation", 0...100, default: 0, unit: " m"))
    }

    func ceiling(_ node: Node, panels: [LEDPanelType]) throws -> CeilingSection {
        let f = try r.fields(node, "a ceiling", allowed: Self.ceilingKeys)
        let name = try r.string(f.required("name"), "name")
        let panel = try panelNamed(f, panels)
        let columns = try r.int(f.required("columns"), "columns", 1...2000)
        let rows = try r.int(f.required("rows"), "rows", 1...2000)
        let centre = try r.vec3(f.required("centre"), "centre")
        guard centre.y > 0 else { throw r.error(f["centre"], "ceiling '\(name)' must hang above the floor (centre y > 0), found y = \(SceneReader.format(centre.y))") }
        return CeilingSection(name: name, grid: CabinetGrid(panel: panel, columns: columns, rows: rows), centre: centre,
                              yawDegrees: try f.double("yaw_deg", -360...360, default: 0),
                              tiltDegrees: try f.double("tilt_deg", -90...90, default: 0, unit: "°"))
    }

    func floor(_ node: Node) throws -> Floor {
        let f = try r.fields(node, "the floor", allowed: Self.floorKeys)
        var floor = Floor()
        if let s = f["size"] { floor.size = try r.vec2(s, "size", 0.1...1000, unit: " m") }
        if let c = f["centre"] { floor.centre = try r.vec2(c, "centre") }
        floor.color = try f.color("color", default: floor.color)
        floor.gridSpacing = try f.double("grid_m", 0...100, default: floor.gridSpacing, unit: " m")
        return floor
    }
}
