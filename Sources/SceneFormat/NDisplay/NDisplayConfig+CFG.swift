// NDisplayConfig+CFG: reads the legacy nDisplay .cfg text format (Unreal 4.22 to 4.26): one `[section] key=value`
// line per scene node, screen, viewport and projection; positions and sizes in metres.

extension NDisplayConfig {
    /// Parses a `.cfg`: `[scene_node]`, `[screen]`, `[camera]` (id, loc="X=..,Y=..,Z=..", rot="P=..,Y=..,R=..",
    /// size="X=..,Y=.." for screens, parent), `[viewport]` (id, x, y, width, height, projection) and `[projection]`
    /// (id, type, screen). Other sections are skipped. Metres become centimetres, so the rest is shared with JSON.
    /// `bytes` come through `read(_:file:)`, which checks their size and turns UTF-16 into UTF-8.
    static func read(cfg bytes: [UInt8], file: String) throws -> NDisplayConfig {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SceneError(file: file, line: 1, column: 1, message: "the file is not UTF-8 text (nor UTF-16 with a byte-order mark)")
        }
        var config = NDisplayConfig(format: "nDisplay (.cfg)", screensScaleChildren: false, components: [], viewports: [])
        struct Projection { var type: String; var screen: String?; var place: Place }
        var projections: [String: Projection] = [:]
        var pending: [(vp: Viewport, projection: String?, place: Place)] = []
        /// Before 4.22 a cluster node named its screen and viewport itself (`screen=… viewport=…`, no projections).
        var nodeScreens: [(node: String, screen: String, viewport: String, place: Place)] = []
        /// Where each component id was defined (its index in `components`, its line): a later line with the same id
        /// replaces it, as Unreal's parser (a map by id) does.
        var defined: [String: (index: Int, line: Int)] = [:]
        /// Nodes' windows and windows' viewports, to name each viewport's node.
        var nodeWindows: [(node: String, window: String)] = []
        var windowViewports: [String: [String]] = [:]
        // "\r\n" is one Character: split on it too, or a CRLF file (saved on Windows, where Unreal runs) is one line.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (n, raw) in lines.enumerated() {
            let line = raw.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            guard line.hasPrefix("[") else { continue }  // comments, blank lines
            let lineNo = n + 1
            guard let close = line.firstIndex(of: "]") else {
                throw SceneError(file: file, line: lineNo, column: 1, message: "a section name needs a closing ']'")
            }
            let section = line[line.index(after: line.startIndex)..<close].lowercased()
            let rest = line.index(after: close)
            let fields = try keyValues(String(line[rest...]), file: file, line: lineNo,
                                       firstColumn: raw.distance(from: raw.startIndex, to: rest) + 1)
            let get = { (k: String) in fields[k]?.value }
            let place = { (k: String?) -> Place in
                Place(line: lineNo, column: k.flatMap { fields[$0]?.column } ?? 1, path: "[\(section)]" + (k.map { " \($0)" } ?? ""))
            }
            let id = get("id") ?? ""
            func fail(_ key: String?, _ message: String) -> SceneError {
                let p = place(key)
                return SceneError(file: file, line: p.line, column: p.column, message: "[\(section)] id=\(id): " + (key.map { "\($0): " } ?? "") + message)
            }
            func number(_ s: String, _ key: String, min: Double? = nil, max: Double) throws -> Double {
                var parsed = Double(s)
                if parsed == nil, let (prefix, value) = leadingNumber(s) {
                    // Unreal reads .cfg numbers with atof, which stops at the first character that cannot continue
                    // the number: a real config's "X=0.40.0" is 0.4 there. Read the same, and say so.
                    parsed = value
                    config.leftOut.append("the rest of '\(s)' after '\(prefix)' (line \(lineNo), [\(section)] id=\(id) \(key)): "
                                          + "read as \(prefix), as Unreal's parser reads it")
                }
                guard let d = parsed, d.isFinite else { throw fail(key, "'\(s)' is not a number") }
                if let m = min, !(d >= m) { throw fail(key, "must be at least \(SceneReader.format(m)), found \(s)") }
                guard abs(d) <= max else { throw fail(key, "must be at most \(SceneReader.format(max)) in size, found \(s)") }
                return d
            }
            /// "X=1,Y=2,Z=3" → the numbers of the named parts (missing parts 0).
            func parts(_ key: String, _ names: [String], scale: Double, min: Double? = nil, max: Double) throws -> [Double] {
                guard let s = get(key) else { return names.map { _ in 0 } }
                var out = names.map { _ in 0.0 }
                for piece in s.split(separator: ",") {
                    let kv = piece.split(separator: "=", maxSplits: 1)
                    guard kv.count == 2, let i = names.firstIndex(of: kv[0].trimmingPrefix(while: { $0 == " " }).uppercased()) else {
                        throw fail(key, "expected \(names.map { "\($0)=…" }.joined(separator: ",")), found '\(s)'")
                    }
                    out[i] = try number(String(kv[1]), key, min: min, max: max) * scale
                }
                return out
            }
            switch section {
            case "info":
                if let v = get("version") { config.format = "nDisplay \(v) (.cfg)" }
            case "scene_node", "screen", "camera":
                guard !id.isEmpty else { throw fail(nil, "needs an id") }
                let kind: Component.Kind = section == "screen" ? .screen : section == "camera" ? .camera : .xform
                let loc = try parts("loc", ["X", "Y", "Z"], scale: 100, max: maxLocationCM / 100)
                let rot = try parts("rot", ["P", "Y", "R"], scale: 1, max: maxAngleDegrees)
                var size: SIMD2<Double>?
                if kind == .screen {
                    guard get("size") != nil else { throw fail(nil, "needs a size (size=\"X=width,Y=height\" in metres)") }
                    let s = try parts("size", ["X", "Y"], scale: 100, min: minScreenCM / 100, max: maxScreenCM / 100)
                    guard s[0] > 0, s[1] > 0 else { throw fail("size", "needs both X and Y above 0") }
                    size = SIMD2(s[0], s[1])
                }
                let component = Component(id: id, kind: kind, parent: get("parent") ?? "", parentPlace: place("parent"),
                                          location: SIMD3(loc[0], loc[1], loc[2]), rotator: SIMD3(rot[0], rot[1], rot[2]),
                                          size: size, place: place(nil))
                if let earlier = defined[id.lowercased()] {
                    let old = config.components[earlier.index]
                    config.leftOut.append("\(old.kind.rawValue == "xform" ? "scene node" : old.kind.rawValue) '\(old.id)' on line "
                                          + "\(earlier.line): line \(lineNo) defines '\(id)' again, and the later line is used (as Unreal's parser does)")
                    config.components[earlier.index] = component
                    defined[id.lowercased()] = (earlier.index, lineNo)
                } else {
                    defined[id.lowercased()] = (config.components.count, lineNo)
                    config.components.append(component)
                }
            case "viewport":
                guard !id.isEmpty else { throw fail(nil, "needs an id") }
                func px(_ k: String, _ lo: Int, _ hi: Int, default d: Int?) throws -> Int {
                    guard let s = get(k) else {
                        if let d { return d }
                        throw fail(nil, "needs '\(k)'")
                    }
                    guard let v = Int(s), v >= lo, v <= hi else {
                        throw fail(k, "must be a whole number of pixels from \(lo) to \(hi), found '\(s)'")
                    }
                    return v
                }
                let region = (x: try px("x", -1_000_000, 1_000_000, default: 0), y: try px("y", -1_000_000, 1_000_000, default: 0),
                              w: try px("width", 1, maxRegionSide, default: nil), h: try px("height", 1, maxRegionSide, default: nil))
                pending.append((Viewport(id: id, node: "-", region: region, policy: "", screen: nil, screenPlace: nil, place: place(nil)),
                                get("projection"), place("projection")))
            case "cluster_node":
                if let w = get("window") { nodeWindows.append((id, w)) }
                if let screen = get("screen"), let vp = get("viewport") { nodeScreens.append((id, screen, vp, place("screen"))) }
            case "window":
                windowViewports[id.lowercased()] = (get("viewports") ?? "").split(separator: ",").map {
                    String($0.trimmingPrefix(while: { $0 == " " })).lowercased()
                }
            case "projection":
                guard !id.isEmpty else { throw fail(nil, "needs an id") }
                guard let type = get("type")?.lowercased() else { throw fail(nil, "needs a type") }
                guard type == "simple" || type == "mesh" || otherPolicies.contains(type) else {
                    throw fail("type", "unknown projection policy '\(type)'" + DidYouMean.hint(for: type, among: ["simple", "mesh"] + otherPolicies))
                }
                if type == "simple", get("screen") == nil { throw fail(nil, "a simple projection needs a screen") }
                projections[id.lowercased()] = Projection(type: type, screen: get("screen"), place: place("screen"))
            default:
                continue
            }
            guard config.components.count + pending.count <= maxEntries else { throw fail(nil, "more than \(maxEntries) entries") }
        }
        // A viewport's node: the cluster node whose window lists it ("-" when none does, or several do).
        var nodeOf: [String: String] = [:]
        for (node, window) in nodeWindows {
            for vp in windowViewports[window.lowercased()] ?? [] { nodeOf[vp] = nodeOf[vp] == nil ? node : "-" }
        }
        for (vp, projection, place) in pending {
            guard let projection else {
                // The pre-4.22 form: each node naming this viewport shows its own screen through it.
                let showing = nodeScreens.filter { $0.viewport.lowercased() == vp.id.lowercased() }
                guard !showing.isEmpty else {
                    throw SceneError(file: file, line: vp.place.line, column: vp.place.column, message: "[viewport] id=\(vp.id): "
                                     + "needs a projection (or, before 4.22, a [cluster_node] naming it with screen= and viewport=)")
                }
                for n in showing {
                    var v = vp
                    (v.node, v.policy, v.screen, v.screenPlace) = (n.node, "simple", n.screen, n.place)
                    config.viewports.append(v)
                }
                continue
            }
            guard let p = projections[projection.lowercased()] else {
                throw SceneError(file: file, line: place.line, column: place.column,
                                 message: "[viewport] id=\(vp.id): projection: no [projection] with id '\(projection)'")
            }
            var v = vp
            v.node = nodeOf[vp.id.lowercased()] ?? "-"
            v.policy = p.type
            v.screen = p.screen
            v.screenPlace = p.place
            config.viewports.append(v)
        }
        guard !config.components.isEmpty || !config.viewports.isEmpty else {
            throw SceneError(file: file, line: 1, column: 1,
                             message: "no [scene_node], [screen] or [viewport] lines: not an nDisplay .cfg (or an empty one)")
        }
        return config
    }

    /// The longest prefix of `s` that is a decimal number (sign, digits, a fraction, an exponent), as C's `atof`
    /// reads it, and its value; nil when `s` does not start with one.
    static func leadingNumber(_ s: String) -> (String, Double)? {
        let c = Array(s.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < c.count, c[i] >= 0x30, c[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < c.count, c[i] == 0x2B || c[i] == 0x2D { i += 1 }
        var count = digits()
        if i < c.count, c[i] == 0x2E {
            i += 1
            count += digits()
        }
        guard count > 0 else { return nil }
        var end = i
        if i < c.count, c[i] == 0x65 || c[i] == 0x45 {
            i += 1
            if i < c.count, c[i] == 0x2B || c[i] == 0x2D { i += 1 }
            if digits() > 0 { end = i }
        }
        let prefix = String(decoding: c[..<end], as: UTF8.self)
        return Double(prefix).map { (prefix, $0) }
    }

    /// `key=value key="quoted value"` pairs of one line (the text after `[section]`, which starts at column
    /// `firstColumn`), keys lower-cased, each with its 1-based column.
    static func keyValues(_ s: String, file: String, line: Int, firstColumn: Int) throws -> [String: (value: String, column: Int)] {
        var out: [String: (value: String, column: Int)] = [:]
        let c = Array(s)
        var i = 0
        let offset = firstColumn
        while i < c.count {
            while i < c.count, c[i] == " " || c[i] == "\t" || c[i] == "\r" { i += 1 }
            guard i < c.count, c[i] != "#" else { break }
            let start = i
            while i < c.count, c[i] != "=", c[i] != " " { i += 1 }
            let key = String(c[start..<i]).lowercased()
            guard i < c.count, c[i] == "=" else {
                throw SceneError(file: file, line: line, column: start + offset, message: "expected key=value, found '\(key)'")
            }
            i += 1
            var value = ""
            if i < c.count, c[i] == "\"" {
                i += 1
                let vs = i
                while i < c.count, c[i] != "\"" { i += 1 }
                guard i < c.count else {
                    throw SceneError(file: file, line: line, column: start + offset, message: "\(key): the quoted value has no closing '\"'")
                }
                value = String(c[vs..<i])
                i += 1
            } else {
                let vs = i
                while i < c.count, c[i] != " ", c[i] != "\t", c[i] != "\r" { i += 1 }
                value = String(c[vs..<i])
            }
            out[key] = (value, start + offset)
        }
        return out
    }
}
