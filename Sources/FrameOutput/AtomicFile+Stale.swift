// AtomicFile+Stale: the temporaries a killed writer (kill -9, a lost node) left behind, found and removed on the
// next run in that folder — never one a live process is still writing.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension AtomicFile {
    /// This machine's name as it goes into temporary names: letters and digits only (no '-', which separates the
    /// name's fields), at most 32; "host" if it has none.
    public static let hostTag: String = {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count - 1) == 0 else { return "host" }
        let name = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let kept = name.unicodeScalars.filter { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
        let tag = String(String.UnicodeScalarView(kept.prefix(32)))
        return tag.isEmpty ? "host" : tag
    }()

    /// Another machine's temporaries (a shared folder on a render farm) are removed only when older than this:
    /// their writer's process cannot be asked about from here, and a live write takes seconds, not an hour.
    public static let foreignStaleSeconds = 3600

    /// A temporary's writer, read from its name `.NAME.tmp-<pid>-<host>-<hex>` (or the older `.NAME.tmp-<pid>-<hex>`,
    /// taken as this machine's); nil for any other name.
    public static func temporaryOwner(_ fileName: String) -> (pid: Int32, host: String?)? {
        let chars = Array(fileName.utf8), marker = Array(".tmp-".utf8)
        guard chars.first == UInt8(ascii: "."), chars.count > marker.count,
              let at = (1...(chars.count - marker.count)).last(where: { chars[$0..<($0 + marker.count)].elementsEqual(marker) })
        else { return nil }
        let fields = String(decoding: chars[(at + marker.count)...], as: UTF8.self)
            .split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3, let pid = Int32(fields[0]), pid > 0,
              let last = fields.last, !last.isEmpty, last.allSatisfy(\.isHexDigit) else { return nil }
        return (pid, fields.count == 3 ? String(fields[1]) : nil)
    }

    /// `removeStaleTemporaries(in:)`, and what a run says about it: "DIR: removed 2 temporary files left by
    /// stopped runs: NAMES", or nil when there were none.
    public static func removeStaleTemporariesNotice(in directory: String) -> String? {
        let removed = removeStaleTemporaries(in: directory)
        guard !removed.isEmpty else { return nil }
        return "\(directory): removed \(removed.count) temporary file\(removed.count == 1 ? "" : "s") left by stopped runs: "
            + removed.joined(separator: " ")
    }

    /// The folder a file at `path` is written into ("." for a bare name, "/" at the root).
    public static func folder(of path: String) -> String { split(path).directory }

    /// Removes the temporaries in `directory` whose writer is gone: on this machine, a process id that is not
    /// running (`kill(pid, 0)` says ESRCH); from another machine, older than `foreignStaleSeconds`. Returns the
    /// names removed. A process id reused by an unrelated process keeps its file (never remove a live writer's).
    @discardableResult
    public static func removeStaleTemporaries(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if temporaryOwner(name) != nil { names.append(name) }
        }
        closedir(dir)
        let base = directory == "/" ? "" : (directory.hasSuffix("/") ? String(directory.dropLast()) : directory)
        var removed: [String] = []
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        for name in names {
            guard let owner = temporaryOwner(name) else { continue }
            let path = base + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            let stale: Bool
            if owner.host == nil || owner.host == hostTag {
                stale = kill(owner.pid, 0) != 0 && errno == ESRCH
            } else {
                #if canImport(Glibc)
                    let modified = Int(st.st_mtim.tv_sec)
                #else
                    let modified = Int(st.st_mtimespec.tv_sec)
                #endif
                stale = Int(now.tv_sec) - modified > foreignStaleSeconds
            }
            if stale && unlink(path) == 0 { removed.append(name) }
        }
        return removed.sorted()
    }
}
