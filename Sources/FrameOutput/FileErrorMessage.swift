// FileErrorMessage: Foundation's file errors (NSCocoaErrorDomain codes, POSIX errnos) as one short line.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Says what failed and why in a few words: `cannot create FOLDER: permission denied`, never
/// `Error Domain=NSCocoaErrorDomain Code=513 "…" UserInfo={…}`.
public enum FileErrorMessage {
    /// The reason for a POSIX errno, in lower case ("permission denied", "no space left on device").
    public static func reason(errno code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "no such file or folder"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case EISDIR: return "is a folder"
        case EEXIST: return "already exists"
        case ENOSPC: return "no space left on device"
        case EROFS: return "read-only file system"
        case EDQUOT: return "disk quota exceeded"
        case ENAMETOOLONG: return "the name is too long"
        default: return String(cString: strerror(code)).lowercased()
        }
    }

    /// One line for a Foundation file error, or nil when `error` is not one.
    public static func message(for error: any Error) -> String? {
        if let p = error as? POSIXError { return reason(errno: p.code.rawValue) }
        guard let e = error as? CocoaError else { return nil }
        let path = e.filePath ?? e.url?.path ?? "the file"
        var underlying: Int32?
        if let u = e.userInfo[NSUnderlyingErrorKey] as? POSIXError { underlying = u.code.rawValue }
        if let u = e.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain { underlying = Int32(u.code) }
        let isWrite = (512...767).contains(e.code.rawValue)
        let verb = isWrite ? "cannot create" : "cannot read"
        let why: String
        switch e.code {
        case .fileWriteNoPermission, .fileReadNoPermission: why = "permission denied"
        case .fileNoSuchFile, .fileReadNoSuchFile: why = "no such file or folder"
        case .fileWriteFileExists: why = "already exists"
        case .fileWriteOutOfSpace: why = "no space left on device"
        case .fileWriteVolumeReadOnly: why = "read-only file system"
        case .fileWriteInvalidFileName, .fileReadInvalidFileName: why = "not a valid file name"
        default: why = underlying.map { reason(errno: $0) } ?? "error \(e.code.rawValue)"
        }
        return "\(verb) \(path): \(why)"
    }
}
