// LiveReceiver: a UDP socket read on its own thread, each datagram decoded into a bounded ring with counters.

#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import TakeFormats
import Takes

/// Receives FreeD or OpenTrackIO datagrams on an IPv4 UDP socket.
///
/// `start()` binds (port 0 picks a free port: see `boundPort`) and starts a reader thread that blocks in
/// `recvfrom` with a 100 ms timeout, so `stop()` returns within about that. Each datagram is decoded
/// (`LiveDecoder`), filtered by camera id when `cameraID` is set, stamped with its arrival on the monotonic
/// clock and pushed into a `SampleRing` of fixed capacity; the consumer takes samples with `drain()`.
/// Nothing grows with the input: a full ring drops the sample and counts it.
public final class LiveReceiver: @unchecked Sendable {
    public struct Options: Sendable {
        public var format: LiveFormat
        public var endpoint: UDPEndpoint
        /// Keep only samples with this camera id (FreeD byte 1, OpenTrackIO sourceNumber).
        public var cameraID: Int?
        /// Samples held between drains: 65536 is over 6 s of a 10,000 packet/s flood.
        public var ringCapacity: Int
        /// SO_RCVBUF requested; the kernel may grant less (net.core.rmem_max).
        public var receiveBuffer: Int
        /// What FreeD's zoom and focus hold (`--freed-lens`): raw counts, or millimetres read into the lens.
        public var freedLens: FreeDCapture.LensEncoding

        public init(format: LiveFormat, endpoint: UDPEndpoint, cameraID: Int? = nil,
                    ringCapacity: Int = 65536, receiveBuffer: Int = 8 << 20, freedLens: FreeDCapture.LensEncoding = .raw) {
            self.format = format; self.endpoint = endpoint; self.cameraID = cameraID
            self.ringCapacity = ringCapacity; self.receiveBuffer = receiveBuffer; self.freedLens = freedLens
        }
    }

    /// How many rejection messages the stats keep (all are counted).
    public static let keptRejectMessages = 20
    /// Largest datagram read whole; longer ones are rejected as wrong length.
    public static let maxDatagram = 65536

    public let options: Options
    private var fd: Int32 = -1
    private var thread: pthread_t?
    private let stopping = Atomic<Bool>(false)
    private let state: Mutex<State>
    private var origin = 0.0
    public private(set) var boundPort: UInt16 = 0
    /// The journal the reader thread appends kept datagrams to (`journal(to:header:)`); only that thread touches it
    /// once started, and takes a new one (or none) from `journalHandoff`.
    private var journalWriter: JournalWriter?
    /// A journal to take up (`.some(writer)`) or to end (`.some(nil)`), left for the reader thread.
    private let journalHandoff = Mutex<JournalWriter??>(nil)
    private let handoffPending = Atomic<Bool>(false)

    struct State {
        var ring: SampleRing
        var stats = LiveStats()
        var meter = RateMeter()
    }

    public init(_ options: Options) {
        self.options = options
        state = Mutex(State(ring: SampleRing(capacity: options.ringCapacity)))
    }

    deinit {
        stop()
    }

    /// Creates the journal at `path` (it must not exist) and writes its header: from then on every datagram kept in
    /// the ring is also appended to it (`LiveJournal`), until `endJournal()` or `stop()`. Before `start()` it covers
    /// every datagram; while running, the reader thread takes it up before the next datagram it handles. Throws
    /// `LiveTrackingError` naming the file.
    @discardableResult
    public func journal(to path: String, header: LiveJournal.Header) throws -> LiveJournal.Hold {
        let j = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard j >= 0 else { throw LiveTrackingError("\(path): cannot create the recording's journal", errno: errno) }
        // Held while the recording runs and until its take is written (the returned hold; the lock goes with the
        // process, also on kill -9): another recording to the same file sees a running one's journal. Waited for: a
        // moment's probe (`isHeld`, `examine`) may hold it as it is created; a filesystem without locks says no at once.
        var r = flock(j, LOCK_EX)
        while r != 0 && errno == EINTR { r = flock(j, LOCK_EX) }
        let hold = LiveJournal.Hold(fd: dup(j), locked: r == 0)
        let bytes = LiveJournal.encodeHeader(header)
        let n = bytes.withUnsafeBytes { Glibc.write(j, $0.baseAddress!, $0.count) }
        guard n == bytes.count, fdatasync(j) == 0 else {
            let e = n < 0 || n == bytes.count ? errno : ENOSPC
            hold.release()
            close(j)
            unlink(path)
            throw LiveTrackingError("\(path): cannot write the recording's journal", errno: e)
        }
        let writer = JournalWriter(fd: j, headerBytes: bytes.count)
        if thread == nil {
            journalWriter = writer
        } else {
            journalHandoff.withLock { $0 = .some(writer) }
            handoffPending.store(true, ordering: .releasing)
        }
        return hold
    }

    /// Ends the journal: the reader thread writes and syncs what it holds and closes it before the next datagram it
    /// handles. The file stays (the caller removes it once the take is written).
    public func endJournal() {
        if thread == nil {
            journalWriter?.finish()
            journalWriter = nil
            return
        }
        journalHandoff.withLock { $0 = .some(nil) }
        handoffPending.store(true, ordering: .releasing)
    }

    /// On the reader thread: takes up the journal `journal(to:header:)` or `endJournal()` left, finishing the old one.
    private func adoptJournal() {
        guard handoffPending.load(ordering: .relaxed), handoffPending.exchange(false, ordering: .acquiring) else { return }
        guard let next = journalHandoff.withLock({ slot -> JournalWriter?? in defer { slot = nil }; return slot }) else { return }
        if let old = journalWriter { finish(old) }
        journalWriter = next
    }

    /// Binds the socket and starts the reader thread. Throws `LiveTrackingError` when the socket cannot be bound.
    public func start() throws {
        precondition(fd < 0, "LiveReceiver started twice")
        let s = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard s >= 0 else { throw LiveTrackingError("socket", errno: errno) }
        var size = Int32(clamping: options.receiveBuffer)
        _ = setsockopt(s, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var granted: Int32 = 0
        var glen = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(s, SOL_SOCKET, SO_RCVBUF, &granted, &glen)
        // The kernel counts the datagrams its full buffer drops and tells the count with each datagram read.
        var on: Int32 = 1
        _ = setsockopt(s, SOL_SOCKET, SO_RXQ_OVFL, &on, socklen_t(MemoryLayout<Int32>.size))
        var tv = timeval(tv_sec: 0, tv_usec: 100_000)
        _ = setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        if options.endpoint.isMulticast {
            // Several listeners of one group and port on a machine (the viewer and `record`, or Unreal) is the
            // normal multicast setup: each gets every datagram.
            _ = setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        var addr = options.endpoint.socketAddress
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let e = errno
            close(s)
            throw LiveTrackingError("cannot listen on \(options.endpoint)", errno: e)
        }
        if options.endpoint.isMulticast {
            do { try joinGroup(s) } catch { close(s); throw error }
        }
        var bound = sockaddr_in()
        var blen = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &blen) }
        }
        boundPort = UInt16(bigEndian: bound.sin_port)
        fd = s
        origin = monotonicSeconds()
        state.withLock { $0.stats.receiveBufferBytes = Int(granted) }

        var tid = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(&tid, nil, { raw in
            let receiver = Unmanaged<LiveReceiver>.fromOpaque(raw!).takeRetainedValue()
            receiver.readLoop()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<LiveReceiver>.fromOpaque(context).release()
            close(s)
            fd = -1
            throw LiveTrackingError("cannot start the receiver thread", errno: created)
        }
        thread = tid
    }

    /// Joins the endpoint's multicast group on every IPv4 interface (trackers send to a group on the stage
    /// network; a sender on this machine sends it on the loopback interface): bound to the group alone, nothing
    /// arrives until some process joins it. At least one join must succeed.
    private func joinGroup(_ s: Int32) throws {
        let group = options.endpoint.socketAddress.sin_addr
        var interfaces: [in_addr] = []
        var list: UnsafeMutablePointer<ifaddrs>?
        if getifaddrs(&list) == 0 {
            var p = list
            while let a = p {
                // Interfaces that are up and carry multicast (and the loopback one, which a sender on this
                // machine uses): joining every address ran into the kernel's 20 memberships on hosts with bridges.
                let flags = a.pointee.ifa_flags
                let usable = flags & UInt32(IFF_UP) != 0
                    && flags & UInt32(IFF_MULTICAST | IFF_LOOPBACK) != 0
                if usable, let sa = a.pointee.ifa_addr, sa.pointee.sa_family == sa_family_t(AF_INET) {
                    interfaces.append(UnsafeRawPointer(sa).assumingMemoryBound(to: sockaddr_in.self).pointee.sin_addr)
                }
                p = a.pointee.ifa_next
            }
            freeifaddrs(list)
        }
        if interfaces.isEmpty { interfaces = [in_addr(s_addr: 0)] }  // INADDR_ANY: the kernel's choice
        var joined = 0, failure: Int32 = 0
        for interface in interfaces {
            var request = ip_mreq(imr_multiaddr: group, imr_interface: interface)
            if setsockopt(s, Int32(IPPROTO_IP), IP_ADD_MEMBERSHIP, &request, socklen_t(MemoryLayout<ip_mreq>.size)) == 0 {
                joined += 1
            } else {
                failure = errno
            }
        }
        guard joined > 0 else { throw LiveTrackingError("cannot join the multicast group \(options.endpoint.host)", errno: failure) }
    }

    /// Stops the reader thread (within ~100 ms) and closes the socket. Samples already in the ring stay drainable.
    public func stop() {
        stopping.store(true, ordering: .releasing)
        if let t = thread {
            pthread_join(t, nil)
            thread = nil
        }
        journalWriter = nil  // written and synced by the reader thread as it ended; closed here
        if fd >= 0 {
            close(fd)
            fd = -1
        }
    }

    /// Takes every sample in the ring, oldest first.
    public func drain(max: Int = .max) -> [LiveSample] {
        var out: [LiveSample] = []
        state.withLock { $0.ring.drain(into: &out, max: max) }
        return out
    }

    /// Appends every sample in the ring to `out` (no allocation when `out` has room).
    public func drain(into out: inout [LiveSample]) {
        state.withLock { $0.ring.drain(into: &out) }
    }

    /// Samples waiting in the ring.
    public var pending: Int { state.withLock { $0.ring.count } }

    /// The counters now.
    public func stats() -> LiveStats {
        let t = monotonicSeconds() - origin
        return state.withLock { st in
            var s = st.stats
            s.elapsed = t
            s.packetsPerSecond = st.meter.rate(at: t)
            return s
        }
    }

    /// Most datagrams read after `stop()`: as many as the socket's buffer can have held when the stop came (the
    /// kernel charges a datagram at least 256 bytes of it: at most 32,768 in 8 MB), so a sender that never stops
    /// cannot keep `stop()` from returning.
    func maxQueuedAtStop() -> Int {
        max(1024, state.withLock { $0.stats.receiveBufferBytes } / 256)
    }

    private func readLoop() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: LiveReceiver.maxDatagram, alignment: 16)
        defer { buffer.deallocate() }
        let control = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 8)
        defer { control.deallocate() }
        let fd = self.fd
        while !stopping.load(ordering: .acquiring) {
            let n = receive(fd, buffer, control, flags: 0)
            if n < 0 {
                let e = errno
                if e == EAGAIN || e == EWOULDBLOCK || e == EINTR { tickJournal(); continue }
                break
            }
            handle(buffer, length: n)
            tickJournal()
        }
        // Datagrams the kernel had already accepted when the stop came are part of the take: read them too, without
        // waiting for more (a Ctrl-C lost 1,650 of 2,000 queued OpenTrackIO samples, and said nothing).
        var queued = 0
        let most = maxQueuedAtStop()
        while queued < most {
            let n = receive(fd, buffer, control, flags: Int32(MSG_DONTWAIT))
            if n < 0 {
                if errno == EINTR { continue }
                break
            }
            handle(buffer, length: n)
            queued += 1
        }
        adoptJournal()
        if let j = journalWriter { finish(j) }
    }

    /// Writes and syncs what `j` holds and closes it, its failure (if any) into the stats.
    private func finish(_ j: JournalWriter) {
        j.finish()
        noteFailure(of: j)
    }

    /// A journal's failure into the stats, where `record` and the viewer read it.
    private func noteFailure(of j: JournalWriter) {
        if let f = j.failure { state.withLock { $0.stats.journalFailure = f } }
    }

    /// Writes and syncs the journal when due; a failure goes into the stats.
    private func tickJournal() {
        adoptJournal()
        guard let j = journalWriter, j.failure == nil else { return }
        j.tick(now: monotonicSeconds())
        noteFailure(of: j)
    }

    /// One datagram into `buffer` (its full length returned even when longer: MSG_TRUNC), and the kernel's count of
    /// dropped datagrams from the control message into the stats.
    private func receive(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, _ control: UnsafeMutableRawBufferPointer,
                         flags: Int32) -> Int {
        var iov = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
        return withUnsafeMutablePointer(to: &iov) { iovPointer in
            var message = msghdr()
            message.msg_iov = iovPointer
            message.msg_iovlen = 1
            message.msg_control = control.baseAddress
            message.msg_controllen = control.count
            let n = recvmsg(fd, &message, flags | Int32(MSG_TRUNC))
            if n >= 0, let drops = LiveReceiver.droppedCount(control, length: Int(message.msg_controllen)) {
                state.withLock { $0.stats.kernelDropped = drops }
            }
            return n
        }
    }

    /// The SO_RXQ_OVFL count in a control buffer of `length` bytes (Linux's cmsghdr: a size_t length, level, type,
    /// then the data at the next 8-byte boundary), or nil when it has none.
    static func droppedCount(_ control: UnsafeMutableRawBufferPointer, length: Int) -> Int? {
        let header = MemoryLayout<cmsghdr>.size
        var offset = 0
        while offset + header <= length {
            let h = control.load(fromByteOffset: offset, as: cmsghdr.self)
            let size = Int(h.cmsg_len)
            guard size >= header, offset + size <= length else { return nil }
            if h.cmsg_level == SOL_SOCKET, h.cmsg_type == SO_RXQ_OVFL, size >= header + 4 {
                return Int(control.loadUnaligned(fromByteOffset: offset + header, as: UInt32.self))
            }
            offset += (size + 7) & ~7
        }
        return nil
    }

    /// Decodes one datagram of `n` bytes (more than the buffer: too long) into the ring and the counters.
    private func handle(_ buffer: UnsafeMutableRawBufferPointer, length n: Int) {
        adoptJournal()
        let arrival = monotonicSeconds() - origin
        let result: Result<(sample: LiveSample, note: String?), LiveReject>
        if n > buffer.count {
            result = .failure(LiveReject(.wrongLength, "wrong length: \(n) bytes, more than \(buffer.count)"))
        } else {
            let bytes = [UInt8](UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            do {
                result = .success(try LiveDecoder.decodeNoted(bytes, format: options.format, arrival: arrival, freedLens: options.freedLens))
            } catch let r as LiveReject {
                result = .failure(r)
            } catch {
                result = .failure(LiveReject(.badPayload, "\(error)"))
            }
        }
        let filter = options.cameraID
        let kept = state.withLock { st -> Bool in
            st.stats.received += 1
            st.meter.count(at: arrival)
            switch result {
            case .success(let (s, note)):
                if let id = filter, s.sample.cameraID != id {
                    st.stats.filtered += 1
                } else if st.ring.push(s) {
                    st.stats.accepted += 1
                    if let note {
                        st.stats.distortionIgnored += 1
                        if st.stats.firstNotes.count < LiveReceiver.keptRejectMessages {
                            st.stats.firstNotes.append("at \(formatSeconds(arrival)) s: \(note)")
                        }
                    }
                    return true
                } else {
                    st.stats.dropped += 1
                }
            case .failure(let r):
                st.stats.rejectedByReason[r.reason, default: 0] += 1
                if st.stats.firstRejects.count < LiveReceiver.keptRejectMessages {
                    st.stats.firstRejects.append("at \(formatSeconds(arrival)) s: \(r.message)")
                }
            }
            return false
        }
        if kept, let j = journalWriter { j.append(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), arrival: arrival) }
    }
}

/// Seconds with three decimals.
func formatSeconds(_ t: Double) -> String {
    let ms = Int((t * 1000).rounded())
    let frac = String(ms % 1000)
    return "\(ms / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
}
