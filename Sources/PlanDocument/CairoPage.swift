// CairoPage: one vector page (PDF or SVG) drawn through cairo's C API in millimetres, its bytes collected in memory
// so the file is written whole (FrameOutput's AtomicFile) and never half-written by cairo.

import CCairo
import Geometry
import SceneModel

/// A page `width` x `height` mm on a cairo PDF or SVG surface; drawing calls take millimetres, y down.
final class CairoPage {
    /// Collects the bytes cairo writes (the stream's closure context).
    private final class Sink { var bytes: [UInt8] = [] }

    private let sink = Sink()
    private let surface: OpaquePointer
    let cr: OpaquePointer
    let format: PlanFormat

    /// Points per millimetre: cairo's PDF and SVG surfaces measure in PostScript points (1/72 inch).
    static let pointsPerMM = 72 / 25.4

    /// A page on a fresh surface. `createDate` (ISO 8601, `YYYY-MM-DDThh:mm:ss`) becomes the PDF's creation and
    /// modification date, so the same plan gives the same bytes whenever it is made.
    init(format: PlanFormat, width: Double, height: Double, title: String, createDate: String) throws {
        self.format = format
        let write: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        let w = width * Self.pointsPerMM, h = height * Self.pointsPerMM
        switch format {
        case .pdf:
            surface = cairo_pdf_surface_create_for_stream(write, context, w, h)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "xrstudio plan")
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, createDate)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, createDate)
        case .svg:
            surface = cairo_svg_surface_create_for_stream(write, context, w, h)
            // Width and height in points (`width="1190.55pt"`), so the file prints at size. Not CAIRO_SVG_UNIT_MM:
            // cairo 1.16 only relabels the number (a 420 mm page became "1190.55mm"); the default, no unit, reads
            // as CSS pixels at 96 per inch.
            cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT)
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            let reason = String(cString: cairo_status_to_string(cairo_surface_status(surface)))
            cairo_surface_destroy(surface)
            throw JobError.input("cairo cannot make a \(format.rawValue) surface: \(reason)")
        }
        cr = cairo_create(surface)
        cairo_scale(cr, Self.pointsPerMM, Self.pointsPerMM)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        cairo_select_font_face(cr, Self.primaryFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Ends the page and the document; returns the file's bytes.
    func finish() throws -> [UInt8] {
        cairo_show_page(cr)
        cairo_surface_finish(surface)
        let status = cairo_status(cr) != CAIRO_STATUS_SUCCESS ? cairo_status(cr) : cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw JobError.input("cairo could not write the \(format.rawValue): \(String(cString: cairo_status_to_string(status)))")
        }
        return format == .svg ? withTextLayer(sink.bytes) : sink.bytes
    }

    /// Every text drawn, as the SVG's text layer needs it (cairo's SVG surface writes glyph outlines only).
    private var texts: [(text: String, at: SIMD2<Double>, size: Double, angle: Double, anchor: Double)] = []

    /// The SVG with an invisible text layer (`<g id="plan-text">`, one `<text>` per label at its place) before
    /// `</svg>`: cairo's SVG surface writes text as glyph outlines, so without it the names, timecodes and
    /// figures on the plan could not be searched, selected or read by a script.
    private func withTextLayer(_ bytes: [UInt8]) -> [UInt8] {
        let svg = String(decoding: bytes, as: UTF8.self)
        guard let end = svg.range(of: "</svg>", options: .backwards) else { return bytes }
        let k = Self.pointsPerMM
        var layer = "<g id=\"plan-text\" fill-opacity=\"0\" font-family=\"DejaVu Sans\">\n"
        for t in texts {
            let anchor = t.anchor == 0 ? "start" : t.anchor == 1 ? "end" : "middle"
            let x = formatNumber(t.at.x * k), y = formatNumber(t.at.y * k)
            let rotate = t.angle == 0 ? "" : " transform=\"rotate(\(formatNumber(t.angle * 180 / Double.pi)) \(x) \(y))\""
            layer += "<text x=\"\(x)\" y=\"\(y)\" font-size=\"\(formatNumber(t.size * k))\" text-anchor=\"\(anchor)\"\(rotate)>"
                + xmlEscaped(t.text) + "</text>\n"
        }
        layer += "</g>\n"
        return Array((svg[..<end.lowerBound] + layer + svg[end.lowerBound...]).utf8)
    }

    // MARK: drawing in millimetres

    /// Colour as sRGB components 0...1.
    func color(_ c: SIMD3<Double>, alpha: Double = 1) { cairo_set_source_rgba(cr, c.x, c.y, c.z, alpha) }

    /// Stroke style: width in mm, optional dash pattern in mm; `butt`: lines end exactly at their end points
    /// (walls, so their printed length is their length), else round caps.
    func stroke(width: Double, dash: [Double] = [], butt: Bool = false) {
        cairo_set_line_width(cr, width)
        cairo_set_line_cap(cr, butt ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND)
        dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
    }

    func line(_ a: SIMD2<Double>, _ b: SIMD2<Double>) {
        cairo_move_to(cr, a.x, a.y)
        cairo_line_to(cr, b.x, b.y)
        cairo_stroke(cr)
    }

    /// An open polyline, or a closed filled polygon (`fill`).
    func polyline(_ pts: [SIMD2<Double>], closed: Bool = false, fill: Bool = false) {
        guard let f = pts.first else { return }
        cairo_move_to(cr, f.x, f.y)
        for p in pts.dropFirst() { cairo_line_to(cr, p.x, p.y) }
        if closed { cairo_close_path(cr) }
        if fill { cairo_fill(cr) } else { cairo_stroke(cr) }
    }

    func rectangle(x: Double, y: Double, width: Double, height: Double, fill: Bool = false) {
        cairo_rectangle(cr, x, y, width, height)
        if fill { cairo_fill(cr) } else { cairo_stroke(cr) }
    }

    func circle(_ c: SIMD2<Double>, radius: Double, fill: Bool = false) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, c.x, c.y, radius, 0, 2 * Double.pi)
        if fill { cairo_fill(cr) } else { cairo_stroke(cr) }
    }

    /// Fills polygons (their union, by the nonzero winding rule) in the current colour.
    func fill(_ polygons: [[SIMD2<Double>]]) {
        path(polygons)
        cairo_fill(cr)
    }

    /// Runs `body` with drawing clipped to the union of `polygons` (inside the clip already set), then restores the
    /// clip and the drawing state as they were.
    func clipped(to polygons: [[SIMD2<Double>]], _ body: () -> Void) {
        cairo_save(cr)
        path(polygons)
        cairo_clip(cr)
        body()
        cairo_restore(cr)
    }

    /// The polygons as closed sub-paths of a new path, wound by the nonzero rule.
    private func path(_ polygons: [[SIMD2<Double>]]) {
        cairo_new_path(cr)
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING)
        for poly in polygons {
            guard let f = poly.first else { continue }
            cairo_move_to(cr, f.x, f.y)
            for q in poly.dropFirst() { cairo_line_to(cr, q.x, q.y) }
            cairo_close_path(cr)
        }
    }

    /// Clips further drawing to a rectangle until `resetClip`.
    func clip(x: Double, y: Double, width: Double, height: Double) {
        cairo_rectangle(cr, x, y, width, height)
        cairo_clip(cr)
    }

    func resetClip() { cairo_reset_clip(cr) }

    /// The advance width of `text` at `size` mm (the font's em), for layout.
    func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        var w = 0.0
        for run in runs(text, bold: bold) {
            font(run.family, size: size, bold: bold)
            var e = cairo_text_extents_t()
            cairo_text_extents(cr, run.text, &e)
            w += e.x_advance
        }
        return w
    }

    /// Draws `text` with its baseline's left end at `at` (rotated `angle` radians about it, clockwise on the page),
    /// `size` mm em; `anchor` 0 left, 0.5 centred, 1 right-aligned.
    func text(_ text: String, at p: SIMD2<Double>, size: Double, angle: Double = 0, anchor: Double = 0, bold: Bool = false) {
        if format == .svg { texts.append((text, p, size, angle, anchor)) }
        let w = anchor == 0 ? 0 : textWidth(text, size: size, bold: bold)
        cairo_save(cr)
        cairo_translate(cr, p.x, p.y)
        if angle != 0 { cairo_rotate(cr, angle) }
        cairo_move_to(cr, -w * anchor, 0)
        for run in runs(text, bold: bold) {
            font(run.family, size: size, bold: bold)
            cairo_show_text(cr, run.text)  // moves the current point to the run's end
        }
        cairo_restore(cr)
    }

    private func font(_ family: String, size: Double, bold: Bool) {
        cairo_select_font_face(cr, family, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    // MARK: Fallback fonts

    /// The plan's face, and the faces tried, in order, for a character it lacks: CJK sans-serif faces (a Chinese
    /// scene, take or mark name at the Tianjin stage; Debian's fonts-wqy-microhei, which `make` installs, and
    /// Noto Sans CJK where present), then GNU Unifont (every character of the Basic Multilingual Plane). Cairo's
    /// toy text API draws one face, with empty boxes for what it lacks, so text is split into runs of one face.
    static let primaryFamily = "DejaVu Sans"
    static let fallbackFamilies = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Droid Sans Fallback", "Unifont"]
    /// (family, bold, scalar) → whether that face has a glyph for it.
    private var covers: [String: Bool] = [:]

    /// `text` cut into runs of one face: the first of the plan's face and the fallbacks with a glyph for each
    /// character; characters none has stay in the plan's face (its empty box). ASCII is one run, no lookups.
    func runs(_ text: String, bold: Bool) -> [(text: String, family: String)] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return [(text, Self.primaryFamily)] }
        var out: [(text: String, family: String)] = []
        for ch in text {
            let family = ([Self.primaryFamily] + Self.fallbackFamilies).first { has($0, bold: bold, ch) } ?? Self.primaryFamily
            if let last = out.last, last.family == family {
                out[out.count - 1].text.append(ch)
            } else {
                out.append((String(ch), family))
            }
        }
        return out
    }

    /// True when the face fontconfig finds for `family` (a default face when the family is absent, which is then
    /// as good an answer) has a glyph for every scalar of `ch`: glyph 0 is .notdef, the empty box.
    private func has(_ family: String, bold: Bool, _ ch: Character) -> Bool {
        let key = "\(family)|\(bold)|\(ch)"
        if let known = covers[key] { return known }
        cairo_save(cr)
        font(family, size: 10, bold: bold)
        let scaled = cairo_get_scaled_font(cr)
        var glyphs: UnsafeMutablePointer<cairo_glyph_t>?
        var count: Int32 = 0
        let utf8 = String(ch)
        let status = cairo_scaled_font_text_to_glyphs(scaled, 0, 0, utf8, Int32(utf8.utf8.count), &glyphs, &count,
                                                      nil, nil, nil)
        var ok = status == CAIRO_STATUS_SUCCESS && count > 0
        if ok, let g = glyphs {
            for i in 0..<Int(count) where g[i].index == 0 { ok = false }
        }
        if let g = glyphs { cairo_glyph_free(g) }
        cairo_restore(cr)
        covers[key] = ok
        return ok
    }
}
