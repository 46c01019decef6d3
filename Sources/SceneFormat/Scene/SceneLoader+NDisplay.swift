// SceneLoader+NDisplay: `stage.ndisplay` and `stage.meshes`: the LED screens read from the stage's nDisplay config.

import SceneModel
import Yams

extension Load {
    /// Reads the config `stage.ndisplay` names (and the OBJ of each mesh viewport under `stage.meshes`) into
    /// `stage.screens`; a screen may not share a name with a wall or ceiling.
    func ndisplay(_ f: Fields, into stage: inout Stage, names: [String: Node]) throws {
        guard let n = f["ndisplay"] else {
            if let m = f.keyNode("meshes"), f.has("meshes") {
                throw r.error(m, "'meshes' names the meshes of an nDisplay config's mesh viewports; give 'ndisplay' too")
            }
            return
        }
        let path = try r.string(n, "ndisplay")
        let tried = SceneLoader.resolve(path, sceneFile: sceneFile)
        guard let bytes = readFile(tried) else {
            throw r.error(n, "nDisplay config '\(path)' not found or unreadable (tried \(tried))")
        }
        var meshes: [String: (file: String, bytes: [UInt8])] = [:]
        if let m = f["meshes"] {
            guard case .mapping(let map) = m else {
                throw r.error(m, "'meshes' must map viewport ids to OBJ files, found \(SceneReader.describe(m))")
            }
            let known = try NDisplayImporter.meshViewports(bytes: bytes, file: tried)
            for (k, v) in map {
                guard case .scalar(let ks) = k else { throw r.error(k, "keys in 'meshes' must be viewport ids") }
                let vp = ks.string
                guard known.contains(vp) else {
                    throw r.error(k, "'\(vp)' is not a mesh-policy viewport of \(path)"
                                  + (known.isEmpty ? " (it has none)" : DidYouMean.hint(for: vp, among: known)))
                }
                let obj = try r.string(v, vp)
                guard obj.lowercased().hasSuffix(".obj") else {
                    throw r.error(v, "mesh screens are read from Wavefront .obj files, found '\(obj)'")
                }
                let objPath = SceneLoader.resolve(obj, sceneFile: sceneFile)
                guard let b = readFile(objPath) else { throw r.error(v, "mesh file '\(obj)' not found or unreadable (tried \(objPath))") }
                meshes[vp] = (objPath, b)
            }
        }
        let (screens, record) = try NDisplayImporter.load(bytes: bytes, file: tried, meshes: meshes)
        for s in screens {
            if let other = names[s.name] {
                throw r.error(n, "\(path) has a screen named '\(s.name)', as the wall or ceiling at line \(other.mark?.line ?? 0); rename one")
            }
        }
        stage.screens = screens
        stage.imported = record
    }
}
