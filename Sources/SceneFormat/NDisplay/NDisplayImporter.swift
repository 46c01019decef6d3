// NDisplayImporter: an nDisplay config's bytes (and its mesh viewports' OBJ files) to flat LED surfaces.

import Geometry
import SceneModel

/// Imports the stage an nDisplay config describes (Docs/ndisplay.md): `.cfg` files by their extension, anything
/// else as `.ndisplay` JSON. Pure: the caller reads the files.
public enum NDisplayImporter {
    /// The surfaces and the record of the import; errors are `SceneError`s in the config (or the OBJ) file.
    ///
    /// - Parameter meshes: for mesh-policy viewports, by viewport id: the OBJ file's name and bytes (studio space,
    ///   metres, Y up).
    public static func load(bytes: [UInt8], file: String, meshes: [String: (file: String, bytes: [UInt8])] = [:])
        throws -> (screens: [LEDSurface], record: StageImport) {
        let config = try NDisplayConfig.read(bytes, file: file)
        var read: [String: NDisplayStage.Mesh] = [:]
        for (vp, m) in meshes {
            let (mesh, missing) = try MeshScreenFile.screenOBJ(m.bytes, file: m.file)
            read[vp] = NDisplayStage.Mesh(file: m.file, mesh: mesh, missingUVs: missing)
        }
        let built = try NDisplayStage.build(config, file: file, meshes: read)
        return (built.screens, StageImport(file: file, format: config.format, screens: built.screens.map(\.name),
                                           skipped: config.leftOut + built.skipped))
    }

    /// The viewport ids of a config's mesh-policy viewports, so a scene's `meshes` can be checked against them.
    public static func meshViewports(bytes: [UInt8], file: String) throws -> [String] {
        return try NDisplayConfig.read(bytes, file: file).viewports.filter { $0.policy == "mesh" }.map(\.id)
    }
}

extension NDisplayConfig {
    /// A config's bytes in either format (`.cfg` by the file's extension, anything else `.ndisplay` JSON), in UTF-8
    /// or UTF-16 with a byte-order mark (`utf8Text`).
    static func read(_ bytes: [UInt8], file: String) throws -> NDisplayConfig {
        guard bytes.count <= maxBytes else {
            throw SceneError(file: file, line: 1, column: 1, message: "the file is \(bytes.count) bytes; an nDisplay config may be at most \(maxBytes)")
        }
        let text = try utf8Text(bytes, file: file)
        let config = file.lowercased().hasSuffix(".cfg") ? try read(cfg: text, file: file) : try read(json: text, file: file)
        // Ids become LED surface names, shown in terminals, reports and file names: no control characters, as in a
        // scene file (an ESC sequence in a screen id reached the terminal through `info`).
        for (what, id) in config.components.map({ ("component", $0.id) }) + config.viewports.map({ ("viewport", $0.id) })
        where id.unicodeScalars.contains(where: SceneReader.isControl) {
            throw SceneError(file: file, line: 1, column: 1,
                             message: "\(what) id '\(visibleText(id))' holds a control character; ids are one line of visible text")
        }
        return config
    }
}
