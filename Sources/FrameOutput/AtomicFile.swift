// AtomicFile: writes a whole file or nothing, so a reader (or a crash) never sees a half-written frame.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files atomically: the bytes go to a temporary file in the same directory, are flushed to disk, and the
/// temporary file is then given the target's name in one step.
///
/// Readers polling an output folder see either no file or the complete file. On any failure the temporary file is
/// removed and an `AtomicFileError` names the target and the system's reason.
public enum AtomicFile {
    /// The target's name as the temporary's (and the preflight probe's) starts: at most `maxTemporaryStemBytes` bytes
    /// of UTF-8, cut at a character, so that with `.tmp-<pid>-<host>-<hex>` (up to 55 bytes) it stays within a file
    /// name's 255 bytes (a 244-byte name of 80 Chinese characters was refused as too long, though it fits).
    static func temporaryStem(_ name: String) -> String {
        guard name.utf8.count > maxTemporaryStemBytes else { return name }
        var out = "", bytes = 0
        for ch in name {
            let n = String(ch).utf8.count
            if bytes + n > maxTemporaryStemBytes { break }
            out.append(ch)
            bytes += n
        }
        return out
    }

    static let maxTemporaryStemBytes = 190

    /// Writes `bytes` to `path`, all or nothing.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - path: the target; its directory must exist.
    ///   - overwrite: replace an existing file. When false, an existing target is never touched, even if it appears
    ///     while we write.
    ///   - mode: the file's permission bits (0o755 for a script); nil: a replaced file's own, else 0o666 less the umask.
    /// - Throws: `AtomicFileError` (the directory is missing or unwritable, the disk is full, the target exists …).
    ///
    /// Steps: `open(O_CREAT | O_EXCL)` a temporary `.NAME.tmp-<pid>-<host>-<random>` beside the target, `write` it all,
    /// `fsync`, `close`, then either `rename` (overwrite) or `link` + `unlink` (no overwrite: `link` fails with
    /// EEXIST if the target exists, atomically, where check-then-rename would race). On file systems without hard
    /// links (EPERM, ENOTSUP) it falls back to check-then-rename. Finally the directory is fsync'd, best effort.
    public static func write(_ bytes: [UInt8], to path: String, overwrite: Bool, mode: mode_t? = nil) throws {
        let (_, given) = split(path)
        guard !given.isEmpty, given != ".", given != ".." else {
            throw AtomicFileError(path: path, step: "not a file name", code: EISDIR)
        }
        // An overwrite keeps the replaced file's permissions (a 0600 scene saved by the viewer became 0644).
        let (path, keptMode) = overwrite ? try replaceable(path) : (path, nil)
        let mode = mode ?? keptMode
        let (directory, name) = split(path)
        let suffix = String(UInt32.random(in: .min ... .max), radix: 16)
        let temporary = "\(directory == "/" ? "" : directory)/.\(temporaryStem(name)).tmp-\(getpid())-\(hostTag)-\(suffix)"

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            let code = errno
            // The folder itself is missing (or is a file): said as such, not as the temporary's name.
            var st = stat()
            if code == ENOENT || code == ENOTDIR, stat(directory, &st) != 0 || (st.st_mode & S_IFMT) != S_IFDIR {
                throw AtomicFileError(path: path, step: "no folder \(directory) to write into", code: code)
            }
            throw AtomicFileError(path: path, step: "cannot create temporary file \(temporary)", code: code)
        }
        var isOpen = true
        var temporaryExists = true
        defer {
            if isOpen { close(descriptor) }
            if temporaryExists { unlink(temporary) }
        }

        try writeAll(bytes, to: descriptor, path: path, temporary: temporary)
        if let mode, fchmod(descriptor, mode) != 0 {
            throw AtomicFileError(path: path, step: "cannot set the mode of \(temporary)", code: errno)
        }
        guard fsync(descriptor) == 0 else {
            throw AtomicFileError(path: path, step: "cannot flush \(temporary) to disk", code: errno)
        }
        isOpen = false
        guard close(descriptor) == 0 else {
            throw AtomicFileError(path: path, step: "cannot close \(temporary)", code: errno)
        }

        if overwrite {
            guard rename(temporary, path) == 0 else {
                throw AtomicFileError(path: path, step: "cannot rename \(temporary) to it", code: errno)
            }
            temporaryExists = false
        } else if link(temporary, path) != 0 {
            let code = errno
            if code == EEXIST {
                throw refusal(path)
            }
            guard code == EPERM || code == ENOTSUP || code == EOPNOTSUPP else {
                throw AtomicFileError(path: path, step: "cannot link \(temporary) to it", code: code)
            }
            // No hard links here: check, then rename. A file created in between would be replaced.
            if access(path, F_OK) == 0 {
                throw refusal(path)
            }
            guard rename(temporary, path) == 0 else {
                throw AtomicFileError(path: path, step: "cannot rename \(temporary) to it", code: errno)
            }
            temporaryExists = false
        }
        // After a successful link the temporary name is still there; the deferred unlink removes it.
        syncDirectory(directory)
    }

    /// The file an overwrite replaces: `path` itself when it is missing or a regular file; the file a symbolic link
    /// names (the link is kept, as `cp` writes through it); an error for anything else. A rename would put a
    /// regular file in place of a device, a pipe or a socket (`/dev/full` became a file) and report success.
    /// Also returns the file's permission bits, which the new file takes.
    static func replaceable(_ path: String) throws -> (path: String, mode: mode_t?) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return (path, nil) }  // missing: created; other errors surface when writing
        var target = path
        if st.st_mode & S_IFMT == S_IFLNK {
            guard let real = realpath(path, nil) else { return (path, nil) }  // dangling: the link itself is replaced
            target = String(cString: real)
            free(real)
            guard stat(target, &st) == 0 else { return (path, nil) }
        }
        let kind: String
        switch st.st_mode & S_IFMT {
        case S_IFREG: return (target, st.st_mode & 0o777)  // not set-id bits: a new file does not inherit those
        case S_IFDIR: kind = "a folder"
        case S_IFCHR, S_IFBLK: kind = "a device"
        case S_IFIFO: kind = "a pipe"
        case S_IFSOCK: kind = "a socket"
        default: kind = "of another kind"
        }
        throw AtomicFileError(path: path, step: "is \(kind), not a file; outputs are written whole and renamed into "
                              + "place, so they go to files only", code: 0)
    }

    /// Checks, before the work that makes a file's bytes, that `write(_:to:overwrite:)` could put a file at `path`:
    /// its folder takes a new file (a probe is created and removed), the target is not a device, pipe or folder,
    /// and, without `overwrite`, nothing is there yet. For writers whose bytes cannot be made again (a recording).
    public static func preflight(_ path: String, overwrite: Bool) throws {
        // lstat, not access: a dangling symbolic link is a name the final rename will not replace either (access
        // follows it, finds nothing, and a recording listened for a whole take it then could not write).
        var st = stat()
        if overwrite { _ = try replaceable(path) } else if lstat(path, &st) == 0 { throw refusal(path) }
        let (directory, name) = split(path)
        let probe = "\(directory == "/" ? "" : directory)/.\(temporaryStem(name)).probe-\(getpid())-\(hostTag)"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AtomicFileError(path: path, step: "cannot create a file in \(directory)", code: errno)
        }
        close(descriptor)
        unlink(probe)
    }

    /// The error for an existing target when overwriting is not allowed.
    private static func refusal(_ path: String) -> AtomicFileError {
        AtomicFileError(path: path, step: AtomicFileError.refusalStep, code: EEXIST)
    }

    /// Writes every byte, retrying short writes and EINTR.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String, temporary: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw AtomicFileError(path: path, step: "cannot write \(temporary)", code: errno)
                }
                offset += written
            }
        }
    }

    /// The C `write`, named apart from `AtomicFile.write`.
    private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            return Glibc.write(descriptor, buffer, count)
        #else
            return Darwin.write(descriptor, buffer, count)
        #endif
    }

    /// Makes the rename itself durable. Best effort: some file systems refuse fsync on a directory, and the file's
    /// contents are already safe.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            _ = fsync(descriptor)
            close(descriptor)
        }
    }

    /// Splits "a/b/c.png" into ("a/b", "c.png"); a bare name lives in ".", and "/c.png" in "/".
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else {
            return (".", path)
        }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }
}
