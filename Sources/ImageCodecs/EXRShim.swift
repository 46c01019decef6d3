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

    /// One channel lent to C: half samples as IEEE binary16 bits, or 32-bit floats.
    struct Plane {
        enum Data { case half([UInt16]), float([Float]) }
        var name: String
        var data: Data
        var linear: Bool
    }

    static func encode(width: Int, height: Int, planes: [Plane], compression: EXRCompression,
                       attributes: EXRAttributes) throws -> [UInt8] {
        // Plane storage pinned for the call: the C side reads through these pointers only while encoding.
        let copies: [UnsafeMutableRawPointer] = planes.map { plane in
            switch plane.data {
            case .half(let v):
                let p = UnsafeMutablePointer<UInt16>.allocate(capacity: max(1, v.count))
                p.initialize(from: v, count: v.count)
                return UnsafeMutableRawPointer(p)
            case .float(let v):
                let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, v.count))
                p.initialize(from: v, count: v.count)
                return UnsafeMutableRawPointer(p)
            }
        }
        let names = planes.map { strdup($0.name)! }
        defer {
            copies.forEach { $0.deallocate() }
            names.forEach { free($0) }
        }
        let channels = planes.indices.map { i -> CEXRShim_Channel in
            let isFloat: Int32 = { if case .float = planes[i].data { return 1 } else { return 0 } }()
            return CEXRShim_Channel(name: names[i], samples: UnsafeRawPointer(copies[i]), is_float: isFloat,
                                    linear: planes[i].linear ? 1 : 0)
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
        let label = attributes.cameraLabel.map { strdup($0)! }
        defer { software.map { free($0) }; label.map { free($0) } }
        header.software = software.map { UnsafePointer($0) }
        header.camera_label = label.map { UnsafePointer($0) }
        if let s = attributes.sensorMM {
            header.has_sensor = 1
            header.sensor_mm = (s.x, s.y)
        }
        header.focus_m = Float(attributes.focusM ?? 0)
        header.aperture = Float(attributes.aperture ?? 0)
        if let c = attributes.worldToCamera, let n = attributes.worldToNDC, c.count == 16, n.count == 16 {
            header.has_matrices = 1
            withUnsafeMutableBytes(of: &header.world_to_camera) { $0.copyBytes(from: c.withUnsafeBytes { Array($0) }) }
            withUnsafeMutableBytes(of: &header.world_to_ndc) { $0.copyBytes(from: n.withUnsafeBytes { Array($0) }) }
        }

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

    static func check(_ bytes: [UInt8], decode: Bool) throws -> EXRFileCheck {
        var width: UInt32 = 0, height: UInt32 = 0
        var message = [CChar](repeating: 0, count: messageCapacity)
        var names = [UInt8](repeating: 0, count: 64 * 1024)
        var used = 0, cut: Int32 = 0
        var shot = CEXRShim_Shot()
        let status = bytes.withUnsafeBufferPointer { data in
            message.withUnsafeMutableBufferPointer { text in
                names.withUnsafeMutableBufferPointer { list in
                    list.withMemoryRebound(to: CChar.self) { list in
                        CEXRShim_check(data.baseAddress, data.count, decode ? 1 : 0, &width, &height, list.baseAddress,
                                       list.count, &used, &cut, &shot, text.baseAddress, text.count)
                    }
                }
            }
        }
        guard status == 0 else { throw failure(message) }
        // Each name ends in a NUL (a name may hold a newline: split on newlines, "B\nG\nR\nZ" read as four channels).
        var channels = names[..<used].split(separator: 0, omittingEmptySubsequences: false).dropLast()
            .map { String(decoding: $0, as: UTF8.self) }
        if cut != 0 { channels.append("…") }  // more names than 64 KB: never a sequence's channels
        let matrix = withUnsafeBytes(of: shot.world_to_camera) { Array($0.bindMemory(to: Float.self)) }
        return EXRFileCheck(width: Int(width), height: Int(height), channels: channels,
                            timecode: shot.has_timecode != 0 ? shot.timecode_time_and_flags : nil,
                            focalLengthMM: shot.has_focal_length != 0 ? shot.focal_length_mm : nil,
                            worldToCamera: shot.has_world_to_camera != 0 ? matrix : nil)
    }

    private static func failure(_ message: [CChar]) -> ImageCodecError {
        let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return ImageCodecError("EXR: \(text.isEmpty ? "unknown error" : text)")
    }
}
