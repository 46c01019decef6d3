// NDisplayImporter: an nDisplay config's bytes (and its mesh viewports' OBJ files) to flat LED surfaces.

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
        let config = file.lowercased().hasSuffix(".cfg")
            ? try NDisplayConfig.read(cfg: bytes, file: file)
            : try NDisplayConfig.read(json: bytes, file: file)
        var read: [String: NDisplayStage.Mesh] = [:]
        for (vp, m) in meshes {
            do {
                let mesh = try OBJParser.parse(m.bytes, name: m.file)
                read[vp] = NDisplayStage.Mesh(file: m.file, mesh: mesh,
                                              missingUVs: mesh.uvs == nil ? MeshScreenFile.objTrianglesWithoutUVs(m.bytes) : [])
            } catch let e as OBJError {
                throw SceneError(file: e.file, line: e.line, column: e.column, message: e.message)
            }
        }
        let built = try NDisplayStage.build(config, file: file, meshes: read)
        return (built.screens, StageImport(file: file, format: config.format, screens: built.screens.map(\.name),
                                           skipped: built.skipped))
    }

    /// The viewport ids of a config's mesh-policy viewports, so a scene's `meshes` can be checked against them.
    public static func meshViewports(bytes: [UInt8], file: String) throws -> [String] {
        let config = file.lowercased().hasSuffix(".cfg")
            ? try NDisplayConfig.read(cfg: bytes, file: file)
            : try NDisplayConfig.read(json: bytes, file: file)
        return config.viewports.filter { $0.policy == "mesh" }.map(\.id)
    }
}
