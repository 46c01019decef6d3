// FreeDPacket: one 29-byte FreeD D1 message, decoded to degrees and millimetres and encoded back.

/// A FreeD D1 packet (Vinten free-d manual V1.4.4, A.3.2; layout in notes/tracking-protocols.md), in the
/// tracker's own axes: right-handed, Z up, pan 0 looking along +Y, positive pan turning right, positive
/// tilt looking up. Angles are 24-bit two's complement in 1/32768 degree, positions in 1/64 mm, zoom and
/// focus unsigned 24-bit raw encoder counts, then a 16-bit spare field and the checksum.
public struct FreeDPacket: Hashable, Sendable {
    public static let length = 29
    public static let type: UInt8 = 0xD1

    public var cameraID: UInt8
    /// Degrees.
    public var pan: Double
    public var tilt: Double
    public var roll: Double
    /// Millimetres, FreeD axes (Z up).
    public var x: Double
    public var y: Double
    public var z: Double
    public var zoom: UInt32
    public var focus: UInt32
    public var user: UInt16

    public init(cameraID: UInt8, pan: Double, tilt: Double, roll: Double, x: Double, y: Double, z: Double,
                zoom: UInt32, focus: UInt32, user: UInt16) {
        self.cameraID = cameraID; self.pan = pan; self.tilt = tilt; self.roll = roll
        self.x = x; self.y = y; self.z = z; self.zoom = zoom; self.focus = focus; self.user = user
    }

    /// Units per degree (angles) and per millimetre (positions).
    public static let angleScale = 32768.0
    public static let positionScale = 64.0
    /// The 24-bit signed range: ±8388607 units, i.e. ±255.99997° and ±131071.98 mm.
    public static let int24Range = -8_388_608...8_388_607

    /// Why a decode failed.
    public enum DecodeError: Error, Equatable, Sendable, CustomStringConvertible {
        case wrongLength(Int)
        case unknownType(UInt8)
        case badChecksum(expected: UInt8, found: UInt8)
        public var description: String {
            switch self {
            case .wrongLength(let n): return "wrong length: \(n) bytes, a D1 packet is 29"
            case .unknownType(let t): return "unknown packet type 0x\(hex(t)) (only 0xD1 is read)"
            case .badChecksum(let e, let f): return "bad checksum: 0x\(hex(f)) in the packet, 0x\(hex(e)) computed"
            }
        }
    }

    /// (0x40 − the sum of `bytes`) mod 256: the checksum of a packet's first 28 bytes.
    public static func checksum<C: Collection>(_ bytes: C) -> UInt8 where C.Element == UInt8 {
        bytes.reduce(UInt8(0x40)) { $0 &- $1 }
    }

    /// Decodes exactly 29 bytes.
    public init<C: Collection>(decoding bytes: C) throws where C.Element == UInt8 {
        let b = Array(bytes)
        guard b.count == FreeDPacket.length else { throw DecodeError.wrongLength(b.count) }
        guard b[0] == FreeDPacket.type else { throw DecodeError.unknownType(b[0]) }
        let sum = FreeDPacket.checksum(b[0..<28])
        guard sum == b[28] else { throw DecodeError.badChecksum(expected: sum, found: b[28]) }
        func u24(_ o: Int) -> UInt32 { UInt32(b[o]) << 16 | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) }
        func s24(_ o: Int) -> Int32 { Int32(bitPattern: u24(o) << 8) >> 8 }  // sign-extend bit 23
        cameraID = b[1]
        pan = Double(s24(2)) / FreeDPacket.angleScale
        tilt = Double(s24(5)) / FreeDPacket.angleScale
        roll = Double(s24(8)) / FreeDPacket.angleScale
        x = Double(s24(11)) / FreeDPacket.positionScale
        y = Double(s24(14)) / FreeDPacket.positionScale
        z = Double(s24(17)) / FreeDPacket.positionScale
        zoom = u24(20)
        focus = u24(23)
        user = UInt16(b[26]) << 8 | UInt16(b[27])
    }

    /// The 29 bytes, values rounded to the nearest unit. Throws when a value does not fit 24 bits.
    public func encoded() throws -> [UInt8] {
        var b: [UInt8] = [FreeDPacket.type, cameraID]
        func put(_ v: Double, _ scale: Double, _ name: String) throws {
            let units = (v * scale).rounded()
            guard units.isFinite, Double(FreeDPacket.int24Range.lowerBound) <= units,
                  units <= Double(FreeDPacket.int24Range.upperBound) else {
                throw TakeFormatError("FreeD cannot carry \(name) \(v): beyond the 24-bit range")
            }
            let u = UInt32(bitPattern: Int32(units)) & 0xFF_FFFF
            b += [UInt8(u >> 16), UInt8((u >> 8) & 0xFF), UInt8(u & 0xFF)]
        }
        func putU(_ u: UInt32, _ name: String) throws {
            guard u <= 0xFF_FFFF else { throw TakeFormatError("FreeD cannot carry \(name) \(u): beyond 24 bits") }
            b += [UInt8(u >> 16), UInt8((u >> 8) & 0xFF), UInt8(u & 0xFF)]
        }
        try put(pan, FreeDPacket.angleScale, "pan")
        try put(tilt, FreeDPacket.angleScale, "tilt")
        try put(roll, FreeDPacket.angleScale, "roll")
        try put(x, FreeDPacket.positionScale, "X (mm)")
        try put(y, FreeDPacket.positionScale, "Y (mm)")
        try put(z, FreeDPacket.positionScale, "Z (mm)")
        try putU(zoom, "zoom")
        try putU(focus, "focus")
        b += [UInt8(user >> 8), UInt8(user & 0xFF)]
        b.append(FreeDPacket.checksum(b))
        return b
    }
}

func hex(_ v: UInt8) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return s.count < 2 ? "0" + s : s
}
