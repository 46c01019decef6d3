// SceneLoader+Cameras: lights, cameras (body, lens, calibration table), marks and takes.

import Geometry
import SceneModel
import Yams

extension Load {
    static let lightKeys = ["name", "type", "color", "intensity", "direction", "position", "range"]
    static let cameraKeys = ["name", "body", "lens", "mount", "position", "pan_deg", "tilt_deg", "roll_deg", "chroma_key"]
    static let bodyKeys = ["name", "sensor_mm", "resolution"]
    static let lensKeys = ["name", "focal_mm", "f_stop", "focus_m", "distortion", "distortion_model", "pupil_m",
                           "calibration"]
    static let distortionKeys = ["k1", "k2", "k3", "p1", "p2"]
    static let calibrationKeys = ["zoom", "focus", "focal_mm", "focus_m", "pupil_m"] + distortionKeys
    static let markKeys = ["name", "camera", "position", "pan_deg", "tilt_deg", "roll_deg", "focal_mm", "focus_m"]
    static let takeKeys = ["name", "file", "camera"]

    func light(_ node: Node, index: Int) throws -> Light {
        let f = try r.fields(node, "a light", allowed: Self.lightKeys)
        let type = try r.choice(f.required("type"), "type", ["ambient", "directional", "point"])
        let kind: Light.Kind
        switch type {
        case "ambient":
            for k in ["direction", "position", "range"] where f.has(k) {
                throw r.error(f.keyNode(k), "'\(k)' does not apply to an ambient light")
            }
            kind = .ambient
        case "directional":
            for k in ["position", "range"] where f.has(k) {
                throw r.error(f.keyNode(k), "'\(k)' does not apply to a directional light (it has a 'direction')")
            }
            let d = try r.vec3(f.required("direction"), "direction")
            guard d != .zero else { throw r.error(f["direction"], "'direction' must not be [0, 0, 0]") }
            kind = .directional(towards: d)
        default:
            if f.has("direction") { throw r.error(f.keyNode("direction"), "'direction' does not apply to a point light (it has a 'position')") }
            kind = .point(position: try r.vec3(f.required("position"), "position"),
                          range: try f.double("range", 0.01...100_000, default: 10, unit: " m"))
        }
        return Light(name: try f.string("name", default: "\(type) \(index + 1)"), kind: kind,
                     color: try f.color("color", default: [1, 1, 1]),
                     intensity: try f.double("intensity", 0...1000, default: 1))
    }

    func camera(_ node: Node) throws -> Camera {
        let f = try r.fields(node, "a camera", allowed: Self.cameraKeys)
        let name = try r.string(f.required("name"), "name")
        let mount = try f["mount"].map { try r.choice($0, "mount", CameraMount.allCases.map(\.rawValue)) } ?? "tripod"
        let body = try body(f.required("body")), lens = try lens(f.required("lens"))
        // Every distortion the lens can have must be renderable on this body's sensor (not fold back in the frame).
        let settings = [(lens.focalLengthMM, lens.distortion)] + lens.calibration.map { ($0.focalLengthMM, $0.distortion) }
        for (focal, d) in settings {
            guard let d else { continue }
            let tx = body.sensorWidthMM / 2 / focal, ty = body.sensorHeightMM / 2 / focal
            if (d.coverScale(tanX: tx, tanY: ty) ?? .infinity) > ShotCamera.maxCoverScale {
                throw r.error(f["lens"], "camera '\(name)': the lens distortion at \(SceneReader.format(focal)) mm (k1 \(d.k1)) "
                              + "folds back inside the \(SceneReader.format(body.sensorWidthMM)) mm sensor's frame: not a lens xrstudio can render")
            }
        }
        var camera = Camera(name: name, body: body, lens: lens,
                      mount: CameraMount(rawValue: mount) ?? .tripod,
                      position: try f.vec3("position", default: [0, 1.6, 6]),
                      panDegrees: try f.double("pan_deg", -360...360, default: 0, unit: "°"),
                      tiltDegrees: try f.double("tilt_deg", -90...90, default: 0, unit: "°"),
                      rollDegrees: try f.double("roll_deg", -180...180, default: 0, unit: "°"))
        camera.chromaKey = try f["chroma_key"].map(chromaKey)
        return camera
    }

    func body(_ node: Node) throws -> CameraBody {
        let f = try r.fields(node, "a camera body", allowed: Self.bodyKeys)
        let sensor = try r.vec2(f.required("sensor_mm"), "sensor_mm", 1...100, unit: " mm")
        let (w, h) = try r.intPair(f.required("resolution"), "resolution", 16...32768)
        return CameraBody(name: try f.string("name", default: "camera body"), sensorWidthMM: sensor.x,
                          sensorHeightMM: sensor.y, resolution: (w, h))
    }

    func lens(_ node: Node) throws -> Lens {
        let f = try r.fields(node, "a lens", allowed: Self.lensKeys)
        let focal = try f.requiredDouble("focal_mm", 1...2000, unit: " mm")
        let model = try f["distortion_model"].map { n -> LensDistortion.Model in
            guard let m = LensDistortion.Model(name: try r.string(n, "distortion_model")) else {
                throw r.error(n, "'distortion_model' must be U-D (coefficients map undistorted to distorted, as OpenCV) or D-U")
            }
            return m
        } ?? .undistortedToDistorted
        var distortion: LensDistortion?
        if let d = f["distortion"] {
            let g = try r.fields(d, "a lens distortion", allowed: Self.distortionKeys)
            distortion = try self.distortion(g, model: model)
        }
        let table = try f["calibration"].map { try calibration($0, model: model) } ?? []
        return Lens(name: try f.string("name", default: "\(SceneReader.format(focal)) mm"), focalLengthMM: focal,
                    fStop: try f.double("f_stop", 0.5...64, default: 2.8),
                    focusDistanceM: try f.double("focus_m", 0.01...100_000, default: 3, unit: " m"),
                    distortion: distortion,
                    entrancePupilM: try f["pupil_m"].map { try r.double($0, "pupil_m", -2...2, unit: " m") },
                    calibration: table)
    }

    /// Brown-Conrady coefficients from the keys present (missing ones are 0); nil when none is given.
    func distortion(_ g: Fields, model: LensDistortion.Model) throws -> LensDistortion? {
        guard Self.distortionKeys.contains(where: g.has) else { return nil }
        func c(_ k: String, _ limit: Double) throws -> Double { try g.double(k, -limit...limit, default: 0) }
        let d = LensDistortion(k1: try c("k1", 10), k2: try c("k2", 10), k3: try c("k3", 10),
                               p1: try c("p1", 1), p2: try c("p2", 1), model: model)
        return d
    }

    /// A zoom × focus calibration table: one point per (zoom, focus) encoder pair; a pair given twice is an error
    /// naming both lines, and either every point gives distortion coefficients or none does.
    func calibration(_ node: Node, model: LensDistortion.Model) throws -> [LensCalibrationPoint] {
        var table: [LensCalibrationPoint] = []
        var lines: [SIMD2<Double>: Int] = [:]
        var withDistortion: Int?, without: Int?
        for item in try r.list(node, "calibration", max: 10_000) {
            let g = try r.fields(item, "a calibration point", allowed: Self.calibrationKeys)
            let zoom = try g.requiredDouble("zoom"), focus = try g.requiredDouble("focus")
            let line = item.mark?.line ?? 0
            if let first = lines[SIMD2(zoom, focus)] {
                throw r.error(item, "calibration point zoom \(SceneReader.format(zoom)), focus \(SceneReader.format(focus)) "
                              + "is given twice (first at line \(first)): each encoder pair once")
            }
            lines[SIMD2(zoom, focus)] = line
            let d = try distortion(g, model: model)
            if d == nil { without = without ?? line } else { withDistortion = withDistortion ?? line }
            if let a = withDistortion, let b = without {
                throw r.error(item, "calibration points at lines \(a) and \(b) disagree: give distortion coefficients "
                              + "(k1 k2 k3 p1 p2) on every point or on none")
            }
            table.append(LensCalibrationPoint(zoomEncoder: zoom, focusEncoder: focus,
                                              focalLengthMM: try g.requiredDouble("focal_mm", 1...2000, unit: " mm"),
                                              focusDistanceM: try g.requiredDouble("focus_m", 0.01...100_000, unit: " m"),
                                              distortion: d,
                                              entrancePupilM: try g["pupil_m"].map { try r.double($0, "pupil_m", -2...2, unit: " m") }))
        }
        return table
    }

    /// A camera name that must match a defined camera.
    func cameraRef(_ f: Fields, cameras: [String]) throws -> String? {
        guard let n = f["camera"] else { return nil }
        let name = try r.string(n, "camera")
        guard cameras.contains(name) else {
            if cameras.isEmpty { throw r.error(n, "unknown camera '\(name)': the scene defines no cameras") }
            throw r.error(n, "unknown camera '\(name)'" + DidYouMean.hint(for: name, among: cameras))
        }
        return name
    }

    func mark(_ node: Node, cameras: [String]) throws -> SceneModel.Mark {
        let f = try r.fields(node, "a mark", allowed: Self.markKeys)
        return SceneModel.Mark(name: try r.string(f.required("name"), "name"), camera: try cameraRef(f, cameras: cameras),
                    position: try r.vec3(f.required("position"), "position"),
                    panDegrees: try f.double("pan_deg", -360...360, default: 0, unit: "°"),
                    tiltDegrees: try f.double("tilt_deg", -90...90, default: 0, unit: "°"),
                    rollDegrees: try f.double("roll_deg", -180...180, default: 0, unit: "°"),
                    focalLengthMM: try f["focal_mm"].map { try r.double($0, "focal_mm", 1...2000, unit: " mm") },
                    focusDistanceM: try f["focus_m"].map { try r.double($0, "focus_m", 0.01...100_000, unit: " m") })
    }

    func take(_ node: Node, cameras: [String]) throws -> TakeRef {
        let f = try r.fields(node, "a take", allowed: Self.takeKeys)
        let file = try f.required("file")
        return TakeRef(name: try r.string(f.required("name"), "name"), path: try r.string(file, "file"),
                       camera: try cameraRef(f, cameras: cameras),
                       fileMark: file.mark.map { ($0.line, $0.column) })
    }
}
