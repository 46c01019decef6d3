// OpenTrackIODatagram: the 16-byte OpenTrackIO transport header and its Fletcher-16 checksum.

/// One OpenTrackIO datagram (opentrackio.org, transport section): a 16-byte big-endian header, then the payload.
///
/// | offset | bytes | field |
/// | --- | --- | --- |
/// | 0 | 4 | identifier "OTrk" (0x4F54726B) |
/// | 4 | 1 | reserved |
/// | 5 | 1 | encoding: 0x01 JSON, 0x02 CBOR (only JSON is read) |
/// | 6 | 2 | sequence number |
/// | 8 | 4 | segment offset (0 for a single-segment payload) |
/// | 12 | 2 | bit 15: last segment; bits 0–14: payload length |
/// | 14 | 2 | Fletcher-16 of bytes 0–13 and the payload |
///
/// Fletcher-16 here is sums mod 256 (OpenTrackIO 1.0.1); 1.0.0 senders used mod 255, which the decoder also accepts.
public struct OpenTrackIODatagram: Equatable, Sendable {
    public static let headerLength = 16
    public static let identifier: [UInt8] = Array("OTrk".utf8)
    public static let jsonEncoding: UInt8 = 0x01
    public static let maxPayload = 0x7FFF

    public var encoding: UInt8
    public var sequence: UInt16
    public var segmentOffset: UInt32
    public var lastSegment: Bool
    public var payload: [UInt8]

    public init(payload: [UInt8], sequence: UInt16, encoding: UInt8 = jsonEncoding,
                segmentOffset: UInt32 = 0, lastSegment: Bool = true) {
        self.payload = payload; self.sequence = sequence; self.encoding = encoding
        self.segmentOffset = segmentOffset; self.lastSegment = lastSegment
    }

    /// Fletcher-16: two running sums over `bytes` (mod `modulus`), the second in the high byte.
    public static func fletcher16<C: Collection>(_ parts: [C], modulus: UInt32 = 256) -> UInt16 where C.Element == UInt8 {
        var c0: UInt32 = 0, c1: UInt32 = 0
        for part in parts {
            for b in part {
                c0 = (c0 + UInt32(b)) % modulus
                c1 = (c1 + c0) % modulus
            }
        }
        return UInt16(c1 << 8 | c0)
    }

    /// Why a datagram is not a usable OpenTrackIO sample.
    public enum DecodeError: Error, Equatable, Sendable, CustomStringConvertible {
        case tooShort(Int)
        case badIdentifier
        case lengthMismatch(declared: Int, actual: Int)
        case badChecksum(expected: UInt16, found: UInt16)
        case unsupportedEncoding(UInt8)
        case segmented
        public var description: String {
            switch self {
            case .tooShort(let n): return "wrong length: \(n) bytes, shorter than the 16-byte OpenTrackIO header"
            case .badIdentifier: return "unknown packet type: no \"OTrk\" identifier"
            case .lengthMismatch(let d, let a): return "wrong length: header declares \(d) payload bytes, datagram has \(a)"
            case .badChecksum(let e, let f): return "bad checksum: Fletcher-16 0x\(hex16(f)) in the header, 0x\(hex16(e)) computed"
            case .unsupportedEncoding(let e): return "unsupported encoding 0x\(hex16(UInt16(e))) (only JSON, 0x01, is read)"
            case .segmented: return "unsupported: segmented payload (reassembly is not implemented)"
            }
        }
    }

    /// The datagram's bytes, checksum included. The payload must be at most 32767 bytes.
    public func encoded(checksumModulus: UInt32 = 256) -> [UInt8] {
        precondition(payload.count <= OpenTrackIODatagram.maxPayload, "OpenTrackIO payload beyond 32767 bytes")
        var h = OpenTrackIODatagram.identifier
        h += [0, encoding, UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
        h += [UInt8(segmentOffset >> 24), UInt8((segmentOffset >> 16) & 0xFF), UInt8((segmentOffset >> 8) & 0xFF),
              UInt8(segmentOffset & 0xFF)]
        let lf = UInt16(payload.count) | (lastSegment ? 0x8000 : 0)
        h += [UInt8(lf >> 8), UInt8(lf & 0xFF)]
        let sum = OpenTrackIODatagram.fletcher16([h[...], payload[...]], modulus: checksumModulus)
        h += [UInt8(sum >> 8), UInt8(sum & 0xFF)]
        return h + payload
    }

    /// Reads and checks a datagram. Only complete single-segment JSON payloads are accepted.
    public init(decoding b: [UInt8]) throws {
        let H = OpenTrackIODatagram.headerLength
        guard b.count >= H else { throw DecodeError.tooShort(b.count) }
        guard Array(b[0..<4]) == OpenTrackIODatagram.identifier else { throw DecodeError.badIdentifier }
        let lf = UInt16(b[12]) << 8 | UInt16(b[13])
        let length = Int(lf & 0x7FFF)
        guard H + length == b.count else { throw DecodeError.lengthMismatch(declared: length, actual: b.count - H) }
        let found = UInt16(b[14]) << 8 | UInt16(b[15])
        let expected = OpenTrackIODatagram.fletcher16([b[0..<14], b[H...]])
        if found != expected, found != OpenTrackIODatagram.fletcher16([b[0..<14], b[H...]], modulus: 255) {
            throw DecodeError.badChecksum(expected: expected, found: found)
        }
        encoding = b[5]
        sequence = UInt16(b[6]) << 8 | UInt16(b[7])
        segmentOffset = UInt32(b[8]) << 24 | UInt32(b[9]) << 16 | UInt32(b[10]) << 8 | UInt32(b[11])
        lastSegment = lf & 0x8000 != 0
        payload = Array(b[H...])
        guard encoding == OpenTrackIODatagram.jsonEncoding else { throw DecodeError.unsupportedEncoding(encoding) }
        guard lastSegment, segmentOffset == 0 else { throw DecodeError.segmented }
    }
}

func hex16(_ v: UInt16) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, (v > 0xFF ? 4 : 2) - s.count)) + s
}
