// OpenTrackIO: OpenTrackIO JSON samples (JSON Lines, an array, or one object) to a take and back.

import FoundationEssentials
import Geometry
import Takes

/// Reads and writes OpenTrackIO 1.0 samples (Docs/takes.md has the field map).
///
/// Axes: OpenTrackIO is right-handed, Z up, Y forward, like FreeD, so positions map by `TrackerAxes`.
/// Rotations are intrinsic Z-X-Y right-handed rotations (schema text): a positive pan about +Z turns the
/// camera left, so the scene's pan (positive right) is the negated OpenTrackIO pan; tilt and roll keep
/// their sign. A transform chain (Dolly → Crane → Camera) is composed in list order up to the transform with
/// id "Camera" (else the last): each transform is expressed in its parent's frame.
public enum OpenTrackIO {
    /// How to read a timecode at 30000/1001 or 60000/1001 that has no `dropFrame` flag of its own.
    public static let defaultDropFrame = true

    /// Reads every sample it can; a broken array (a stray `}`) ends the reading with a reject at its position.
    public static func read(_ bytes: [UInt8], dropFrame: Bool = defaultDropFrame) -> TakeReadResult {
        bytes.withUnsafeBufferPointer { readPieces($0, dropFrame: dropFrame).result }
    }

    /// Like `read`, but a broken array is an error naming its line and column ("line 1, column 2: unexpected
    /// '}' …"): the file is not an array of samples, so no take is made from the part before it.
    public static func readStrict(_ bytes: [UInt8], dropFrame: Bool = defaultDropFrame) throws(TakeFormatError) -> TakeReadResult {
        try bytes.withUnsafeBufferPointer { b throws(TakeFormatError) in try readStrict(b, dropFrame: dropFrame) }
    }

    /// `readStrict` on bytes in place (a take file's one buffer: no copy of it is made).
    public static func readStrict(_ bytes: UnsafeBufferPointer<UInt8>, dropFrame: Bool = defaultDropFrame) throws(TakeFormatError) -> TakeReadResult {
        let (r, broken) = readPieces(bytes, dropFrame: dropFrame)
        if let broken { throw broken }
        return r
    }

    /// A label that drop-frame skips (hh:m1:00;00 outside tenth minutes), read under an assumed drop-frame.
    struct NonDropLabel: Error, CustomStringConvertible {
        /// As written: "00:01:00:00".
        let label: String
        let rate: FrameRate
        var message: String { "timecode \(label) is not a valid label at \(rate)" }
        /// What a caller of `sample` that prints the error (the live decoder) says.
        var description: String { message }
    }

    /// The samples and rejects, and where the array broke (if it did).
    ///
    /// Two readings the file may leave open, settled from its own labels:
    /// - a timecode at 30000/1001 or 60000/1001 without `dropFrame` (the 1.0.0 schema has no such key) is read as
    ///   `dropFrame` says (drop-frame by default, as the schema's text calls 30000/1001 a drop-frame rate), unless a
    ///   label cannot exist in drop-frame (00:01:00:00): then the whole take is non-drop-frame, with a note;
    /// - samples faster than their timecode that repeat a label without `subFrame` are spread 1/`sampleRate` apart
    ///   within the frame (the schema: "the timecode frame rate may differ from the sample frequency"), with a note.
    private static func readPieces(_ bytes: UnsafeBufferPointer<UInt8>, dropFrame: Bool) -> (result: TakeReadResult, malformed: TakeFormatError?) {
        let first = readPieces(bytes, dropFrame: dropFrame, inferring: true)
        guard let label = first.nonDropLabel else { return (first.result, first.malformed) }
        var again = readPieces(bytes, dropFrame: false, inferring: false)
        again.result.noted += 1
        again.result.notes.insert(TakeReject(label.line, "the timecode at 30000/1001 or 60000/1001 carries no dropFrame "
            + "flag and \(label.text) cannot be a drop-frame label, so the take is read as non-drop-frame"), at: 0)
        return (again.result, again.malformed)
    }

    private static func readPieces(_ bytes: UnsafeBufferPointer<UInt8>, dropFrame: Bool, inferring: Bool)
        -> (result: TakeReadResult, malformed: TakeFormatError?, nonDropLabel: (line: TakeReject.Location, text: String)?) {
        var malformed: TakeFormatError?
        var sawDropFlag = false
        var nonDropLabel: (line: TakeReject.Location, text: String)?
        // A label repeated without subFrame: how many times so far, and how many samples were spread.
        var previousLabel: Timecode?
        var repeats = 0, spread = 0, spreadLine: Int?
        var samples = TakeSamples()
        var clock = TakeClock.Unwrapper()
        var rejects = TakeRejectLog()
        var notes = TakeRejectLog()
        /// The line each sample came from, in file order.
        var lines: [Int32] = []
        let decoder = JSONDecoder()
        var untimedIndex = 0
        JSONValueSplitter.forEachPiece(bytes) { piece in
            switch piece {
            case .reject(let line, let reason):
                rejects.add(TakeReject(.line(line), reason))
            case .malformed(let line, let column, let reason):
                rejects.add(TakeReject(.line(line), "column \(column): \(reason)"))
                malformed = TakeFormatError("line \(line), column \(column): \(reason)")
            case .value(let range, let line):
                do {
                    let raw = try OpenTrackIOSample.decode(json: UnsafeBufferPointer(rebasing: bytes[range]), with: decoder)
                    if raw.timing?.timecode?.dropFrame != nil { sawDropFlag = true }
                    var s = try sample(raw, dropFrame: dropFrame, untimedIndex: untimedIndex)
                    if raw.timing?.timecode == nil && raw.timing?.sampleTimestamp == nil { untimedIndex += 1 }
                    if let tc = s.timecode, raw.timing?.timecode?.subFrame == nil {
                        repeats = tc == previousLabel ? repeats + 1 : 0
                        previousLabel = tc
                        if repeats > 0, let r = raw.timing?.sampleRate, r.num > 0, r.denom > 0 {
                            let step = Double(r.denom) / Double(r.num)
                            if Double(repeats) * step < tc.rate.seconds(ofFrame: 1) - 1e-9 {
                                s.time += Double(repeats) * step
                                spread += 1
                                spreadLine = spreadLine ?? line
                            }
                        }
                    }
                    if let why = s.implausibility { throw TakeFormatError("absurd value: \(why)") }
                    if let why = s.lens.distortionImplausibility {
                        s.lens.distortion = nil
                        notes.add(TakeReject(.line(line), "\(why): the sample's lens distortion is ignored"))
                    }
                    guard samples.count < TakeReadResult.maxSamples else {
                        malformed = TakeReadResult.tooManySamples(TakeReadResult.maxSamples)
                        return false
                    }
                    clock.unwrap(&s)
                    samples.append(s)
                    lines.append(Int32(truncatingIfNeeded: line))
                } catch let e as NonDropLabel {
                    rejects.add(TakeReject(.line(line), e.message))
                    nonDropLabel = nonDropLabel ?? (.line(line), e.label)
                } catch let e as TakeFormatError {
                    rejects.add(TakeReject(.line(line), e.message))
                } catch {
                    rejects.add(TakeReject(.line(line), rejection(of: Array(bytes[range])[...], error)))
                }
            }
            return true
        }
        if spread > 0, let spreadLine {
            notes.insertFirst(TakeReject(.line(spreadLine), "\(spread) samples repeat their timecode label without subFrame: "
                + "placed 1/sampleRate apart within the frame, as subFrame would place them"))
        }
        let faults = TakeTimeFault.find(times: samples.times) { .line(Int(lines[$0])) }
        let inferred = inferring && !sawDropFlag && dropFrame ? nonDropLabel : nil
        return (TakeReadResult(take: Take(samples: samples), rejects: rejects.list, rejected: rejects.count, timeFaults: faults,
                               notes: notes.list, noted: notes.count), malformed, inferred)
    }

    /// The first number of a JSON text (outside strings) that is valid JSON but no finite Double (1e400): the
    /// decoder reports it only as "not valid JSON".
    static func outOfRangeNumber(_ json: ArraySlice<UInt8>) -> String? {
        var i = json.startIndex, inString = false
        while i < json.endIndex {
            let c = json[i]
            if inString {
                if c == 0x5C { i += 1 } else if c == 0x22 { inString = false }
            } else if c == 0x22 {
                inString = true
            } else if c == 0x2D || (c >= 0x30 && c <= 0x39) {
                let start = i
                while i < json.endIndex, [0x2B, 0x2D, 0x2E, 0x45, 0x65].contains(json[i]) || (json[i] >= 0x30 && json[i] <= 0x39) { i += 1 }
                let token = String(decoding: json[start..<i], as: UTF8.self)
                if let d = Double(token), !d.isFinite { return token }
                continue
            }
            i += 1
        }
        return nil
    }

    /// "01:00:00:30", as a timecode is written (`HH:MM:SS:FF`).
    static func label(_ tc: OpenTrackIOSample.TimecodeField) -> String {
        func two(_ v: Int) -> String { v >= 0 && v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(tc.hours)):\(two(tc.minutes)):\(two(tc.seconds)):\(two(tc.frames))"
    }

    /// One decoded sample in scene terms. Time: the timecode's seconds since midnight (plus `subFrame` sample
    /// intervals when samples come faster than the timecode rate), else the PTP sample timestamp, else the
    /// sample's index over `timing.sampleRate`. `timing.timecode.dropFrame` decides drop-frame where given,
    /// else `dropFrame` does (for 30000/1001 and 60000/1001 only).
    public static func sample(_ o: OpenTrackIOSample, dropFrame: Bool = defaultDropFrame, untimedIndex: Int = 0) throws -> TrackingSample {
        guard let transforms = o.transforms, !transforms.isEmpty else { throw TakeFormatError("no transforms") }
        let cameraIndex = transforms.lastIndex { $0.id == "Camera" } ?? transforms.count - 1
        let chain = transforms[...cameraIndex]
        for t in chain where t.translation == nil || t.rotation == nil {
            throw TakeFormatError("transform \(t.id.map { "'\($0)'" } ?? "") lacks translation or rotation")
        }
        // Every link's values as a single transform's are checked (a parent turned by 1e300° is no rig).
        for t in chain {
            let tr = t.translation!, r = t.rotation!
            let name = t.id.map { "'\($0)'" } ?? "in the chain"
            for (label, v) in [("pan", r.pan), ("tilt", r.tilt), ("roll", r.roll)]
            where !(abs(v) <= TrackingSample.maxAngleDegrees) {
                throw TakeFormatError("absurd value: transform \(name) \(label) \(v)° is beyond ±\(Int(TrackingSample.maxAngleDegrees))°")
            }
            for (label, v) in [("x", tr.x), ("y", tr.y), ("z", tr.z)] where !(abs(v) <= TrackingSample.maxPositionMetres) {
                throw TakeFormatError("absurd value: transform \(name) \(label) \(v) m is beyond ±\(Int(TrackingSample.maxPositionMetres)) m")
            }
        }
        var position = SIMD3<Double>(0, 0, 0)
        var orientation = Quaternion.identity
        for t in chain {
            let tr = t.translation!, r = t.rotation!
            position += orientation.rotate(TrackerAxes.toScene(SIMD3(tr.x, tr.y, tr.z)))
            orientation = (orientation * Quaternion(pan: 0 - r.pan, tilt: r.tilt, roll: r.roll)).normalized
        }
        let pan: Double, tilt: Double, roll: Double
        if chain.count == 1, let r = chain.first!.rotation {
            (pan, tilt, roll) = (0 - r.pan, r.tilt, r.roll)  // one transform: its angles as sent (turns beyond 360 kept)
        } else {
            (pan, tilt, roll) = orientation.panTiltRoll
        }
        var timecode: Timecode?
        if let tc = o.timing?.timecode {
            let droppable = tc.frameRate.denom == 1001 && (tc.frameRate.num == 30000 || tc.frameRate.num == 60000)
            if tc.dropFrame == true && !droppable {
                throw TakeFormatError("timecode says dropFrame at \(tc.frameRate.num)/\(tc.frameRate.denom), which has no drop-frame")
            }
            let df = droppable && (tc.dropFrame ?? dropFrame)
            guard let rate = FrameRate(numerator: tc.frameRate.num, denominator: tc.frameRate.denom, dropFrame: df) else {
                throw TakeFormatError("timecode frame rate \(tc.frameRate.num)/\(tc.frameRate.denom) is not usable")
            }
            guard let label = Timecode(hours: tc.hours, minutes: tc.minutes, seconds: tc.seconds, frames: tc.frames, rate: rate) else {
                if df, tc.dropFrame == nil, let ndf = FrameRate(numerator: tc.frameRate.num, denominator: tc.frameRate.denom),
                   Timecode(hours: tc.hours, minutes: tc.minutes, seconds: tc.seconds, frames: tc.frames, rate: ndf) != nil {
                    throw NonDropLabel(label: label(tc), rate: rate)
                }
                throw TakeFormatError("timecode \(label(tc)) is not a valid label at \(rate)")
            }
            timecode = label
        }
        let time: Double
        if let tc = timecode {
            var t = tc.secondsSinceMidnight
            if let sub = o.timing?.timecode?.subFrame, sub > 0 {
                // Samples faster than the timecode: subFrame counts sample intervals within the frame (at the
                // sampleRate; without one, two fields a frame as in interlaced video).
                let frame = tc.rate.seconds(ofFrame: 1)
                var step = frame / 2
                if let r = o.timing?.sampleRate, r.num > 0, r.denom > 0 { step = Double(r.denom) / Double(r.num) }
                guard Double(sub) * step < frame - 1e-9 else {
                    throw TakeFormatError("subFrame \(sub) is beyond the frame at the sample rate")
                }
                t += Double(sub) * step
            }
            time = t
        } else if let ts = o.timing?.sampleTimestamp {
            time = Double(ts.seconds) + Double(ts.nanoseconds) / 1e9
        } else if let r = o.timing?.sampleRate {
            guard r.num > 0, r.denom > 0 else {
                throw TakeFormatError("timing.sampleRate \(r.num)/\(r.denom) is not a rate, and there is no timecode or sampleTimestamp")
            }
            time = Double(untimedIndex) * Double(r.denom) / Double(r.num)
        } else {
            throw TakeFormatError("no time: neither timecode, sampleTimestamp nor sampleRate")
        }
        let l = o.lens
        var lens = LensSample(focalLength: l?.pinholeFocalLength, focusDistance: l?.focusDistance, fStop: l?.fStop,
                              entrancePupilOffset: l?.entrancePupilOffset)
        if let d = l?.distortion?.first {
            // The first distortion entry is the lens's (later ones are alternatives); no model means the
            // schema's default, Brown-Conrady D-U. Radial terms beyond k3 are not modelled.
            var model = LensDistortion.Model.distortedToUndistorted
            if let name = d.model {
                guard let m = LensDistortion.Model(name: name) else {
                    throw TakeFormatError("lens.distortion model '\(name)' is not Brown-Conrady U-D or D-U")
                }
                model = m
            }
            func at(_ a: [Double]?, _ i: Int) -> Double { a.flatMap { i < $0.count ? $0[i] : nil } ?? 0 }
            lens.distortion = LensDistortion(k1: at(d.radial, 0), k2: at(d.radial, 1), k3: at(d.radial, 2),
                                             p1: at(d.tangential, 0), p2: at(d.tangential, 1), model: model)
        }
        let enc = l?.rawEncoders
        return TrackingSample(time: time, timecode: timecode, position: position,
                              pan: pan, tilt: tilt, roll: roll, lens: lens,
                              raw: RawEncoders(zoom: enc?.zoom, focus: enc?.focus, iris: enc?.iris),
                              cameraID: o.sourceNumber)
    }

    /// A scene sample as OpenTrackIO fields (the inverse of `sample`; untimecoded samples get a
    /// sampleTimestamp from their time).
    public static func fields(_ s: TrackingSample) -> OpenTrackIOSample {
        let p = TrackerAxes.fromScene(s.position)
        var timing = OpenTrackIOSample.Timing()
        if let tc = s.timecode {
            let rate = OpenTrackIOSample.Rational(num: tc.rate.numerator, denom: tc.rate.denominator)
            let droppable = tc.rate.denominator == 1001 && (tc.rate.numerator == 30000 || tc.rate.numerator == 60000)
            timing.timecode = .init(hours: tc.hours, minutes: tc.minutes, seconds: tc.seconds, frames: tc.frames,
                                    frameRate: rate, subFrame: nil, dropFrame: droppable ? tc.rate.dropFrame : nil)
        } else {
            let t = Swift.max(0, s.time)
            var secs = Int(t.rounded(.down))
            var ns = Int(((t - Double(secs)) * 1e9).rounded())
            if ns >= 1_000_000_000 { secs += 1; ns -= 1_000_000_000 }
            timing.sampleTimestamp = .init(seconds: secs, nanoseconds: ns)
        }
        var lens = OpenTrackIOSample.Lens()
        lens.pinholeFocalLength = s.lens.focalLength
        lens.focusDistance = s.lens.focusDistance
        lens.fStop = s.lens.fStop
        lens.entrancePupilOffset = s.lens.entrancePupilOffset
        if let d = s.lens.distortion {
            lens.distortion = [.init(model: "Brown-Conrady " + d.model.rawValue, radial: [d.k1, d.k2, d.k3],
                                     tangential: [d.p1, d.p2], overscan: nil)]
        }
        if s.raw.zoom != nil || s.raw.focus != nil || s.raw.iris != nil {
            lens.rawEncoders = .init(focus: s.raw.focus, iris: s.raw.iris, zoom: s.raw.zoom)
        }
        return OpenTrackIOSample(
            protocol: .init(name: "OpenTrackIO", version: [1, 0, 0]), sourceNumber: s.cameraID, timing: timing,
            lens: lens == OpenTrackIOSample.Lens() ? nil : lens,
            transforms: [.init(translation: .init(x: p.x, y: p.y, z: p.z),
                               rotation: .init(pan: 0 - s.pan, tilt: s.tilt, roll: s.roll), id: "Camera")])
    }

    /// The take as JSON Lines (one compact object per sample, keys sorted), or as one JSON array.
    public static func write(_ take: Take, array: Bool = false) throws -> [UInt8] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var writer = OpenTrackIOSampleWriter()
        if array { writer.out += Array("[\n".utf8) }
        // Samples faster than their timecode (100 Hz under 25 fps labels) carry subFrame counts of sample
        // intervals at the take's sampleRate, as the reader expects.
        let rate = take.sourceRate.flatMap { r -> OpenTrackIOSample.Rational? in
            guard r.isFinite, r > 0, r < 1_000_000 else { return nil }
            var num = Int((r * 1000).rounded()), den = 1000
            func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
            let g = gcd(num, den)
            num /= g; den /= g
            return num > 0 ? .init(num: num, denom: den) : nil
        }
        // sampleTimestamp is a PTP time, never negative: clamping such times to 0 collapsed a take onto one instant.
        if let (i, s) = take.samples.enumerated().first(where: { $0.element.timecode == nil && $0.element.time < 0 }) {
            throw TakeFormatError("sample \(i + 1) is at \(s.time) s, before 0: OpenTrackIO's sampleTimestamp cannot "
                                  + "hold it (shift the take's times to start at 0 or later)")
        }
        for (k, s) in take.samples.enumerated() {
            var f = fields(s)
            if let tc = s.timecode, let rate, let within = s.timeBeyondTimecode {
                let step = Double(rate.denom) / Double(rate.num)
                let sub = Int((within / step).rounded())
                if sub > 0, Double(sub) * step < tc.rate.seconds(ofFrame: 1) - 1e-9 {
                    f.timing?.timecode?.subFrame = sub
                    f.timing?.sampleRate = rate
                }
            }
            if !writer.append(f) { writer.out += try enc.encode(f) }
            if array && k + 1 < take.samples.count { writer.out.append(UInt8(ascii: ",")) }
            writer.out.append(0x0A)
        }
        if array { writer.out += Array("]\n".utf8) }
        return writer.out
    }

    /// Why `json` is no OpenTrackIO sample, as the file reader and the live decoder both say it: a number beyond
    /// a 64-bit float named, a decoding error as `describe` words it (not Swift's `DecodingError.keyNotFound(...)`).
    public static func rejection(of json: ArraySlice<UInt8>, _ error: Error) -> String {
        guard let e = error as? DecodingError else { return "not an OpenTrackIO sample: \(error)" }
        if let big = outOfRangeNumber(json) { return "the number \(big) is beyond the range of a 64-bit float" }
        return "not an OpenTrackIO sample: \(describe(e))"
    }

    /// A decoding error as one sentence naming the field, without Swift's type names; pre-1.0 sample layouts (a
    /// `protocol` string, `timecode.format.frameRate`) are named as such.
    static func describe(_ e: DecodingError) -> String {
        func path(_ c: DecodingError.Context, _ last: CodingKey? = nil) -> String {
            (c.codingPath + (last.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacing(".[", with: "[")
        }
        let preOne = " (pre-1.0 OpenTrackIO; xrstudio reads 1.0 samples)"
        switch e {
        case .keyNotFound(let key, let c):
            let p = path(c, key)
            return "\(p) is missing" + (p == "timing.timecode.frameRate"
                ? " (pre-1.0 OpenTrackIO samples keep it in timing.timecode.format; xrstudio reads 1.0 samples)" : "")
        case .typeMismatch(let type, let c):
            let p = path(c)
            let want = type == String.self ? "a string" : type == Bool.self ? "true or false"
                : (type == Double.self || type == Int.self || type == Int64.self) ? "a number"
                : "\(type)".hasPrefix("Array") ? "an array" : "an object"
            return "\(p.isEmpty ? "the sample" : p) is not \(want)" + (p == "protocol" ? preOne : "")
        case .valueNotFound(_, let c):
            return "\(path(c)) is null"
        case .dataCorrupted(let c):
            let p = path(c)
            let under = (c.underlyingError.map { "\($0)" } ?? "")
            // A number that is valid JSON but beyond Double (1e400): say so, not "not valid JSON".
            if under.contains("not representable") || under.contains("Number") && under.contains("range") {
                return (p.isEmpty ? "" : "\(p): ") + "a number is out of range"
            }
            return p.isEmpty ? c.debugDescription : "\(p): \(c.debugDescription)"
        @unknown default:
            return "\(e)"
        }
    }
}
