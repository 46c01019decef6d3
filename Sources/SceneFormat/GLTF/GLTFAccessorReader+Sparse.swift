// GLTFAccessorReader+Sparse: a sparse accessor's replacement indices and values, checked against their views.

extension GLTFAccessorReader {
    /// The elements a sparse accessor replaces: `indices[k]` takes element `k` of `values` (same component type
    /// and count as the accessor, tightly packed).
    struct Sparse {
        var indices: [Int]
        var values: Layout
    }

    /// Reads and proves accessor `index`'s `sparse` block (nil when it has none), for an accessor whose base
    /// `layout` was already checked. Every offset and length is summed with overflow checks, every index is
    /// checked against the accessor's count and must increase (glTF 2.0 §3.6.2.3), so a hostile block fails
    /// with a message naming the accessor before anything past a view is read.
    func sparse(_ index: Int, of base: Layout, at element: String) throws -> Sparse? {
        guard let s = accessors[index].sparse else { return nil }
        let name = "accessor \(index) sparse"
        guard s.count >= 1 && s.count <= base.count else {
            throw error(element, "\(name) count \(s.count) is outside 1...\(base.count) (the accessor's count)")
        }
        guard [5121, 5123, 5125].contains(s.indices.componentType) else {
            throw error(element, "\(name) indices have componentType \(s.indices.componentType), needs 5121, 5123 or 5125")
        }
        let indexSize = GLTFAccessorReader.componentSize(s.indices.componentType)!
        let valueSize = GLTFAccessorReader.componentSize(base.componentType)! * base.components
        let idx = try packed(s.indices.bufferView, s.indices.byteOffset, count: s.count, size: indexSize,
                             what: "\(name) indices", at: element)
        var values = try packed(s.values.bufferView, s.values.byteOffset, count: s.count, size: valueSize,
                                what: "\(name) values", at: element)
        values.componentType = base.componentType
        values.components = base.components
        values.normalized = base.normalized
        values.type = base.type
        var indices = [Int](repeating: 0, count: s.count)
        var previous = -1
        try buffers[idx.buffer!].withUnsafeBytes { b in
            var l = idx
            l.componentType = s.indices.componentType
            for k in 0..<s.count {
                let i = Int(GLTFAccessorReader.unsigned(b, l, k))
                guard i < base.count else {
                    throw error(element, "\(name) index \(i) at position \(k) is out of range (\(base.count) elements)")
                }
                guard i > previous else {
                    throw error(element, "\(name) index \(i) at position \(k) does not increase (previous \(previous))")
                }
                indices[k] = i
                previous = i
            }
        }
        return Sparse(indices: indices, values: values)
    }

    /// A tightly packed run of `count` elements of `size` bytes in bufferView `vi` from `offset`, proven inside it.
    func packed(_ vi: Int, _ offset: Int?, count: Int, size: Int, what: String, at element: String) throws -> Layout {
        guard vi >= 0 && vi < views.count else {
            throw error(element, "\(what) name bufferView \(vi), but there are \(views.count) bufferViews")
        }
        let view = views[vi]
        if let stride = view.byteStride {
            throw error(element, "\(what) read bufferView \(vi), which has a byteStride (\(stride)); sparse data is tightly packed")
        }
        let start = offset ?? 0
        guard start >= 0 else { throw error(element, "\(what) have a negative byteOffset (\(start))") }
        let bytes = count.multipliedReportingOverflow(by: size)
        let end = start.addingReportingOverflow(bytes.partialValue)
        guard !bytes.overflow && !end.overflow && end.partialValue <= view.byteLength else {
            let needs = bytes.overflow || end.overflow ? "byteOffset \(start) + \(count) x \(size) bytes"
                                                       : "\(end.partialValue) bytes"
            throw error(element, "\(what) read past the end of bufferView \(vi) (needs \(needs), has \(view.byteLength))")
        }
        // The view itself lies inside its buffer (checkBufferViews), so start + length stays in the buffer.
        return Layout(buffer: view.buffer, start: (view.byteOffset ?? 0) + start, stride: size, count: count,
                      components: 1, componentType: 5121, normalized: false, type: "SCALAR")
    }
}
