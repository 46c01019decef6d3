// LiveDecoder: one UDP datagram to one tracking sample, or a counted reason why not.

import FoundationEssentials
import TakeFormats
import Takes

/// The live protocols: FreeD D1 (one 29-byte packet per datagram) or OpenTrackIO (header + JSON).
public enum LiveFormat: String, Sendable, CaseIterable {
    case freed
    case openTrackIO = "opentrackio"
}

/// Why a datagram was rejected (the counters of `LiveStats`).
public enum RejectReason: String, Sendable, CaseIterable, Comparable {
    case badChecksum = "bad checksum"
    case wrongLength = "wrong length"
    case unknownType = "unknown type"
    case unsupported = "unsupported"
    case badPayload = "bad payload"
    case absurdValue = "absurd value"

    public static func < (a: RejectReason, b: RejectReason) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A rejected datagram: the counter it goes to, and the decoder's message.
public struct LiveReject: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: RejectReason
    public var message: String
    public init(_ reason: RejectReason, _ message: String) { self.reason = reason; self.message = message }
    public var description: String { message }
}

/// A sample as received: the decoded sample, and when the datagram arrived.
public struct LiveSample: Sendable, Equatable {
    /// FreeD: the arrival time (seconds since the receiver started). OpenTrackIO: the sample's own time
    /// (timecode or sampleTimestamp) when it has one, else the arrival time.
    public var sample: TrackingSample
    /// Seconds since the receiver started, on the monotonic clock.
    public var arrival: Double
    /// Whether `sample.time` came from the source (OpenTrackIO timing) rather than arrival.
    public var sourceTimed: Bool

    public init(sample: TrackingSample, arrival: Double, sourceTimed: Bool) {
        self.sample = sample
        self.arrival = arrival
        self.sourceTimed = sourceTimed
    }
}

public enum LiveDecoder {
    // OpenTrackIOSample's nested types have no public initialisers: build the two values once from JSON.
    private static let unitRate = try! JSONDecoder().decode(OpenTrackIOSample.Rational.self,
                                                            from: Data(#"{"num":1,"denom":1}"#.utf8))
    private static let emptyTiming = try! JSONDecoder().decode(OpenTrackIOSample.Timing.self, from: Data("{}".utf8))

    /// Decodes one datagram; throws `LiveReject`. `arrival` becomes the time of untimed samples; `freedLens`
    /// says what FreeD's zoom and focus hold.
    public static func decode(_ bytes: [UInt8], format: LiveFormat, arrival: Double,
                              freedLens: FreeDCapture.LensEncoding = .raw) throws -> LiveSample {
        try decodeNoted(bytes, format: format, arrival: arrival, freedLens: freedLens).sample
    }

    /// `decode`, with what was left out of the sample as the file readers leave it out (an implausible lens
    /// distortion: the reason), else nil. The note is the caller's to count; samples do not carry it.
    public static func decodeNoted(_ bytes: [UInt8], format: LiveFormat, arrival: Double,
                                   freedLens: FreeDCapture.LensEncoding = .raw) throws -> (sample: LiveSample, note: String?) {
        switch format {
        case .freed:
            let p: FreeDPacket
            do {
                p = try FreeDPacket(decoding: bytes)
            } catch let e as FreeDPacket.DecodeError {
                switch e {
                case .wrongLength: throw LiveReject(.wrongLength, e.description)
                case .unknownType: throw LiveReject(.unknownType, e.description)
                case .badChecksum: throw LiveReject(.badChecksum, e.description)
                }
            }
            let s = FreeDCapture.sample(p, time: arrival, lens: freedLens)
            if let why = s.implausibility { throw LiveReject(.absurdValue, "absurd value: \(why)") }
            return (LiveSample(sample: s, arrival: arrival, sourceTimed: false), nil)
        case .openTrackIO:
            let d: OpenTrackIODatagram
            do {
                d = try OpenTrackIODatagram(decoding: bytes)
            } catch let e as OpenTrackIODatagram.DecodeError {
                switch e {
                case .tooShort, .lengthMismatch: throw LiveReject(.wrongLength, e.description)
                case .badIdentifier: throw LiveReject(.unknownType, e.description)
                case .badChecksum: throw LiveReject(.badChecksum, e.description)
                case .unsupportedEncoding, .segmented: throw LiveReject(.unsupported, e.description)
                }
            }
            var raw: OpenTrackIOSample
            do {
                raw = try OpenTrackIOSample.decode(json: d.payload[...], with: JSONDecoder())
            } catch {
                throw LiveReject(.badPayload, OpenTrackIO.rejection(of: d.payload[...], error))
            }
            let timed = raw.timing?.timecode != nil || raw.timing?.sampleTimestamp != nil
            if !timed {
                // Live samples without a source time are put at their arrival time.
                var t = raw.timing ?? emptyTiming
                t.sampleRate = unitRate
                raw.timing = t
            }
            var s: TrackingSample
            do {
                s = try OpenTrackIO.sample(raw, untimedIndex: 0)
            } catch {
                // The reader's plausibility checks (a transform's angles, say) say "absurd value: …".
                let text = "\(error)"
                throw LiveReject(text.hasPrefix("absurd value") ? .absurdValue : .badPayload, text)
            }
            if !timed { s.time = arrival }
            if let why = s.implausibility { throw LiveReject(.absurdValue, "absurd value: \(why)") }
            // As `take info`/`take convert` read the same bytes: a distortion no lens has is left out, the pose kept.
            var note: String?
            if let why = s.lens.distortionImplausibility {
                s.lens.distortion = nil
                note = "\(why): the sample's lens distortion is ignored"
            }
            return (LiveSample(sample: s, arrival: arrival, sourceTimed: timed), note)
        }
    }

    /// An OpenTrackIO datagram carrying `sample` as compact JSON (the inverse of `decode`, for tests and senders).
    public static func openTrackIODatagram(_ sample: TrackingSample, sequence: UInt16) throws -> [UInt8] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let payload = Array(try enc.encode(OpenTrackIO.fields(sample)))
        return OpenTrackIODatagram(payload: payload, sequence: sequence).encoded()
    }
}
