// ShotAnalyzer: traces rays from a camera into the stage and turns the hits into the frame's metrics.

import Geometry
import SceneModel

/// Measures frames of a shot against a stage. Pure and deterministic: the same camera gives the same figures.
public struct ShotAnalyzer: Sendable {
    public let stage: Stage
    public let surfaces: [LEDSurface]
    /// The surfaces for the ray loop: flat and curved ones as plain values, and each one's LED pitch.
    let targets: RayTargets
    let pixelPitches: [SIMD2<Double>]
    public let settings: AnalysisSettings
    /// Inner-frustum overscan (the scene's `xr.overscan`), for the footprint.
    public let overscan: Double

    public init(stage: Stage, settings: AnalysisSettings = AnalysisSettings(), overscan: Double = 0.1) {
        self.stage = stage
        self.surfaces = stage.ledSurfaces
        targets = RayTargets(surfaces)
        pixelPitches = surfaces.map(\.pixelPitchM)
        self.settings = settings
        self.overscan = overscan
    }

    /// The analyzer a scene file asks for: its stage, its `analysis:` settings and its inner-frustum overscan.
    /// `analyze`, the viewer's status line and its take analysis all measure through this one.
    public init(scene: Scene) {
        self.init(stage: scene.stage, settings: scene.analysis, overscan: scene.xr.overscan)
    }

    /// Where the ray meets the stage floor (y = 0, inside its rectangle), from either side: its parameter, or nil.
    /// The floor is solid both ways, as the views draw it: a camera below it (a take leaving the stage downwards)
    /// sees its underside.
    func floorHit(_ e: SIMD3<Double>, _ d: SIMD3<Double>) -> Double? {
        guard (d.y < 0 && e.y > 0) || (d.y > 0 && e.y < 0) else { return nil }
        let t = -e.y / d.y
        let x = e.x + t * d.x, z = e.z + t * d.z
        let f = stage.floor
        return abs(x - f.centre.x) <= f.size.x / 2 && abs(z - f.centre.y) <= f.size.y / 2 ? t : nil
    }

    /// What a ray that met no LED face sees: the floor in front of the walls, or the edge of the first wall whose
    /// unbounded surface it crosses (beyond that edge), or nothing the stage knows (`other`).
    func miss(_ e: SIMD3<Double>, _ d: SIMD3<Double>) -> OvershootEdge? {
        let floorT = floorHit(e, d)
        // Walls and LED floors (a floor counted as a wall before it had a kind of its own; kept so).
        for s in surfaces where s.kind != .ceiling {
            guard let (t, u, v) = s.unboundedHit(origin: e, direction: d) else { continue }
            var du = 0.0, side = OvershootEdge.other
            if u < 0 { du = -u; side = .left }
            if u > s.widthM {
                if let c = s.circumference, c - u < u - s.widthM { du = c - u; side = .left } else { du = u - s.widthM; side = .right }
            }
            var dv = 0.0, vside = OvershootEdge.other
            if v < 0 { dv = -v; vside = .top }
            if v > s.heightM { dv = v - s.heightM; vside = .bottom }
            if du == 0 && dv == 0 { continue }
            // The floor counts only in front of the wall: past the wall's edge it is the studio beyond.
            if let f = floorT, f < t { return nil }
            return dv >= du ? vside : side
        }
        return floorT == nil ? .other : nil
    }

    /// The frame's metrics for a camera. With `frusta` (every camera on the wall, this one at index `own`), also the
    /// share of the image showing each other camera's inner frustum (`visibleFrusta`) and the `frustumInShot` rule.
    public func measure(_ cam: ShotCamera, frusta: FrustaOnWall? = nil, own: Int = 0) -> ShotMetrics {
        let (nx, ny) = (settings.samples.width, settings.samples.height)
        let e = cam.pose.position
        let total = Double(nx * ny)
        var perSurface = [Int](repeating: 0, count: surfaces.count)
        var edges: [OvershootEdge: Int] = [:]
        var floorCount = 0, overshootCount = 0, focusCount = 0, moireCount = 0
        var nearest: Double?, farthest: Double?
        var offAxis = LargestViewingAngle()
        var sharpest: (blur: Double, pitch: Double, score: Double)?
        var densityMin: Double?, densityMax: Double?
        var worstContrast: Double?

        let coc = cam.sensorDiagonalMM / settings.cocDivisor
        let optics = Optics(focalMM: cam.focalLengthMM, fStop: cam.fStop, focusMM: cam.focusDistanceM * 1000, cocMM: coc)
        let photosite = cam.photositePitchMM

        var seen = [Int](repeating: 0, count: frusta?.count ?? 0), seenAny = 0
        let axes = (forward: cam.pose.forward, right: cam.pose.right, up: cam.pose.up)
        // Through `targets`, not the surfaces: an array element read for a call is copied (its storage retained and
        // released), a tenth of the time of this loop.
        for j in 0..<ny {
            let y = 1 - 2 * (Double(j) + 0.5) / Double(ny)
            for i in 0..<nx {
                let x = 2 * (Double(i) + 0.5) / Double(nx) - 1
                // Through the lens: the point of the recorded image, undistorted to its ray.
                let d = (cam.imageRay(x: x, y: y, axes: axes) ?? cam.ray(x: x, y: y)).direction
                guard let h = targets.nearestHit(origin: e, direction: d), h.front else {
                    if let edge = miss(e, d) { overshootCount += 1; edges[edge, default: 0] += 1 } else { floorCount += 1 }
                    continue
                }
                // The floor in front of the LED face hides it (from below the floor, or a face under it); a face on
                // the floor's plane (an LED floor) is seen: the two hits of one point differ by rounding, so the floor
                // must be nearer by more than that.
                if let f = floorHit(e, d), f < h.t * (1 - 1e-9) {
                    floorCount += 1
                    continue
                }
                // An LED face: ray parameter = eye depth (the ray's component along the axis is 1).
                perSurface[h.index] += 1
                if let f = frusta, f.tally(at: e + d * h.t, own: own, into: &seen) { seenAny += 1 }
                let depthMM = h.t * 1000
                nearest = min(nearest ?? h.t, h.t)
                farthest = max(farthest ?? h.t, h.t)
                if optics.inFocus(atMM: depthMM) { focusCount += 1 }
                let len = (d.x * d.x + d.y * d.y + d.z * d.z).squareRoot()
                let look = d / len
                let blur = optics.blurDiameterMM(atMM: depthMM)
                let (tu, tv, n) = targets.tangentsAndNormal(surface: h.index, u: h.u, v: h.v)
                let ledPitch = pixelPitches[h.index] * 1000
                // Per wall axis (u across → image x, v down → image y): the pitch across the line of sight, imaged.
                let images = SIMD2(optics.imageSizeMM(of: Moire.foreshortened(ledPitch.x, axis: tu, ray: look), atMM: depthMM),
                                   optics.imageSizeMM(of: Moire.foreshortened(ledPitch.y, axis: tv, ray: look), atMM: depthMM))
                let contrast = max(
                    Moire.aliasingContrast(pitchMM: images.x, photositeMM: photosite.x, blurMM: blur, maxPitchRatio: settings.moireMaxPitchRatio),
                    Moire.aliasingContrast(pitchMM: images.y, photositeMM: photosite.y, blurMM: blur, maxPitchRatio: settings.moireMaxPitchRatio))
                if contrast >= settings.moireMinContrast && contrast > 0 { moireCount += 1 }
                worstContrast = max(worstContrast ?? contrast, contrast)
                // The finer axis, relative to its photosites.
                let ratios = images / photosite
                let (ledImage, pitchRatio) = ratios.x <= ratios.y ? (images.x, ratios.x) : (images.y, ratios.y)
                let blurRatio = blur / ledImage
                // "Sharpest" = least blur relative to the LED image, then the finest: where moiré would show first.
                // (Blur ratios within 1e-9 tie: a wall in the focal plane has rounding-level blur everywhere.)
                let sharper = sharpest.map { b in
                    blurRatio < b.score - 1e-9 || (blurRatio <= b.score + 1e-9 && pitchRatio < b.pitch)
                } ?? true
                if sharper { sharpest = (blurRatio, pitchRatio, blurRatio) }
                let density = 1 / pitchRatio
                densityMin = min(densityMin ?? density, density)
                densityMax = max(densityMax ?? density, density)
                offAxis.add(cosine: min(1, max(-1, -d.dot(n) / len)))
            }
        }
        let maxOff = offAxis.degrees
        let covered = perSurface.reduce(0, +)
        let offLimit = settings.maxOffAxisDegrees
            ?? (surfaces.map { $0.grid.panel.colorShiftLimitDegrees }.min() ?? LEDPanelType.defaultColorShiftDegrees)
        var m = ShotMetrics(
            coverage: Double(covered) / total,
            coverageBySurface: surfaces.indices.map { (surfaces[$0].name, Double(perSurface[$0]) / total) },
            overshoot: Double(overshootCount) / total,
            overshootByEdge: Dictionary(uniqueKeysWithValues: OvershootEdge.allCases.map { ($0, Double(edges[$0] ?? 0) / total) }),
            floor: Double(floorCount) / total,
            footprints: footprints(cam),
            nearestWallM: nearest, farthestWallM: farthest,
            depthOfField: (optics.nearLimitMM / 1000, optics.farLimitMM / 1000), cocMM: coc,
            inFocusShare: Double(focusCount) / total,
            pitchRatio: sharpest?.pitch, blurRatio: sharpest?.blur,
            moireShare: Double(moireCount) / total, moireContrast: worstContrast,
            maxOffAxisDegrees: maxOff, offAxisLimitDegrees: offLimit,
            ledPixelsPerImagePixel: densityMin.map { ($0, densityMax!) },
            visibleFrusta: frusta.map { f in
                f.names.indices.filter { $0 != own }.map { (f.names[$0], Double(seen[$0]) / total) }
            } ?? [],
            frustumInShot: Double(seenAny) / total,
            failures: [])
        m.failures = settings.rules.filter { rule in
            switch rule {
            case .overshoot: return m.overshoot > settings.maxOvershoot
            case .coverage: return m.coverage < settings.minCoverage
            case .moire: return moireCount > 0
            case .wallInFocus: return focusCount > 0
            case .offAxis: return (maxOff ?? 0) > offLimit
            case .frustumInShot: return frusta != nil && m.frustumInShot > settings.maxFrustumInShot
            case .frustumOverlap: return false   // a property of the wall, judged in `measure(wall:)`
            }
        }
        return m
    }

    /// The overscanned inner frustum's footprint per surface: rays along the frustum's border (`border` per edge,
    /// corners included), where a surface's extremes lie when the frustum ends on it, and an interior grid for
    /// surfaces the border misses (a ceiling the frustum only reaches inside).
    /// A distorted camera's inner frustum is its rectilinear cover's, as rendered.
    public func footprints(_ cam: ShotCamera, border: Int = 64, interior: (Int, Int) = (16, 9)) -> [Footprint] {
        let cam = cam.rectilinear ?? cam
        var box = [Int: (u0: Double, u1: Double, v0: Double, v1: Double)]()
        let e = cam.pose.position
        var points: [(Double, Double)] = []
        for k in 0..<border {
            let a = -1 + 2 * Double(k) / Double(border)
            points += [(a, 1), (1, -a), (-a, -1), (-1, a)]
        }
        for j in 1..<interior.1 {
            for i in 1..<interior.0 {
                points.append((2 * Double(i) / Double(interior.0) - 1, 2 * Double(j) / Double(interior.1) - 1))
            }
        }
        func add(_ i: Int, _ u: Double, _ v: Double) {
            if let b = box[i] {
                box[i] = (min(b.u0, u), max(b.u1, u), min(b.v0, v), max(b.v1, v))
            } else {
                box[i] = (u, u, v, v)
            }
        }
        for (x, y) in points {
            let d = cam.ray(x: x, y: y, overscan: overscan).direction
            guard let h = targets.nearestHit(origin: e, direction: d), h.front else { continue }
            add(h.index, h.u, h.v)
        }
        // Where a surface's own edge is inside the frustum, the footprint reaches that edge: walk each canvas edge, and
        // find where it enters and leaves the frustum by bisection. Rays from the frustum's border and interior alone
        // stopped short of an edge in view (a whole cabinet column, 0.6 m, with the wall's edge near the image's centre).
        for (i, surface) in surfaces.enumerated() {
            let w = surface.widthM, h = surface.heightM
            guard w > 0, h > 0 else { continue }
            let inset = 1e-7 * max(w, h)  // on the canvas, not on its rim, where a ray may graze past
            /// The canvas point (u, v) is in the overscanned frustum and the camera sees it on this surface's face.
            func seen(_ u: Double, _ v: Double) -> Bool {
                let p = surface.point(u: u, v: v)
                guard let q = cam.project(p, overscan: overscan), abs(q.x) <= 1, abs(q.y) <= 1,
                      let hit = targets.nearestHit(origin: e, direction: p - e), hit.front, hit.index == i else { return false }
                return abs(hit.u - u) <= 1e-6 * max(1, w) && abs(hit.v - v) <= 1e-6 * max(1, h)
            }
            let edges: [(SIMD2<Double>, SIMD2<Double>)] = [
                (SIMD2(inset, inset), SIMD2(w - inset, inset)), (SIMD2(w - inset, inset), SIMD2(w - inset, h - inset)),
                (SIMD2(w - inset, h - inset), SIMD2(inset, h - inset)), (SIMD2(inset, h - inset), SIMD2(inset, inset)),
            ]
            let steps = 32
            /// A sample on the inset edge, added at the edge itself (2 µm on a 20 m wall, but a width of 5.4999956 m
            /// reads as a measurement error).
            func addOnEdge(_ q: SIMD2<Double>) {
                add(i, q.x <= 2 * inset ? 0 : q.x >= w - 2 * inset ? w : q.x, q.y <= 2 * inset ? 0 : q.y >= h - 2 * inset ? h : q.y)
            }
            for (a, b) in edges {
                var before = seen(a.x, a.y)
                if before { addOnEdge(a) }
                for k in 1...steps {
                    let t = Double(k) / Double(steps), q = a + (b - a) * t
                    let now = seen(q.x, q.y)
                    if now { addOnEdge(q) }
                    if now != before {
                        // The edge crosses the frustum's border (or an occluder's) between the samples: bisect to it.
                        var lo = Double(k - 1) / Double(steps), hi = t
                        for _ in 0..<40 {
                            let mid = (lo + hi) / 2, m = a + (b - a) * mid
                            if seen(m.x, m.y) == before { lo = mid } else { hi = mid }
                        }
                        let inside = before ? a + (b - a) * lo : a + (b - a) * hi
                        if seen(inside.x, inside.y) { addOnEdge(inside) }
                    }
                    before = now
                }
            }
        }
        return box.keys.sorted().map { i in
            let b = box[i]!, s = surfaces[i]
            let cw = s.grid.panel.cabinetSize.x, ch = s.grid.panel.cabinetSize.y
            let pitch = s.pixelPitchM
            func cell(_ x: Double, _ size: Double, _ count: Int) -> Int { min(count - 1, max(0, Int((x / size).rounded(.down)))) }
            let px = s.pixels
            return Footprint(surface: s.name,
                             columns: cell(b.u0, cw, s.grid.columns)...cell(b.u1, cw, s.grid.columns),
                             rows: cell(b.v0, ch, s.grid.rows)...cell(b.v1, ch, s.grid.rows),
                             uRange: b.u0...b.u1, vRange: b.v0...b.v1,
                             pixelColumns: cell(b.u0, pitch.x, px.width)...cell(b.u1, pitch.x, px.width),
                             pixelRows: cell(b.v0, pitch.y, px.height)...cell(b.v1, pitch.y, px.height))
        }
    }
}

extension ShotCamera {
    /// Diagonal of the sensor area the image uses, millimetres.
    public var sensorDiagonalMM: Double {
        (sensorWidthMM * sensorWidthMM + sensorHeightMM * sensorHeightMM).squareRoot()
    }
}
