// PlanView+LightCards: light cards on the plan: a bar along a wall's foot over the card's width, or the card's
// outline on a ceiling, in the card's colour and labelled with its name.

import Geometry
import RasterCore
import SceneModel

extension PlanView {
    /// How far a wall card's bar lies from the wall's foot line into the room, metres: beyond the inner frustum's
    /// footprint (0.12 m, up to 4 px wide) so neither hides the other.
    public static let cardLift = 0.3

    /// Draws each card naming one of `surfaces` (others are skipped, as the canvas skips them) in its colour (sRGB,
    /// shown at full strength whatever its intensity): on a wall a bar `cardLift` into the room spanning the card's
    /// width (an ellipse's too: its widest row) clipped to the wall; on a ceiling its rectangle or ellipse clipped
    /// to the ceiling. Returns a label per card, on the room side of the bar or beside the outline.
    func addLightCards(_ cards: [LightCard], surfaces: [LEDSurface], y: Float, into list: inout DrawList) -> [Label] {
        var labels: [Label] = []
        for card in cards {
            guard let s = surfaces.first(where: { $0.name == card.surface }) else { continue }
            let colour = SIMD4<Float>(SRGB.decode(card.color), 1)
            func flat(_ p: SIMD3<Double>) -> SIMD3<Float> { SIMD3<Float>(Float(p.x), y, Float(p.z)) }
            let u0 = max(0, card.centreM.x - card.sizeM.x / 2), u1 = min(s.widthM, card.centreM.x + card.sizeM.x / 2)
            var pts: [SIMD3<Float>] = []
            if s.kind == .wall {
                guard u0 < u1 else { continue }
                let steps = s.circumference == nil ? 1 : 24
                func foot(_ u: Double) -> SIMD3<Double> { s.point(u: u, v: s.heightM) + s.normal(u: u) * Self.cardLift }
                for k in 0..<steps {
                    let a = u0 + (u1 - u0) * Double(k) / Double(steps), b = u0 + (u1 - u0) * Double(k + 1) / Double(steps)
                    pts += [flat(foot(a)), flat(foot(b))]
                }
                let mid = (u0 + u1) / 2
                var label = Label(text: card.name, position: foot(mid) + s.normal(u: mid) * 0.25, kind: .card, anchor: foot(mid))
                label.alternatives = [foot(mid) - s.normal(u: mid) * 0.25]
                labels.append(label)
            } else {
                let border = Self.cardBorder(card).map {
                    s.point(u: min(max($0.x, 0), s.widthM), v: min(max($0.y, 0), s.heightM))
                }
                for i in border.indices { pts += [flat(border[i]), flat(border[(i + 1) % border.count])] }
                let c = s.point(u: min(max(card.centreM.x, 0), s.widthM), v: min(max(card.centreM.y, 0), s.heightM))
                labels.append(Label(text: card.name, position: c, kind: .card))
            }
            list.lines.append(LineBatch(points: pts, color: colour, width: isSmall ? 1 : 2, depthTest: false))
        }
        return labels
    }

    /// A card's border on its canvas (u, v metres), in order: a rectangle's 4 corners or 48 points of an ellipse.
    static func cardBorder(_ card: LightCard, steps: Int = 48) -> [SIMD2<Double>] {
        let c = card.centreM, h = card.sizeM / 2
        switch card.shape {
        case .rectangle:
            return [c - h, SIMD2(c.x + h.x, c.y - h.y), c + h, SIMD2(c.x - h.x, c.y + h.y)]
        case .ellipse:
            return (0..<steps).map { i in
                let a = 2 * Double.pi * Double(i) / Double(steps)
                return c + SIMD2(h.x * cosD(a), h.y * sinD(a))
            }
        }
    }
}
