// FreeDCapture: a raw FreeD capture file (D1 packets back to back) to a take and back, skipping bad packets.

import Takes

/// Reads and writes captures of FreeD D1 packets stored back to back (no framing, no timestamps).
///
/// FreeD carries no time: packet k of the file (counting skipped packets, which held a slot) is put at
/// k / `rate` seconds. Zoom and focus are vendor encoder counts, kept as `RawEncoders`; with
/// `lens: .ptzScaled` they are also read as focal length × 100 and focus distance in millimetres × 10
/// (one PTZ vendor's convention), the same scaling the writer uses when a sample has no raw values.
public enum FreeDCapture {
    public enum LensEncoding: String, Sendable, CaseIterable {
        /// Zoom and focus are raw counts: kept as raw, no focal length.
        case raw
        /// zoom = focal length mm × 100; focus = focus distance mm × 10.
        case ptzScaled = "ptz"
    }

    public static let defaultRate = FrameRate.fps50

    /// Decodes a capture. Never throws: a packet that is not a well-formed D1 is reported with its byte offset
    /// and skipped; after junk the reader resynchronises on the next 0xD1 that starts a packet with a good checksum.
    public static func read(_ bytes: [UInt8], rate: FrameRate = defaultRate, lens: LensEncoding = .raw) -> TakeReadResult {
        var samples: [TrackingSample] = []
        var rejects: [TakeReject] = []
        let n = bytes.count, L = FreeDPacket.length
        var o = 0
        var slot = 0
        func validAt(_ p: Int) -> Bool {
            p + L <= n && bytes[p] == FreeDPacket.type && FreeDPacket.checksum(bytes[p..<(p + 28)]) == bytes[p + 28]
        }
        /// The next offset after `from` where a valid packet starts (or a 0xD1 that is cut off by the end).
        func resync(from: Int) -> Int {
            var p = from
            while p < n {
                if bytes[p] == FreeDPacket.type && (validAt(p) || p + L > n) { return p }
                p += 1
            }
            return n
        }
        while o < n {
            if bytes[o] != FreeDPacket.type {
                let next = resync(from: o + 1)
                rejects.append(TakeReject(.byteOffset(o), "unknown packet type 0x\(hex(bytes[o])); skipped \(next - o) bytes"))
                o = next
                slot += 1
                continue
            }
            if o + L > n {
                rejects.append(TakeReject(.byteOffset(o), "truncated packet: \(n - o) of \(L) bytes at the end of the file"))
                break
            }
            do {
                let packet = try FreeDPacket(decoding: bytes[o..<(o + L)])
                let t = rate.seconds(ofFrame: slot)
                let sample = self.sample(packet, time: t, lens: lens)
                if let why = sample.implausibility {
                    rejects.append(TakeReject(.byteOffset(o), "absurd value: \(why)"))
                } else {
                    samples.append(sample)
                }
                o += L
            } catch let e as FreeDPacket.DecodeError {
                // A corrupt packet of the right length is followed by a packet (or the end). If instead a good
                // packet starts inside this one, this one was short. Otherwise report it and step over 29 bytes:
                // what follows is judged on its own.
                if o + L != n, !validAt(o + L), let p = (o + 1..<(o + L)).first(where: validAt) {
                    rejects.append(TakeReject(.byteOffset(o), "wrong length: \(p - o) bytes before the next packet, a D1 packet is 29"))
                    o = p
                } else {
                    rejects.append(TakeReject(.byteOffset(o), e.description))
                    o += L
                }
            } catch {
                rejects.append(TakeReject(.byteOffset(o), "\(error)"))
                o += L
            }
            slot += 1
        }
        return TakeReadResult(take: Take(samples: samples), rejects: rejects)
    }

    /// A packet as a scene sample: axes mapped by `TrackerAxes`, millimetres to metres.
    public static func sample(_ p: FreeDPacket, time: Double, lens: LensEncoding) -> TrackingSample {
        let pos = TrackerAxes.toScene(SIMD3(p.x, p.y, p.z) / 1000)
        var l = LensSample()
        if lens == .ptzScaled {
            l.focalLength = Double(p.zoom) / 100
            l.focusDistance = Double(p.focus) / 10 / 1000
        }
        return TrackingSample(time: time, position: pos, pan: p.pan, tilt: p.tilt, roll: p.roll, lens: l,
                              raw: RawEncoders(zoom: Int(p.zoom), focus: Int(p.focus), user: Int(p.user)),
                              cameraID: Int(p.cameraID))
    }

    /// A scene sample as a packet: raw zoom/focus when present, else the `.ptzScaled` encoding of the lens
    /// (0 when the lens is unknown too).
    public static func packet(_ s: TrackingSample) throws -> FreeDPacket {
        let mm = TrackerAxes.fromScene(s.position) * 1000
        func raw(_ v: Int?, _ scaled: Double?, _ name: String) throws -> UInt32 {
            if let v {
                guard (0...0xFF_FFFF).contains(v) else { throw TakeFormatError("FreeD cannot carry \(name) \(v): beyond 24 bits") }
                return UInt32(v)
            }
            guard let scaled else { return 0 }
            let r = scaled.rounded()
            guard r.isFinite, r >= 0, r <= Double(0xFF_FFFF) else { throw TakeFormatError("FreeD cannot carry \(name) \(scaled)") }
            return UInt32(r)
        }
        let zoom = try raw(s.raw.zoom, s.lens.focalLength.map { $0 * 100 }, "zoom")
        let focus = try raw(s.raw.focus, s.lens.focusDistance.map { $0 * 1000 * 10 }, "focus")
        let id = s.cameraID ?? 0
        guard (0...255).contains(id) else { throw TakeFormatError("FreeD cannot carry camera id \(id)") }
        let user = s.raw.user ?? 0
        guard (0...0xFFFF).contains(user) else { throw TakeFormatError("FreeD cannot carry user value \(user)") }
        return FreeDPacket(cameraID: UInt8(id), pan: s.pan, tilt: s.tilt, roll: s.roll, x: mm.x, y: mm.y, z: mm.z,
                           zoom: zoom, focus: focus, user: UInt16(user))
    }

    /// The take as packets back to back, in time order (times are not stored: FreeD has none).
    public static func write(_ take: Take) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(take.count * FreeDPacket.length)
        for s in take.samples { out += try packet(s).encoded() }
        return out
    }
}
