// NDisplayConfig+JSON: reads a .ndisplay file (Unreal 4.26 to 5.x JSON) into an NDisplayConfig, every wrong value
// named by its key path.

extension NDisplayConfig {
    /// Parses `.ndisplay` JSON: `nDisplay.version`, `scene.xforms/screens/cameras`, `cluster.nodes.*.viewports`.
    /// Keys are matched without regard to case, as Unreal's reader does; keys xrstudio does not use are ignored.
    /// Versions are told apart as Unreal's `FDisplayClusterConfigurationVersionChecker` does: "23", "4.23", "26" and
    /// "4.26" are the 4.26 schema (metres, `parent`), "4.27" and 5.x the later one (centimetres, `parentId`). A
    /// missing `scene` or `cluster` is empty, as Unreal's reader leaves it (Epic's 4.27 examples have no `scene`).
    /// `bytes` come through `read(_:file:)`, which checks their size and turns UTF-16 into UTF-8.
    static func read(json bytes: [UInt8], file: String) throws -> NDisplayConfig {
        let root = try JSONTreeParser.parse(bytes, file: file)
        let r = JSONFields(file: file)
        let nd = try r.required(root, "nDisplay", in: "")
        _ = try r.pairs(nd, "nDisplay")
        let versionNode = try r.required(nd, "version", in: "nDisplay")
        let version = try r.string(versionNode, "nDisplay.version")
        let schema426 = ["23", "4.23", "26", "4.26"].contains(version)
        guard schema426 || parseVersion(version).map({ $0 == (4, 27) || $0.0 == 5 }) == true else {
            throw r.error(versionNode, "nDisplay.version", "\"\(version)\" is not a version this reader knows (23 and 4.26, 4.27, "
                          + "5.x); configs before 4.26 are .cfg text files")
        }
        var config = NDisplayConfig(format: "nDisplay \(version) (.ndisplay)", screensScaleChildren: !schema426,
                                    components: [], viewports: [])
        let units = Units(schema426: schema426)
        guard let scene = nd.member("scene") else { return try readCluster(nd, into: config, r) }
        _ = try r.pairs(scene, "nDisplay.scene")
        var ids: [String: String] = [:]
        for kind in [Component.Kind.xform, .screen, .camera] {
            let key = kind.rawValue + "s"
            guard let group = scene.member(key) else { continue }
            let groupPath = "nDisplay.scene.\(key)"
            for (id, node) in try r.pairs(group, groupPath) {
                let path = "\(groupPath).\(id)"
                if let other = ids[id.lowercased()] {
                    throw r.error(node, path, "the id '\(id)' is already used by \(other); component ids must be unique")
                }
                ids[id.lowercased()] = "nDisplay.scene.\(key).\(id)"
                config.components.append(try component(node, id: id, kind: kind, path: path, units: units, r))
                guard config.components.count <= maxEntries else {
                    throw r.error(node, path, "more than \(maxEntries) scene components")
                }
            }
        }
        return try readCluster(nd, into: config, r)
    }

    /// The viewports of every node of `nDisplay.cluster` (none without one).
    static func readCluster(_ nd: JSONTree, into c: NDisplayConfig, _ r: JSONFields) throws -> NDisplayConfig {
        var config = c
        guard let cluster = nd.member("cluster") else { return config }
        let nodes = try r.required(cluster, "nodes", in: "nDisplay.cluster")
        for (nodeId, node) in try r.pairs(nodes, "nDisplay.cluster.nodes") {
            let nodePath = "nDisplay.cluster.nodes.\(nodeId)"
            _ = try r.pairs(node, nodePath)
            guard let vps = node.member("viewports") else { continue }
            for (id, vp) in try r.pairs(vps, nodePath + ".viewports") {
                config.viewports.append(try viewport(vp, id: id, node: nodeId, path: "\(nodePath).viewports.\(id)", r))
                guard config.viewports.count <= maxEntries else {
                    throw r.error(vp, "\(nodePath).viewports.\(id)", "more than \(maxEntries) viewports")
                }
            }
        }
        return config
    }

    /// Lengths as a schema writes them: the 4.26 schema in metres under `parent` (Unreal's 4.26 parser multiplies
    /// by 100), later ones in centimetres under `parentId`. Values are kept in centimetres.
    struct Units {
        var schema426: Bool
        var parentKey: String { schema426 ? "parent" : "parentId" }
        /// Centimetres per unit of the file.
        var scale: Double { schema426 ? 100 : 1 }
        var name: String { schema426 ? " m" : " cm" }
    }

    /// "5.00" → (5, 0), "4.27" → (4, 27), "5.3" → (5, 3).
    static func parseVersion(_ s: String) -> (Int, Int)? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
        return (a, b)
    }

    static func component(_ node: JSONTree, id: String, kind: Component.Kind, path: String, units u: Units,
                          _ r: JSONFields) throws -> Component {
        _ = try r.pairs(node, path)
        let parentNode = node.member(u.parentKey)
        let parent = try parentNode.map { try r.string($0, path + "." + u.parentKey) } ?? ""
        var size: SIMD2<Double>?
        if kind == .screen {
            let s = try r.required(node, "size", in: path)
            _ = try r.pairs(s, path + ".size")
            func side(_ k: String) throws -> Double {
                try r.number(r.required(s, k, in: path + ".size"), path + ".size." + k, min: minScreenCM / u.scale,
                             max: maxScreenCM / u.scale, unit: u.name) * u.scale
            }
            size = SIMD2(try side("width"), try side("height"))
        }
        return Component(id: id, kind: kind, parent: parent,
                         parentPlace: Place(line: (parentNode ?? node).line, column: (parentNode ?? node).column, path: path + "." + u.parentKey),
                         location: try r.vector(node.member("location"), path + ".location", ["x", "y", "z"],
                                                limit: maxLocationCM / u.scale, unit: u.name) * u.scale,
                         rotator: try r.vector(node.member("rotation"), path + ".rotation", ["pitch", "yaw", "roll"], limit: maxAngleDegrees, unit: "°"),
                         size: size, place: Place(line: node.line, column: node.column, path: path))
    }

    static func viewport(_ node: JSONTree, id: String, node nodeId: String, path: String, _ r: JSONFields) throws -> Viewport {
        _ = try r.pairs(node, path)
        let region = try r.required(node, "region", in: path)
        _ = try r.pairs(region, path + ".region")
        func px(_ k: String, min: Int, max: Int) throws -> Int {
            let v = try r.required(region, k, in: path + ".region")
            let d = try r.number(v, "\(path).region.\(k)", max: nil, unit: "")
            guard d == d.rounded(), d >= Double(min), d <= Double(max) else {
                let why = k == "w" || k == "h"
                    ? "must be a whole number of pixels from 1 to \(max) (Unreal renders a viewport into one texture of at most \(max) px a side)"
                    : "must be a whole number of pixels from \(min) to \(max)"
                throw r.error(v, "\(path).region.\(k)", "\(why), found \(d)")
            }
            return Int(d)
        }
        let rect = (x: try px("x", min: -1_000_000, max: 1_000_000), y: try px("y", min: -1_000_000, max: 1_000_000),
                    w: try px("w", min: 1, max: maxRegionSide), h: try px("h", min: 1, max: maxRegionSide))
        let policyNode = try r.required(node, "projectionPolicy", in: path)
        let policyPath = path + ".projectionPolicy"
        _ = try r.pairs(policyNode, policyPath)
        let typeNode = try r.required(policyNode, "type", in: policyPath)
        let type = try r.string(typeNode, policyPath + ".type").lowercased()
        var screen: String?
        var screenPlace: Place?
        if type == "simple" {
            let params = try r.required(policyNode, "parameters", in: policyPath)
            _ = try r.pairs(params, policyPath + ".parameters")
            let s = try r.required(params, "screen", in: policyPath + ".parameters")
            screen = try r.string(s, policyPath + ".parameters.screen")
            screenPlace = Place(line: s.line, column: s.column, path: policyPath + ".parameters.screen")
        } else if type != "mesh", !otherPolicies.contains(type) {
            throw r.error(typeNode, policyPath + ".type", "unknown projection policy \"\(type)\"; nDisplay's are simple, mesh, "
                          + otherPolicies.joined(separator: ", ") + DidYouMean.hint(for: type, among: ["simple", "mesh"] + otherPolicies))
        }
        return Viewport(id: id, node: nodeId, region: rect, policy: type, screen: screen, screenPlace: screenPlace,
                        place: Place(line: node.line, column: node.column, path: path))
    }
}

/// Typed access to `JSONTree` values with errors that name the key path: `FILE:LINE:COL: error: PATH: message`.
struct JSONFields {
    let file: String

    func error(_ node: JSONTree, _ path: String, _ message: String) -> SceneError {
        SceneError(file: file, line: node.line, column: node.column, message: (path.isEmpty ? "" : path + ": ") + message)
    }

    func pairs(_ node: JSONTree, _ path: String) throws -> [(key: String, value: JSONTree)] {
        guard case .object(let p) = node.value else { throw error(node, path, "must be an object, found \(node.kind)") }
        return p
    }

    func required(_ node: JSONTree, _ key: String, in path: String) throws -> JSONTree {
        let full = path.isEmpty ? key : path + "." + key
        guard case .object = node.value else { throw error(node, path, "must be an object, found \(node.kind)") }
        guard let v = node.member(key) else { throw error(node, full, "missing") }
        return v
    }

    func string(_ node: JSONTree, _ path: String) throws -> String {
        guard case .string(let s) = node.value else { throw error(node, path, "must be a string, found \(node.kind)") }
        return s
    }

    /// A finite number, optionally at least `min` and at most `max` in magnitude.
    func number(_ node: JSONTree, _ path: String, min: Double? = nil, max: Double?, unit: String) throws -> Double {
        guard case .number(let d) = node.value else { throw error(node, path, "must be a number, found \(node.kind)") }
        guard d.isFinite else { throw error(node, path, "must be a finite number, found \(d)") }
        if let m = min, !(d >= m) {
            throw error(node, path, "must be at least \(SceneReader.format(m))\(unit), found \(SceneReader.format(d))")
        }
        if let m = max, abs(d) > m { throw error(node, path, "must be at most \(SceneReader.format(m))\(unit) in size, found \(SceneReader.format(d))") }
        return d
    }

    /// An object of three numbers (`x`/`y`/`z` or `pitch`/`yaw`/`roll`), each optional (0); nil gives zero.
    func vector(_ node: JSONTree?, _ path: String, _ keys: [String], limit: Double, unit: String) throws -> SIMD3<Double> {
        guard let node else { return .zero }
        _ = try pairs(node, path)
        var v = SIMD3<Double>.zero
        for (i, k) in keys.enumerated() {
            if let n = node.member(k) { v[i] = try number(n, "\(path).\(k)", max: limit, unit: unit) }
        }
        return v
    }
}
