// SceneLoader: a YAML scene file's bytes to a Scene, or a SceneError at the line and column of the problem.

import Geometry
import SceneModel
import Yams

/// Loads scene files (YAML; see Docs/scene-format.md). Pure apart from `fileExists`, the caller's way to check
/// that a referenced mesh file is there; meshes are not read here (a later step imports them).
///
/// Strict: unknown keys (with a did-you-mean), wrong types, values out of range, duplicate keys and names,
/// and missing mesh files are all errors that point at the offending line and column.
public enum SceneLoader {
    /// The largest scene file accepted (16 MiB): hand-written scenes are a few kilobytes.
    public static let maxBytes = 16 << 20
    /// The largest file a scene imports whole (an nDisplay config, a mesh screen's OBJ): 256 MiB.
    public static let maxImportBytes = 256 << 20
    /// The most world objects after `repeat` is expanded.
    public static let maxObjects = 100_000

    static let topKeys = ["name", "stage", "world", "lights", "cameras", "marks", "takes", "take_sets", "light_cards",
                          "render", "xr", "analysis"]

    /// Parses `bytes` (the file named `name` in messages; relative paths resolve against its directory).
    ///
    /// - Parameter fileExists: told the path tried for each mesh file (scene directory + the path as written);
    ///   returns whether a file is there.
    public static func load(bytes: [UInt8], name: String, fileExists: (String) -> Bool) throws -> Scene {
        try load(bytes: bytes, name: name, fileExists: fileExists, readFile: { _ in nil })
    }

    /// Parses `bytes` as above; `readFile` gives the bytes of a file the scene imports (the nDisplay config of
    /// `stage.ndisplay` and its mesh viewports' OBJ files), nil when it is missing or unreadable.
    public static func load(bytes: [UInt8], name: String, fileExists: (String) -> Bool,
                            readFile: (String) -> [UInt8]?) throws -> Scene {
        let r = SceneReader(file: name)
        guard bytes.count <= maxBytes else {
            throw SceneError(file: name, line: 1, column: 1, message: "the file is \(bytes.count) bytes; a scene may be at most \(maxBytes)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = position(ofFirstInvalidUTF8In: bytes)
            throw SceneError(file: name, line: line, column: column, message: "the file is not UTF-8 text")
        }
        if let (line, column) = tooDeep(text) {
            throw SceneError(file: name, line: line, column: column,
                             message: "lists and mappings nest deeper than \(maxDepth) levels")
        }
        let root: Node
        do {
            guard let n = try Yams.compose(yaml: text) else {
                throw SceneError(file: name, line: 1, column: 1, message: "the scene file is empty")
            }
            root = n
        } catch let e as SceneError {
            throw e
        } catch let e as YamlError {
            throw syntaxError(e, file: name)
        } catch {
            throw SceneError(file: name, line: 1, column: 1, message: "YAML: \(error)")
        }
        return try withoutActuallyEscaping(fileExists) { exists in
            try withoutActuallyEscaping(readFile) { read in
                try Load(r: r, sceneFile: name, fileExists: exists, readFile: read).scene(root)
            }
        }
    }

    /// The path a scene's relative path is looked for at: the scene file's directory + the path (absolute
    /// paths as they are).
    public static func resolve(_ path: String, sceneFile: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let slash = sceneFile.lastIndex(of: "/") else { return path }
        return String(sceneFile[...slash]) + path
    }

    /// The deepest nesting accepted. Yams composes recursively, one level per list or mapping, so a hostile file
    /// (a million `[`, `- - - - ...` or `? ? ? ...`) would overflow the stack; a scene needs a handful of levels.
    /// `tooDeep` (SceneLoader+Depth.swift) checks the text before Yams sees it.
    public static let maxDepth = 200

    static func syntaxError(_ e: YamlError, file: String) -> SceneError {
        switch e {
        case .scanner(let c, let problem, let mark, let yaml), .parser(let c, let problem, let mark, let yaml),
             .composer(let c, let problem, let mark, let yaml):
            if problem.contains("cannot start any token"), isTab(at: mark, in: yaml) {
                return SceneError(file: file, line: mark.line, column: mark.column,
                                  message: "YAML syntax: a tab character; YAML indents with spaces only")
            }
            return YAMLSyntaxMessage.error(file: file, problem: problem, context: c.map { ($0.text, $0.mark) },
                                           mark: mark, yaml: yaml)
        case .reader(let problem, let offset, _, let yaml):
            var line = 1, column = 1
            if let o = offset {
                for u in yaml.unicodeScalars.prefix(o) {
                    if u == "\n" { line += 1; column = 1 } else { column += 1 }
                }
            }
            return SceneError(file: file, line: line, column: column, message: "YAML: \(problem)")
        default:
            return SceneError(file: file, line: 1, column: 1, message: "YAML: \(e)")
        }
    }

    static func isTab(at mark: Yams.Mark, in yaml: String) -> Bool {
        var line = 1, column = 1
        for u in yaml.unicodeScalars {
            if line == mark.line && column == mark.column { return u == "\t" }
            if u == "\n" { line += 1; column = 1 } else { column += 1 }
            if line > mark.line { return false }
        }
        return false
    }

    static func position(ofFirstInvalidUTF8In bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1, i = 0
        var it = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let u):
                i += 1
                if u == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput, .error: break loop
            }
        }
        _ = i
        return (line, column)
    }
}

/// One run of the loader: the reader, the scene file's name for paths, and the names defined so far.
struct Load {
    let r: SceneReader
    let sceneFile: String
    let fileExists: (String) -> Bool
    let readFile: (String) -> [UInt8]?

    init(r: SceneReader, sceneFile: String, fileExists: @escaping (String) -> Bool,
         readFile: @escaping (String) -> [UInt8]? = { _ in nil }) {
        self.r = r
        self.sceneFile = sceneFile
        self.fileExists = fileExists
        self.readFile = readFile
    }

    func scene(_ root: Node) throws -> Scene {
        let f = try r.fields(root, "the scene", allowed: SceneLoader.topKeys)
        let defaultName = sceneFile.split(separator: "/").last.map(String.init) ?? sceneFile
        var scene = Scene(name: try f.string("name", default: defaultName))
        if let n = f["stage"] { scene.stage = try stage(n) }
        if let imported = scene.stage.imported {
            scene.warnings += imported.skipped.map { "\(imported.file): warning: skipped \($0)" }
        }
        if let n = f["world"] { scene.world = try world(n) }
        if let n = f["lights"] {
            scene.lights = try r.list(n, "lights", max: 1000).enumerated().map { try light($1, index: $0) }
        }
        var cameraNames: [String: Node] = [:]
        if let n = f["cameras"] {
            for item in try r.list(n, "cameras", max: 100) {
                let c = try camera(item)
                try unique(c.name, item, "camera", &cameraNames)
                scene.cameras.append(c)
                if let w = bodyWarning(c, item) { scene.warnings.append(w) }
            }
        }
        if let n = f["marks"] {
            var names: [String: Node] = [:]
            for item in try r.list(n, "marks", max: 10_000) {
                let m = try mark(item, cameras: scene.cameras.map(\.name))
                try unique(m.name, item, "mark", &names)
                scene.marks.append(m)
            }
        }
        if let n = f["takes"] {
            var names: [String: Node] = [:]
            for item in try r.list(n, "takes", max: 10_000) {
                let t = try take(item, cameras: scene.cameras.map(\.name))
                try unique(t.name, item, "take", &names)
                scene.takes.append(t)
            }
        }
        if let n = f["take_sets"] {
            var names: [String: Node] = [:]
            for item in try r.list(n, "take_sets", max: 1000) {
                let t = try takeSet(item, takes: scene.takes, cameras: scene.cameras)
                try unique(t.name, item, "take set", &names)
                if scene.takes.contains(where: { $0.name == t.name }) {
                    throw r.error(item, "take set '\(t.name)' has the name of a take; give it its own")
                }
                scene.takeSets.append(t)
            }
        }
        if let n = f["light_cards"] {
            scene.lightCards = try r.list(n, "light_cards", max: 1000).enumerated().map {
                try lightCard($1, index: $0, stage: scene.stage)
            }
        }
        if let n = f["render"] { scene.render = try render(n) }
        if let n = f["xr"] {
            scene.xr = try xr(n)
            if let w = try softEdgeWarning(scene.xr, n) { scene.warnings.append(w) }
        }
        if let n = f["analysis"] { scene.analysis = try analysis(n) }
        return scene
    }

    /// The body's sensor size is its active area for the recording resolution, so their aspects agree (square
    /// photosites): a warning beyond 1% (a sensor's full size given with a cropped resolution, say).
    func bodyWarning(_ c: SceneModel.Camera, _ node: Node) -> String? {
        let b = c.body
        guard b.aspectMismatch > 0.01 else { return nil }
        let f = { (x: Double) in SceneReader.format(x) }
        return r.warning(node.mapping?["body"]?.mapping?["sensor_mm"] ?? node,
                         "camera '\(c.name)': sensor_mm \(f(b.sensorWidthMM)) x \(f(b.sensorHeightMM)) and resolution "
                         + "\(b.resolution.width) x \(b.resolution.height) differ in aspect by "
                         + "\(formatFixed(b.aspectMismatch * 100, 1))%; give the active area for that resolution "
                         + "(photosites \(formatFixed(b.photositePitchMM.x * 1000, 2)) x \(formatFixed(b.photositePitchMM.y * 1000, 2)) µm)")
    }

    /// A soft edge wider than the overscan band is kept inside it (the camera frame shows only the inner frustum);
    /// say so when the scene asks for one.
    func softEdgeWarning(_ x: XRSettings, _ node: Node) throws -> String? {
        guard let n = node.mapping?["soft_edge"], x.softEdge > x.maxSoftEdge else { return nil }
        return r.warning(n, "soft_edge \(SceneReader.format(x.softEdge)) is wider than the overscan band allows "
                         + "(overscan / (1 + overscan) / 2 = \(formatFixed(x.maxSoftEdge, 4))); the feather is kept inside the band")
    }

    /// Refuses a second thing of the same kind with the same name.
    func unique(_ name: String, _ node: Node, _ kind: String, _ seen: inout [String: Node]) throws {
        if let first = seen[name] {
            throw r.error(node, "a \(kind) named '\(name)' is already defined at line \(first.mark?.line ?? 0)")
        }
        seen[name] = node
    }

    func xr(_ node: Node) throws -> XRSettings {
        let f = try r.fields(node, "xr", allowed: ["overscan", "soft_edge", "set_extension", "outer_face_px", "inner_resolution"])
        var x = XRSettings()
        x.overscan = try f.double("overscan", 0...1, default: x.overscan)
        x.softEdge = try f.double("soft_edge", 0...0.5, default: x.softEdge)
        if let n = f["set_extension"] { x.setExtension = try r.bool(n, "set_extension") }
        x.outerFacePixels = try f.int("outer_face_px", 16...8192, default: x.outerFacePixels)
        if let n = f["inner_resolution"] {
            let (w, h) = try r.intPair(n, "inner_resolution", 16...16384)
            x.innerResolution = SIMD2(w, h)
        }
        return x
    }

    func analysis(_ node: Node) throws -> AnalysisSettings {
        let f = try r.fields(node, "analysis", allowed: ["max_overshoot", "min_coverage", "coc_divisor", "moire_min_contrast",
                                                         "moire_blur_ratio", "moire_max_pitch_ratio", "max_off_axis_deg", "samples", "rules",
                                                         "max_frustum_in_shot", "max_frustum_overlap_m2"])
        var a = AnalysisSettings()
        a.maxOvershoot = try f.double("max_overshoot", 0...1, default: a.maxOvershoot)
        a.minCoverage = try f.double("min_coverage", 0...1, default: a.minCoverage)
        a.cocDivisor = try f.double("coc_divisor", 100...10_000, default: a.cocDivisor)
        if f.has("moire_blur_ratio") {
            throw r.error(f.keyNode("moire_blur_ratio"), "'moire_blur_ratio' is replaced by 'moire_min_contrast' (the blur disc's "
                          + "modulation transfer decides; see Docs/analysis.md)")
        }
        a.moireMinContrast = try f.double("moire_min_contrast", 0...1, default: a.moireMinContrast)
        a.moireMaxPitchRatio = try f.double("moire_max_pitch_ratio", 0...1000, default: a.moireMaxPitchRatio)
        if let n = f["max_off_axis_deg"] { a.maxOffAxisDegrees = try r.double(n, "max_off_axis_deg", 0...90, unit: "°") }
        if let n = f["samples"] { a.samples = try r.intPair(n, "samples", 2...4096) }
        a.maxFrustumInShot = try f.double("max_frustum_in_shot", 0...1, default: a.maxFrustumInShot)
        a.maxFrustumOverlapM2 = try f.double("max_frustum_overlap_m2", 0...100_000, default: a.maxFrustumOverlapM2)
        if let n = f["rules"] {
            var seen: [String: Node] = [:]
            a.rules = try r.list(n, "rules", max: 100).map { item in
                let word = try r.choice(item, "rules", AnalysisSettings.Rule.allCases.map(\.rawValue))
                try unique(word, item, "rule", &seen)
                return AnalysisSettings.Rule(rawValue: word)!
            }
        }
        return a
    }

    func render(_ node: Node) throws -> RenderDefaults {
        let f = try r.fields(node, "render", allowed: ["size", "fps", "texture_filter"])
        var d = RenderDefaults()
        if let n = f["texture_filter"] {
            let options = RenderDefaults.TextureFiltering.allCases.map(\.rawValue)
            d.textureFilter = RenderDefaults.TextureFiltering(rawValue: try r.choice(n, "texture_filter", options))!
        }
        if let s = f["size"] {
            let (w, h) = try r.intPair(s, "size", 16...16384)
            d.width = w
            d.height = h
        }
        if let n = f["fps"] {
            // A number (25, 23.976) or a take's spelling ("29.97DF", "30000/1001", "59.94DF").
            guard case .scalar(let sc) = n, sc.style == .plain, !r.isNull(n),
                  let (num, den, df) = RenderDefaults.parseRate(sc.string) else {
                if case .scalar(let sc) = n, sc.style == .plain, let v = Double(sc.string), !(1...240).contains(v) {
                    throw r.error(n, "'fps' must be from 1 to 240, found \(sc.string)")
                }
                throw r.error(n, "'fps' must be a frame rate (25, 23.976, 29.97DF, 30000/1001, 59.94DF …), found \(SceneReader.describe(n))")
            }
            let fps = Double(num) / Double(den)
            guard (1...240).contains(fps) else { throw r.error(n, "'fps' must be from 1 to 240, found \(sc.string)") }
            d.frameRateNumerator = num
            d.frameRateDenominator = den
            d.dropFrame = df
        }
        return d
    }
}
