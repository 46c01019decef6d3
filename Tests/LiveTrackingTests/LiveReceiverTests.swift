// LiveReceiverTests: real UDP on 127.0.0.1 (port 0): FreeD and OpenTrackIO round trips, bad datagrams,
// camera-id filtering, a 10,000 packet/s burst, and ring overflow.

@testable import LiveTracking
import TakeFormats
import Takes
import XCTest

#if canImport(Glibc)
import Glibc
#endif

func hexBytes(_ hex: String) -> [UInt8] { hex.split(separator: " ").map { UInt8($0, radix: 16)! } }

/// Waits (at most `timeout` seconds) until `r` has read `count` datagrams; its counters then.
@discardableResult
func waitFor(_ r: LiveReceiver, received count: Int, timeout: Double = 5) -> LiveStats {
    let deadline = monotonicSeconds() + timeout
    var st = r.stats()
    while st.received < count && monotonicSeconds() < deadline {
        usleep(5_000)
        st = r.stats()
    }
    return st
}

final class LiveReceiverTests: XCTestCase {
    let v1 = hexBytes("d1 00 df 78 aa 00 47 ef 00 00 00 00 00 00 00 00 00 00 00 00 00 40 00 00 15 01 d1 ff 12")
    let v3 = hexBytes("d1 01 0f 00 00 fd 40 00 00 20 00 01 77 00 fd cd 60 01 9c 80 00 80 00 00 04 00 00 00 bf")

    /// A started receiver on 127.0.0.1 with a system-chosen port, and a sender to it.
    func pair(_ format: LiveFormat, cameraID: Int? = nil, capacity: Int = 65536) throws -> (LiveReceiver, UDPSender) {
        let r = LiveReceiver(.init(format: format, endpoint: UDPEndpoint(parsing: "127.0.0.1:0")!,
                                   cameraID: cameraID, ringCapacity: capacity))
        try r.start()
        XCTAssertNotEqual(r.boundPort, 0)
        let s = try UDPSender(to: UDPEndpoint(host: "127.0.0.1", port: r.boundPort)!)
        return (r, s)
    }

    func freedPacket(camera: UInt8, pan: Double, user: UInt16 = 0) throws -> [UInt8] {
        try FreeDPacket(cameraID: camera, pan: pan, tilt: -5.5, roll: 0.25, x: 1500, y: -2250.5, z: 1650,
                        zoom: 0x8000, focus: 0x400, user: user).encoded()
    }

    func testEndpointParsing() {
        XCTAssertEqual(UDPEndpoint(parsing: "127.0.0.1:40000")?.port, 40000)
        XCTAssertEqual(UDPEndpoint(parsing: "localhost:0")?.host, "127.0.0.1")
        XCTAssertEqual(UDPEndpoint(parsing: ":55555")?.host, "0.0.0.0")
        XCTAssertNil(UDPEndpoint(parsing: "127.0.0.1"))
        XCTAssertNil(UDPEndpoint(parsing: "127.0.0.1:65536"))
        XCTAssertNil(UDPEndpoint(parsing: "127.0.0.1:-1"))
        XCTAssertNil(UDPEndpoint(parsing: "example.com:40000"))
        XCTAssertNil(UDPEndpoint(parsing: "1.2.3:40000"))
    }

    func testFreeDRoundTripThroughSocket() throws {
        let (r, s) = try pair(.freed)
        defer { r.stop() }
        XCTAssertTrue(s.send(v1))
        XCTAssertTrue(s.send(v3))
        let st = waitFor(r, received: 2)
        XCTAssertEqual(st.accepted, 2)
        XCTAssertEqual(st.rejected, 0)
        let got = r.drain()
        XCTAssertEqual(got.count, 2)
        XCTAssertEqual(got[0].sample.pan, -65.05731, accuracy: 1e-5)
        XCTAssertEqual(got[0].sample.raw.user, 0xD1FF)
        XCTAssertEqual(got[1].sample.cameraID, 1)
        XCTAssertEqual(got[1].sample.pan, 30)
        XCTAssertEqual(got[1].sample.tilt, -5.5)
        XCTAssertEqual(got[1].sample.position.x, 1.5, accuracy: 1e-9)   // X 1500 mm
        XCTAssertEqual(got[1].sample.position.y, 1.65, accuracy: 1e-9)  // Z up -> scene y
        XCTAssertEqual(got[1].sample.position.z, 2.2505, accuracy: 1e-9)  // Y -2250.5 mm -> scene z = -Y
        XCTAssertLessThanOrEqual(got[0].arrival, got[1].arrival)
        XCTAssertEqual(got[1].sample.time, got[1].arrival)
        // Back to bytes: the same packet.
        XCTAssertEqual(try FreeDCapture.packet(got[1].sample).encoded(), v3)
    }

    func testBadFreeDDatagramsAreCountedNotFatal() throws {
        let (r, s) = try pair(.freed)
        defer { r.stop() }
        var badSum = v3; badSum[28] ^= 0x01
        var badType = v3; badType[0] = 0xD2
        s.send(badSum)
        s.send(Array(v3.prefix(20)))         // short
        s.send(v3 + [0])                     // long
        s.send(badType)
        s.send([])                           // empty datagram
        // NaN cannot be encoded in FreeD, but an absurd tilt can (24-bit range is ±256°).
        let absurd = try FreeDPacket(cameraID: 0, pan: 0, tilt: 200, roll: 0, x: 0, y: 0, z: 0, zoom: 0, focus: 0, user: 0).encoded()
        s.send(absurd)
        s.send(v1)
        let st = waitFor(r, received: 7)
        XCTAssertEqual(st.received, 7)
        XCTAssertEqual(st.accepted, 1)
        XCTAssertEqual(st.rejectedByReason[.badChecksum], 1)
        XCTAssertEqual(st.rejectedByReason[.wrongLength], 3)
        XCTAssertEqual(st.rejectedByReason[.unknownType], 1)
        XCTAssertEqual(st.rejectedByReason[.absurdValue], 1)
        XCTAssertEqual(st.rejected, 6)
        XCTAssertEqual(st.firstRejects.count, 6)
        XCTAssertTrue(st.firstRejects[0].contains("bad checksum"), st.firstRejects[0])
        XCTAssertTrue(st.line.contains("rejected 6"), st.line)
        XCTAssertEqual(r.drain().count, 1)
    }

    func testOpenTrackIODatagramEncoding() throws {
        let payload = Array(#"{"a":1}"#.utf8)
        let d = OpenTrackIODatagram(payload: payload, sequence: 0x0102).encoded()
        XCTAssertEqual(d.count, 16 + payload.count)
        XCTAssertEqual(Array(d[0..<4]), Array("OTrk".utf8))
        XCTAssertEqual(d[5], 0x01)
        XCTAssertEqual(Array(d[6..<8]), [0x01, 0x02])
        XCTAssertEqual(Array(d[12..<14]), [0x80, UInt8(payload.count)])
        // Fletcher-16 over header bytes 0-13 then payload, by hand.
        var c0 = 0, c1 = 0
        for b in d[0..<14] + d[16...] { c0 = (c0 + Int(b)) % 256; c1 = (c1 + c0) % 256 }
        XCTAssertEqual(Int(d[14]) << 8 | Int(d[15]), c1 << 8 | c0)
        XCTAssertEqual(try OpenTrackIODatagram(decoding: d).payload, payload)
        // A 1.0.0 sender (mod 255) is accepted too.
        XCTAssertEqual(try OpenTrackIODatagram(decoding: OpenTrackIODatagram(payload: payload, sequence: 1).encoded(checksumModulus: 255)).payload,
                       payload)
        // Classic Fletcher-16 check value: "abcde" -> 0xC8F0 (mod 255).
        XCTAssertEqual(OpenTrackIODatagram.fletcher16([Array("abcde".utf8)], modulus: 255), 0xC8F0)
    }

    func testOpenTrackIOThroughSocketWithGoodAndCorruptChecksums() throws {
        let (r, s) = try pair(.openTrackIO)
        defer { r.stop() }
        let tc = Timecode(hours: 1, minutes: 2, seconds: 3, frames: 4, rate: .fps25)
        let sample = TrackingSample(time: tc!.secondsSinceMidnight, timecode: tc, position: SIMD3(1, 1.6, -2),
                                    pan: 12.5, tilt: -3, roll: 0.5, lens: LensSample(focalLength: 35),
                                    cameraID: 3)
        let good = try LiveDecoder.openTrackIODatagram(sample, sequence: 1)
        var corrupt = good; corrupt[good.count - 3] ^= 0x20           // payload byte flipped
        var badSum = good; badSum[15] &+= 1                            // checksum field itself
        var badMagic = good; badMagic[0] = UInt8(ascii: "X")
        let cut = Array(good.dropLast(5))                              // declared length > actual
        let junk = OpenTrackIODatagram(payload: Array("not json".utf8), sequence: 2).encoded()
        let cbor = OpenTrackIODatagram(payload: [0xA0], sequence: 3, encoding: 0x02).encoded()
        let segment = OpenTrackIODatagram(payload: Array("{".utf8), sequence: 4, lastSegment: false).encoded()
        var nanSample = sample; nanSample.pan = 99999
        let absurd = try LiveDecoder.openTrackIODatagram(nanSample, sequence: 5)
        let nanJSON = OpenTrackIODatagram(payload: Array(#"{"transforms":[{"translation":{"x":1e999,"y":0,"z":0},"rotation":{"pan":0,"tilt":0,"roll":0}}],"timing":{"sampleRate":{"num":50,"denom":1}}}"#.utf8), sequence: 6).encoded()
        for d in [good, corrupt, badSum, badMagic, cut, Array(good.prefix(10)), junk, cbor, segment, absurd, nanJSON, good] {
            XCTAssertTrue(s.send(d))
        }
        let st = waitFor(r, received: 12)
        XCTAssertEqual(st.received, 12)
        XCTAssertEqual(st.accepted, 2)
        XCTAssertEqual(st.rejectedByReason[.badChecksum], 2)
        XCTAssertEqual(st.rejectedByReason[.unknownType], 1)
        XCTAssertEqual(st.rejectedByReason[.wrongLength], 2)
        XCTAssertEqual(st.rejectedByReason[.unsupported], 2)
        XCTAssertEqual((st.rejectedByReason[.badPayload] ?? 0) + (st.rejectedByReason[.absurdValue] ?? 0), 3,
                       "\(st.firstRejects)")
        XCTAssertGreaterThanOrEqual(st.rejectedByReason[.absurdValue] ?? 0, 1)
        let got = r.drain()
        XCTAssertEqual(got.count, 2)
        XCTAssertEqual(got[0].sample.timecode, tc)
        XCTAssertTrue(got[0].sourceTimed)
        XCTAssertEqual(got[0].sample.pan, 12.5, accuracy: 1e-9)
        XCTAssertEqual(got[0].sample.position.y, 1.6, accuracy: 1e-9)
        XCTAssertEqual(got[0].sample.lens.focalLength, 35)
        XCTAssertEqual(got[0].sample.cameraID, 3)
    }

    /// A distortion no lens has (the OpenTrackIO example's placeholder p2 = 2) is left out live as `take convert`
    /// and `take info` leave it out of the same bytes, the pose kept and the reason said: `record` wrote what every
    /// reader of its take then dropped, and the live viewer drew with it.
    func testImplausibleDistortionIsLeftOutAsTheFileReadersLeaveIt() throws {
        let payload = #"{"transforms":[{"translation":{"x":1,"y":1.5,"z":2},"rotation":{"pan":10,"tilt":0,"roll":0}}],"lens":{"distortion":[{"radial":[1,2,3],"tangential":[1,2]}]},"timing":{"sampleRate":{"num":25,"denom":1}}}"#
        let (live, note) = try LiveDecoder.decodeNoted(OpenTrackIODatagram(payload: Array(payload.utf8), sequence: 1).encoded(),
                                                       format: .openTrackIO, arrival: 2)
        XCTAssertNil(live.sample.lens.distortion)
        XCTAssertEqual(live.sample.pan, -10, accuracy: 1e-9)  // OpenTrackIO's pan turns the other way
        XCTAssertEqual(note, "distortion p2 2.0 is beyond ±1: the sample's lens distortion is ignored")
        let file = OpenTrackIO.read(Array((payload + "\n").utf8))
        XCTAssertEqual(file.take.count, 1)
        XCTAssertNil(file.take.samples[0].lens.distortion)
        XCTAssertTrue(file.notes.contains { $0.reason.hasPrefix("distortion p2 2.0 is beyond ±1") }, "\(file.notes)")
        // A plausible distortion is kept, with no note.
        let fine = payload.replacingOccurrences(of: "[1,2,3]", with: "[0.1,0,0]").replacingOccurrences(of: "[1,2]", with: "[0,0]")
        let kept = try LiveDecoder.decodeNoted(OpenTrackIODatagram(payload: Array(fine.utf8), sequence: 2).encoded(),
                                               format: .openTrackIO, arrival: 3)
        XCTAssertNotNil(kept.sample.sample.lens.distortion)
        XCTAssertNil(kept.note)
        // Through the socket: counted and shown on the status line.
        let (r, s) = try pair(.openTrackIO)
        defer { r.stop() }
        XCTAssertTrue(s.send(OpenTrackIODatagram(payload: Array(payload.utf8), sequence: 3).encoded()))
        let st = waitFor(r, received: 1)
        XCTAssertEqual(st.distortionIgnored, 1)
        XCTAssertTrue(st.line.contains("distortion ignored 1"), st.line)
        XCTAssertEqual(st.firstNotes.count, 1)
    }

    /// A journal ended while the receiver runs (the viewer's `R` stopping) is closed and let go once the reader thread
    /// takes the end up: its sync thread held the writer, so each recording's journal stayed open (and locked, though
    /// removed) with a thread until the process ended, and `take recover` of a kept journal said a recording was
    /// writing it.
    func testAnEndedJournalIsClosedAndLetGo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("live.csv.journal").path
        let (r, s) = try pair(.freed)
        defer { r.stop() }
        func openCount() -> Int {
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).filter {
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0)) == path
            }.count
        }
        for round in 0..<3 {
            let hold = try r.journal(to: path, header: LiveJournal.Header(format: .freed, freedLens: .raw, out: "live.csv"))
            XCTAssertTrue(hold.locked)
            XCTAssertTrue(LiveJournal.isHeld(path: path), "round \(round)")
            let packet = FreeDPacket(cameraID: 1, pan: 1, tilt: 0, roll: 0, x: 0, y: 0, z: 0, zoom: 0, focus: 0, user: 0)
            XCTAssertTrue(s.send(try packet.encoded()))
            _ = waitFor(r, received: round + 1)
            r.endJournal()
            // The reader thread takes the end up within its next turn (it wakes at least every 100 ms).
            let deadline = monotonicSeconds() + 3
            while openCount() > 1 && monotonicSeconds() < deadline { usleep(10_000) }
            XCTAssertEqual(openCount(), 1, "round \(round): only the hold's descriptor is left")
            XCTAssertTrue(hold.removeJournal(at: path))
            XCTAssertEqual(openCount(), 0, "round \(round)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        }
    }

    /// Datagrams the kernel has accepted when `stop()` comes are read, not closed away with the socket: 300
    /// OpenTrackIO samples sent, `stop()` called at once, all 300 drained (a Ctrl-C of `record` kept 348 of 2,000).
    /// Each carries an escaped string, which sends it through JSONDecoder: the slow decode leaves a queue.
    func testDatagramsQueuedAtStopAreKept() throws {
        let (r, s) = try pair(.openTrackIO)
        let tc = Timecode(hours: 1, minutes: 2, seconds: 3, frames: 4, rate: .fps25)!
        let sample = TrackingSample(time: tc.secondsSinceMidnight, timecode: tc, position: SIMD3(1, 1.6, -2),
                                    pan: 12.5, tilt: -3, roll: 0.5, lens: LensSample(focalLength: 35))
        var payload = try OpenTrackIODatagram(decoding: LiveDecoder.openTrackIODatagram(sample, sequence: 0)).payload
        let close = try XCTUnwrap(payload.lastIndex(of: UInt8(ascii: "}")))
        payload.replaceSubrange(close..., with: Array(#","description":"take \"A\""}"#.utf8))
        for k in 0..<300 { XCTAssertTrue(s.send(OpenTrackIODatagram(payload: payload, sequence: UInt16(k)).encoded())) }
        r.stop()
        let st = r.stats()
        XCTAssertEqual(st.received, 300, "\(st.firstRejects)")
        XCTAssertEqual(st.accepted, 300, "\(st.firstRejects)")
        XCTAssertEqual(r.drain().count, 300)
    }

    /// A multicast group as HOST is joined: 20 FreeD packets sent to 239.255.71.3 over the loopback interface
    /// arrive (bound to the group without joining it, the receiver heard nothing and said "0 datagrams").
    func testMulticastGroupIsJoined() throws {
        let endpoint = try XCTUnwrap(UDPEndpoint(parsing: "239.255.71.3:0"))
        XCTAssertTrue(endpoint.isMulticast)
        XCTAssertFalse(try XCTUnwrap(UDPEndpoint(parsing: "127.0.0.1:0")).isMulticast)
        let r = LiveReceiver(.init(format: .freed, endpoint: endpoint))
        try r.start()
        defer { r.stop() }
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var loopback = in_addr()
        _ = inet_pton(AF_INET, "127.0.0.1", &loopback)
        XCTAssertEqual(setsockopt(fd, Int32(IPPROTO_IP), IP_MULTICAST_IF, &loopback, socklen_t(MemoryLayout<in_addr>.size)), 0)
        var target = try XCTUnwrap(UDPEndpoint(host: "239.255.71.3", port: r.boundPort)).socketAddress
        for k in 0..<20 {
            let packet = try freedPacket(camera: 1, pan: Double(k))
            let sent = packet.withUnsafeBytes { b in
                withUnsafePointer(to: &target) { p in
                    p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, b.baseAddress, b.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            XCTAssertEqual(sent, packet.count, String(cString: strerror(errno)))
        }
        let st = waitFor(r, received: 20)
        XCTAssertEqual(st.accepted, 20)
        XCTAssertEqual(r.drain().map(\.sample.pan), (0..<20).map(Double.init))
    }

    /// A live sample's JSON is rejected in the words the file reader uses: the field by name, a number beyond a
    /// 64-bit float as such (live, they were Swift's `DecodingError.keyNotFound(CodingKeys(...))` and "not valid
    /// JSON").
    func testLiveRejectsAreWordedAsTheFileReaderWordsThem() throws {
        let tc = Timecode(hours: 1, minutes: 2, seconds: 3, frames: 4, rate: .fps25)!
        let sample = TrackingSample(time: tc.secondsSinceMidnight, timecode: tc, position: SIMD3(1, 1.6, -2),
                                    pan: 12.5, tilt: -3, roll: 0.5)
        let good = String(decoding: try OpenTrackIODatagram(decoding: LiveDecoder.openTrackIODatagram(sample, sequence: 0)).payload,
                          as: UTF8.self)
        let noPan = good.replacing(#""pan":-12.5,"#, with: "")  // OpenTrackIO pans the other way
        let huge = good.replacing(#""tilt":-3"#, with: #""tilt":1e400"#)
        XCTAssertNotEqual(noPan, good)
        XCTAssertNotEqual(huge, good)
        let file = try OpenTrackIO.readStrict(Array((noPan + "\n" + huge + "\n" + good + "\n").utf8))
        XCTAssertEqual(file.rejects.map(\.reason), ["not an OpenTrackIO sample: transforms[0].rotation.pan is missing",
                                                    "the number 1e400 is beyond the range of a 64-bit float"])
        for (json, expected) in zip([noPan, huge], file.rejects.map(\.reason)) {
            let datagram = OpenTrackIODatagram(payload: Array(json.utf8), sequence: 1).encoded()
            XCTAssertThrowsError(try LiveDecoder.decode(datagram, format: .openTrackIO, arrival: 0)) { error in
                XCTAssertEqual((error as? LiveReject)?.message, expected)
            }
        }
    }

    /// Datagrams the kernel drops (its socket buffer full: a sender faster than the reader) are counted from its
    /// own count (SO_RXQ_OVFL): read + dropped by the kernel = sent, exactly. A 4 KB buffer holds a few datagrams,
    /// so bursts of 20,000 overflow it; a last datagram after a pause carries the final count. (The summary said
    /// "0 dropped" while 18,883 of 769,000 were lost.)
    func testKernelDropsAreCounted() throws {
        let r = LiveReceiver(.init(format: .freed, endpoint: UDPEndpoint(parsing: "127.0.0.1:0")!, receiveBuffer: 4096))
        try r.start()
        defer { r.stop() }
        let s = try UDPSender(to: UDPEndpoint(host: "127.0.0.1", port: r.boundPort)!)
        let packet = try freedPacket(camera: 1, pan: 0)
        var sent = 0, st = r.stats()
        for _ in 0..<5 where st.kernelDropped == 0 {
            for _ in 0..<20_000 where s.send(packet) { sent += 1 }
            // Single packets until the books balance: each read one carries the kernel's count so far (a packet
            // dropped itself, the reader starved on a busy machine, is counted by the next one).
            let deadline = monotonicSeconds() + 10
            repeat {
                usleep(20_000)
                if s.send(packet) { sent += 1 }
                usleep(20_000)
                _ = r.drain()
                st = r.stats()
            } while st.received + st.kernelDropped != sent && monotonicSeconds() < deadline
        }
        XCTAssertGreaterThan(st.kernelDropped, 0, "no burst overflowed a 4 KB buffer")
        XCTAssertEqual(st.received + st.kernelDropped, sent)
        XCTAssertTrue(st.line.contains("by the kernel"), st.line)
    }

    func testCameraIDFilter() throws {
        let (r, s) = try pair(.freed, cameraID: 2)
        defer { r.stop() }
        for i in 0..<30 { s.send(try freedPacket(camera: UInt8(i % 3), pan: Double(i))) }
        let st = waitFor(r, received: 30)
        XCTAssertEqual(st.accepted, 10)
        XCTAssertEqual(st.filtered, 20)
        let got = r.drain()
        XCTAssertEqual(got.map(\.sample.cameraID), Array(repeating: 2, count: 10))
        XCTAssertEqual(got.map(\.sample.pan), stride(from: 2.0, to: 30, by: 3).map { $0 })
    }

    /// 10,000 FreeD packets in about one second (100 bursts of 100, 10 ms apart), a consumer draining as
    /// `record` does. Loopback with an 8 MB receive buffer should lose nothing.
    func testTenThousandPacketsPerSecondWithoutLoss() throws {
        let (r, s) = try pair(.freed, capacity: 4096)
        defer { r.stop() }
        let sent = 10_000
        var packets: [[UInt8]] = []
        for i in 0..<sent { packets.append(try freedPacket(camera: 1, pan: Double(i % 3600) / 20, user: UInt16(i & 0xFFFF))) }
        var received: [LiveSample] = []
        received.reserveCapacity(sent)
        let t0 = monotonicSeconds()
        var refused = 0
        for burst in 0..<100 {
            for k in 0..<100 where !s.send(packets[burst * 100 + k]) { refused += 1 }
            r.drain(into: &received)
            let due = t0 + Double(burst + 1) * 0.01
            let wait = due - monotonicSeconds()
            if wait > 0 { usleep(UInt32(wait * 1e6)) }
        }
        let sendTime = monotonicSeconds() - t0
        let st = waitFor(r, received: sent, timeout: 3)
        r.drain(into: &received)
        let ratio = Double(received.count) / Double(sent)
        print("LiveTracking burst: sent \(sent) in \(formatSeconds(sendTime)) s, accepted \(st.accepted), dropped \(st.dropped), " +
              "refused by sendto \(refused), SO_RCVBUF \(st.receiveBufferBytes) bytes, peak rate \(Int(st.packetsPerSecond)) pkt/s")
        XCTAssertEqual(refused, 0)
        XCTAssertEqual(st.rejected, 0)
        XCTAssertEqual(st.dropped, 0, "ring overflow while draining every 10 ms")
        XCTAssertGreaterThanOrEqual(ratio, 0.99, "lost \(sent - received.count) of \(sent)")
        XCTAssertEqual(received.count, st.accepted)
        // Order and content survive: user field carries the sequence.
        XCTAssertEqual(received.map { $0.sample.raw.user! }, (0..<received.count).map { $0 })
        if received.count == sent { XCTAssertEqual(st.accepted, sent) }
    }

    func testRingOverflowIsCountedAndBounded() throws {
        let (r, s) = try pair(.freed, capacity: 16)
        defer { r.stop() }
        for i in 0..<100 { s.send(try freedPacket(camera: 0, pan: Double(i), user: UInt16(i))) }
        let st = waitFor(r, received: 100)
        XCTAssertEqual(st.received, 100)
        XCTAssertEqual(st.accepted, 16)
        XCTAssertEqual(st.dropped, 84)
        XCTAssertEqual(r.pending, 16)
        let got = r.drain()
        XCTAssertEqual(got.map { Int($0.sample.raw.user!) }, Array(0..<16))  // the oldest are kept
        // Room again after draining.
        s.send(try freedPacket(camera: 0, pan: 1, user: 500))
        let st2 = waitFor(r, received: 101)
        XCTAssertEqual(st2.accepted, 17)
        XCTAssertEqual(r.drain().count, 1)
    }

    func testSampleRingWrapsAround() {
        var ring = SampleRing(capacity: 3)
        func s(_ i: Int) -> LiveSample {
            LiveSample(sample: TrackingSample(time: Double(i), position: .zero, pan: 0, tilt: 0, roll: 0), arrival: Double(i), sourceTimed: false)
        }
        var out: [LiveSample] = []
        for round in 0..<5 {
            XCTAssertTrue(ring.push(s(round * 2)))
            XCTAssertTrue(ring.push(s(round * 2 + 1)))
            ring.drain(into: &out, max: 2)
        }
        XCTAssertEqual(out.map(\.arrival), (0..<10).map(Double.init))
        for i in 0..<3 { XCTAssertTrue(ring.push(s(i))) }
        XCTAssertFalse(ring.push(s(9)))
        XCTAssertEqual(ring.count, 3)
    }

    func testStopReturnsPromptlyWithoutTraffic() throws {
        let (r, _) = try pair(.freed)
        let t = monotonicSeconds()
        r.stop()
        XCTAssertLessThan(monotonicSeconds() - t, 1.0)
        r.stop()  // idempotent
    }

    func testBindFailureIsReported() throws {
        let (r, _) = try pair(.freed)
        defer { r.stop() }
        let second = LiveReceiver(.init(format: .freed, endpoint: UDPEndpoint(host: "127.0.0.1", port: r.boundPort)!))
        XCTAssertThrowsError(try second.start()) { e in
            XCTAssertTrue("\(e)".contains("cannot listen on 127.0.0.1:"), "\(e)")
        }
    }
}
