// GLTFAccessorReader: checks an accessor's extent against its bufferView, then reads it as floats or indices.

/// Reads accessors out of loaded buffers. Every read is preceded by a bounds proof in `layout(_:at:role:types:)`:
/// `byteOffset + stride * (count - 1) + elementSize <= bufferView.byteLength`, with counts capped first, so a
/// hostile accessor fails with a message before anything is allocated or read.
struct GLTFAccessorReader {
    let file: String
    let accessors: [GLTFDocument.Accessor]
    let views: [GLTFDocument.BufferView]
    /// Each buffer's bytes, exactly `byteLength` long (bufferViews were checked against those lengths).
    let buffers: [[UInt8]]

    /// Where an accessor's elements live: buffer `buffer` from `start`, every `stride` bytes (nil buffer: zeros).
    struct Layout {
        var buffer: Int?
        var start: Int
        var stride: Int
        var count: Int
        var components: Int
        var componentType: Int
        var normalized: Bool
        var type: String
    }

    /// The most elements an accessor without a bufferView may claim (2^20): its zeros come from no input bytes,
    /// so without this bound a 200-byte file could ask for gigabytes.
    static let maxZeroFilled = 1 << 20

    static func componentSize(_ t: Int) -> Int? {
        switch t {
        case 5120, 5121: return 1
        case 5122, 5123: return 2
        case 5125, 5126: return 4
        default: return nil
        }
    }

    static func componentName(_ t: Int) -> String {
        switch t {
        case 5120: return "BYTE"
        case 5121: return "UNSIGNED_BYTE"
        case 5122: return "SHORT"
        case 5123: return "UNSIGNED_SHORT"
        case 5125: return "UNSIGNED_INT"
        case 5126: return "FLOAT"
        default: return "unknown"
        }
    }

    static func componentCount(_ type: String) -> Int? {
        switch type {
        case "SCALAR": return 1
        case "VEC2": return 2
        case "VEC3": return 3
        case "VEC4", "MAT2": return 4
        case "MAT3": return 9
        case "MAT4": return 16
        default: return nil
        }
    }

    func error(_ element: String, _ message: String) -> GLTFError {
        GLTFError(file: file, element: element, message: message)
    }

    /// Validates accessor `index` (used as `role`, e.g. "POSITION", which allows `types`) and proves its reads
    /// stay inside its view.
    func layout(_ index: Int, at element: String, role: String, types: [String]) throws -> Layout {
        guard index >= 0 && index < accessors.count else {
            throw error(element, "\(role) names accessor \(index), but there are \(accessors.count) accessors")
        }
        let a = accessors[index]
        guard a.count >= 0 else { throw error(element, "accessor \(index) has a negative count (\(a.count))") }
        guard a.count <= GLTFImporter.maxElements else {
            throw error(element, "accessor \(index) claims \(a.count) elements (the limit is \(GLTFImporter.maxElements))")
        }
        guard let size = GLTFAccessorReader.componentSize(a.componentType) else {
            throw error(element, "accessor \(index) has componentType \(a.componentType), which is not a glTF component type")
        }
        guard let n = GLTFAccessorReader.componentCount(a.type) else {
            throw error(element, "accessor \(index) has type '\(a.type)', which is not a glTF accessor type")
        }
        guard types.contains(a.type) else {
            throw error(element, "\(role) accessor \(index) is \(a.type), needs \(types.joined(separator: " or "))")
        }
        if role == "indices" {
            guard [5121, 5123, 5125].contains(a.componentType) else {
                throw error(element, "indices accessor \(index) has componentType \(a.componentType) (\(GLTFAccessorReader.componentName(a.componentType))), needs 5121, 5123 or 5125")
            }
        } else if a.componentType == 5125 {
            throw error(element, "\(role) accessor \(index) has componentType 5125 (UNSIGNED_INT), which only indices may use")
        }
        let normalized = a.normalized ?? false
        if normalized && (a.componentType == 5126 || a.componentType == 5125) {
            throw error(element, "accessor \(index) is normalized but its componentType is \(GLTFAccessorReader.componentName(a.componentType))")
        }
        let elementSize = size * n
        var layout = Layout(buffer: nil, start: 0, stride: elementSize, count: a.count, components: n,
                            componentType: a.componentType, normalized: normalized, type: a.type)
        guard let vi = a.bufferView else {
            // All zeros (sparse-only accessors): costs nothing to claim, so the claim is bounded separately.
            guard a.count <= GLTFAccessorReader.maxZeroFilled else {
                throw error(element, "accessor \(index) has no bufferView and claims \(a.count) zero elements (the limit is \(GLTFAccessorReader.maxZeroFilled))")
            }
            return layout
        }
        guard vi >= 0 && vi < views.count else {
            throw error(element, "accessor \(index) names bufferView \(vi), but there are \(views.count) bufferViews")
        }
        let view = views[vi]
        let offset = a.byteOffset ?? 0
        guard offset >= 0 && offset <= view.byteLength else {
            throw error(element, "accessor \(index) has byteOffset \(offset), outside bufferView \(vi) (\(view.byteLength) bytes)")
        }
        let stride = view.byteStride ?? elementSize
        guard stride >= elementSize else {
            throw error(element, "accessor \(index) has \(elementSize)-byte elements, wider than bufferView \(vi)'s byteStride \(stride)")
        }
        // count <= 2^28 and stride <= 252 (checked with the view), so this cannot overflow.
        let needed = a.count == 0 ? offset : offset + stride * (a.count - 1) + elementSize
        guard needed <= view.byteLength else {
            throw error(element, "accessor \(index) reads past the end of bufferView \(vi) (needs \(needed) bytes, has \(view.byteLength))")
        }
        layout.buffer = view.buffer
        layout.start = (view.byteOffset ?? 0) + offset
        layout.stride = stride
        return layout
    }

    /// Component `c` of element `i` as a Float, normalised when the accessor says so.
    @inline(__always)
    static func component(_ b: UnsafeRawBufferPointer, _ l: Layout, _ i: Int, _ c: Int) -> Float {
        let size = componentSize(l.componentType)!
        let at = l.start + i * l.stride + c * size
        switch l.componentType {
        case 5120:
            let v = Float(Int8(bitPattern: b[at]))
            return l.normalized ? Swift.max(v / 127, -1) : v
        case 5121:
            let v = Float(b[at])
            return l.normalized ? v / 255 : v
        case 5122:
            let v = Float(Int16(littleEndian: b.loadUnaligned(fromByteOffset: at, as: Int16.self)))
            return l.normalized ? Swift.max(v / 32767, -1) : v
        case 5123:
            let v = Float(UInt16(littleEndian: b.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
            return l.normalized ? v / 65535 : v
        case 5125:
            return Float(UInt32(littleEndian: b.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        default:
            return Float(bitPattern: UInt32(littleEndian: b.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        }
    }

    /// Reads an attribute accessor as `count * components` floats, after checking its type is one of `types`.
    func floats(_ index: Int, at element: String, role: String, types: [String]) throws -> (values: [Float], layout: Layout) {
        let l = try layout(index, at: element, role: role, types: types)
        let total = l.count * l.components
        var values: [Float]
        if let bi = l.buffer, l.componentType == 5126, l.stride == 4 * l.components, Self.littleEndianHost {
            // Tightly packed little-endian floats are already the array's bytes: one copy, no per-component work.
            values = buffers[bi].withUnsafeBytes { b in
                [Float](unsafeUninitializedCapacity: total) { out, initialized in
                    UnsafeMutableRawBufferPointer(out).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: b[l.start..<(l.start + 4 * total)]))
                    initialized = total
                }
            }
        } else if let bi = l.buffer {
            values = buffers[bi].withUnsafeBytes { b in
                [Float](unsafeUninitializedCapacity: total) { out, initialized in
                    for i in 0..<l.count {
                        for c in 0..<l.components { out[i * l.components + c] = GLTFAccessorReader.component(b, l, i, c) }
                    }
                    initialized = total
                }
            }
        } else {
            values = [Float](repeating: 0, count: total)
        }
        if let s = try sparse(index, of: l, at: element) {
            buffers[s.values.buffer!].withUnsafeBytes { b in
                for (k, i) in s.indices.enumerated() {
                    for c in 0..<l.components { values[i * l.components + c] = GLTFAccessorReader.component(b, s.values, k, c) }
                }
            }
        }
        return (values, l)
    }

    /// Reads an index accessor (SCALAR of UNSIGNED_BYTE, UNSIGNED_SHORT or UNSIGNED_INT).
    func indices(_ index: Int, at element: String) throws -> [UInt32] {
        let l = try layout(index, at: element, role: "indices", types: ["SCALAR"])
        var out: [UInt32]
        if let bi = l.buffer, l.componentType == 5125, l.stride == 4, Self.littleEndianHost {
            // Packed little-endian UNSIGNED_INT indices: copied as they are.
            out = buffers[bi].withUnsafeBytes { b in
                [UInt32](unsafeUninitializedCapacity: l.count) { out, initialized in
                    UnsafeMutableRawBufferPointer(out).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: b[l.start..<(l.start + 4 * l.count)]))
                    initialized = l.count
                }
            }
        } else if let bi = l.buffer {
            out = buffers[bi].withUnsafeBytes { b in
                [UInt32](unsafeUninitializedCapacity: l.count) { out, initialized in
                    for i in 0..<l.count { out[i] = GLTFAccessorReader.unsigned(b, l, i) }
                    initialized = l.count
                }
            }
        } else {
            out = [UInt32](repeating: 0, count: l.count)
        }
        if let s = try sparse(index, of: l, at: element) {
            buffers[s.values.buffer!].withUnsafeBytes { b in
                for (k, i) in s.indices.enumerated() { out[i] = GLTFAccessorReader.unsigned(b, s.values, k) }
            }
        }
        return out
    }

    /// glTF stores little-endian; on such a host packed FLOAT and UNSIGNED_INT data is copied as it is.
    static let littleEndianHost = UInt16(littleEndian: 1) == 1

    /// Element `i` of an UNSIGNED_BYTE, UNSIGNED_SHORT or UNSIGNED_INT layout.
    @inline(__always)
    static func unsigned(_ b: UnsafeRawBufferPointer, _ l: Layout, _ i: Int) -> UInt32 {
        let at = l.start + i * l.stride
        switch l.componentType {
        case 5121: return UInt32(b[at])
        case 5123: return UInt32(UInt16(littleEndian: b.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
        default: return UInt32(littleEndian: b.loadUnaligned(fromByteOffset: at, as: UInt32.self))
        }
    }
}
