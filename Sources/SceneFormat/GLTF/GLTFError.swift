// GLTFError: a problem in a glTF or GLB file, named by file and by the JSON element that holds it.

/// A glTF import failure: `FILE: ELEMENT: message`, e.g.
/// `Duck.glb: meshes[0].primitives[1]: accessor 7 reads past the end of bufferView 2 (needs 4800 bytes, has 4000)`.
///
/// `element` is a JSON path such as `buffers[0]` or `nodes[3]`; it is empty for problems with the container
/// itself (`x.glb: not a GLB file (bad magic)`).
public struct GLTFError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var element: String
    public var message: String

    public init(file: String, element: String = "", message: String) {
        self.file = file
        self.element = element
        self.message = message
    }

    public var description: String {
        element.isEmpty ? "\(file): \(message)" : "\(file): \(element): \(message)"
    }
}
