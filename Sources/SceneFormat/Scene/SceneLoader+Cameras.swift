// SceneLoader+Cameras: lights, cameras (body, lens, calibration table), marks and takes.

import SceneModel
import Yams

extension Load {
    static let lightKeys = ["name", "type", "color", "intensity", "direction", "position", "range"]
    static let cameraKeys = ["name", "body", "lens", "mount", "position", "pan_deg", "tilt_deg", "roll_deg"]
    static let bodyKeys = ["name", "sensor_mm", "resolution"]
    static let lensKeys = ["name", "focal_mm", "f_stop", "focus_m", "calibration"]
    static let calibrationKeys = ["zoom", "focus", "focal_mm", "focus_m"]
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
        return Camera(name: name, body: try body(f.required("body")), lens: try lens(f.required("lens")),
                      mount: CameraMount(rawValue: mount) ?? .tripod,
                      position: try f.vec3("position", default: [0, 1.6, 6]),
                      panDegrees: try f.double("pan_deg", -360...360, default: 0, unit: "°"),
                      tiltDegrees: try f.double("tilt_deg", -90...90, default: 0, unit: "°"),
                      rollDegrees: try f.double("roll_deg", -180...180, default: 0, unit: "°"))
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
        var table: [LensCalibrationPoint] = []
        if let c = f["calibration"] {
            for item in try r.list(c, "calibration", max: 10_000) {
                let g = try r.fields(item, "a calibration point", allowed: Self.calibrationKeys)
                table.append(LensCalibrationPoint(zoomEncoder: try g.requiredDouble("zoom"),
                                                  focusEncoder: try g.requiredDouble("focus"),
                                                  focalLengthMM: try g.requiredDouble("focal_mm", 1...2000, unit: " mm"),
                                                  focusDistanceM: try g.requiredDouble("focus_m", 0.01...100_000, unit: " m")))
            }
        }
        return Lens(name: try f.string("name", default: "\(SceneReader.format(focal)) mm"), focalLengthMM: focal,
                    fStop: try f.double("f_stop", 0.5...64, default: 2.8),
                    focusDistanceM: try f.double("focus_m", 0.01...100_000, default: 3, unit: " m"),
                    calibration: table)
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
