// OpenTrackIOSampleWriter: a sample as compact JSON with sorted keys, the bytes JSONEncoder writes, without it.

import FoundationEssentials

/// Writes an `OpenTrackIOSample` as JSONEncoder does with `[.sortedKeys, .withoutEscapingSlashes]`: keys in byte
/// order, absent optionals left out, a Double as its shortest round-trip text with a trailing `.0` dropped (`35`,
/// `0.1`, `1e-07`, `1e+16`). JSONEncoder took about 15 µs a sample and an array per line: most of converting a long
/// take. A string that would need escaping (a quote, a backslash, a control or non-ASCII character) or a number
/// that is not finite makes `append` return false, and the caller encodes that sample with JSONEncoder;
/// `OpenTrackIOSampleWriterTests` holds the bytes to JSONEncoder's.
struct OpenTrackIOSampleWriter {
    var out: [UInt8] = []

    /// Appends the sample's JSON; false (and `out` as before) when JSONEncoder must write it.
    mutating func append(_ s: OpenTrackIOSample) -> Bool {
        let mark = out.count
        if write(s) { return true }
        out.removeSubrange(mark...)
        return false
    }

    private mutating func write(_ s: OpenTrackIOSample) -> Bool {
        var ok = true, firstKey = true
        open()
        if let l = s.lens { key("lens", &firstKey); ok = lens(l) && ok }
        if let p = s.protocol {
            key("protocol", &firstKey)
            var firstInner = true
            open()
            key("name", &firstInner); ok = string(p.name) && ok
            key("version", &firstInner); array(p.version) { $0.int($1) }
            close()
        }
        if let n = s.sourceNumber { key("sourceNumber", &firstKey); int(n) }
        if let t = s.timing { key("timing", &firstKey); timing(t) }
        if let ts = s.transforms { key("transforms", &firstKey); array(ts) { ok = $0.transform($1) && ok } }
        close()
        return ok
    }

    private mutating func lens(_ l: OpenTrackIOSample.Lens) -> Bool {
        var ok = true, firstKey = true
        open()
        if let d = l.distortion {
            key("distortion", &firstKey)
            array(d) { w, d in
                var firstInner = true
                w.open()
                if let m = d.model { w.key("model", &firstInner); ok = w.string(m) && ok }
                if let v = d.overscan { w.key("overscan", &firstInner); ok = w.double(v) && ok }
                if let r = d.radial { w.key("radial", &firstInner); w.array(r) { ok = $0.double($1) && ok } }
                if let t = d.tangential { w.key("tangential", &firstInner); w.array(t) { ok = $0.double($1) && ok } }
                w.close()
            }
        }
        if let v = l.entrancePupilOffset { key("entrancePupilOffset", &firstKey); ok = double(v) && ok }
        if let v = l.fStop { key("fStop", &firstKey); ok = double(v) && ok }
        if let v = l.focusDistance { key("focusDistance", &firstKey); ok = double(v) && ok }
        if let v = l.pinholeFocalLength { key("pinholeFocalLength", &firstKey); ok = double(v) && ok }
        if let e = l.rawEncoders {
            key("rawEncoders", &firstKey)
            var firstInner = true
            open()
            if let v = e.focus { key("focus", &firstInner); int(v) }
            if let v = e.iris { key("iris", &firstInner); int(v) }
            if let v = e.zoom { key("zoom", &firstInner); int(v) }
            close()
        }
        close()
        return ok
    }

    private mutating func timing(_ t: OpenTrackIOSample.Timing) {
        var firstKey = true
        open()
        if let r = t.sampleRate { key("sampleRate", &firstKey); rational(r) }
        if let ts = t.sampleTimestamp {
            key("sampleTimestamp", &firstKey)
            var firstInner = true
            open()
            key("nanoseconds", &firstInner); int(ts.nanoseconds)
            key("seconds", &firstInner); int(ts.seconds)
            close()
        }
        if let tc = t.timecode {
            key("timecode", &firstKey)
            var firstInner = true
            open()
            if let d = tc.dropFrame { key("dropFrame", &firstInner); bytes(d ? "true" : "false") }
            key("frameRate", &firstInner); rational(tc.frameRate)
            key("frames", &firstInner); int(tc.frames)
            key("hours", &firstInner); int(tc.hours)
            key("minutes", &firstInner); int(tc.minutes)
            key("seconds", &firstInner); int(tc.seconds)
            if let s = tc.subFrame { key("subFrame", &firstInner); int(s) }
            close()
        }
        close()
    }

    private mutating func rational(_ r: OpenTrackIOSample.Rational) {
        var firstKey = true
        open()
        key("denom", &firstKey); int(r.denom)
        key("num", &firstKey); int(r.num)
        close()
    }

    private mutating func transform(_ t: OpenTrackIOSample.Transform) -> Bool {
        var ok = true, firstKey = true
        open()
        if let id = t.id { key("id", &firstKey); ok = string(id) }
        if let r = t.rotation {
            key("rotation", &firstKey)
            var firstInner = true
            open()
            key("pan", &firstInner); ok = double(r.pan) && ok
            key("roll", &firstInner); ok = double(r.roll) && ok
            key("tilt", &firstInner); ok = double(r.tilt) && ok
            close()
        }
        if let v = t.translation {
            key("translation", &firstKey)
            var firstInner = true
            open()
            key("x", &firstInner); ok = double(v.x) && ok
            key("y", &firstInner); ok = double(v.y) && ok
            key("z", &firstInner); ok = double(v.z) && ok
            close()
        }
        close()
        return ok
    }

    // MARK: JSON values

    mutating func open() { out.append(UInt8(ascii: "{")) }
    mutating func close() { out.append(UInt8(ascii: "}")) }

    /// `"key":`, after a comma unless it is the object's first (`first` is then cleared).
    mutating func key(_ k: StaticString, _ first: inout Bool) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        out.append(UInt8(ascii: "\""))
        bytes(k)
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    mutating func bytes(_ s: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    mutating func array<T>(_ items: [T], _ element: (inout OpenTrackIOSampleWriter, T) -> Void) {
        out.append(UInt8(ascii: "["))
        for (k, item) in items.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            element(&self, item)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func int(_ v: Int) { out.append(contentsOf: v.description.utf8) }

    /// JSONEncoder's text for a finite Double: its description without a trailing `.0`.
    mutating func double(_ v: Double) -> Bool {
        guard v.isFinite else { return false }
        let text = v.description.utf8
        if text.count >= 2, text.suffix(2).elementsEqual([UInt8(ascii: "."), UInt8(ascii: "0")]) {
            out.append(contentsOf: text.dropLast(2))
        } else {
            out.append(contentsOf: text)
        }
        return true
    }

    /// A string that needs no escaping (printable ASCII without `"` or `\`); false for any other.
    mutating func string(_ s: String) -> Bool {
        let u = s.utf8
        guard u.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else {
            return false
        }
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: u)
        out.append(UInt8(ascii: "\""))
        return true
    }
}
