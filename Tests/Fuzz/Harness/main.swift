// xrfuzz: one libFuzzer executable for every byte-reading entry point; XRFUZZ_TARGET picks the entry point.
//
// Built only by `make fuzz` / `make fuzz-smoke` (XRSTUDIO_FUZZ=1 swift build --build-path .build-fuzz
// -Xswiftc -sanitize=fuzzer,address): libFuzzer supplies `main`, so the normal build never sees this target
// (Package.swift adds it only when XRSTUDIO_FUZZ=1). Docs/reliability.md has the runs and what they found.
//
// Every entry point must return or throw for any bytes: a trap, an ASan report, a hang (-timeout) or a blow-up
// past -rss_limit_mb is a finding. Errors thrown are the expected outcome for bad input and are ignored.

import Foundation
import ImageCodecs
import Imaging
import LiveTracking
import SceneFormat
import TakeFormats
import Takes

/// The entry points, by the name given in XRFUZZ_TARGET (and used for the corpus and dictionary folders).
enum FuzzTarget: String, CaseIterable {
    case obj, mtl, gltf, glb, scene, ndisplay, csv, freed, otioJSON = "otio-json", otioJSONL = "otio-jsonl", png, jpeg, resample
    /// A writer, not a reader: the bytes as an image, written as PNG `fast` (the shim's run encoder) and read back by
    /// libpng; any difference is a finding.
    case pngFast = "png-fast"
    /// GNU Unifont's .hex glyphs (the burn-in and label font, `XRSTUDIO_UNIFONT` may name any file), parsed and then
    /// drawn: the input's first 64 bytes as text, partly off the image's left edge.
    case unifontHex = "unifont-hex"
    /// The journal `record` writes as it records (`take recover` reads it): its header, then datagrams decoded again.
    case journal
}

nonisolated(unsafe) var target: FuzzTarget = .obj

/// Feeds `bytes` to the entry point of `t`, exactly as the CLI's loaders do.
func run(_ t: FuzzTarget, _ bytes: [UInt8]) {
    struct NoFiles: Error {}
    switch t {
    case .obj:
        // Whole, and in pieces as `ModelFile.readOBJ` feeds a file read in chunks (chunks of 1-256 bytes, the first
        // byte's value + 1): the same mesh or the same error, else a trap (a finding).
        let whole = outcome { try OBJParser.parse(bytes, name: "fuzz.obj") }
        let pieces = outcome { try OBJReader.parse(bytes, name: "fuzz.obj", chunk: Int(bytes.first ?? 0) + 1) }
        precondition(whole == pieces, "OBJ in pieces differs from the whole: \(pieces) against \(whole)")
    case .mtl: _ = try? MTLParser.parse(bytes, name: "fuzz.mtl")
    case .gltf: _ = try? GLTFImporter.load(bytes: bytes, name: "fuzz.gltf", resolve: { _ in throw NoFiles() })
    case .glb: _ = try? GLTFImporter.load(bytes: bytes, name: "fuzz.glb", resolve: { _ in throw NoFiles() })
    case .scene: _ = try? SceneLoader.load(bytes: bytes, name: "fuzz.yaml", fileExists: { _ in true })
    case .ndisplay:
        // An odd first byte reads the rest as legacy .cfg text, otherwise the whole input as .ndisplay JSON.
        if let first = bytes.first, first & 1 == 1 {
            _ = try? NDisplayImporter.load(bytes: Array(bytes.dropFirst()), file: "fuzz.cfg")
        } else {
            _ = try? NDisplayImporter.load(bytes: bytes, file: "fuzz.ndisplay")
        }
    case .csv: _ = try? TakeCSV.read(bytes)
    case .journal:
        guard let r = try? LiveJournal.decode(bytes, path: "fuzz.journal") else { return }
        precondition(r.leftOffset + r.leftBytes == bytes.count, "journal: \(r.leftOffset) + \(r.leftBytes) != \(bytes.count)")
        _ = LiveRecording.take(from: r.samples)
    case .freed:
        _ = FreeDCapture.read(bytes, lens: .raw)
        _ = FreeDCapture.read(bytes, rate: .fps59_94DF, lens: FreeDCapture.LensEncoding.allCases.last ?? .raw)
    case .otioJSON, .otioJSONL: _ = OpenTrackIO.read(bytes)
    case .png:
        _ = try? PNGCodec.decodeRGBA8(bytes)
        _ = try? PNGCodec.decodeGray16(bytes)
    case .jpeg: _ = try? JPEGCodec.decode(bytes)
    case .resample:
        guard let (take, resampler) = ResampleInput.decode(bytes) else { return }
        _ = resampler.resample(take)
    case .unifontHex:
        guard let font = try? Unifont(hex: bytes) else { return }
        var image = RGBA8Image(width: 64, height: 20)
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        Lettering(face: .unifont(font), scale: 1).draw(text, into: &image, x: -3, y: 2, color: (255, 255, 255, 255))
        _ = Lettering.undrawable(in: [text], unifont: font)
    case .pngFast:
        // First byte: the width (1-256); the rest, RGB pixels row by row (a short last row is dropped). RGB, and RGBA
        // when the width is odd, so both layouts are written.
        guard let first = bytes.first else { return }
        let width = Int(first) + 1, rgba = width % 2 == 1, size = rgba ? 4 : 3
        let height = (bytes.count - 1) / (width * size)
        guard height > 0 else { return }
        var image = RGBA8Image(width: width, height: height)
        for i in 0..<(width * height) {
            let p = 1 + i * size
            image.pixels[4 * i..<4 * i + 4] = [bytes[p], bytes[p + 1], bytes[p + 2], rgba ? bytes[p + 3] : 255]
        }
        guard let png = try? PNGCodec.encode(image, compression: .fast, dropAlpha: !rgba) else {
            preconditionFailure("PNG fast failed to encode a \(width)x\(height) image")
        }
        precondition((try? PNGCodec.decodeRGBA8(png)) == image, "PNG fast read back differently (\(width)x\(height))")
    }
}

/// The resampler's input: a take decoded from the fuzz bytes, either through the CSV reader (first byte even)
/// or as raw binary samples (first byte odd: 10 little-endian Float64 fields a sample), plus the render rate,
/// interpolation and gap limit from the first two bytes.
enum ResampleInput {
    static let fields = 10

    static func decode(_ bytes: [UInt8]) -> (Take, Resampler)? {
        guard bytes.count >= 2 else { return nil }
        let rate = FrameRate.common[Int(bytes[0] >> 1) % FrameRate.common.count]
        let position: Resampler.PositionInterpolation = bytes[1] & 1 == 0 ? .linear : .catmullRom
        let maxGap: Double? = bytes[1] & 2 == 0 ? nil : Double(bytes[1] >> 2) / 16
        let body = Array(bytes[2...])
        let take: Take
        if bytes[0] & 1 == 0 {
            guard let r = try? TakeCSV.read(body) else { return nil }
            take = r.take
        } else {
            var samples: [TrackingSample] = []
            var i = 0
            while i + fields * 8 <= body.count {
                let v = (0..<fields).map { k in
                    Double(bitPattern: body[(i + 8 * k)..<(i + 8 * k + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
                }
                let s = TrackingSample(time: v[0], position: SIMD3(v[1], v[2], v[3]), pan: v[4], tilt: v[5], roll: v[6],
                                       lens: LensSample(focalLength: v[7], focusDistance: v[8], fStop: v[9]))
                if s.implausibility == nil { samples.append(s) }  // as the readers do: they reject these
                i += fields * 8
            }
            take = Take(samples: samples)
        }
        // What the readers pass on: no clock jump far out of line (they refuse it without --allow-gaps). And, to
        // keep each run fast, at most 50,000 frames (the resampler itself caps a take at a day of frames).
        if !TakeTimeFault.find(times: take.samples.map(\.time), location: { .line($0) }).isEmpty { return nil }
        if let a = take.samples.first?.time, let b = take.samples.last?.time,
           !(abs(a) < 1e7 && abs(b) < 1e7 && (b - a) * rate.framesPerSecond < 50_000) {
            return nil
        }
        return (take, Resampler(frameRate: rate, position: position, maxGap: maxGap))
    }
}

/// libFuzzer calls this once before the first input (from either `main`, see below): picks the target.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    let env = ProcessInfo.processInfo.environment
    let name = env["XRFUZZ_TARGET"] ?? ""
    guard let chosen = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: " ")
        FileHandle.standardError.write(Data("xrfuzz: error: set XRFUZZ_TARGET to one of: \(names) (got '\(name)')\n".utf8))
        exit(2)
    }
    target = chosen
    return 0
}

/// One input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    run(target, bytes)
    return 0
}

/// libFuzzer's driver. SwiftPM points the executable's `main` at this file's top-level code, so that code hands
/// over to the driver (which then calls LLVMFuzzerInitialize); libFuzzer's own `main` would do the same.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) })

/// A parse's outcome as text: every field of the mesh, or the error's message.
func outcome(_ parse: () throws -> OBJMesh) -> String {
    do {
        let m = try parse()
        return "\(m.positions) \(String(describing: m.normals)) \(String(describing: m.uvs)) \(m.indices) "
            + "\(m.triangleMaterials) \(m.materialNames) \(m.materialLibraries) \(m.statementLines) "
            + "\(m.ignoredStatements) \(m.unreadableLines) \(m.sourceVertexCount) \(String(describing: m.bounds))"
    } catch {
        return "error: \(error)"
    }
}
