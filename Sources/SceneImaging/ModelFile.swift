// ModelFile: reads a model file from disk and hands its bytes to the right parser.

import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Geometry
import ImageCodecs
import RasterCore
import SceneFormat
import SceneModel

/// Loading bare models for `render`, `bench` and `info`.
public enum ModelFile {
    /// Reads and parses a Wavefront OBJ; errors name the file (and line and column for syntax errors).
    public static func loadOBJ(path: String) throws -> OBJMesh {
        guard path.lowercased().hasSuffix(".obj") else {
            throw JobError.input("\(path): unsupported model format (this command reads Wavefront .obj)")
        }
        let mesh: OBJMesh
        do {
            mesh = try readOBJ(path)
        } catch let e as OBJError {
            throw JobError.input(e.description)
        }
        if let why = mesh.notAModelReason { throw JobError.input("\(path): not an OBJ model: \(why)") }
        return mesh
    }

    /// Reads an OBJ, glTF or GLB model's geometry and materials (by extension). OBJ parts follow `usemtl`
    /// (MTL Kd, Ke, d, map_Kd); glTF parts are the placed primitives with base colour, emission and base
    /// colour texture. Textures are decoded once per file; one that cannot be read is a warning.
    public static func load(path: String) throws -> ModelGeometry {
        let lower = path.lowercased()
        let geometry: ModelGeometry
        if lower.hasSuffix(".obj") {
            geometry = try objGeometry(path: path)
        } else {
            guard lower.hasSuffix(".gltf") || lower.hasSuffix(".glb") else {
                throw JobError.input("\(path): unsupported model format (reads .obj, .gltf and .glb)")
            }
            geometry = gltfGeometry(try loadGLTF(path: path))
        }
        // Through the scene warning path, so `render`, scenes and the viewer say what was lost (once per line).
        for w in geometry.warnings { SceneFile.warn?(w) }
        return geometry
    }

    /// Reads a glTF or GLB file; external buffers and images are read relative to it.
    public static func loadGLTF(path: String) throws -> GLTFModel {
        let bytes = try readBytes(path)
        let dir = directory(of: path)
        do {
            return try GLTFImporter.load(bytes: bytes, name: path) { uri in
                let p = dir + uri
                var st = stat()
                guard stat(p, &st) == 0 else { throw JobError.input("no such file (tried \(p))") }
                // A device or a folder (`/dev/zero`, `.`) is not a buffer or an image file: said so, not read.
                guard st.st_mode & S_IFMT == S_IFREG else { throw JobError.input("not a regular file (tried \(p))") }
                guard let d = FileManager.default.contents(atPath: p) else {
                    throw JobError.input("cannot be read (tried \(p))")
                }
                return [UInt8](d)
            }
        } catch let e as JobError {
            throw e
        } catch {
            throw JobError.input("\(error)")
        }
    }

    public static func directory(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    }

    static func gltfGeometry(_ model: GLTFModel) -> ModelGeometry {
        var warnings: [String] = []
        var decoded: [Int: Texture] = [:]
        var failed = Set<Int>()
        var budget = TextureBudget()
        func texture(_ index: Int?) -> Texture? {
            guard let t = index, model.textures.indices.contains(t), let img = model.textures[t].image,
                  model.images.indices.contains(img) else { return nil }
            if let known = decoded[t] { return known }
            guard model.images[img].missing == nil else { return nil }  // the import warned
            do {
                let image = try ImageFile.decode(model.images[img].bytes, fitting: maxTextureDimension)
                try budget.admit(width: image.width, height: image.height, "images[\(img)]")
                func wrap(_ w: GLTFTexture.Wrap) -> Texture.Wrap {
                    switch w {
                    case .clampToEdge: return .clamp
                    case .mirroredRepeat: return .mirror
                    case .repeat: return .repeat
                    }
                }
                let tex = Texture(image: image, wrapS: wrap(model.textures[t].wrapS), wrapT: wrap(model.textures[t].wrapT))
                decoded[t] = tex
                return tex
            } catch {
                if failed.insert(img).inserted { warnings.append(imageWarning(model, img, error)) }
                return nil
            }
        }
        let parts = model.primitives.map { p -> ModelGeometry.Part in
            let m = p.material.flatMap { model.materials.indices.contains($0) ? model.materials[$0] : nil }
            // Without a material, glTF's default one (white) where the primitive has vertex colours, so COLOR_0 shows
            // as authored; else none (the caller's look or the scene's colour applies).
            let material = m.map {
                ModelGeometry.PartMaterial(baseColor: $0.baseColor, emissive: $0.emissive, texture: texture($0.baseColorTexture),
                                           doubleSided: $0.doubleSided)
            } ?? (p.colors == nil ? nil : ModelGeometry.PartMaterial(baseColor: [1, 1, 1, 1], emissive: .zero, texture: nil))
            let cut = m.flatMap { m in
                m.alphaMode == .mask ? AlphaTest(cutoff: m.alphaCutoff, alpha: m.baseColor.w, texture: material?.texture,
                                                 vertexAlpha: p.colors?.map(\.w)) : nil
            }
            return ModelGeometry.Part(positions: p.positions, normals: p.normals, uvs: p.uvs, indices: p.indices,
                                      material: material, colors: p.colors, alphaTest: cut)
        }
        return ModelGeometry(parts: parts, warnings: warnings + model.warnings)
    }

    /// The materials of `obj`'s MTL libraries, read from `directory` (the OBJ's folder), by name (a later library's
    /// material replaces an earlier one of the same name); a missing library is a warning, a broken one an error.
    public static func materials(of obj: OBJMesh, directory dir: String) throws -> (materials: [String: MTLMaterial], warnings: [String]) {
        var warnings: [String] = []
        var library: [String: MTLMaterial] = [:]
        for lib in obj.materialLibraries(whereFileExists: { FileManager.default.fileExists(atPath: dir + $0) }) {
            guard let data = FileManager.default.contents(atPath: dir + lib) else {
                warnings.append("material library '\(lib)' not found (tried \(dir + lib))")
                continue
            }
            do {
                for m in try MTLParser.parse([UInt8](data), name: dir + lib) { library[m.name] = m }
            } catch {
                throw JobError.input("\(error)")
            }
        }
        return (library, warnings)
    }

    /// An OBJ split into one part per material, with its MTL libraries read beside it.
    static func objGeometry(path: String) throws -> ModelGeometry {
        let obj = try loadOBJ(path: path)
        guard !obj.materialNames.isEmpty else { return ModelGeometry(obj) }
        let dir = directory(of: path)
        var (library, warnings) = try materials(of: obj, directory: dir)
        warnings = obj.warnings + warnings
        var textures: [String: Texture] = [:]
        var failedMaps = Set<String>()
        var budget = TextureBudget()
        var groups: [Int32: [UInt32]] = [:]
        for t in 0..<obj.triangleCount {
            groups[obj.triangleMaterials[t], default: []] += obj.indices[(3 * t)..<(3 * t + 3)]
        }
        var parts: [ModelGeometry.Part] = []
        for (materialIndex, indices) in groups.sorted(by: { $0.key < $1.key }) {
            var material: ModelGeometry.PartMaterial?
            var uvs = obj.uvs
            if materialIndex >= 0, let m = library[obj.materialNames[Int(materialIndex)]] {
                var tex: Texture?
                if let map = m.diffuseMap {
                    let key = m.mapOptions.clamp ? map + "\u{0}clamp" : map
                    if let known = textures[key] {
                        tex = known
                    } else {
                        do {
                            let image = try ImageFile.read(path: dir + map, fitting: maxTextureDimension)
                            try budget.admit(width: image.width, height: image.height, map)
                            // `-clamp on`: outside [0, 1] repeats the edge texel instead of tiling.
                            let wrap: Texture.Wrap = m.mapOptions.clamp ? .clamp : .repeat
                            tex = Texture(image: image, wrapS: wrap, wrapT: wrap)
                            textures[key] = tex
                        } catch {
                            if failedMaps.insert(map).inserted {
                                warnings.append(textureWarning(path: path, map: map, material: m.name, error))
                            }
                        }
                    }
                }
                if m.opacity < 1 {
                    warnings.append("\(path): material '\(m.name)': d \(m.opacity) (transparency) is drawn opaque "
                                    + "(xrstudio draws no transparency)")
                }
                // MTL colours are display-referred: Kd and Ke both decoded from sRGB (Ke was read as linear, so `Ke 0.5`
                // drew 188 where `Kd 0.5` drew 127).
                func linear(_ c: SIMD3<Float>) -> SIMD3<Float> {
                    SIMD3(Float(SRGB.decode(Double(c.x))), Float(SRGB.decode(Double(c.y))), Float(SRGB.decode(Double(c.z))))
                }
                let kd = linear(m.diffuse)
                // A map_Kd replaces the colour it would be multiplied with in most viewers: keep white under it.
                let base = tex == nil ? SIMD4(kd, m.opacity) : SIMD4(1, 1, 1, m.opacity)
                material = ModelGeometry.PartMaterial(baseColor: base, emissive: linear(m.emissive), texture: tex)
                // `-s` and `-o` place the map in OBJ's texture space (v up); ours has v down (v' = 1 - v).
                let o = m.mapOptions
                if tex != nil, !o.isIdentity {
                    uvs = uvs?.map { t in SIMD2(t.x * o.scale.x + o.offset.x, 1 - ((1 - t.y) * o.scale.y + o.offset.y)) }
                }
            }
            parts.append(ModelGeometry.Part(positions: obj.positions, normals: obj.normals, uvs: uvs,
                                            indices: indices, material: material))
        }
        return ModelGeometry(parts: parts, warnings: warnings)
    }

    /// A model's textures against `MemoryBudget`: each decoded image's mip chain of float texels (16 bytes a texel,
    /// four thirds for the smaller levels) is added up, and one that would take the sum over the budget is refused
    /// (its part drawn untextured, with a warning). Five 4096-texel maps took 1.5 GB under a 100 MB budget.
    struct TextureBudget {
        var used = 0

        mutating func admit(width: Int, height: Int, _ name: String) throws {
            let bytes = width * height * 16 * 4 / 3
            try MemoryBudget.check(used + bytes, "texture '\(name)' (\(width)x\(height), with the model's textures before it)")
            used += bytes
        }
    }

    /// The warning for an OBJ `map_Kd` that cannot be read or decoded: the part is drawn untextured.
    public static func textureWarning(path: String, map: String, material: String, _ error: any Error) -> String {
        "\(path): texture '\(map)' of material '\(material)' cannot be used (\(error)); drawn without it"
    }

    /// The warning for a glTF image that cannot be decoded: the parts using it are drawn untextured.
    public static func imageWarning(_ model: GLTFModel, _ image: Int, _ error: any Error) -> String {
        let name = model.images[image].name
        let named = name == "images[\(image)]" ? "" : " ('\(name)')"
        return "\(model.name): images[\(image)]\(named) cannot be decoded (\(error)); drawn without it"
    }

    /// One warning per image a texture uses that does not decode (for `info`, which draws nothing).
    public static func undecodableImages(_ model: GLTFModel) -> [String] {
        let used = Set(model.textures.compactMap(\.image)).filter { model.images.indices.contains($0) && model.images[$0].missing == nil }
        return used.sorted().compactMap { img in
            do {
                _ = try ImageFile.decode(model.images[img].bytes, fitting: maxTextureDimension)
                return nil
            } catch {
                return imageWarning(model, img, error)
            }
        }
    }

    /// A model file's bytes, after checking against `MemoryBudget` what parsing it would take (`checkBudget`).
    static func readBytes(_ path: String) throws -> [UInt8] {
        try checkBudget(path)
        return try SceneFile.readBytes(path, kind: "model file")
    }

    /// Refuses a model file whose parse would exceed `MemoryBudget` (`bytesPerFileByte` per byte of the file: a 2 GB
    /// OBJ is refused before it is read); returns the file's size when it has one.
    @discardableResult
    static func checkBudget(_ path: String) throws -> Int? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else { return nil }
        try MemoryBudget.check(size * bytesPerFileByte, "\(path): a \(MemoryBudget.format(size)) model file")
        return size
    }

    /// An OBJ file parsed as it is read: 8 MB at a time into one reused buffer (`OBJReader`), so the file's pages
    /// are not faulted in and copied as one big block first (19,600 page faults for the 77 MB terrain; read whole it
    /// took 70 ms, in chunks 30). A pipe or a device is refused (`SceneFile.checkIsFile`); one that replaced the file
    /// after that check goes through `readData`, which checks again. Errors name the file (and the line and column for
    /// syntax errors: `OBJError`).
    static func readOBJ(_ path: String, chunkBytes: Int = 8 << 20) throws -> OBJMesh {
        let size = try checkBudget(path)
        try SceneFile.checkIsFile(path, kind: "model file")
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw JobError.input("\(path): cannot be read (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            let data = try SceneFile.readData(path, kind: "model file")
            return try data.withUnsafeBytes { try OBJParser.parse(rawBytes: $0, name: path) }
        }
        var reader = OBJReader(name: path, expectedBytes: size ?? 0)
        // The reader's big arrays in transparent huge pages where the kernel allows them for advised memory (Debian's
        // default, `madvise`): a 77 MB mesh's arrays took 29,000 faults of 4 KB pages, about a tenth of its load.
        // Only whole pages inside each array are advised; a refusal changes nothing but speed.
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        reader.withReservedStorage { p, bytes in
            let start = (Int(bitPattern: p) + page - 1) & ~(page - 1), end = (Int(bitPattern: p) + bytes) & ~(page - 1)
            if end - start >= 2 << 20 { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        }
        var capacity = max(1, chunkBytes)
        var buf = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buf.deallocate() }
        var filled = 0
        while true {
            if filled == capacity {
                // A line longer than the buffer: twice the room (a regular file's line is never longer than it).
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * capacity)
                bigger.initialize(from: buf, count: filled)
                buf.deallocate()
                buf = bigger
                capacity *= 2
            }
            let got = read(fd, buf + filled, capacity - filled)
            if got < 0 {
                if errno == EINTR { continue }
                throw JobError.input("\(path): cannot be read (\(String(cString: strerror(errno))))")
            }
            if got == 0 {
                try reader.feed(UnsafeBufferPointer(start: buf, count: filled))  // the rest, line end or not
                return reader.finish()
            }
            filled += got
            guard let end = OBJReader.pieceEnd(UnsafeBufferPointer(start: buf, count: filled)) else { continue }
            try reader.feed(UnsafeBufferPointer(start: buf, count: end))
            memmove(buf, buf + end, filled - end)
            filled -= end
        }
    }

    /// Estimated memory per byte of a model file while it is read, parsed and drawn: the bytes themselves, and
    /// its vertices (an OBJ `v` line of about 30 bytes becomes 3 doubles read, floats stored and drawn).
    static let bytesPerFileByte = 6

    /// The largest texture side kept: a model texture is decoded scaled down (by a power of two) to at most this,
    /// more than a 4K frame shows of one object, so a 16384x16384 PNG costs 64 MB instead of 1 GiB (plus its
    /// float copies).
    public static let maxTextureDimension = 4096
}
