// LiveJournal: the file `record` appends every kept datagram to as it records, so a recording that is killed (kill
// -9, the out-of-memory killer, a crash, a power cut) can still become its take.

#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import Synchronization
import TakeFormats
import Takes

/// A recording's journal, `OUT.journal` beside the take it will become (`path(for:)`).
///
/// The layout: the line `XRSTUDIO-RECORD-JOURNAL 1`, one line of JSON (`Header`: the format and options that
/// decoded the datagrams), then one record per datagram the receiver kept, in the order it kept them: its length
/// (UInt32), its arrival in seconds (the Float64's bits), its bytes, and an FNV-1a checksum (UInt32) of the three,
/// all little-endian. Recovery decodes the datagrams again with the same decoder and options, so the take is the
/// one `record` would have written from them. A kill can cut the last record short, and a disk can damage one:
/// reading skips a record that is cut or fails its checksum to the next whole one, and says how many bytes it left.
public enum LiveJournal {
    /// The first line.
    public static let magic = "XRSTUDIO-RECORD-JOURNAL 1\n"
    /// Longest header line read.
    static let maxHeaderBytes = 4096
    /// Bytes a record adds to its datagram: length, arrival and checksum.
    static let recordOverhead = 16

    /// What decoded the datagrams, and where the take was to go.
    public struct Header: Codable, Sendable, Equatable {
        /// `LiveFormat`'s raw value: freed or opentrackio.
        public var format: String
        /// `FreeDCapture.LensEncoding`'s raw value: raw or mm.
        public var freedLens: String
        /// The take file the recording was writing (as given to `record`).
        public var out: String
        /// When the recording started, UTC, ISO 8601.
        public var started: String

        /// `started` is now unless given (tests).
        public init(format: LiveFormat, freedLens: FreeDCapture.LensEncoding, out: String, started: String = LiveJournal.utcNow()) {
            self.format = format.rawValue
            self.freedLens = freedLens.rawValue
            self.out = out
            self.started = started
        }
    }

    /// Now in UTC, ISO 8601 to the second ("2026-12-07T14:55:00Z"): when a recording started.
    public static func utcNow() -> String {
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        var text = [CChar](repeating: 0, count: 32)
        let n = strftime(&text, text.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: text[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The journal of a recording to `out`.
    public static func path(for out: String) -> String { out + ".journal" }

    /// The take path a journal's name points at (`take.csv.journal` → `take.csv`), or nil when it does not end in
    /// `.journal`.
    public static func takePath(for journal: String) -> String? {
        guard journal.hasSuffix(".journal"), journal.count > ".journal".count else { return nil }
        return String(journal.dropLast(".journal".count))
    }

    /// The file's first bytes: the magic line and the header line.
    public static func encodeHeader(_ header: Header) -> [UInt8] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json: [UInt8] = (try? enc.encode(header)).map { [UInt8]($0) } ?? Array("{}".utf8)
        return Array(magic.utf8) + json + [0x0A]
    }

    /// Appends one record for `datagram`, arrived at `arrival` seconds, to `out`.
    static func appendRecord(_ datagram: UnsafeRawBufferPointer, arrival: Double, to out: inout [UInt8]) {
        let start = out.count
        withUnsafeBytes(of: UInt32(datagram.count).littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: arrival.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: datagram)
        let sum = out.withUnsafeBytes { fnv1a(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        withUnsafeBytes(of: sum.littleEndian) { out.append(contentsOf: $0) }
    }

    /// 32-bit FNV-1a.
    static func fnv1a(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
        return h
    }

    /// Whether a running recording holds the journal at `path` (its writer's lock): not a stopped recording's. On a
    /// filesystem without locks it cannot tell, and says no.
    public static func isHeld(path: String) -> Bool {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            _ = flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    /// A file's identity (device and inode): whether a path still names the file a descriptor has open, or two
    /// paths name one file.
    struct FileID: Equatable {
        let device: UInt64, inode: UInt64
        init?(_ st: stat?) {
            guard let st else { return nil }
            device = UInt64(st.st_dev); inode = UInt64(st.st_ino)
        }
        init?(path: String) { self.init(statOf(path)) }
        init?(fd: Int32) {
            var st = stat()
            self.init(fstat(fd, &st) == 0 ? st : nil)
        }
    }

    /// Whether `a` and `b` name one file (a link to it too).
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        guard let x = FileID(path: a) else { return false }
        return x == FileID(path: b)
    }

    /// Whether `path` still names the file open as `fd` (not another put there since).
    static func names(_ path: String, file fd: Int32) -> Bool {
        guard let x = FileID(fd: fd) else { return false }
        return x == FileID(path: path)
    }

    /// What is at a recording's journal path before a new recording to the same take starts.
    public enum Existing: Equatable {
        /// Nothing: the recording may start.
        case none
        /// A stopped recording's journal that held no samples: removed (under its lock, so never a running one's).
        case removedEmpty
        /// A stopped recording's journal with samples: `take recover` gets them back.
        case holdsSamples
        /// A running recording holds it.
        case running
        /// A file that is no journal (the reason, naming it).
        case notJournal(String)
    }

    /// Looks at `path` holding its lock while it reads and removes, so a recording starting meanwhile is never
    /// mistaken for a stopped one: checking the lock, reading and removing in separate steps let a second `record`
    /// remove a first one's journal created in between.
    public static func examine(path: String) -> Existing {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return errno == ENOENT ? .none : .notJournal("\(path): cannot be opened (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK { return .running }
        // Still the file opened (not replaced meanwhile), while held.
        guard names(path, file: fd) else { return .running }
        let left: Recovered
        do { left = try read(path: path) } catch { return .notJournal("\(error)") }
        guard left.isEmpty else { return .holdsSamples }
        return names(path, file: fd) && unlink(path) == 0 ? .removedEmpty : .holdsSamples
    }

    /// A recording's hold on its journal: the lock `LiveReceiver.journal(to:header:)` took, kept (by a descriptor of
    /// its own on the same open file) until the take is written and the journal removed, not only while datagrams
    /// arrive: between the receiver's stop and the take's write a second recording took the journal for a stopped one's.
    public final class Hold: @unchecked Sendable {
        private var fd: Int32
        /// False on a filesystem without locks: a second recording to the same take is not detected there.
        public let locked: Bool

        init(fd: Int32, locked: Bool) {
            self.fd = fd
            self.locked = locked
        }

        /// Removes the journal at `path` if it is still this one (not a file put there since), then lets go.
        @discardableResult
        public func removeJournal(at path: String) -> Bool {
            let removed = LiveJournal.names(path, file: fd) && unlink(path) == 0
            release()
            return removed
        }

        /// Lets go of the journal, kept.
        public func release() {
            if fd >= 0 { close(fd) }
            fd = -1
        }

        deinit { release() }
    }

    /// A journal read back.
    public struct Recovered: Sendable {
        public var header: Header
        /// The datagrams decoded again, in the order they were kept.
        public var samples: [LiveSample]
        /// Whole records read.
        public var records: Int
        /// Records whose datagram no longer decodes (none unless the file was edited): skipped, the first reason kept.
        public var undecodable: Int
        public var firstUndecodable: String?
        /// Bytes after the last whole record (the record a kill cut short, or damage): left out.
        public var leftBytes: Int
        /// Where those bytes start.
        public var leftOffset: Int
        /// Damaged stretches between whole records (offset, bytes), skipped: the records after them are read.
        public var damaged: [(offset: Int, bytes: Int)] = []
        /// Samples whose lens distortion the decoder left out (implausible, as the file readers judge it), and the
        /// first reason.
        public var distortionIgnored = 0
        public var firstDistortionNote: String?

        /// Whether the journal holds nothing more than the take: no damage, and at most one record cut short at the
        /// end (what a kill leaves). Otherwise it is worth keeping after the take is written.
        public var isSpent: Bool { damaged.isEmpty && leftBytes < recordOverhead + LiveReceiver.maxDatagram && undecodable == 0 }

        /// Whether the journal holds nothing at all past its header (a recording stopped before anything arrived):
        /// nothing in it to keep.
        public var isEmpty: Bool { records == 0 && leftBytes == 0 && damaged.isEmpty }
    }

    /// Reads the journal at `path`, 1 MB at a time: a journal is not read whole (an OpenTrackIO recording's journal
    /// can be bigger than the memory the take it holds needs). Throws `LiveTrackingError` naming the file when it is
    /// not a journal (no magic line, a header that is not one); damage after the header is skipped and reported.
    /// At most `maxSamples` samples are decoded (the memory budget's): past that it throws naming the budget, as
    /// `record` stops there (a journal of 2 million FreeD samples took 3.2 GB to recover, unchecked).
    public static func read(path: String, maxSamples: Int = .max) throws -> Recovered {
        let file: TakeFileBytes
        do { file = try TakeFileBytes(path) } catch { throw LiveTrackingError(error.message) }
        let chunk = 1 << 20
        return try decode(path: path, maxSamples: maxSamples) { buffer in
            let start = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunk))
            let got: Int
            do {
                got = try buffer.withUnsafeMutableBufferPointer { b in
                    try file.read(into: UnsafeMutableBufferPointer(rebasing: b[start...]))
                }
            } catch {
                buffer.removeLast(chunk)
                throw LiveTrackingError("\(error)")
            }
            buffer.removeLast(chunk - got)
            return got > 0
        }
    }

    /// `read(path:)` of bytes already read (tests, the fuzzer).
    public static func decode(_ bytes: [UInt8], path: String) throws -> Recovered {
        var served = false
        return try decode(path: path) { buffer in
            guard !served else { return false }
            served = true
            buffer.append(contentsOf: bytes)
            return !bytes.isEmpty
        }
    }

    /// The journal whose bytes `more` appends to the buffer it is given, piece by piece (false at the end). What is
    /// read is dropped once it is behind the record being read, so memory holds the samples and one window.
    static func decode(path: String, maxSamples: Int = .max, more: (inout [UInt8]) throws -> Bool) throws -> Recovered {
        var buf: [UInt8] = []
        var base = 0      // the file offset of buf[0]
        var ended = false
        /// Reads until `buf` holds `count` bytes or the file ends.
        func fill(_ count: Int) throws {
            while !ended && buf.count < count { ended = !(try more(&buf)) }
        }
        let m = Array(magic.utf8)
        try fill(m.count + maxHeaderBytes + 1)
        guard buf.count >= m.count, Array(buf[0..<m.count]) == m else {
            throw LiveTrackingError("\(path): not a recording journal (it does not start with \"\(magic.dropLast())\")")
        }
        let headerEnd = buf[m.count..<Swift.min(buf.count, m.count + maxHeaderBytes)].firstIndex(of: 0x0A)
        guard let headerEnd else {
            throw LiveTrackingError("\(path): line 2: the journal's header is cut short or longer than \(maxHeaderBytes) bytes")
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(buf[m.count..<headerEnd]))
        } catch {
            throw LiveTrackingError("\(path): line 2: not a journal header (JSON with format, freedLens, out, started)")
        }
        guard let format = LiveFormat(rawValue: header.format) else {
            throw LiveTrackingError("\(path): line 2: format \"\(header.format)\": expected freed or opentrackio")
        }
        guard let lens = FreeDCapture.LensEncoding(rawValue: header.freedLens) else {
            throw LiveTrackingError("\(path): line 2: freedLens \"\(header.freedLens)\": expected raw or mm")
        }
        var out = Recovered(header: header, samples: [], records: 0, undecodable: 0, firstUndecodable: nil,
                            leftBytes: 0, leftOffset: 0)
        var at = headerEnd + 1
        let window = recordOverhead + LiveReceiver.maxDatagram
        /// Makes sure `buf` holds a whole record's room from `p` on (or the rest of the file), dropping what is before
        /// `p` (records read, damage skipped) once that passes 1 MB. Returns `p` moved with the drop.
        func ensure(_ p: Int) throws -> Int {
            guard !ended && buf.count - p < window else { return p }
            var p = p
            if p > 1 << 20 {
                buf.removeFirst(p)
                base += p
                p = 0
            }
            try fill(buf.count + window + (1 << 20))
            return p
        }
        /// The end of a whole record at `p` (its checksum's end), or nil. Cheap tests first (a length the format
        /// can have, the datagram's own magic bytes and, for OpenTrackIO, its own length field), so scanning damage
        /// for the next record hashes only what looks like a record.
        func record(at p: Int) -> Int? {
            buf.withUnsafeBytes { raw -> Int? in
                guard raw.count - p >= recordOverhead else { return nil }
                let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt32.self)))
                guard length <= LiveReceiver.maxDatagram, raw.count - p >= recordOverhead + length else { return nil }
                switch format {
                case .freed: guard length == 29, raw[p + 12] == 0xD1 else { return nil }
                case .openTrackIO:
                    guard length >= 16, raw[p + 12] == UInt8(ascii: "O"), raw[p + 13] == UInt8(ascii: "T"),
                          raw[p + 14] == UInt8(ascii: "r"), raw[p + 15] == UInt8(ascii: "k"),
                          16 + (Int(raw[p + 24] & 0x7F) << 8 | Int(raw[p + 25])) == length else { return nil }
                }
                let end = p + 12 + length
                let sum = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: end, as: UInt32.self))
                guard fnv1a(UnsafeRawBufferPointer(rebasing: raw[p..<end])) == sum else { return nil }
                return end + 4
            }
        }
        while true {
            at = try ensure(at)
            guard at < buf.count else { break }
            guard let next = record(at: at) else {
                // Damage (a flipped byte, a block of zeros) or the record a kill cut short: look for the next whole
                // record after it; none means this is the cut tail.
                let start = base + at
                var p = at + 1
                while true {
                    p = try ensure(p)  // the damage itself is not kept: only where it starts
                    if p >= buf.count || record(at: p) != nil { break }
                    p += 1
                }
                guard p < buf.count else { break }
                out.damaged.append((start, base + p - start))
                at = p
                continue
            }
            let end = next - 4
            let arrival = buf.withUnsafeBytes {
                Double(bitPattern: UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at + 4, as: UInt64.self)))
            }
            out.records += 1
            guard out.samples.count < maxSamples else {
                throw LiveTrackingError("\(path): holds more than the \(maxSamples) samples the memory budget holds "
                                        + "(--memory-budget raises it)")
            }
            do {
                guard arrival.isFinite else { throw LiveReject(.badPayload, "arrival \(arrival) s is not finite") }
                let (sample, note) = try LiveDecoder.decodeNoted(Array(buf[(at + 12)..<end]), format: format, arrival: arrival,
                                                                 freedLens: lens)
                out.samples.append(sample)
                if let note {
                    out.distortionIgnored += 1
                    if out.firstDistortionNote == nil { out.firstDistortionNote = note }
                }
            } catch {
                out.undecodable += 1
                if out.firstUndecodable == nil { out.firstUndecodable = "record \(out.records) (byte \(base + at)): \(error)" }
            }
            at = next
        }
        out.leftOffset = base + at
        out.leftBytes = buf.count - at
        return out
    }
}

/// `stat` of `path` (links followed), or nil.
private func statOf(_ path: String) -> stat? {
    var st = stat()
    return stat(path, &st) == 0 ? st : nil
}

/// Appends kept datagrams to a journal from the receiver's thread: buffered, written every 100 ms or 256 KB and at
/// the stop. The sync to the disk (about once a second) runs on a thread of its own: `fdatasync` can stall for tens
/// of milliseconds on a busy disk, and on the receiver's thread it bunched the arrival times FreeD samples are timed by.
/// A write or sync that fails (a full disk) ends the journal, and says why in `failure`; the recording goes on in
/// memory.
final class JournalWriter: @unchecked Sendable {  // append/tick/finish: one thread at a time (the receiver's)
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var lastWrite: Double
    private var writeFailure: String?
    /// Why the journal stopped, or nil while it is written. Asked per datagram: one atomic load while all is well.
    var failure: String? { writeFailure ?? (syncFailed.load(ordering: .acquiring) ? syncFailure.withLock { $0 } : nil) }
    /// Bytes written to the file so far.
    private(set) var written = 0
    /// Set when bytes were written since the last sync; the sync thread clears it.
    private let unsynced = Atomic<Bool>(false)
    private let closing = Atomic<Bool>(false)
    private let syncFailure = Mutex<String?>(nil)
    private let syncFailed = Atomic<Bool>(false)
    private var syncThread: pthread_t?

    static let writeEvery = 0.1
    static let writeBytes = 256 << 10
    static let syncEvery = 1.0

    /// Takes over `fd`, a journal already holding its header, and starts its sync thread.
    init(fd: Int32, headerBytes: Int) {
        self.fd = fd
        written = headerBytes
        lastWrite = monotonicSeconds()
        buffer.reserveCapacity(JournalWriter.writeBytes + LiveReceiver.maxDatagram + LiveJournal.recordOverhead)
        var tid = pthread_t()
        let context = Unmanaged.passUnretained(self).toOpaque()
        if pthread_create(&tid, nil, { raw in
            Unmanaged<JournalWriter>.fromOpaque(raw!).takeUnretainedValue().syncLoop()
            return nil
        }, context) == 0 {
            syncThread = tid
        }
    }

    deinit { close() }

    private var closed = false

    /// Stops the sync thread and closes the file (once). The thread holds the writer while it runs, so the writer
    /// is not freed before this: each recording's journal stayed open (and locked, though removed) with its thread
    /// until the process ended.
    func close() {
        guard !closed else { return }
        closed = true
        closing.store(true, ordering: .releasing)
        if let t = syncThread { pthread_join(t, nil) }
        syncThread = nil
        Glibc.close(fd)
    }

    func append(_ datagram: UnsafeRawBufferPointer, arrival: Double) {
        guard failure == nil else { return }
        LiveJournal.appendRecord(datagram, arrival: arrival, to: &buffer)
    }

    /// Writes the buffer when it is due (`now` on the monotonic clock); the sync thread takes it to the disk.
    func tick(now: Double) {
        if buffer.count >= JournalWriter.writeBytes || (!buffer.isEmpty && now - lastWrite >= JournalWriter.writeEvery) {
            flush(now: now)
        }
    }

    /// Writes what is buffered, syncs (the journal is whole on the disk) and closes it: nothing more is appended.
    func finish() {
        guard !closed else { return }
        flush(now: monotonicSeconds())
        if unsynced.exchange(false, ordering: .acquiringAndReleasing) { sync() }
        close()
    }

    private func flush(now: Double) {
        lastWrite = now
        guard failure == nil, !buffer.isEmpty else { buffer.removeAll(keepingCapacity: true); return }
        var done = 0
        buffer.withUnsafeBytes { b in
            while done < b.count {
                let n = write(fd, b.baseAddress! + done, b.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    writeFailure = String(cString: strerror(errno))
                    return
                }
                done += n
            }
        }
        written += done
        unsynced.store(true, ordering: .releasing)
        buffer.removeAll(keepingCapacity: true)
    }

    private func sync() {
        if fdatasync(fd) != 0 {
            let why = String(cString: strerror(errno))
            syncFailure.withLock { if $0 == nil { $0 = why } }
            syncFailed.store(true, ordering: .releasing)
        }
    }

    /// The sync thread: every `syncEvery` seconds (waking each 50 ms to see whether the writer is closing), the bytes
    /// written since the last sync go to the disk.
    private func syncLoop() {
        var waited = 0.0
        while !closing.load(ordering: .acquiring) {
            usleep(50_000)
            waited += 0.05
            guard waited >= JournalWriter.syncEvery else { continue }
            waited = 0
            if unsynced.exchange(false, ordering: .acquiringAndReleasing) { sync() }
        }
    }
}
