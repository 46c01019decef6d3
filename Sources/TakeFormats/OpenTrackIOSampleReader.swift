// OpenTrackIOSampleReader: OpenTrackIO samples decoded straight from their bytes, falling back to JSONDecoder.

import FoundationEssentials

extension OpenTrackIOSample {
    /// Decodes one sample: the plain JSON that trackers send by `OpenTrackIOSampleReader`, anything else by
    /// `decoder`, so every text gets exactly JSONDecoder's sample or JSONDecoder's error.
    public static func decode(json: ArraySlice<UInt8>, with decoder: JSONDecoder) throws -> OpenTrackIOSample {
        try json.withUnsafeBufferPointer { try decode(json: $0, with: decoder) }
    }

    /// The same, from bytes in place (a take file's one buffer).
    public static func decode(json: UnsafeBufferPointer<UInt8>, with decoder: JSONDecoder) throws -> OpenTrackIOSample {
        if let s = OpenTrackIOSampleReader.read(json) { return s }
        return try decoder.decode(OpenTrackIOSample.self, from: Data(buffer: json))
    }
}

/// Reads a sample in one pass over its bytes, without JSONDecoder's tree and Codable containers (which took
/// about 15 µs a sample: most of reading a long take).
///
/// It reads only what it reads exactly as JSONDecoder does and gives up (nil) on anything else, for JSONDecoder
/// to decode or to explain: any JSON that is not strict (numbers `-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?`, the four
/// whitespace bytes, no trailing commas), a backslash, a control byte or a byte of 0x7F and over in a string,
/// nesting deeper than 32, a known key given twice, a value of the wrong type or `null` where one is required, an
/// integer with a fraction, an exponent, a minus zero or more than 18 digits, a number beyond a Double or one that
/// underflows to zero. Unknown keys are skipped (JSONDecoder ignores them) after being checked as strictly.
/// `OpenTrackIOSampleReaderTests` holds it to JSONDecoder on mutations of the official examples.
struct OpenTrackIOSampleReader {
    /// Thrown to give up; the caller falls back to JSONDecoder.
    struct GiveUp: Error {}

    /// An object key: its bytes between the quotes (never escaped: a backslash gives up).
    struct Key {
        let bytes: UnsafeBufferPointer<UInt8>
        static func ~= (name: StaticString, key: Key) -> Bool {
            key.bytes.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        }
    }

    /// The sample's bytes, and where reading has got to.
    let text: UnsafeBufferPointer<UInt8>
    var pos = 0
    var depth = 0
    /// The object just opened has had no member yet (its first key takes no comma).
    var firstMember = false

    static func read(_ json: ArraySlice<UInt8>) -> OpenTrackIOSample? {
        json.withUnsafeBufferPointer { read($0) }
    }

    static func read(_ buf: UnsafeBufferPointer<UInt8>) -> OpenTrackIOSample? {
        var r = OpenTrackIOSampleReader(text: buf)
        do {
            r.space()
            guard let s = try r.sample() else { return nil }  // a top-level null is JSONDecoder's to refuse
            r.space()
            return r.pos == buf.count ? s : nil
        } catch {
            return nil
        }
    }

    // MARK: The sample's objects

    mutating func sample() throws(GiveUp) -> OpenTrackIOSample? {
        guard try open() else { return nil }
        var s = OpenTrackIOSample()
        var seen: UInt32 = 0
        while let key = try nextKey() {
            switch key {
            case "protocol": try once(&seen, 0); s.protocol = try protocolField()
            case "sourceNumber": try once(&seen, 1); s.sourceNumber = try optionalInt()
            case "timing": try once(&seen, 2); s.timing = try timing()
            case "lens": try once(&seen, 3); s.lens = try lens()
            case "transforms": try once(&seen, 4); s.transforms = try array { (r: inout Self) throws(GiveUp) in try r.transform() }
            default: try skipValue()
            }
        }
        return s
    }

    mutating func protocolField() throws(GiveUp) -> OpenTrackIOSample.ProtocolField? {
        guard try open() else { return nil }
        var name: String?, version: [Int]?
        var seen: UInt32 = 0
        while let key = try nextKey() {
            switch key {
            case "name": try once(&seen, 0); name = try string()
            case "version": try once(&seen, 1); version = try array { (r: inout Self) throws(GiveUp) in try r.int() }
            default: try skipValue()
            }
        }
        guard let name, let version else { throw GiveUp() }
        return OpenTrackIOSample.ProtocolField(name: name, version: version)
    }

    mutating func timing() throws(GiveUp) -> OpenTrackIOSample.Timing? {
        guard try open() else { return nil }
        var t = OpenTrackIOSample.Timing()
        var seen: UInt32 = 0
        while let key = try nextKey() {
            switch key {
            case "sampleRate": try once(&seen, 0); t.sampleRate = try rational()
            case "timecode": try once(&seen, 1); t.timecode = try timecode()
            case "sampleTimestamp": try once(&seen, 2); t.sampleTimestamp = try timestamp()
            default: try skipValue()
            }
        }
        return t
    }

    mutating func rational() throws(GiveUp) -> OpenTrackIOSample.Rational? {
        guard try open() else { return nil }
        var num: Int?, denom: Int?
        var seen: UInt32 = 0
        while let key = try nextKey() {
            switch key {
            case "num": try once(&seen, 0); num = try int()
            case "denom": try once(&seen, 1); denom = try int()
            default: try skipValue()
            }
        }
        guard let num, let denom else { throw GiveUp() }
        return OpenTrackIOSample.Rational(num: num, denom: denom)
    }

    mutating func timecode() throws(GiveUp) -> OpenTrackIOSample.TimecodeField? {
        guard try open() else { return nil }
        var h: Int?, m: Int?, s: Int?, f: Int?, rate: OpenTrackIOSample.Rational?, sub: Int?, drop: Bool?
        var seen: UInt32 = 0
        while let key = try nextKey() {
            switch key {
            case "hours": try once(&seen, 0); h = try int()
            case "minutes": try once(&seen, 1); m = try int()
            case "seconds": try once(&seen, 2); s = try int()
            case "frames": try once(&seen, 3); f = try int()
            case "frameRate": try once(&seen, 4); rate = try rational(); if rate == nil { throw GiveUp() }
            case "subFrame": try once(&seen, 5); sub = try optionalInt()
            case "dropFrame": try once(&seen, 6); drop = try optionalBool()
            default: try skipValue()
            }
        }
        guard let h, let m, let s, let f, let rate else { throw GiveUp() }
        return OpenTrackIOSample.TimecodeField(hours: h, minutes: m, seconds: s, frames: f, frameRate: rate,
                                               subFrame: sub, dropFrame: drop)
    }

    mutating func timestamp() throws(GiveUp) -> OpenTrackIOSample.Timestamp? {
        guard try open() else { return nil }
        var seconds: Int?, nanoseconds: Int?
        var seen: UInt32 = 0
        while let key = try nextKey() {
            switch key {
            case "seconds": try once(&seen, 0); seconds = try int()
            case "nanoseconds": try once(&seen, 1); nanoseconds = try int()
            default: try skipValue()
            }
        }
        guard let seconds, let nanoseconds else { throw GiveUp() }
        return OpenTrackIOSample.Timestamp(seconds: seconds, nanoseconds: nanoseconds)
    }

    mutating func lens() throws(GiveUp) -> OpenTrackIOSample.Lens? {
        guard try open() else { return nil }
        var l = OpenTrackIOSample.Lens()
        var seen: UInt32 = 0
        while let key = try nextKey() {
            switch key {
            case "pinholeFocalLength": try once(&seen, 0); l.pinholeFocalLength = try optionalDouble()
            case "focusDistance": try once(&seen, 1); l.focusDistance = try optionalDouble()
            case "fStop": try once(&seen, 2); l.fStop = try optionalDouble()
            case "entrancePupilOffset": try once(&seen, 3); l.entrancePupilOffset = try optionalDouble()
            case "distortion": try once(&seen, 4); l.distortion = try array { (r: inout Self) throws(GiveUp) in try r.distortion() }
            case "rawEncoders": try once(&seen, 5); l.rawEncoders = try encoders()
            default: try skipValue()
            }
        }
        return l
    }

    mutating func distortion() throws(GiveUp) -> OpenTrackIOSample.Distortion {
        guard try open() else { throw GiveUp() }  // an element of a [Distortion] may not be null
        var d = OpenTrackIOSample.Distortion()
        var seen: UInt32 = 0
        while let key = try nextKey() {
            switch key {
            case "model": try once(&seen, 0); d.model = try optionalString()
            case "radial": try once(&seen, 1); d.radial = try array { (r: inout Self) throws(GiveUp) in try r.double() }
            case "tangential": try once(&seen, 2); d.tangential = try array { (r: inout Self) throws(GiveUp) in try r.double() }
            case "overscan": try once(&seen, 3); d.overscan = try optionalDouble()
            default: try skipValue()
            }
        }
        return d
    }

    mutating func encoders() throws(GiveUp) -> OpenTrackIOSample.Encoders? {
        guard try open() else { return nil }
        var e = OpenTrackIOSample.Encoders()
        var seen: UInt32 = 0
        while let key = try nextKey() {
            switch key {
            case "focus": try once(&seen, 0); e.focus = try optionalInt()
            case "iris": try once(&seen, 1); e.iris = try optionalInt()
            case "zoom": try once(&seen, 2); e.zoom = try optionalInt()
            default: try skipValue()
            }
        }
        return e
    }

    mutating func transform() throws(GiveUp) -> OpenTrackIOSample.Transform {
        guard try open() else { throw GiveUp() }
        var t = OpenTrackIOSample.Transform()
        var seen: UInt32 = 0
        while let key = try nextKey() {
            switch key {
            case "translation": try once(&seen, 0); t.translation = try vector()
            case "rotation": try once(&seen, 1); t.rotation = try rotation()
            case "id": try once(&seen, 2); t.id = try optionalString()
            default: try skipValue()
            }
        }
        return t
    }

    mutating func vector() throws(GiveUp) -> OpenTrackIOSample.Vector? {
        guard try open() else { return nil }
        var x: Double?, y: Double?, z: Double?
        var seen: UInt32 = 0
        while let key = try nextKey() {
            switch key {
            case "x": try once(&seen, 0); x = try double()
            case "y": try once(&seen, 1); y = try double()
            case "z": try once(&seen, 2); z = try double()
            default: try skipValue()
            }
        }
        guard let x, let y, let z else { throw GiveUp() }
        return OpenTrackIOSample.Vector(x: x, y: y, z: z)
    }

    mutating func rotation() throws(GiveUp) -> OpenTrackIOSample.Rotation? {
        guard try open() else { return nil }
        var pan: Double?, tilt: Double?, roll: Double?
        var seen: UInt32 = 0
        while let key = try nextKey() {
            switch key {
            case "pan": try once(&seen, 0); pan = try double()
            case "tilt": try once(&seen, 1); tilt = try double()
            case "roll": try once(&seen, 2); roll = try double()
            default: try skipValue()
            }
        }
        guard let pan, let tilt, let roll else { throw GiveUp() }
        return OpenTrackIOSample.Rotation(pan: pan, tilt: tilt, roll: roll)
    }
}
