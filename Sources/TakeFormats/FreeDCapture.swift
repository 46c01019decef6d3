// FreeDCapture: a raw FreeD capture file (D1 packets back to back) to a take and back, skipping bad packets.

import Geometry
import Takes

/// Reads and writes captures of FreeD D1 packets stored back to back (no framing, no timestamps).
///
/// FreeD carries no time: packet k of the file (counting skipped packets, which held a slot) is put at
/// k / `rate` seconds. Zoom and focus mean what the `LensEncoding` says, the same in both directions.
public enum FreeDCapture {
    /// What FreeD's 24-bit zoom and focus fields hold. One encoding per direction, chosen by `--freed-lens`:
    /// a reader and a writer given the same mode round-trip the lens.
    public enum LensEncoding: String, Sendable, CaseIterable {
        /// Raw encoder counts (the default): read into `raw.zoom`/`raw.focus` (a scene camera's lens
        /// calibration turns them into optics); written from them. A sample with a focal length or focus
        /// distance but no count cannot be written this way (there is no inverse table): an error says to use `mm`.
        case raw
        /// Millimetres, as PTZ senders do: zoom = focal length mm × 100, focus = focus distance mm × 10. Read
        /// into `lens` (the counts are kept in `raw` too); written from `lens` (a sample with counts but no
        /// optics is an error). `ptz` is accepted as another name.
        case mm

        /// `raw`, `mm`, or `ptz` (= mm); nil otherwise.
        public init?(name: String) {
            switch name.lowercased() {
            case "raw": self = .raw
            case "mm", "ptz": self = .mm
            default: return nil
            }
        }
    }

    public static let defaultRate = FrameRate.fps50

    /// Decodes a capture. Never throws: a packet that is not a well-formed D1 is reported with its byte offset
    /// and skipped; after junk the reader resynchronises on the next 0xD1 that starts a packet with a good checksum.
    public static func read(_ bytes: [UInt8], rate: FrameRate = defaultRate, lens: LensEncoding = .raw) -> TakeReadResult {
        // Straight into the take's compact columns (about 72 bytes a sample): an array of `TrackingSample`s first
        // held about 750 bytes a sample at its peak (786 MB for a million packets, an hour and a half at 180 Hz).
        var samples = TakeSamples()
        var rejects = TakeRejectLog()
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
                rejects.add(TakeReject(.byteOffset(o), "unknown packet type 0x\(hex(bytes[o])); skipped \(next - o) bytes"))
                o = next
                slot += 1
                continue
            }
            if o + L > n {
                rejects.add(TakeReject(.byteOffset(o), "truncated packet: \(n - o) of \(L) bytes at the end of the file"))
                break
            }
            do {
                let packet = try FreeDPacket(decoding: bytes[o..<(o + L)])
                let t = rate.seconds(ofFrame: slot)
                let sample = self.sample(packet, time: t, lens: lens)
                if let why = sample.implausibility {
                    rejects.add(TakeReject(.byteOffset(o), "absurd value: \(why)"))
                } else if samples.count < TakeReadResult.maxSamples {
                    samples.append(sample)
                } else {
                    let limit = TakeReadResult.tooManySamples(TakeReadResult.maxSamples).message
                    return TakeReadResult(take: Take(samples: TakeSamples()), rejects: [TakeReject(.byteOffset(o), limit)])
                }
                o += L
            } catch let e as FreeDPacket.DecodeError {
                // A corrupt packet of the right length is followed by a packet (or the end). If instead a good
                // packet starts inside this one, this one was short. Otherwise report it and step over 29 bytes:
                // what follows is judged on its own.
                if o + L != n, !validAt(o + L), let p = (o + 1..<(o + L)).first(where: validAt) {
                    rejects.add(TakeReject(.byteOffset(o), "wrong length: \(p - o) bytes before the next packet, a D1 packet is 29"))
                    o = p
                } else {
                    rejects.add(TakeReject(.byteOffset(o), e.description))
                    o += L
                }
            } catch {
                rejects.add(TakeReject(.byteOffset(o), "\(error)"))
                o += L
            }
            slot += 1
        }
        return TakeReadResult(take: Take(samples: samples), rejects: rejects.list, rejected: rejects.count)
    }

    /// A packet as a scene sample: axes mapped by `TrackerAxes`, millimetres to metres.
    public static func sample(_ p: FreeDPacket, time: Double, lens: LensEncoding) -> TrackingSample {
        let pos = TrackerAxes.toScene(SIMD3(p.x, p.y, p.z) / 1000)
        var l = LensSample()
        if lens == .mm {
            l.focalLength = Double(p.zoom) / 100
            l.focusDistance = Double(p.focus) / 10 / 1000
        }
        return TrackingSample(time: time, position: pos, pan: p.pan, tilt: p.tilt, roll: p.roll, lens: l,
                              raw: RawEncoders(zoom: Int(p.zoom), focus: Int(p.focus), user: Int(p.user)),
                              cameraID: Int(p.cameraID))
    }

    /// A scene sample as a packet, zoom and focus in `lens` encoding: `.raw` writes the counts, `.mm` the
    /// focal length × 100 and focus distance in mm × 10. A field the sample lacks in that encoding is 0 when
    /// the sample has no lens value either; when it has the other kind only, writing fails rather than drop it.
    public static func packet(_ s: TrackingSample, lens: LensEncoding = .raw) throws -> FreeDPacket {
        let mm = TrackerAxes.fromScene(s.position) * 1000
        func field(_ count: Int?, _ optics: Double?, _ scale: Double, _ name: String, _ unit: String) throws -> UInt32 {
            switch lens {
            case .raw:
                if let count {
                    guard (0...0xFF_FFFF).contains(count) else { throw TakeFormatError("FreeD cannot carry \(name) \(count): beyond 24 bits") }
                    return UInt32(count)
                }
                guard optics == nil else {
                    throw TakeFormatError("the sample at \(s.time) s has a \(unit) but no raw \(name) count; "
                        + "FreeD's raw mode sends encoder counts (use --freed-lens mm to send millimetres)")
                }
                return 0
            case .mm:
                if let optics {
                    let r = (optics * scale).rounded()
                    guard r.isFinite, r >= 0, r <= Double(0xFF_FFFF) else {
                        throw TakeFormatError("FreeD cannot carry \(unit) \(optics) as mm (\(name) \(r) is beyond 24 bits)")
                    }
                    return UInt32(r)
                }
                guard count == nil else {
                    throw TakeFormatError("the sample at \(s.time) s has a raw \(name) count but no \(unit); "
                        + "--freed-lens mm sends millimetres (use --freed-lens raw to send the counts)")
                }
                return 0
            }
        }
        let zoom = try field(s.raw.zoom, s.lens.focalLength, 100, "zoom", "focal length")
        let focus = try field(s.raw.focus, s.lens.focusDistance, 1000 * 10, "focus", "focus distance")
        let id = s.cameraID ?? 0
        guard (0...255).contains(id) else { throw TakeFormatError("FreeD cannot carry camera id \(id)") }
        let user = s.raw.user ?? 0
        guard (0...0xFFFF).contains(user) else { throw TakeFormatError("FreeD cannot carry user value \(user)") }
        // Pan and roll as the manual sends them, within ±180° (Appendix B.2): a take's 190° or −400° is the same
        // direction as −170° or −40° (the resampler takes the shorter arc between samples either way).
        return FreeDPacket(cameraID: UInt8(id), pan: halfTurn(s.pan), tilt: s.tilt, roll: halfTurn(s.roll),
                           x: mm.x, y: mm.y, z: mm.z, zoom: zoom, focus: focus, user: UInt16(user))
    }

    /// An angle in degrees folded into (−180, 180] when it is beyond ±180°; −180° itself is kept, as FreeD
    /// carries it (0xA60000), so a packet of −180° reads and writes back byte for byte. Non-finite values are left
    /// for the encoder to refuse.
    static func halfTurn(_ a: Double) -> Double {
        guard a.isFinite, !(a >= -180 && a <= 180) else { return a }
        let r = a.truncatingRemainder(dividingBy: 360)  // (−360, 360), exact
        return r > 180 ? r - 360 : r <= -180 ? r + 360 : r
    }

    /// The take as packets back to back, in time order (times are not stored: FreeD has none), zoom and focus
    /// in `lens` encoding.
    public static func write(_ take: Take, lens: LensEncoding = .raw) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(take.count * FreeDPacket.length)
        for (k, s) in take.samples.enumerated() {
            do {
                out += try packet(s, lens: lens).encoded()
            } catch let e as TakeFormatError {
                let label = s.timecode.map { " (\($0))" } ?? ""
                throw TakeFormatError("sample \(k + 1) at \(formatFixed(s.time, 3)) s\(label): \(e.message)")
            }
        }
        return out
    }
}
