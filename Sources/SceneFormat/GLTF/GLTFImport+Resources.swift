// GLTFImport+Resources: buffers, bufferViews, images, textures and materials, each checked as it is read.

extension GLTFImport {
    /// Loads every buffer: the GLB BIN chunk, a base64 data: URI, or the resolver's bytes. The declared
    /// `byteLength` is checked against the 1 GiB limit before anything is fetched, then against the data.
    mutating func loadBuffers() throws {
        for (i, b) in (doc.buffers ?? []).enumerated() {
            let element = "buffers[\(i)]"
            guard b.byteLength >= 0 else { throw error(element, "byteLength \(b.byteLength) is negative") }
            guard b.byteLength <= GLTFImporter.maxBufferBytes else {
                throw error(element, "byteLength \(b.byteLength) is over the limit of \(GLTFImporter.maxBufferBytes) bytes (1 GiB)")
            }
            var data: [UInt8]
            var source: String
            var padding = 0
            if let uri = b.uri {
                (data, _, source) = try fetch(uri, at: element)
            } else {
                guard i == 0, let bin else {
                    throw error(element, i == 0 ? "has no uri and the file has no GLB BIN chunk" : "has no uri (only buffer 0 of a GLB may omit it)")
                }
                data = Array(bin)
                source = "the GLB BIN chunk"
                padding = 3  // the BIN chunk is padded to 4 bytes
            }
            guard data.count >= b.byteLength && data.count <= b.byteLength + padding else {
                throw error(element, "byteLength says \(b.byteLength) bytes, \(source) has \(data.count)")
            }
            if data.count > b.byteLength { data.removeLast(data.count - b.byteLength) }
            buffers.append(data)
        }
    }

    /// Every bufferView must name a buffer and lie inside it; byteStride must be 4...252 and a multiple of 4.
    func checkBufferViews() throws {
        for (i, v) in (doc.bufferViews ?? []).enumerated() {
            let element = "bufferViews[\(i)]"
            guard v.buffer >= 0 && v.buffer < buffers.count else {
                throw error(element, "names buffer \(v.buffer), but there are \(buffers.count) buffers")
            }
            let offset = v.byteOffset ?? 0
            guard offset >= 0 && v.byteLength >= 0 else { throw error(element, "byteOffset or byteLength is negative") }
            let have = buffers[v.buffer].count
            guard offset <= have && v.byteLength <= have - offset else {
                // Said as the file gives it: offset + length can exceed Int.max, which a sum would wrap to a negative size.
                let needs = offset.addingReportingOverflow(v.byteLength)
                let what = needs.overflow ? "byteOffset \(offset) + byteLength \(v.byteLength)" : "\(needs.partialValue) bytes"
                throw error(element, "reads past the end of buffer \(v.buffer) (needs \(what), has \(have))")
            }
            if let s = v.byteStride, s < 4 || s > 252 || s % 4 != 0 {
                throw error(element, "byteStride \(s) is not a multiple of 4 in 4...252")
            }
        }
    }

    /// The bytes of a URI (data: decoded here, anything else through the resolver), its MIME type if known, and
    /// a short name for messages.
    func fetch(_ uri: String, at element: String) throws -> (bytes: [UInt8], mime: String?, source: String) {
        let u = Array(uri.utf8)
        if u.count >= 5 && String(decoding: u[0..<5], as: UTF8.self).lowercased() == "data:" {
            guard let comma = u.firstIndex(of: UInt8(ascii: ",")) else {
                throw error(element, "data: URI has no ',' before its data")
            }
            let header = String(decoding: u[5..<comma], as: UTF8.self)
            let parts = header.split(separator: ";").map(String.init)
            guard parts.last?.lowercased() == "base64" else {
                throw error(element, "data: URI is not base64 ('\(header)')")
            }
            guard let bytes = GLTFBase64.decode(u[(comma + 1)...]) else {
                throw error(element, "data: URI holds invalid base64")
            }
            let mime = parts.count > 1 ? parts[0] : nil
            return (bytes, mime, "the data: URI")
        }
        let path = GLTFImport.percentDecoded(uri)
        let bytes: [UInt8]
        do {
            bytes = try resolve(path)
        } catch {
            throw self.error(element, "cannot read '\(path)': \(error)")
        }
        return (bytes, GLTFImport.mimeType(forPath: path), "'\(path)'")
    }

    /// `%20` and friends decoded (URIs in glTF are RFC 3986); a malformed escape is kept as written.
    static func percentDecoded(_ s: String) -> String {
        let u = Array(s.utf8)
        guard u.contains(UInt8(ascii: "%")) else { return s }
        var out: [UInt8] = []
        var i = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let h = hex(u[i + 1]), let l = hex(u[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func mimeType(forPath path: String) -> String? {
        let lower = path.lowercased()
        if lower.hasSuffix(".png") { return "image/png" }
        if lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg") { return "image/jpeg" }
        return nil
    }

    /// Images stay encoded: bytes from a URI or a bufferView, with their MIME type.
    mutating func loadImages() throws {
        for (i, im) in (doc.images ?? []).enumerated() {
            let element = "images[\(i)]"
            var bytes: [UInt8]
            var mime = im.mimeType
            var name = im.name
            if let uri = im.uri {
                let external = !uri.lowercased().hasPrefix("data:")
                if name == nil && external { name = GLTFImport.percentDecoded(uri) }
                let got: (bytes: [UInt8], mime: String?, source: String)
                do {
                    got = try fetch(uri, at: element)
                } catch let e as GLTFError where external {
                    // A texture file that is not there costs the texture, not the model (buffers hold geometry and
                    // stay errors).
                    warn(element, "\(e.message); drawn without it")
                    model.images.append(GLTFImage(bytes: [], mimeType: mime ?? "application/octet-stream",
                                                  name: name ?? element, missing: e.message))
                    continue
                }
                bytes = got.bytes
                mime = mime ?? got.mime
            } else if let vi = im.bufferView {
                let views = doc.bufferViews ?? []
                guard vi >= 0 && vi < views.count else {
                    throw error(element, "names bufferView \(vi), but there are \(views.count) bufferViews")
                }
                let v = views[vi]
                let start = v.byteOffset ?? 0
                bytes = Array(buffers[v.buffer][start..<(start + v.byteLength)])
                guard mime != nil else { throw error(element, "reads bufferView \(vi) but has no mimeType") }
            } else {
                throw error(element, "has neither uri nor bufferView")
            }
            model.images.append(GLTFImage(bytes: bytes, mimeType: mime ?? "application/octet-stream",
                                          name: name ?? element))
        }
    }

    /// Textures: image index and wrap modes from the sampler (glTF default: repeat).
    mutating func loadTextures() throws {
        let samplers = doc.samplers ?? []
        func wrap(_ v: Int?, _ element: String, _ which: String) throws -> GLTFTexture.Wrap {
            guard let v else { return .repeat }
            guard let w = GLTFTexture.Wrap(rawValue: v) else {
                throw error(element, "\(which) \(v) is not a glTF wrap mode (33071, 33648 or 10497)")
            }
            return w
        }
        for (i, s) in samplers.enumerated() {
            _ = try wrap(s.wrapS, "samplers[\(i)]", "wrapS")
            _ = try wrap(s.wrapT, "samplers[\(i)]", "wrapT")
        }
        for (i, t) in (doc.textures ?? []).enumerated() {
            let element = "textures[\(i)]"
            if let s = t.source, s < 0 || s >= model.images.count {
                throw error(element, "source \(s) is out of range (\(model.images.count) images)")
            }
            var tex = GLTFTexture(image: t.source)
            if let si = t.sampler {
                guard si >= 0 && si < samplers.count else {
                    throw error(element, "sampler \(si) is out of range (\(samplers.count) samplers)")
                }
                tex.wrapS = try wrap(samplers[si].wrapS, "samplers[\(si)]", "wrapS")
                tex.wrapT = try wrap(samplers[si].wrapT, "samplers[\(si)]", "wrapT")
            }
            model.textures.append(tex)
        }
    }

    /// A KHR_texture_transform block checked: two-number offset and scale, a finite rotation within range.
    func uvTransform(_ x: GLTFDocument.Material.TextureInfo.TextureTransform, at element: String) throws -> GLTFUVTransform {
        let at = element + ".extensions.KHR_texture_transform"
        func pair(_ v: [Double]?, _ name: String, _ fallback: SIMD2<Float>) throws -> SIMD2<Float> {
            guard let v else { return fallback }
            guard v.count == 2 else { throw error(at, "\(name) has \(v.count) numbers, needs 2") }
            return SIMD2(Float(v[0]), Float(v[1]))
        }
        var t = GLTFUVTransform()
        t.offset = try pair(x.offset, "offset", .zero)
        t.scale = try pair(x.scale, "scale", SIMD2(1, 1))
        if let r = x.rotation {
            guard abs(r) <= GLTFUVTransform.maxRotation else {
                throw error(at, "rotation \(r) is outside ±\(Int(GLTFUVTransform.maxRotation)) radians")
            }
            t.rotation = Float(r)
        }
        guard (t.offset * t.scale).x.isFinite && (t.offset * t.scale).y.isFinite else {
            throw error(at, "offset or scale is too large for a Float")
        }
        return t
    }

    /// Materials: base colour factor and texture (with KHR_texture_transform), emission (times
    /// KHR_materials_emissive_strength), alpha mode and cutoff, double-sidedness.
    mutating func loadMaterials() throws {
        for (i, m) in (doc.materials ?? []).enumerated() {
            let element = "materials[\(i)]"
            var out = GLTFMaterial()
            out.name = m.name
            if let f = m.pbrMetallicRoughness?.baseColorFactor {
                guard f.count == 4 else { throw error(element, "baseColorFactor has \(f.count) numbers, needs 4") }
                out.baseColor = SIMD4(Float(f[0]), Float(f[1]), Float(f[2]), Float(f[3]))
            }
            if let t = m.pbrMetallicRoughness?.baseColorTexture {
                guard t.index >= 0 && t.index < model.textures.count else {
                    throw error(element, "baseColorTexture \(t.index) is out of range (\(model.textures.count) textures)")
                }
                out.baseColorTexture = t.index
                out.texCoord = t.texCoord ?? 0
                if let x = t.extensions?.textureTransform {
                    out.uvTransform = try uvTransform(x, at: element + ".pbrMetallicRoughness.baseColorTexture")
                    if let set = x.texCoord { out.texCoord = set }
                }
                guard out.texCoord >= 0 && out.texCoord < 100 else {
                    throw error(element, "baseColorTexture texCoord \(out.texCoord) is not a TEXCOORD_n set (0...99)")
                }
            }
            if let e = m.emissiveFactor {
                guard e.count == 3 else { throw error(element, "emissiveFactor has \(e.count) numbers, needs 3") }
                out.emissive = SIMD3(Float(e[0]), Float(e[1]), Float(e[2]))
            }
            if let strength = m.extensions?.emissiveStrength?.emissiveStrength {
                guard strength >= 0 && strength.isFinite else {
                    throw error(element + ".extensions.KHR_materials_emissive_strength",
                                "emissiveStrength \(strength) is not a finite number >= 0")
                }
                out.emissive *= Float(strength)
            }
            if let a = m.alphaMode {
                guard let mode = GLTFMaterial.AlphaMode(rawValue: a) else {
                    throw error(element, "alphaMode '\(a)' is not OPAQUE, MASK or BLEND")
                }
                out.alphaMode = mode
                // MASK is cut out; the rasterizer has no blending, so BLEND is drawn opaque: said where the file asks.
                if mode == .blend {
                    warn(element, "alphaMode BLEND is drawn opaque (xrstudio draws no transparency; MASK cut-outs are drawn)")
                }
            }
            if let c = m.alphaCutoff {
                guard c >= 0 && Float(c).isFinite else {
                    throw error(element, "alphaCutoff \(c) is not a finite number >= 0")
                }
                out.alphaCutoff = Float(c)
            }
            out.doubleSided = m.doubleSided ?? false
            model.materials.append(out)
        }
    }
}
