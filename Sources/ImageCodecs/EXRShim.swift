// EXRShim: the one place in ImageCodecs that calls CEXRShim; buffers lent to C, messages turned into errors.

import CEXRShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Swift's side of the OpenEXR shim: lends plane buffers and C strings to `CEXRShim_encode` / `CEXRShim_check`
/// and turns a status plus message into `ImageCodecError("EXR: ...")`.
enum EXRShim {
    private static let messageCapacity = 256

    static func encode(width: Int, height: Int, halfPlanes: [(String, [UInt16])], floatPlane: (String, [Float])?,
                       compression: EXRCompression, attributes: EXRAttributes) throws -> [UInt8] {
        // Plane storage pinned for the call: the C side reads through these pointers only while encoding.
        let halfCopies = halfPlanes.map { name, plane -> (UnsafeMutablePointer<UInt16>, String) in
            let p = UnsafeMutablePointer<UInt16>.allocate(capacity: max(1, plane.count))
            p.initialize(from: plane, count: plane.count)
            return (p, name)
        }
        let floatCopy = floatPlane.map { name, plane -> (UnsafeMutablePointer<Float>, String) in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, plane.count))
            p.initialize(from: plane, count: plane.count)
            return (p, name)
        }
        let names = (halfCopies.map(\.1) + (floatCopy.map { [$0.1] } ?? [])).map { strdup($0)! }
        defer {
            halfCopies.forEach { $0.0.deallocate() }
            floatCopy?.0.deallocate()
            names.forEach { free($0) }
        }
        var channels = halfCopies.enumerated().map { i, c in
            CEXRShim_Channel(name: names[i], samples: UnsafeRawPointer(c.0), is_float: 0, linear: c.1 == "A" ? 1 : 0)
        }
        if let f = floatCopy {
            channels.append(CEXRShim_Channel(name: names.last!, samples: UnsafeRawPointer(f.0), is_float: 1, linear: 1))
        }
        let k = attributes.chromaticities
        var header = CEXRShim_Header()
        header.chromaticities = (k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7])
        header.focal_length_mm = Float(attributes.focalLengthMM ?? 0)
        header.has_timecode = attributes.timecode == nil ? 0 : 1
        header.timecode_time_and_flags = attributes.timecode ?? 0
        header.fps_num = attributes.framesPerSecond?.numerator ?? 0
        header.fps_denom = attributes.framesPerSecond?.denominator ?? 0
        let software = attributes.software.map { strdup($0)! }
        defer { software.map { free($0) } }
        header.software = software.map { UnsafePointer($0) }

        var out: UnsafeMutablePointer<UInt8>? = nil
        var count = 0
        var message = [CChar](repeating: 0, count: messageCapacity)
        let status = channels.withUnsafeBufferPointer { ch in
            message.withUnsafeMutableBufferPointer { text in
                CEXRShim_encode(UInt32(clamping: width), UInt32(clamping: height), ch.baseAddress, Int32(ch.count),
                                compression.shimValue, &header, &out, &count, text.baseAddress, text.count)
            }
        }
        defer { CEXRShim_free(out) }
        guard status == 0, let out else { throw failure(message) }
        return Array(UnsafeBufferPointer(start: out, count: count))
    }

    static func check(_ bytes: [UInt8], decode: Bool) throws -> (width: Int, height: Int) {
        var width: UInt32 = 0, height: UInt32 = 0
        var message = [CChar](repeating: 0, count: messageCapacity)
        let status = bytes.withUnsafeBufferPointer { data in
            message.withUnsafeMutableBufferPointer { text in
                CEXRShim_check(data.baseAddress, data.count, decode ? 1 : 0, &width, &height, text.baseAddress, text.count)
            }
        }
        guard status == 0 else { throw failure(message) }
        return (Int(width), Int(height))
    }

    private static func failure(_ message: [CChar]) -> ImageCodecError {
        let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return ImageCodecError("EXR: \(text.isEmpty ? "unknown error" : text)")
    }
}
