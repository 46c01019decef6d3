// EncodeQueue: frames encoded and written atomically on worker threads, overlapped with rendering the next ones.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import ImageCodecs
import Imaging

/// One frame to encode and write.
public struct EncodeJob: Sendable {
    /// Position in the submission order (0, 1, …).
    public var index: Int
    public var frame: Int
    public var image: RGBA8Image
    public var path: String
    /// Replace the file even when the queue does not overwrite: a damaged frame a resumed run renders again.
    public var replace: Bool
    /// A scene-linear frame (floats, depth, layers, header) for an EXR queue: encoded instead of `image`, so EXR
    /// frames are compressed on the encoder threads while the next frame renders, as PNG frames are.
    public var exr: EXRImage?

    public init(index: Int, frame: Int, image: RGBA8Image, path: String, replace: Bool = false) {
        self.index = index; self.frame = frame; self.image = image; self.path = path; self.replace = replace
    }

    /// A job carrying an EXR frame.
    public init(index: Int, frame: Int, exr: EXRImage, path: String, replace: Bool = false) {
        self.init(index: index, frame: frame, image: RGBA8Image(width: 0, height: 0), path: path, replace: replace)
        self.exr = exr
    }
}

/// A frame that is on disk under its final name.
public struct EncodeResult: Sendable, Equatable {
    public var index: Int
    public var frame: Int
    public var path: String
    /// Bytes of the file.
    public var bytes: Int
    /// Time spent encoding, and writing (temporary file, fsync, rename), in milliseconds.
    public var encodeMilliseconds: Double
    public var writeMilliseconds: Double
    /// The file appeared while this frame was encoded (another copy of the same chunk wrote it first) and was
    /// kept, as `existingIsDone` asks.
    public var alreadyThere = false
}

/// A bounded queue of frames with worker threads that encode each (PNG or JPEG) and write it with
/// `AtomicFile.write`, so a reader or a crash never sees a half-written frame.
///
/// `submit` blocks while `capacity` frames wait (backpressure: memory stays at about capacity + workers frames
/// however long the sequence). The first failure stops the queue: later submits and `finish` throw it; frames
/// not yet started are dropped. Results come back on the caller's thread through `takeResults` / `finish`.
public final class EncodeQueue: @unchecked Sendable {
    public let workers: Int
    public let capacity: Int
    public let encoding: FrameEncoding
    public let overwrite: Bool
    /// A frame whose file appears between the run's check and the write is done, not a failure (--skip-existing:
    /// farm chunks may overlap, and two copies of one chunk may run at once).
    public let existingIsDone: Bool

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var pending: [EncodeJob] = []
    private var results: [EncodeResult] = []
    private var failure: Error?
    private var closed = false
    private var cancelled = false
    private var busy = 0
    private var threads: [pthread_t] = []

    /// How much lower than the render workers' the encoder threads' priority is (a nice increment, Linux only,
    /// where nice is per thread). When render workers and encoders want the same core, the render workers win it,
    /// so a parallel render phase is not held back by a worker waiting behind an encode; the encoders run in the
    /// gaps (the renderer's serial parts, waits) and, once the queue is full, `submit` blocks and they get every
    /// core. +5 weighs an encoder at about a third of a render worker, still far above other users' nice 19 jobs.
    public static let encoderNiceness: Int32 = 5

    /// Starts `workers` threads (at least 1); at most `capacity` frames (at least 1) wait at a time.
    public init(workers: Int, capacity: Int = 4, encoding: FrameEncoding, overwrite: Bool, existingIsDone: Bool = false) {
        self.existingIsDone = existingIsDone
        self.workers = max(1, workers)
        self.capacity = max(1, capacity)
        self.encoding = encoding
        self.overwrite = overwrite
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
        for _ in 0..<self.workers {
            let box = Unmanaged.passRetained(self).toOpaque()
            #if canImport(Glibc)
                var t = pthread_t()
            #else
                var t: pthread_t?
            #endif
            let rc = pthread_create(&t, nil, { arg in
                let q = Unmanaged<EncodeQueue>.fromOpaque(arg!).takeRetainedValue()
                q.workLoop()
                return nil
            }, box)
            if rc == 0 {
                #if canImport(Glibc)
                    threads.append(t)
                #else
                    threads.append(t!)
                #endif
            } else {
                Unmanaged<EncodeQueue>.fromOpaque(box).release()
            }
        }
        if threads.isEmpty {
            failure = EncodeQueueError(message: "cannot start encoder threads")
        }
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        changed.deallocate()
    }

    private func lock() { pthread_mutex_lock(mutex) }
    private func unlock() { pthread_mutex_unlock(mutex) }

    /// Queues a frame, waiting while the queue is full. Throws the first encode or write failure.
    public func submit(_ job: EncodeJob) throws {
        lock()
        defer { unlock() }
        while failure == nil && !closed && pending.count >= capacity {
            pthread_cond_wait(changed, mutex)
        }
        if let failure { throw failure }
        precondition(!closed, "EncodeQueue.submit after finish")
        pending.append(job)
        pthread_cond_broadcast(changed)
    }

    /// Frames finished since the last call, in completion order.
    public func takeResults() -> [EncodeResult] {
        lock()
        defer { unlock() }
        let r = results
        results.removeAll(keepingCapacity: true)
        return r
    }

    /// Waits until every queued frame is written (or, after `cancel`, until the frames being encoded are), joins
    /// the workers, and hands each result to `progress` on this thread as it arrives. Throws the first failure.
    public func finish(progress: (EncodeResult) -> Void = { _ in }) throws {
        lock()
        closed = true
        pthread_cond_broadcast(changed)
        while true {
            let r = results
            results.removeAll(keepingCapacity: true)
            let idle = (pending.count == 0 || cancelled || failure != nil) && busy == 0
            if !r.isEmpty {
                unlock()
                for x in r { progress(x) }
                lock()
                continue
            }
            if idle { break }
            pthread_cond_wait(changed, mutex)
        }
        let failure = self.failure
        let joined = threads
        threads = []
        unlock()
        for t in joined { pthread_join(t, nil) }
        if let failure { throw failure }
    }

    /// Drops the frames not yet started; the ones being encoded still finish (their files are complete).
    /// Call `finish` afterwards to wait for them.
    public func cancel() {
        lock()
        cancelled = true
        pending.removeAll()
        pthread_cond_broadcast(changed)
        unlock()
    }

    private func workLoop() {
        #if os(Linux)
            // who 0 is the calling thread on Linux (nice is per thread there); failure only loses the hint.
            let process = __priority_which_t(PRIO_PROCESS.rawValue)
            errno = 0
            let current = getpriority(process, 0)
            if errno == 0 { _ = setpriority(process, 0, min(19, current + EncodeQueue.encoderNiceness)) }
        #endif
        let clock = ContinuousClock()
        while true {
            lock()
            while pending.count == 0 && !closed && !cancelled && failure == nil {
                pthread_cond_wait(changed, mutex)
            }
            if pending.count == 0 || cancelled || failure != nil {
                unlock()
                return
            }
            // Removed at once: a taken job must not keep its frame alive in the array (memory stays flat).
            let job = pending.removeFirst()
            busy += 1
            pthread_cond_broadcast(changed)  // room for the producer
            unlock()

            var outcome: Result<EncodeResult, Error>
            do {
                let t0 = clock.now
                let bytes: [UInt8]
                if let exr = job.exr, case .exr(let compression) = encoding {
                    bytes = try EXRCodec.encode(exr, compression: compression)
                } else {
                    bytes = try encoding.encode(job.image)
                }
                let t1 = clock.now
                var alreadyThere = false
                if encoding != .discard {
                    do {
                        try AtomicFile.write(bytes, to: job.path, overwrite: overwrite || job.replace)
                    } catch let e as AtomicFileError where e.refusedExisting && existingIsDone {
                        alreadyThere = true
                    }
                }
                let t2 = clock.now
                outcome = .success(EncodeResult(index: job.index, frame: job.frame, path: job.path, bytes: bytes.count,
                                                encodeMilliseconds: EncodeQueue.ms(t1 - t0),
                                                writeMilliseconds: EncodeQueue.ms(t2 - t1), alreadyThere: alreadyThere))
            } catch let e as AtomicFileError {
                outcome = .failure(e)
            } catch {
                outcome = .failure(EncodeQueueError(message: "\(job.path): encoding failed: \(error)"))
            }

            lock()
            busy -= 1
            switch outcome {
            case .success(let r): results.append(r)
            case .failure(let e): if failure == nil { failure = e }
            }
            pthread_cond_broadcast(changed)
            unlock()
        }
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}

/// The queue could not encode a frame or start its threads.
public struct EncodeQueueError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension EncodeQueue {
    /// A duration in milliseconds.
    public static func msPublic(_ d: Duration) -> Double { ms(d) }
}
