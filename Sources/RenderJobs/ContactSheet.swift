// ContactSheet: `xrstudio contact-sheet DIR` — a grid of labelled thumbnails of a frame sequence.

import FoundationEssentials
import FrameOutput
import ImageCodecs
import Imaging
import SceneImaging
import SceneModel

/// What to put on the sheet and where to write it.
public struct ContactSheetRequest: Sendable {
    /// The folder of PNG/JPEG frames.
    public var dir: String
    /// Take every Nth frame (1: all of them), counted in frame-number order from the first.
    public var every: Int
    /// Grid columns; nil chooses the count that makes the sheet closest to 4:3.
    public var columns: Int?
    /// Thumbnail width in pixels (height keeps the first frame's aspect ratio).
    public var thumbWidth: Int
    public var out: String
    public var overwrite: Bool
    /// One-line warnings (a name drawn with '?' for want of Unifont); default stderr.
    public var notify: @Sendable (String) -> Void = noticeOnStderr

    public init(dir: String, every: Int = 1, columns: Int? = nil, thumbWidth: Int = 320, out: String,
                overwrite: Bool = false) {
        self.dir = dir
        self.every = every
        self.columns = columns
        self.thumbWidth = thumbWidth
        self.out = out
        self.overwrite = overwrite
    }
}

/// The sheet's geometry, all in pixels. With `s = labelScale`:
///
///     margin = 8s, gap = 6s, labelGap = 2s
///     titleHeight = 7 * (s + 1)      (the title is drawn one scale larger, or at s when it would not fit)
///     labelHeight = 7s * labelLines + 2s * (labelLines - 1)
///     rowHeight   = thumbHeight + labelGap + labelHeight
///     width  = 2 * margin + columns * thumbWidth + (columns - 1) * gap
///     height = margin + titleHeight + margin + rows * rowHeight + (rows - 1) * gap + margin
///
/// `s = max(1, thumbWidth / 160)`; `labelLines` is 1 ("frame 0123", or "frame 0123  01:00:00:05" when that
/// fits the thumbnail width) or 2 (frame number above timecode). Cell (row, column) has its top-left corner
/// at `(margin + column * (thumbWidth + gap), margin + titleHeight + margin + row * (rowHeight + gap))`; its
/// thumbnail is centred in `thumbWidth` x `thumbHeight` and the label starts `labelGap` below that box.
public struct ContactSheetLayout: Sendable, Equatable {
    public var count: Int
    public var columns: Int
    public var rows: Int
    public var thumbWidth: Int
    public var thumbHeight: Int
    public var labelLines: Int
    /// A label line's height and the space between label lines: the built-in font's 7s and 2s, or Unifont's
    /// when the labels need it (`Lettering`).
    public var labelLineHeight: Int
    public var labelLineGap: Int
    /// The title line's height: 7 * titleScale, or Unifont's.
    public var titleHeight: Int

    public init(count: Int, columns: Int, thumbWidth: Int, thumbHeight: Int, labelLines: Int,
                labels: Lettering? = nil, title: Lettering? = nil) {
        self.count = count
        self.columns = max(1, min(columns, max(1, count)))
        self.rows = max(1, (count + self.columns - 1) / self.columns)
        self.thumbWidth = thumbWidth
        self.thumbHeight = thumbHeight
        self.labelLines = labelLines
        let s = ContactSheetLayout.labelScale(thumbWidth: thumbWidth)
        labelLineHeight = labels?.lineHeight ?? BitmapFont.glyphHeight * s
        labelLineGap = labels?.lineGap ?? 2 * s
        titleHeight = title?.lineHeight ?? BitmapFont.glyphHeight * (s + 1)
    }

    public var labelScale: Int { Self.labelScale(thumbWidth: thumbWidth) }
    /// `max(1, thumbWidth / 160)`: the labels' pixel size.
    public static func labelScale(thumbWidth: Int) -> Int { max(1, thumbWidth / 160) }
    public var titleScale: Int { labelScale + 1 }
    public var margin: Int { 8 * labelScale }
    public var gap: Int { 6 * labelScale }
    public var labelGap: Int { 2 * labelScale }
    public var labelHeight: Int { labelLineHeight * labelLines + labelLineGap * (labelLines - 1) }
    public var rowHeight: Int { thumbHeight + labelGap + labelHeight }
    public var width: Int { 2 * margin + columns * thumbWidth + (columns - 1) * gap }
    public var height: Int { 3 * margin + titleHeight + rows * rowHeight + (rows - 1) * gap }

    /// Top-left corner of cell `index` (row-major).
    public func cellOrigin(_ index: Int) -> (x: Int, y: Int) {
        let r = index / columns, c = index % columns
        return (margin + c * (thumbWidth + gap), 2 * margin + titleHeight + r * (rowHeight + gap))
    }

    /// The column count (1...count) whose sheet is closest to 4:3; ties go to fewer columns.
    public static func columnsFor43(count: Int, thumbWidth: Int, thumbHeight: Int, labelLines: Int,
                                    labels: Lettering? = nil, title: Lettering? = nil) -> Int {
        var best = 1, bestErr = Double.infinity
        for c in 1...max(1, count) {
            let l = ContactSheetLayout(count: count, columns: c, thumbWidth: thumbWidth, thumbHeight: thumbHeight,
                                       labelLines: labelLines, labels: labels, title: title)
            let err = abs(Double(l.width) / Double(l.height) - 4.0 / 3.0)
            if err < bestErr - 1e-12 { best = c; bestErr = err }
        }
        return best
    }
}

/// What was written.
public struct ContactSheetResult: Sendable {
    public struct Frame: Sendable, Equatable {
        public var name: String
        public var number: Int?
        public var timecode: String?
        public init(name: String, number: Int?, timecode: String?) {
            self.name = name
            self.number = number
            self.timecode = timecode
        }
    }
    public var path: String
    /// The frames on the sheet, in order.
    public var frames: [Frame]
    /// Image frames found in the folder.
    public var available: Int
    public var layout: ContactSheetLayout

    public var summary: String {
        let nums = frames.compactMap(\.number)
        let range = nums.isEmpty ? "" : " \(nums.first!)-\(nums.last!)"
        return "contact-sheet: \(frames.count) of \(available) frames\(range), \(layout.columns)x\(layout.rows) grid, "
            + "\(layout.width)x\(layout.height) -> \(path)"
    }
}

public enum ContactSheet {
    public static let background: (r: UInt8, g: UInt8, b: UInt8, a: UInt8) = (22, 23, 27, 255)
    public static let labelColor: (r: UInt8, g: UInt8, b: UInt8, a: UInt8) = (205, 208, 214, 255)
    public static let titleColor: (r: UInt8, g: UInt8, b: UInt8, a: UInt8) = (255, 255, 255, 255)
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]
    /// The tallest thumbnail box, in thumbnail widths: portrait frames fit, a sliver of a frame is fitted into it.
    static let maxThumbAspect = 4
    /// The largest sheet side, pixels: beyond what image viewers open, and 2 GB with its thumbnails at the limit.
    static let maxSheetSide = 16384

    /// Builds the sheet and writes it atomically. Usage errors: a bad option, DIR not a folder. Input errors:
    /// no frames in DIR, an unreadable frame (named), the output exists without `overwrite`, a failed write.
    public static func run(_ r: ContactSheetRequest) throws -> ContactSheetResult {
        guard r.every >= 1 else { throw JobError.usage("--every must be at least 1, got \(r.every)") }
        if let c = r.columns, c < 1 { throw JobError.usage("--columns must be at least 1, got \(c)") }
        guard (8...4096).contains(r.thumbWidth) else {
            throw JobError.usage("--thumb-width must be 8...4096, got \(r.thumbWidth)")
        }
        let fm = FileManager.default
        var isDir: Bool = false
        guard fm.fileExists(atPath: r.dir, isDirectory: &isDir) else { throw JobError.usage("\(r.dir): no such folder") }
        guard isDir else { throw JobError.usage("\(r.dir): not a folder") }
        if !r.overwrite && fm.fileExists(atPath: r.out) {
            throw JobError.input("\(r.out): already exists (pass --overwrite to replace it)")
        }

        let outPath = URL(fileURLWithPath: r.out).standardizedFileURL.path
        let names = try listFrames(r.dir).filter { URL(fileURLWithPath: joinPath(r.dir, $0)).standardizedFileURL.path != outPath }
        guard !names.isEmpty else { throw JobError.input("\(r.dir): no PNG or JPEG frames") }
        let timecodes = sequenceTimecodes(dir: r.dir)
        let picked = stride(from: 0, to: names.count, by: r.every).map { names[$0] }
        let frames = picked.map { n -> ContactSheetResult.Frame in
            let num = frameNumber(in: n)
            return .init(name: n, number: num, timecode: timecodes.byName[n] ?? num.flatMap { timecodes.byFrame[$0] })
        }

        // The first frame sets the thumbnails' box: its aspect, at most `maxThumbAspect` times taller than wide (a
        // 1x8192 frame asked for a 320x2621440 box).
        func read(_ f: ContactSheetResult.Frame) throws -> RGBA8Image {
            let img: RGBA8Image
            do { img = try ImageFile.read(path: joinPath(r.dir, f.name)) } catch { throw JobError.input("\(error)") }
            guard img.width > 0, img.height > 0 else { throw JobError.input("\(joinPath(r.dir, f.name)): empty image") }
            return img
        }
        let first = try read(frames[0])
        let thumbHeight = min(Thumbnail.height(forWidth: r.thumbWidth, sourceWidth: first.width, sourceHeight: first.height),
                              maxThumbAspect * r.thumbWidth)

        // Labels: one line when "frame N  TC" fits every thumbnail, else two. A folder or file name the built-in
        // font cannot draw (Chinese) turns the labels, or the title, to Unifont (`Lettering`).
        let s = ContactSheetLayout.labelScale(thumbWidth: r.thumbWidth)
        let titleText = title(r, frames: frames, available: names.count)
        let oneLine = frames.map { f in [label(f), f.timecode].compactMap { $0 }.joined(separator: "  ") }
        let unifont = SystemUnifont.forText([titleText] + oneLine, what: "contact sheet", warn: r.notify)
        let labelLetters = Lettering.choose(for: oneLine, scale: s, unifont: unifont)
        let fits = oneLine.allSatisfy { labelLetters.width(of: $0) <= r.thumbWidth }
        let labels: [[String]] = fits ? oneLine.map { [$0] } : frames.map { [label($0), $0.timecode].compactMap { $0 } }
        let lines = labels.map(\.count).max() ?? 1
        var titleLetters = Lettering.choose(for: [titleText], scale: s + 1, unifont: unifont)

        let columns = r.columns ?? ContactSheetLayout.columnsFor43(count: frames.count, thumbWidth: r.thumbWidth,
                                                                   thumbHeight: thumbHeight, labelLines: lines,
                                                                   labels: labelLetters, title: titleLetters)
        guard columns <= maxSheetSide / 8 else {  // thumbnails are at least 8 wide; also keeps the sums below in range
            throw JobError.usage("--columns \(columns) would make the sheet more than \(maxSheetSide) pixels wide")
        }
        let layout = ContactSheetLayout(count: frames.count, columns: columns, thumbWidth: r.thumbWidth,
                                        thumbHeight: thumbHeight, labelLines: lines, labels: labelLetters,
                                        title: titleLetters)
        // Known before any thumbnail is made: a sheet too big to view or to hold is refused up front.
        guard layout.width <= maxSheetSide, layout.height <= maxSheetSide else {
            throw JobError.usage("the sheet would be \(layout.width)x\(layout.height) pixels, more than \(maxSheetSide) a side: "
                                 + "use --every, fewer --columns or a smaller --thumb-width")
        }

        // Thumbnails (one frame in memory at a time).
        var thumbs: [RGBA8Image] = []
        for (k, f) in frames.enumerated() {
            let img = k == 0 ? first : try read(f)
            // A frame taller than the box is fitted to its height instead (never made full width first).
            if Thumbnail.height(forWidth: r.thumbWidth, sourceWidth: img.width, sourceHeight: img.height) > thumbHeight {
                let w = max(1, (img.width * thumbHeight + img.height / 2) / img.height)
                thumbs.append(Thumbnail.resize(img, width: w, height: thumbHeight))
            } else {
                thumbs.append(Thumbnail.downscale(img, toWidth: r.thumbWidth))
            }
        }

        var sheet = RGBA8Image(width: layout.width, height: layout.height, fill: background)
        // The title drops to the label scale when it would not fit the sheet at its own (still clipped beyond).
        if titleLetters.width(of: titleText) > layout.width - 2 * layout.margin {
            titleLetters = Lettering.choose(for: [titleText], scale: s, unifont: unifont)
        }
        titleLetters.draw(titleText, into: &sheet, x: layout.margin, y: layout.margin, color: titleColor)
        for (i, t) in thumbs.enumerated() {
            let o = layout.cellOrigin(i)
            blit(t, into: &sheet, x: o.x + (layout.thumbWidth - t.width) / 2, y: o.y + (layout.thumbHeight - t.height) / 2)
            var y = o.y + layout.thumbHeight + layout.labelGap
            for line in labels[i] {
                labelLetters.draw(line, into: &sheet, x: o.x, y: y, color: labelColor)
                y += layout.labelLineHeight + layout.labelLineGap
            }
        }
        do {
            try AtomicFile.writePNG(sheet, to: r.out, overwrite: r.overwrite, dropAlpha: true)
        } catch {
            throw JobError.input("\(error)")
        }
        return ContactSheetResult(path: r.out, frames: frames, available: names.count, layout: layout)
    }

    /// "frame 0123", or the file name when it has no number.
    public static func label(_ f: ContactSheetResult.Frame) -> String {
        guard let n = f.number else { return f.name }
        let d = String(n)
        return "frame " + String(repeating: "0", count: max(0, 4 - d.count)) + d
    }

    static func title(_ r: ContactSheetRequest, frames: [ContactSheetResult.Frame], available: Int) -> String {
        let folder = URL(fileURLWithPath: r.dir).standardizedFileURL.lastPathComponent
        let nums = frames.compactMap(\.number)
        var t = folder
        if let a = nums.first, let b = nums.last { t += "  frames \(a)-\(b)" }
        t += "  (\(frames.count) of \(available)" + (r.every > 1 ? ", every \(r.every))" : ")")
        return t
    }

    /// The frame number in a file name: the last run of digits before the extension, nil when there is none.
    public static func frameNumber(in name: String) -> Int? {
        var stem = Substring(name)
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = stem[..<dot] }
        var digits: [Character] = []
        var inRun = false
        for ch in stem.reversed() {
            if ch.isASCII && ch.isNumber { digits.append(ch); inRun = true } else if inRun { break }
        }
        return digits.isEmpty ? nil : Int(String(digits.reversed()))
    }

    /// Image files in `dir`, sorted by frame number (files without one last), then by name.
    public static func listFrames(_ dir: String) throws -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
            throw JobError.input("\(dir): cannot list the folder: \(error)")
        }
        var keyed: [(name: String, number: Int)] = []
        for n in names where !n.hasPrefix(".") {
            let ext = n.split(separator: ".").last.map { $0.lowercased() } ?? ""
            if imageExtensions.contains(ext) { keyed.append((n, frameNumber(in: n) ?? Int.max)) }
        }
        keyed.sort { (a: (name: String, number: Int), b: (name: String, number: Int)) -> Bool in
            a.number != b.number ? a.number < b.number : a.name < b.name
        }
        return keyed.map { $0.name }
    }

    /// Timecodes from `DIR/sequence.json` when it has `frames: [{file|name, timecode}]` (entries with an
    /// integer `frame` are matched by number too); empty when the file is missing or does not fit.
    public static func sequenceTimecodes(dir: String) -> (byName: [String: String], byFrame: [Int: String]) {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: joinPath(dir, "sequence.json"))),
              let seq = try? JSONDecoder().decode(SequenceSidecar.self, from: data)
        else { return ([:], [:]) }
        var byName: [String: String] = [:], byFrame: [Int: String] = [:]
        for e in seq.frames {
            guard let tc = e.timecode else { continue }
            if let f = e.file ?? e.name {
                byName[f.split(separator: "/").last.map(String.init) ?? f] = tc
            }
            if let n = e.frame { byFrame[n] = tc }
        }
        return (byName, byFrame)
    }

    struct SequenceSidecar: Decodable {
        var frames: [Entry]
        struct Entry: Decodable {
            var file: String?, name: String?, timecode: String?, frame: Int?
            enum K: String, CodingKey { case file, name, timecode, frame }
            init(from decoder: any Decoder) throws {
                // Lenient: any entry that is not an object, or keys of other types, are simply not used.
                let c = try? decoder.container(keyedBy: K.self)
                file = (try? c?.decodeIfPresent(String.self, forKey: .file)) ?? nil
                name = (try? c?.decodeIfPresent(String.self, forKey: .name)) ?? nil
                timecode = (try? c?.decodeIfPresent(String.self, forKey: .timecode)) ?? nil
                frame = (try? c?.decodeIfPresent(Int.self, forKey: .frame)) ?? nil
            }
        }
    }

    /// Copies `t` into `sheet` at (x, y), blending by alpha, clipped.
    static func blit(_ t: RGBA8Image, into sheet: inout RGBA8Image, x: Int, y: Int) {
        for ty in 0..<t.height {
            let sy = y + ty
            guard sy >= 0, sy < sheet.height else { continue }
            for tx in 0..<t.width {
                let sx = x + tx
                guard sx >= 0, sx < sheet.width else { continue }
                let p = t[tx, ty]
                if p.a == 255 { sheet[sx, sy] = p; continue }
                let q = sheet[sx, sy], a = Int(p.a), ia = 255 - a
                func mix(_ u: UInt8, _ v: UInt8) -> UInt8 { UInt8((Int(u) * a + Int(v) * ia + 127) / 255) }
                sheet[sx, sy] = (mix(p.r, q.r), mix(p.g, q.g), mix(p.b, q.b), 255)
            }
        }
    }
}
