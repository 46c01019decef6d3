// LiveJournalTests: the journal `record` writes as it records — read back whole, cut at every byte, damaged, hostile,
// and written by a real receiver on 127.0.0.1.

@testable import LiveTracking
import FoundationEssentials
import TakeFormats
import Takes
import XCTest
import XRTestSupport

#if canImport(Glibc)
import Glibc
#endif

final class LiveJournalTests: XCTestCase {
    let header = LiveJournal.Header(format: .freed, freedLens: .raw, out: "take.csv", started: "2026-12-07T15:00:00Z")

    func freed(_ k: Int) throws -> [UInt8] {
        try FreeDPacket(cameraID: 2, pan: Double(k % 1000) * 0.25 - 90, tilt: -5.5, roll: 0.125, x: 1500 + Double(k % 1000), y: -2250.5,
                        z: 1650, zoom: 0x8000 + UInt32(k), focus: 0x400, user: 0).encoded()
    }

    /// A journal of `count` FreeD datagrams arriving 20 ms apart, and the samples they decode to.
    func journal(_ count: Int, header h: LiveJournal.Header? = nil) throws -> ([UInt8], [LiveSample]) {
        var bytes = LiveJournal.encodeHeader(h ?? header)
        var samples: [LiveSample] = []
        for k in 0..<count {
            let d = try freed(k), arrival = 0.02 * Double(k) + 1e-7
            d.withUnsafeBytes { LiveJournal.appendRecord($0, arrival: arrival, to: &bytes) }
            samples.append(try LiveDecoder.decode(d, format: .freed, arrival: arrival))
        }
        return (bytes, samples)
    }

    /// A new empty folder for a test's journal (the caller removes it).
    func makeFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.path + "/xrstudio-journal-\(UInt64.random(in: 0..<UInt64.max))"
        XCTAssertEqual(mkdir(folder, 0o755), 0)
        return folder
    }

    /// The layout, worked by hand for one record: length, arrival bits, datagram, FNV-1a of the three.
    func testRecordLayoutByHand() throws {
        var out: [UInt8] = []
        [UInt8(0xAB)].withUnsafeBytes { LiveJournal.appendRecord($0, arrival: 1.5, to: &out) }
        // 1.5 = 0x3FF8_0000_0000_0000.
        let head: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0xAB]
        XCTAssertEqual(Array(out.prefix(13)), head)
        var h: UInt32 = 2_166_136_261
        for b in head { h = (h ^ UInt32(b)) &* 16_777_619 }
        XCTAssertEqual(Array(out.suffix(4)), [UInt8(h & 0xFF), UInt8(h >> 8 & 0xFF), UInt8(h >> 16 & 0xFF), UInt8(h >> 24)])
        XCTAssertEqual(out.count, 17)
        // FNV-1a's published test vector: "a" → 0xe40c292c.
        XCTAssertEqual(Array("a".utf8).withUnsafeBytes { LiveJournal.fnv1a($0) }, 0xE40C_292C)
    }

    /// Read back whole: the header, and the samples the datagrams decoded to, in order, exactly.
    func testRoundTrip() throws {
        let (bytes, samples) = try journal(200)
        let r = try LiveJournal.decode(bytes, path: "t.journal")
        XCTAssertEqual(r.header, header)
        XCTAssertEqual(r.records, 200)
        XCTAssertEqual(r.samples, samples)
        XCTAssertEqual(r.leftBytes, 0)
        XCTAssertEqual(r.undecodable, 0)
        XCTAssertEqual(LiveRecording.take(from: r.samples).take.samples, LiveRecording.take(from: samples).take.samples)
    }

    /// A kill can stop the file anywhere: cut at every byte of the last two records, the whole records before the
    /// cut are read and the rest is counted, never more, never a trap.
    func testCutAtEveryByte() throws {
        let (bytes, samples) = try journal(5)
        let recordSize = 29 + LiveJournal.recordOverhead
        let firstRecord = bytes.count - 5 * recordSize
        for end in (bytes.count - 2 * recordSize)...bytes.count {
            let r = try LiveJournal.decode(Array(bytes[0..<end]), path: "t.journal")
            let whole = (end - firstRecord) / recordSize
            XCTAssertEqual(r.records, whole, "cut at \(end)")
            XCTAssertEqual(r.samples, Array(samples.prefix(whole)), "cut at \(end)")
            XCTAssertEqual(r.leftOffset, firstRecord + whole * recordSize)
            XCTAssertEqual(r.leftBytes, end - r.leftOffset)
        }
        // Cut inside the header: not a journal yet, said with the line.
        XCTAssertThrowsError(try LiveJournal.decode(Array(bytes[0..<(firstRecord - 3)]), path: "t.journal")) {
            XCTAssertTrue("\($0)".contains("t.journal: line 2:"), "\($0)")
        }
    }

    /// A flipped byte anywhere in a record loses that record only: the read skips the damage to the next whole record
    /// (it ended there, and `take recover` then removed the journal with the rest of the take in it). So does a block
    /// of zeros over several records.
    func testDamageSkipsToTheNextWholeRecord() throws {
        let (bytes, samples) = try journal(6)
        let recordSize = 29 + LiveJournal.recordOverhead
        let firstRecord = bytes.count - 6 * recordSize
        for offset in 0..<recordSize {
            var damaged = bytes
            damaged[firstRecord + 3 * recordSize + offset] ^= 0x10
            let r = try LiveJournal.decode(damaged, path: "t.journal")
            XCTAssertEqual(r.records, 5, "byte \(offset) of record 4")
            XCTAssertEqual(r.samples, Array(samples.prefix(3) + samples.suffix(2)), "byte \(offset) of record 4")
            XCTAssertEqual(r.damaged.map(\.offset), [firstRecord + 3 * recordSize])
            XCTAssertEqual(r.damaged.map(\.bytes), [recordSize])
            XCTAssertEqual(r.leftBytes, 0)
            XCTAssertFalse(r.isSpent)
        }
        var zeros = bytes
        for k in 0..<(2 * recordSize + 7) { zeros[firstRecord + recordSize + 5 + k] = 0 }
        let z = try LiveJournal.decode(zeros, path: "t.journal")
        XCTAssertEqual(z.samples, [samples[0]] + samples.suffix(2))
        XCTAssertEqual(z.damaged.count, 1)
        // A whole journal whose only loss is a cut last record is spent once its take is written.
        XCTAssertTrue(try LiveJournal.decode(Array(bytes.dropLast(9)), path: "t.journal").isSpent)
    }

    /// Read in pieces, as `take recover` reads a file (1 MB at a time, what is behind dropped): a 3 MB journal with a
    /// flipped byte, a 45 KB block of zeros and a cut tail gives the same as read whole, whatever the piece size.
    func testReadInPiecesIsReadWhole() throws {
        var (bytes, _) = try journal(70_000)
        let recordSize = 29 + LiveJournal.recordOverhead, first = bytes.count - 70_000 * recordSize
        bytes[first + 23_000 * recordSize + 7] ^= 0x40
        for k in 0..<(1000 * recordSize) { bytes[first + 40_000 * recordSize + k] = 0 }
        bytes.removeLast(11)
        let whole = try LiveJournal.decode(bytes, path: "w.journal")
        XCTAssertEqual(whole.records, 70_000 - 1 - 1000 - 1)
        XCTAssertEqual(whole.damaged.count, 2)
        for piece in [4093, 65_536, 1 << 20] {
            var at = 0
            let r = try LiveJournal.decode(path: "w.journal") { buffer in
                guard at < bytes.count else { return false }
                let n = Swift.min(piece, bytes.count - at)
                buffer.append(contentsOf: bytes[at..<(at + n)])
                at += n
                return true
            }
            XCTAssertEqual(r.samples, whole.samples, "pieces of \(piece)")
            XCTAssertEqual(r.damaged.map(\.offset), whole.damaged.map(\.offset))
            XCTAssertEqual(r.damaged.map(\.bytes), whole.damaged.map(\.bytes))
            XCTAssertEqual(r.leftOffset, whole.leftOffset)
            XCTAssertEqual(r.leftBytes, 45 - 11)
        }
        // And through a file.
        let folder = try makeFolder()
        defer { _ = try? FileManager.default.removeItem(atPath: folder) }
        XCTAssertTrue(FileManager.default.createFile(atPath: folder + "/t.journal", contents: Data(bytes)))
        XCTAssertEqual(try LiveJournal.read(path: folder + "/t.journal").samples, whole.samples)
        // Held to a number of samples (the memory budget's, as `record` stops there): past it, one error naming the
        // file and the option; at it, read whole (a journal of 2 million FreeD samples took 3.2 GB, unchecked).
        XCTAssertThrowsError(try LiveJournal.read(path: folder + "/t.journal", maxSamples: 1000)) {
            XCTAssertEqual("\($0)", "\(folder)/t.journal: holds more than the 1000 samples the memory budget holds (--memory-budget raises it)")
        }
        XCTAssertEqual(try LiveJournal.read(path: folder + "/t.journal", maxSamples: whole.samples.count).samples.count, whole.samples.count)
    }

    /// Not a journal, a broken header, unknown options: one error naming the file (and line); a length of 4 GB or a
    /// NaN arrival with a good checksum: the read stops, or the record is counted as undecodable, never a trap.
    func testHostileJournals() throws {
        func message(_ bytes: [UInt8]) -> String {
            do { _ = try LiveJournal.decode(bytes, path: "h.journal"); return "" } catch { return "\(error)" }
        }
        XCTAssertTrue(message([]).hasPrefix("h.journal: not a recording journal"))
        XCTAssertTrue(message(Array("take.csv\n".utf8)).hasPrefix("h.journal: not a recording journal"))
        let magic = Array(LiveJournal.magic.utf8)
        XCTAssertEqual(message(magic + Array("{\"format\":\"freed\"}\n".utf8)),
                       "h.journal: line 2: not a journal header (JSON with format, freedLens, out, started)")
        XCTAssertTrue(message(magic + [UInt8](repeating: 0x20, count: 5000) + [0x0A]).contains("longer than 4096 bytes"))
        var other = header
        other.format = "sdi"
        XCTAssertEqual(message(LiveJournal.encodeHeader(other)),
                       "h.journal: line 2: format \"sdi\": expected freed or opentrackio")
        other = header
        other.freedLens = "cm"
        XCTAssertTrue(message(LiveJournal.encodeHeader(other)).contains("freedLens \"cm\""))

        // A length of 0xFFFFFFFF: more than a datagram can be; the read stops there.
        var huge = LiveJournal.encodeHeader(header)
        huge += [0xFF, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 40)
        let h = try LiveJournal.decode(huge, path: "h.journal")
        XCTAssertEqual(h.records, 0)
        XCTAssertEqual(h.leftBytes, 44)

        // Checksums right, contents wrong: a NaN arrival is counted and left out; a record no FreeD journal can hold
        // (10 bytes) is damage, skipped.
        var odd = LiveJournal.encodeHeader(header)
        try freed(0).withUnsafeBytes { LiveJournal.appendRecord($0, arrival: .nan, to: &odd) }
        [UInt8](repeating: 7, count: 10).withUnsafeBytes { LiveJournal.appendRecord($0, arrival: 1, to: &odd) }
        try freed(1).withUnsafeBytes { LiveJournal.appendRecord($0, arrival: 2, to: &odd) }
        let o = try LiveJournal.decode(odd, path: "h.journal")
        XCTAssertEqual(o.records, 2)
        XCTAssertEqual(o.samples.count, 1)
        XCTAssertEqual(o.undecodable, 1)
        XCTAssertEqual(o.damaged.map(\.bytes), [26])
        XCTAssertTrue(o.firstUndecodable?.hasPrefix("record 1 (byte ") == true, o.firstUndecodable ?? "")

        // Random bytes after a good header: whatever they are, a result (seeded, so a failure repeats).
        var rng = SplitMix64(seed: 0x6A6F_7572)
        for _ in 0..<2000 {
            var bytes = LiveJournal.encodeHeader(header)
            let n = Int(rng.next() % 300)
            for _ in 0..<n { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
            let r = try LiveJournal.decode(bytes, path: "r.journal")
            XCTAssertEqual(r.leftOffset + r.leftBytes, bytes.count)
        }
    }

    /// A journal on a full disk (/dev/full: every write fails with ENOSPC) stops with the reason, once, and takes no
    /// more bytes; the recording itself is not the writer's to stop.
    func testAFullDiskEndsTheJournalWithItsReason() throws {
        let fd = open("/dev/full", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw XCTSkip("/dev/full is not on this machine") }
        let w = JournalWriter(fd: fd, headerBytes: 0)
        try freed(0).withUnsafeBytes { w.append($0, arrival: 0) }
        XCTAssertNil(w.failure)
        w.tick(now: monotonicSeconds() + 1)
        XCTAssertEqual(w.failure, String(cString: strerror(ENOSPC)))
        XCTAssertEqual(w.written, 0)
        try freed(1).withUnsafeBytes { w.append($0, arrival: 1) }
        w.finish()
        XCTAssertEqual(w.failure, String(cString: strerror(ENOSPC)))
    }

    func testTakePathOfAJournal() {
        XCTAssertEqual(LiveJournal.path(for: "shoot/take1.csv"), "shoot/take1.csv.journal")
        XCTAssertEqual(LiveJournal.takePath(for: "shoot/take1.csv.journal"), "shoot/take1.csv")
        XCTAssertNil(LiveJournal.takePath(for: "take1.csv"))
        XCTAssertNil(LiveJournal.takePath(for: ".journal"))
    }

    /// A real receiver on 127.0.0.1 journals exactly the datagrams it keeps (not the rejected or filtered ones), in
    /// the order it keeps them: the journal read back gives the samples drained, value for value.
    func testReceiverJournalsWhatItKeeps() throws {
        let folder = try makeFolder()
        defer { _ = try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/take.csv.journal"
        let r = LiveReceiver(.init(format: .freed, endpoint: UDPEndpoint(parsing: "127.0.0.1:0")!, cameraID: 2))
        try r.journal(to: path, header: header)
        // Not twice: the journal is created, never replaced.
        let again = LiveReceiver(.init(format: .freed, endpoint: UDPEndpoint(parsing: "127.0.0.1:0")!))
        XCTAssertThrowsError(try again.journal(to: path, header: header)) {
            XCTAssertTrue("\($0)".contains("cannot create the recording's journal: File exists"), "\($0)")
        }
        try r.start()
        let s = try UDPSender(to: UDPEndpoint(host: "127.0.0.1", port: r.boundPort)!)
        var sent = 0
        for k in 0..<300 {
            s.send(try freed(k))
            sent += 1
            if k % 50 == 0 { s.send([0xD1, 0, 1]); sent += 1 }  // rejected: not journaled
            if k % 60 == 0 {  // another camera: filtered, not journaled
                s.send(try FreeDPacket(cameraID: 9, pan: 0, tilt: 0, roll: 0, x: 0, y: 0, z: 0, zoom: 0, focus: 0, user: 0).encoded())
                sent += 1
            }
            if k % 100 == 99 { usleep(20_000) }
        }
        waitFor(r, received: sent)
        r.stop()
        let drained = r.drain()
        XCTAssertEqual(drained.count, 300)
        XCTAssertNil(r.stats().journalFailure)
        let back = try LiveJournal.read(path: path)
        XCTAssertEqual(back.header, header)
        XCTAssertEqual(back.samples, drained)
        XCTAssertEqual(back.leftBytes, 0)
    }

    /// The viewer's `R` starts and ends a journal while the receiver runs: the journal holds exactly the datagrams
    /// kept between the two calls, none from before or after.
    func testJournalStartedAndEndedWhileRunning() throws {
        let folder = try makeFolder()
        defer { _ = try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/live.csv.journal"
        let r = LiveReceiver(.init(format: .freed, endpoint: UDPEndpoint(parsing: "127.0.0.1:0")!))
        try r.start()
        defer { r.stop() }
        let s = try UDPSender(to: UDPEndpoint(host: "127.0.0.1", port: r.boundPort)!)
        func send(_ range: Range<Int>) throws {
            for k in range { s.send(try freed(k)) }
            XCTAssertEqual(waitFor(r, received: range.upperBound).received, range.upperBound)
        }
        try send(0..<10)
        try r.journal(to: path, header: header)
        try send(10..<30)
        r.endJournal()
        try send(30..<35)
        r.stop()
        let drained = r.drain()
        XCTAssertEqual(drained.count, 35)
        let back = try LiveJournal.read(path: path)
        XCTAssertEqual(back.samples, Array(drained[10..<30]))
        XCTAssertEqual(back.leftBytes, 0)
    }

    /// While recording, the journal reaches the disk within about `writeEvery` of each datagram, not only at the
    /// stop: what a kill -9 leaves.
    func testJournalIsWrittenWhileRecording() throws {
        let folder = try makeFolder()
        defer { _ = try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/take.csv.journal"
        let r = LiveReceiver(.init(format: .freed, endpoint: UDPEndpoint(parsing: "127.0.0.1:0")!))
        try r.journal(to: path, header: header)
        try r.start()
        defer { r.stop() }
        let s = try UDPSender(to: UDPEndpoint(host: "127.0.0.1", port: r.boundPort)!)
        for k in 0..<40 { s.send(try freed(k)) }
        let deadline = monotonicSeconds() + 5
        var got = 0
        while got < 40 && monotonicSeconds() < deadline {
            usleep(10_000)
            got = (try? LiveJournal.read(path: path))?.records ?? 0
        }
        XCTAssertEqual(got, 40, "the journal holds every datagram while the receiver still runs")
    }
}
