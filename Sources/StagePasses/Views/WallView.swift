// WallView: every LED surface's canvas in one picture, scaled to fit and stacked, each under its name and size.

import Imaging
import SceneModel

/// Lays the canvases of all LED surfaces out in one image.
public enum WallView {
    /// Where each surface's canvas goes in a `width` x `height` image: x, y, width, height (a label band above
    /// each). All canvases share one scale (output pixels per LED pixel), so sections keep their relative size.
    /// `band` is the label's: 12 for the built-in font, 21 for Unifont's 16-pixel lines.
    public static func layout(_ surfaces: [LEDSurface], width: Int, height: Int, band: Int = 12)
        -> [(x: Int, y: Int, w: Int, h: Int)]
    {
        let gap = 6, margin = 6
        let n = surfaces.count
        guard n > 0 else { return [] }
        let availW = Double(max(1, width - 2 * margin))
        let availH = Double(max(1, height - n * (band + gap) - margin))
        let widest = Double(surfaces.map { $0.pixels.width }.max()!)
        let tall = Double(surfaces.reduce(0) { $0 + $1.pixels.height })
        let scale = min(availW / widest, availH / tall)
        var y = margin
        return surfaces.map { s in
            let w = max(1, Int(Double(s.pixels.width) * scale)), h = max(1, Int(Double(s.pixels.height) * scale))
            let x = (width - w) / 2
            y += band
            defer { y += h + gap }
            return (x, y, w, h)
        }
    }

    /// The wall view: the canvases on a dark ground with labels ("MAIN VOLUME 8448X2112"). Names the built-in
    /// font cannot draw (Chinese) are drawn in `unifont` when given, and every label with them (`Lettering`).
    public static func render(_ canvas: WallCanvas, width: Int, height: Int, threads: Int, unifont: Unifont? = nil)
        -> RGBA8Image
    {
        var out = RGBA8Image(width: width, height: height, fill: (8, 8, 10, 255))
        let labels = canvas.surfaces.map { s in "\(s.name.uppercased())  \(s.pixels.width)X\(s.pixels.height)" }
        let letters = Lettering.choose(for: labels, scale: 1, unifont: unifont)
        let band = letters.lineHeight + 5
        for (i, box) in layout(canvas.surfaces, width: width, height: height, band: band).enumerated() {
            guard box.y + box.h <= height, box.w > 0 else { continue }
            let img = canvas.image(surface: i, width: box.w, height: box.h, threads: threads)
            for row in 0..<box.h {
                let src = row * box.w * 4, dst = ((box.y + row) * width + box.x) * 4
                out.pixels.replaceSubrange(dst..<(dst + box.w * 4), with: img.pixels[src..<(src + box.w * 4)])
            }
            letters.draw(labels[i], into: &out, x: box.x, y: box.y - band + 2, color: (170, 180, 190, 255))
        }
        return out
    }
}
