// SceneInfo: `xrstudio info SCENE.yaml` — what a scene holds: LED walls, cameras, marks, takes, world triangles.

import Geometry
import FoundationEssentials
import SceneFormat
import SceneModel

/// A summary of a scene file, as `info` prints it (JSON keys in each `CodingKeys`).
public struct SceneInfo: Codable, Sendable, Equatable {
    /// One LED surface: a wall (flat or curved), a ceiling section or a screen imported from an nDisplay config.
    public struct Wall: Codable, Sendable, Equatable {
        public var name: String
        /// "flat", "curved", "faceted", "mesh", "ceiling", "screen" or "mesh screen" (imported).
        public var kind: String
        public var panel: String
        public var cabinets: Int
        public var columns: Int
        public var rows: Int
        /// Pixel resolution of the whole surface [width, height].
        public var pixels: [Int]
        public var areaM2: Double
        public var pitchMM: Double
        /// The vertical pitch when it differs from `pitchMM` by more than 1% (pixels that are not square), else nil.
        public var verticalPitchMM: Double?
        /// Angle a curved or faceted wall covers, degrees (nil for flat walls and ceilings).
        public var spanDegrees: Double?
        /// Width (along the surface; the arc length for a curved wall) and height, metres.
        public var sizeM: [Double] = []
        /// A flat surface's corners in studio space, metres: top left, top right, bottom right, bottom left as its
        /// canvas is seen from the front (nil for a curved wall).
        public var cornersM: [[Double]]?

        enum CodingKeys: String, CodingKey {
            case name, kind, panel, cabinets, columns, rows, pixels
            case areaM2 = "area_m2", pitchMM = "pitch_mm", verticalPitchMM = "vertical_pitch_mm", spanDegrees = "span_deg", sizeM = "size_m", cornersM = "corners_m"
        }
    }

    /// An LED processor: what it drives and how full its ports are.
    public struct Processor: Codable, Sendable, Equatable {
        public var name: String
        public var surfaces: [String]
        public var ports: Int
        public var portsUsed: Int
        public var portPixels: Int
        /// The most pixels any of its ports carries.
        public var busiestPortPixels: Int
        public var order: String

        enum CodingKeys: String, CodingKey {
            case name, surfaces, ports, order
            case portsUsed = "ports_used", portPixels = "port_pixels", busiestPortPixels = "busiest_port_pixels"
        }
    }

    /// The stage's nDisplay import: the config, its format, the screens read and what was skipped.
    public struct Imported: Codable, Sendable, Equatable {
        public var file: String
        public var format: String
        public var screens: [String]
        public var skipped: [String]
    }

    public struct Camera: Codable, Sendable, Equatable {
        public var name: String
        public var mount: String
        public var body: String
        public var sensorMM: [Double]
        public var resolution: [Int]
        public var focalMM: Double
        public var fStop: Double
        /// Horizontal field of view, degrees.
        public var hfovDegrees: Double
        /// The lens file: calibration points, distinct zoom and focus counts, whether it gives distortion (and
        /// its direction) and entrance pupils; nil without one.
        public var lensFile: LensFile?

        enum CodingKeys: String, CodingKey {
            case name, mount, body, resolution
            case sensorMM = "sensor_mm", focalMM = "focal_mm", fStop = "f_stop", hfovDegrees = "hfov_deg"
            case lensFile = "lens_file"
        }
    }

    public struct LensFile: Codable, Sendable, Equatable {
        public var points: Int
        public var zoomCounts: Int
        public var focusCounts: Int
        public var focalMM: [Double]
        public var distortion: String?
        public var pupil: Bool

        enum CodingKeys: String, CodingKey {
            case points, distortion, pupil
            case zoomCounts = "zoom_counts", focusCounts = "focus_counts", focalMM = "focal_mm"
        }
    }

    public struct Take: Codable, Sendable, Equatable {
        public var name: String
        /// As written in the scene (relative to the scene file).
        public var file: String
        public var camera: String?
    }

    /// A take set: its takes in priority order, their cameras, how overlaps resolve.
    public struct TakeSetInfo: Codable, Sendable, Equatable {
        public var name: String
        public var takes: [String]
        public var cameras: [String]
        /// "priority" or "key".
        public var overlap: String
    }

    public var file: String
    public var format: String
    public var name: String
    public var walls: [Wall]
    /// Where the stage's screens were imported from (nil without `stage.ndisplay`).
    public var imported: Imported?
    /// The LED processors (nil without `stage.processors`).
    public var processors: [Processor]?
    public var cameras: [Camera]
    public var takes: [Take]
    public var takeSets: [TakeSetInfo] = []
    /// Light card names.
    public var lightCards: [String] = []
    public var marks: [String]
    /// World objects (after `repeat`) and physical props.
    public var objects: Int
    public var props: Int
    /// Triangles of the virtual world: procedural primitives plus imported OBJ/glTF meshes (each use counted).
    public var triangles: Int
    /// Distinct textures of the imported meshes (summed over distinct files).
    public var textures: Int
    /// Bounds of the virtual world in studio coordinates (the world's origin transform applied), metres.
    public var bboxMin: [Double]?
    public var bboxMax: [Double]?

    enum CodingKeys: String, CodingKey {
        case file, format, name, walls, cameras, takes, marks, objects, props, triangles, textures
        case bboxMin = "bbox_min", bboxMax = "bbox_max", takeSets = "take_sets", lightCards = "light_cards", imported
        case processors
    }

    /// Every key always, but `imported` and `processors` (there only with `stage.ndisplay`, `stage.processors`):
    /// an empty world's bounds are null, not missing (a script reading them failed on a scene without a world).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(format, forKey: .format)
        try c.encode(name, forKey: .name)
        try c.encode(walls, forKey: .walls)
        try c.encodeIfPresent(imported, forKey: .imported)
        try c.encodeIfPresent(processors, forKey: .processors)
        try c.encode(cameras, forKey: .cameras)
        try c.encode(takes, forKey: .takes)
        try c.encode(takeSets, forKey: .takeSets)
        try c.encode(lightCards, forKey: .lightCards)
        try c.encode(marks, forKey: .marks)
        try c.encode(objects, forKey: .objects)
        try c.encode(props, forKey: .props)
        try c.encode(triangles, forKey: .triangles)
        try c.encode(textures, forKey: .textures)
        try c.encode(bboxMin, forKey: .bboxMin)
        try c.encode(bboxMax, forKey: .bboxMax)
    }

    /// Human-readable lines.
    /// "2.60 mm", or "1.68 x 0.84 mm, pixels not square" when the vertical pitch differs.
    func pitch(_ w: Wall) -> String {
        guard let v = w.verticalPitchMM else { return "\(formatFixed(w.pitchMM, 2)) mm" }
        return "\(formatFixed(w.pitchMM, 2)) x \(formatFixed(v, 2)) mm, pixels not square"
    }

    public var text: String {
        func v(_ a: [Double]?) -> String { a.map { $0.map { formatFixed($0, 3) }.joined(separator: ", ") } ?? "-" }
        var lines = ["\(file): scene \"\(name)\""]
        lines.append("  LED surfaces  \(walls.count)")
        if let i = imported {
            lines.append("    from \(i.file) (\(i.format)): \(i.screens.count) screens, \(i.skipped.count) skipped")
            for k in i.skipped { lines.append("      skipped \(k)") }
        }
        for w in walls {
            let span = w.spanDegrees.map { ", \(formatFixed($0, 1))°" } ?? ""
            if w.kind == "screen" {
                let c = (w.cornersM ?? []).map { "(" + $0.map { formatFixed($0, 3) }.joined(separator: ", ") + ")" }
                lines.append("    \(w.name): screen, \(w.pixels[0]) x \(w.pixels[1]) px, \(formatFixed(w.sizeM[0], 3)) x "
                             + "\(formatFixed(w.sizeM[1], 3)) m (\(pitch(w))), corners " + c.joined(separator: " "))
                continue
            }
            lines.append("    \(w.name): \(w.kind), \(w.columns) x \(w.rows) = \(w.cabinets) cabinets of \(w.panel) "
                         + "(\(pitch(w))), \(w.pixels[0]) x \(w.pixels[1]) px, "
                         + "\(formatFixed(w.areaM2, 2)) m²\(span)")
        }
        for p in processors ?? [] {
            lines.append("  processor     \(p.name): drives \(p.surfaces.joined(separator: ", ")); \(p.portsUsed) of \(p.ports) ports "
                         + "(\(p.order)), busiest \(p.busiestPortPixels) of \(p.portPixels) px")
        }
        lines.append("  cameras       \(cameras.count)")
        for c in cameras {
            lines.append("    \(c.name) (\(c.mount)): \(c.body), \(formatFixed(c.sensorMM[0], 2)) x "
                         + "\(formatFixed(c.sensorMM[1], 2)) mm, \(c.resolution[0]) x \(c.resolution[1]), "
                         + "\(formatFixed(c.focalMM, 1)) mm f/\(formatFixed(c.fStop, 1)), hfov \(formatFixed(c.hfovDegrees, 1))°")
            if let l = c.lensFile {
                lines.append("      lens file: \(l.points) points (\(l.zoomCounts) zoom x \(l.focusCounts) focus counts), "
                             + "\(formatFixed(l.focalMM[0], 1))-\(formatFixed(l.focalMM[1], 1)) mm"
                             + (l.distortion.map { ", distortion \($0)" } ?? ", no distortion")
                             + (l.pupil ? ", entrance pupil" : ""))
            }
        }
        lines.append("  marks         \(marks.isEmpty ? "-" : marks.joined(separator: ", "))")
        lines.append("  takes         \(takes.count)")
        for t in takes { lines.append("    \(t.name): \(t.file)" + (t.camera.map { " (camera \($0))" } ?? "")) }
        if !takeSets.isEmpty {
            lines.append("  take sets     \(takeSets.count)")
            for t in takeSets {
                lines.append("    \(t.name): " + zip(t.takes, t.cameras).map { "\($0) (camera \($1))" }.joined(separator: " over ")
                             + (t.overlap == "key" ? ", overlaps keyed" : ""))
            }
        }
        if !lightCards.isEmpty { lines.append("  light cards   \(lightCards.joined(separator: ", "))") }
        lines += ["  objects       \(objects) (+ \(props) props)", "  triangles     \(triangles)",
                  "  textures      \(textures)", "  bbox min      \(v(bboxMin))", "  bbox max      \(v(bboxMax))"]
        return lines.joined(separator: "\n")
    }
}

public enum SceneInspector {
    static func lensFile(_ lens: Lens) -> SceneInfo.LensFile? {
        let t = lens.calibration
        guard !t.isEmpty else { return nil }
        let focal = t.map(\.focalLengthMM)
        return SceneInfo.LensFile(points: t.count, zoomCounts: Set(t.map(\.zoomEncoder)).count,
                                  focusCounts: Set(t.map(\.focusEncoder)).count, focalMM: [focal.min()!, focal.max()!],
                                  distortion: t.first?.distortion.map { "Brown-Conrady " + $0.model.rawValue },
                                  pupil: t.contains { $0.entrancePupilM != nil })
    }

    /// Loads the scene (checking its mesh files exist), imports each distinct mesh file once, and summarises.
    public static func inspect(path: String) throws -> SceneInfo {
        let scene = try SceneFile.load(path: path)
        var walls: [SceneInfo.Wall] = []
        func wall(_ kind: String, _ s: LEDSurface, span: Double?) -> SceneInfo.Wall {
            let g = s.grid
            let px = g.pixelResolution
            var w = SceneInfo.Wall(name: s.name, kind: kind, panel: g.panel.name, cabinets: g.cabinets, columns: g.columns,
                                   rows: g.rows, pixels: [px.width, px.height], areaM2: tidy(g.areaM2),
                                   pitchMM: tidy(g.panel.pitchMM), spanDegrees: span.map(tidy))
            let v = g.panel.verticalPitchMM
            if abs(v - g.panel.pitchMM) > 0.01 * g.panel.pitchMM { w.verticalPitchMM = tidy(v) }
            w.sizeM = [tidy(s.widthM), tidy(s.heightM)]
            w.cornersM = s.corners?.map { [tidy($0.x), tidy($0.y), tidy($0.z)] }
            return w
        }
        for w in scene.stage.walls {
            let kind = w.isCurved ? "curved" : w.isFaceted ? "faceted" : w.isMesh ? "mesh" : "flat"
            walls.append(wall(kind, w.surface, span: kind == "flat" || kind == "mesh" ? nil : w.spanDegrees))
        }
        for c in scene.stage.ceilings { walls.append(wall("ceiling", c.surface, span: nil)) }
        for s in scene.stage.screens {
            if case .mesh = s.shape { walls.append(wall("mesh screen", s, span: nil)) } else { walls.append(wall("screen", s, span: nil)) }
        }

        let cameras = scene.cameras.map { c in
            SceneInfo.Camera(name: c.name, mount: c.mount.rawValue, body: c.body.name,
                             sensorMM: [c.body.sensorWidthMM, c.body.sensorHeightMM],
                             resolution: [c.body.resolution.width, c.body.resolution.height],
                             focalMM: c.lens.focalLengthMM, fStop: c.lens.fStop,
                             hfovDegrees: tidy(c.fieldOfViewDegrees.horizontal), lensFile: lensFile(c.lens))
        }

        var triangles = 0, textures = 0
        var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
        var imported: [String: ModelInfo] = [:]
        let origin = scene.world.origin
        for o in scene.world.objects {
            let local: (min: SIMD3<Double>, max: SIMD3<Double>)?
            switch o.mesh {
            case .primitive(let p):
                triangles += p.triangleCount  // counted, not meshed (equal to p.mesh.triangleCount: SceneMeshTests)
                local = p.bounds
            case .obj(let rel), .gltf(let rel):
                let file = SceneLoader.resolve(rel, sceneFile: path)
                let info: ModelInfo
                if let known = imported[file] {
                    info = known
                } else {
                    do {
                        info = try ModelInspector.inspect(path: file)
                    } catch {
                        throw JobError.input("\(path): world object '\(o.name)': \(error)")
                    }
                    imported[file] = info
                    textures += info.textures
                }
                triangles += info.triangles
                if let a = info.bboxMin, let b = info.bboxMax {
                    local = (SIMD3(a[0], a[1], a[2]), SIMD3(b[0], b[1], b[2]))
                } else {
                    local = nil
                }
            }
            guard let l = local else { continue }
            let world = origin.apply(bounds: o.transform.apply(bounds: l))
            lo = pointwiseMin(lo, world.min)
            hi = pointwiseMax(hi, world.max)
        }
        let any = lo.x <= hi.x
        var info = SceneInfo(file: path, format: "scene", name: scene.name, walls: walls, cameras: cameras,
                         takes: scene.takes.map { SceneInfo.Take(name: $0.name, file: $0.path, camera: $0.camera) },
                         marks: scene.marks.map(\.name), objects: scene.world.objects.count,
                         props: scene.stage.props.count, triangles: triangles, textures: textures,
                         bboxMin: any ? [tidy(lo.x), tidy(lo.y), tidy(lo.z)] : nil,
                         bboxMax: any ? [tidy(hi.x), tidy(hi.y), tidy(hi.z)] : nil)
        info.takeSets = scene.takeSets.map { set in
            SceneInfo.TakeSetInfo(name: set.name, takes: set.takes, cameras: set.takes.map { t in
                scene.takes.first { $0.name == t }?.camera ?? scene.cameras.first?.name ?? "camera"
            }, overlap: set.overlap == .priority ? "priority" : "key")
        }
        info.lightCards = scene.lightCards.map(\.name)
        if !scene.stage.processors.isEmpty {
            let outs = (try? scene.stage.processorOutputs()) ?? []
            info.processors = scene.stage.processors.map { p in
                let mine = outs.filter { $0.processor == p.name }
                return SceneInfo.Processor(name: p.name, surfaces: p.surfaces, ports: p.ports, portsUsed: mine.count,
                                           portPixels: p.portPixels, busiestPortPixels: mine.map(\.pixels).max() ?? 0,
                                           order: p.order.rawValue)
            }
        }
        info.imported = scene.stage.imported.map {
            SceneInfo.Imported(file: $0.file, format: $0.format, screens: $0.screens, skipped: $0.skipped)
        }
        return info
    }

    /// Rounds to 6 decimals so sums like 0.1 + 0.2 print as 0.3 in JSON.
    static func tidy(_ v: Double) -> Double { (v * 1e6).rounded() / 1e6 }
}
