// GLTFImport: one glTF import in progress, the steps in order from buffers to drawn primitives.

/// One import in progress: the document, its loaded buffers and the model being filled.
struct GLTFImport {
    let doc: GLTFDocument
    let file: String
    let bin: ArraySlice<UInt8>?
    let resolve: (String) throws -> [UInt8]
    var model: GLTFModel
    var buffers: [[UInt8]] = []
    /// POSITION elements decoded so far, over all mesh primitives (bounded by `GLTFImporter.maxElements`).
    var decodedVertices = 0

    init(doc: GLTFDocument, file: String, bin: ArraySlice<UInt8>?, resolve: @escaping (String) throws -> [UInt8]) {
        self.doc = doc
        self.file = file
        self.bin = bin
        self.resolve = resolve
        self.model = GLTFModel(name: file)
        self.model.generator = doc.asset.generator
    }

    func error(_ element: String, _ message: String) -> GLTFError {
        GLTFError(file: file, element: element, message: message)
    }

    mutating func warn(_ element: String, _ message: String) {
        model.warnings.append("\(file): \(element): \(message)")
    }

    mutating func run() throws -> GLTFModel {
        guard doc.asset.version.hasPrefix("2.") else {
            throw error("asset", "version '\(doc.asset.version)' is not glTF 2.x")
        }
        if let ext = (doc.extensionsRequired ?? []).first(where: { !GLTFImporter.supportedExtensions.contains($0) }) {
            throw error("extensionsRequired", "extension '\(ext)' is required but not supported")
        }
        var seen = Set<String>()
        for ext in doc.extensionsUsed ?? [] where !GLTFImporter.supportedExtensions.contains(ext) && seen.insert(ext).inserted {
            warn("extensionsUsed", "extension '\(ext)' is not supported; what it adds is ignored")
        }
        try loadBuffers()
        try checkBufferViews()
        try loadImages()
        try loadTextures()
        try loadMaterials()
        try drawScene()
        return model
    }
}
