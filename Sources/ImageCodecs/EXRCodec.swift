// EXRCodec: scene-linear OpenEXR frames (half RGB(A), float Z) with the header a compositor reads, via CEXRShim.

import CEXRShim
// Not called from Swift: importing the system-library module makes its modulemap's `link "OpenEXRCore-3_1"`
// reach the linker, which the C target CEXRShim cannot do by itself.
import COpenEXR

/// OpenEXR compression of a frame's scanlines (`--exr-compression`). Both are lossless.
public enum EXRCompression: String, Sendable, CaseIterable {
    /// zlib over 16-line blocks: small files of renders, fast to read; the usual default.
    case zip
    /// Wavelet + Huffman over 32-line blocks: smaller files of noisy (grainy) images.
    case piz

    var shimValue: Int32 {
        switch self {
        case .zip: return CEXRShim_COMPRESSION_ZIP
        case .piz: return CEXRShim_COMPRESSION_PIZ
        }
    }
}

/// The header attributes of a frame beyond the required ones (OpenEXR's standard attribute names).
public struct EXRAttributes: Sendable, Equatable {
    /// `chromaticities`: red, green, blue and white xy. Default: Rec. 709 / sRGB primaries, D65 white.
    public var chromaticities: [Float] = EXRAttributes.rec709
    /// `nominalFocalLength`, millimetres (nil: not written).
    public var focalLengthMM: Double?
    /// `timeCode` as SMPTE 12M's packed time-and-flags word (`EXRTimecode.pack`; nil: not written).
    public var timecode: UInt32?
    /// `framesPerSecond` as a rational (nil: not written).
    public var framesPerSecond: (numerator: Int32, denominator: UInt32)?
    /// `software` (nil: not written).
    public var software: String?
    /// `sensorOverallDimensions`: the light-sensitive area the image was framed on, width and height in
    /// millimetres (OpenEXR 3.2's name; nil: not written).
    public var sensorMM: SIMD2<Float>?
    /// `focus`: focus distance, metres (nil: not written).
    public var focusM: Double?
    /// `aperture`: the lens's f-number (nil: not written).
    public var aperture: Double?
    /// `worldToCamera` and `worldToNDC`, 16 floats each, row-major for row vectors (p' = p * M, Imath's
    /// convention): camera space is left-handed, x right, y up, z along the view (RenderMan's); NDC has (0, 0) at
    /// the image's top-left corner and (1, 1) at its bottom-right, after dividing by w (nil: not written).
    public var worldToCamera: [Float]?
    public var worldToNDC: [Float]?
    /// `cameraLabel`: the camera's name in the scene (nil: not written).
    public var cameraLabel: String?

    /// ITU-R BT.709 primaries (also sRGB's) and the D65 white point, xy.
    public static let rec709: [Float] = [0.64, 0.33, 0.30, 0.60, 0.15, 0.06, 0.3127, 0.3290]

    public init(focalLengthMM: Double? = nil, timecode: UInt32? = nil,
                framesPerSecond: (numerator: Int32, denominator: UInt32)? = nil, software: String? = nil) {
        self.focalLengthMM = focalLengthMM
        self.timecode = timecode
        self.framesPerSecond = framesPerSecond
        self.software = software
    }

    public static func == (a: EXRAttributes, b: EXRAttributes) -> Bool {
        a.chromaticities == b.chromaticities && a.focalLengthMM == b.focalLengthMM && a.timecode == b.timecode
            && a.framesPerSecond?.numerator == b.framesPerSecond?.numerator
            && a.framesPerSecond?.denominator == b.framesPerSecond?.denominator && a.software == b.software
            && a.sensorMM == b.sensorMM && a.focusM == b.focusM && a.aperture == b.aperture
            && a.worldToCamera == b.worldToCamera && a.worldToNDC == b.worldToNDC && a.cameraLabel == b.cameraLabel
    }
}

/// A further channel of a frame (an AOV layer's channel, named `layer.channel` as OpenEXR's layer convention).
public struct EXRChannel: Sendable {
    public enum Samples: Sendable {
        /// Stored as half (colour: rounds to nearest even).
        case half([Float])
        /// Stored as 32-bit float (positions, depths, anything needing more than half's 11 bits).
        case float([Float])
    }
    public var name: String
    public var samples: Samples
    /// OpenEXR's pLinear hint: true for values that are not perceptual (depth, position, mattes).
    public var linear: Bool

    public init(name: String, samples: Samples, linear: Bool) {
        self.name = name; self.samples = samples; self.linear = linear
    }
}

/// One EXR frame: scene-linear colour and, optionally, depth and further channels.
public struct EXRImage: Sendable {
    public var width: Int
    public var height: Int
    /// r, g, b, a per pixel, linear light, rows top first (width * height * 4). Stored as half floats.
    public var rgba: [Float]
    /// Write the `A` channel (false: R, G, B only; rendered frames are opaque).
    public var writeAlpha: Bool
    /// `Z`: distance along the camera's view axis in metres, width * height, +infinity where nothing was hit;
    /// stored as 32-bit float (nil: no Z channel).
    public var depth: [Float]?
    /// AOV channels beside R, G, B (A) and Z, width * height samples each.
    public var extra: [EXRChannel]
    public var attributes: EXRAttributes

    public init(width: Int, height: Int, rgba: [Float], writeAlpha: Bool = false, depth: [Float]? = nil,
                extra: [EXRChannel] = [], attributes: EXRAttributes = EXRAttributes()) {
        precondition(rgba.count == width * height * 4 && (depth == nil || depth!.count == width * height))
        precondition(extra.allSatisfy { c in
            switch c.samples { case .half(let v), .float(let v): return v.count == width * height }
        })
        self.width = width; self.height = height; self.rgba = rgba; self.writeAlpha = writeAlpha
        self.depth = depth; self.extra = extra; self.attributes = attributes
    }
}

/// Encodes EXR frames and checks EXR files, through the OpenEXR Core library.
public enum EXRCodec {
    /// The 4-byte magic number every OpenEXR file starts with (20000630 little-endian).
    public static let magic: [UInt8] = [0x76, 0x2F, 0x31, 0x01]

    /// The bytes of an EXR file of `image`: channels R, G, B (and A) as half, Z as float, the extra channels
    /// as they ask; one part, scanlines. Half rounds to nearest even (`Float16.init`); values past 65504 become
    /// +infinity, as OpenEXR's own conversion does. Channel names must be unique.
    public static func encode(_ image: EXRImage, compression: EXRCompression = .zip) throws -> [UInt8] {
        let n = image.width * image.height
        var planes: [EXRShim.Plane] = []
        for (c, name) in ["R", "G", "B", "A"].prefix(image.writeAlpha ? 4 : 3).enumerated() {
            var plane = [UInt16](repeating: 0, count: n)
            image.rgba.withUnsafeBufferPointer { src in
                plane.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<n { dst[i] = Float16(src[4 * i + c]).bitPattern }
                }
            }
            planes.append(EXRShim.Plane(name: name, data: .half(plane), linear: name == "A"))
        }
        if let z = image.depth { planes.append(EXRShim.Plane(name: "Z", data: .float(z), linear: true)) }
        for c in image.extra {
            switch c.samples {
            case .half(let v): planes.append(EXRShim.Plane(name: c.name, data: .half(v.map { Float16($0).bitPattern }), linear: c.linear))
            case .float(let v): planes.append(EXRShim.Plane(name: c.name, data: .float(v), linear: c.linear))
            }
        }
        var seen = Set<String>()
        for p in planes where !seen.insert(p.name).inserted {
            throw ImageCodecError("EXR: channel '\(p.name)' is given twice")
        }
        return try EXRShim.encode(width: image.width, height: image.height, planes: planes, compression: compression,
                                  attributes: image.attributes)
    }

    /// The size, channel names (the header's order) and shot attributes of the EXR in `bytes` after checking its
    /// header and that every chunk lies inside the file (and, with `decode`, that every chunk decompresses). Throws
    /// `ImageCodecError` ("EXR: ...") otherwise.
    public static func check(_ bytes: [UInt8], decode: Bool = false) throws -> EXRFileCheck {
        guard bytes.starts(with: magic) else { throw ImageCodecError("EXR: not an OpenEXR file (bad magic number)") }
        return try EXRShim.check(bytes, decode: decode)
    }
}

/// What `EXRCodec.check` found in a whole EXR file.
public struct EXRFileCheck: Sendable {
    public var width: Int
    public var height: Int
    /// Channel names in the header's order.
    public var channels: [String]
    /// The attributes that say which shot the frame is, as `EXRAttributes` writes them (nil where the file has none
    /// of that name and type): `timeCode`'s packed word, `nominalFocalLength`, `worldToCamera`.
    public var timecode: UInt32?
    public var focalLengthMM: Float?
    public var worldToCamera: [Float]?
}

/// SMPTE 12M timecode packed the way OpenEXR's `timeCode` attribute stores it (TV60 packing, as `Imf::TimeCode`).
public enum EXRTimecode {
    /// BCD digits: frame units bits 0-3, frame tens 4-5, drop-frame flag 6, seconds units 8-11, tens 12-14,
    /// field/phase flag 15, minutes units 16-19, tens 20-22, hours units 24-27, tens 28-29; the other flags zero.
    ///
    /// The frame field holds 0-39 at most (two bits of tens), and `Imf::TimeCode` takes 0-29. Above 30 frames a
    /// second (`nominalRate` 48, 50, 59.94's 60, 60) it counts frame pairs, as SMPTE ST 12-1 writes high frame
    /// rates: frame 41 is pair 20 with the field/phase flag set (the pair's second frame). Written plainly, 40-59
    /// spilled into the drop-frame flag: 10:00:00:40 at 50 fps read back as 10:00:00;00.
    ///
    /// Above 60 frames a second (100, 119.88, 120, 240 fps) the pair count passes 29 and would spill into the
    /// flags: SMPTE 12M cannot label every frame, and the result is nil (no `timeCode` is written; `sequence.json`
    /// and `framesPerSecond` still give each frame's time).
    public static func pack(hours: Int, minutes: Int, seconds: Int, frames: Int, dropFrame: Bool,
                            nominalRate: Int = 30) -> UInt32? {
        guard nominalRate <= 60 else { return nil }
        func bcd(_ v: Int) -> UInt32 { UInt32(v % 10) | UInt32(v / 10 % 10) << 4 }
        let pairs = nominalRate > 30
        let frameField = pairs ? frames / 2 : frames
        let phase: UInt32 = pairs && frames % 2 == 1 ? 1 << 15 : 0
        return bcd(frameField) | (dropFrame ? 1 << 6 : 0) | bcd(seconds) << 8 | phase | bcd(minutes) << 16
            | bcd(hours) << 24
    }

    /// A packed word as its label, "10:00:04:00" (";" before the frames when drop-frame), as the header holds it: the
    /// frame field is a pair count above 30 fps, its second frame marked "(pair's second)".
    public static func label(_ word: UInt32) -> String {
        func bcd(_ shift: UInt32, _ tensBits: UInt32) -> Int {
            Int(word >> shift & 0xF) + 10 * Int(word >> (shift + 4) & ((1 << tensBits) - 1))
        }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let drop = word & 1 << 6 != 0
        return "\(two(bcd(24, 2))):\(two(bcd(16, 3))):\(two(bcd(8, 3)))\(drop ? ";" : ":")\(two(bcd(0, 2)))"
            + (word & 1 << 15 != 0 ? " (pair's second)" : "")
    }
}
