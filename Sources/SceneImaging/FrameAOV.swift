// FrameAOV: the further layers of a camera or virtual frame that compositors ask for (`render --format exr
// --aov`), made from the same camera at frame t as the beauty image, pixel for pixel.

import Geometry
import ImageCodecs
import SceneModel

/// A layer written beside R, G, B and Z in an EXR frame, named with OpenEXR's `layer.channel` convention.
public enum FrameAOV: String, CaseIterable, Sendable {
    /// `virtual.R`, `.G`, `.B` (half): the virtual world alone through the same lens, the CG plate a compositor
    /// uses to extend the set past the wall or to replace the wall's image.
    case virtual
    /// `P.X`, `.Y`, `.Z` (float): the world position each pixel sees, scene metres (X right, Y up, Z towards the
    /// audience), 0 where nothing was hit (`Z` is +infinity there). Nuke's PositionToPoints and relighting read it.
    case position = "P"
    /// `A` (half): the virtual world's coverage, 1 on its geometry and 0 where its sky (the clear colour) shows, with
    /// the sky left out of R, G, B (premultiplied, as OpenEXR and compositors take RGBA): the CG plate keyed over live
    /// action. The virtual view's own A; in the camera view its `virtual` layer's (`virtual.A`, with `virtual`).
    case alpha

    /// The channel names this layer adds to a frame of `view`.
    public func channels(view: XRView) -> [String] {
        switch self {
        case .virtual: return ["virtual.R", "virtual.G", "virtual.B"]
        case .position: return ["P.X", "P.Y", "P.Z"]
        case .alpha: return view == .virtual ? ["A"] : ["virtual.A"]
        }
    }

    /// `--aov` names: `virtual`, `P` (also `position`), `alpha` (also `A`); `depth` is `Z`, which camera and virtual
    /// EXR frames always carry, so it adds nothing. Unknown names are a usage error listing the known ones.
    public static func parse(_ names: [String]) throws -> [FrameAOV] {
        var out: [FrameAOV] = []
        for raw in names.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let name = raw.filter { !$0.isWhitespace }
            let key = name.lowercased()
            if key == "depth" || key == "z" { continue }
            let aliases: [String: FrameAOV] = ["position": .position, "p": .position, "a": .alpha]
            guard let aov = aliases[key] ?? FrameAOV(rawValue: key) else {
                throw JobError.usage("--aov: unknown layer '\(name)' (known for EXR sequences: virtual, P, alpha, depth)")
            }
            if !out.contains(aov) { out.append(aov) }
        }
        return out
    }

    /// Refuses layers `view` cannot have, before anything renders (a sequence, each view of `--view all`, each farm
    /// chunk's): layers at all but on the camera and virtual views; alpha on the camera view without its CG plate.
    public static func check(_ aovs: [FrameAOV], view: XRView) throws {
        guard !aovs.isEmpty else { return }
        guard view == .camera || view == .virtual else {
            throw JobError.usage("--aov: layers are made for the camera and virtual views only, not \(view.option)")
        }
        if view == .camera && aovs.contains(.alpha) && !aovs.contains(.virtual) {
            throw JobError.usage("--aov alpha: the camera view is what the camera records, opaque; alpha is the virtual "
                + "world's coverage: --view virtual --aov alpha, or the camera view's CG plate with it, --aov virtual,alpha")
        }
    }

    /// World positions of the pixels of `camera`'s recorded image (`width` x `height`, rows top first) from their
    /// eye depths: the ray through each pixel's centre (through the lens when it has distortion; its component
    /// along the optical axis is 1) scaled by the depth. Planes X, Y, Z; 0 where the depth is not finite or the
    /// lens model does not invert.
    public static func positions(depth: [Float], camera: ShotCamera, width: Int, height: Int) -> [[Float]] {
        precondition(depth.count == width * height)
        var px = [Float](repeating: 0, count: depth.count), py = px, pz = px
        let cam = camera.sized(width: width, height: height)
        let axes = (cam.pose.forward, cam.pose.right, cam.pose.up)
        for j in 0..<height {
            let y = 1 - 2 * (Double(j) + 0.5) / Double(height)
            for i in 0..<width {
                let k = j * width + i
                let z = depth[k]
                guard z.isFinite else { continue }
                let x = 2 * (Double(i) + 0.5) / Double(width) - 1
                guard let ray = cam.imageRay(x: x, y: y, axes: axes) else { continue }
                let p = ray.origin + ray.direction * Double(z)
                px[k] = Float(p.x); py[k] = Float(p.y); pz[k] = Float(p.z)
            }
        }
        return [px, py, pz]
    }
}

extension XRFrameRenderer {
    /// The channels of `aovs` for a frame of `view` whose linear render is `frame`, seen by `camera`. Only the camera
    /// and virtual views have them (the others have no camera depth): a usage error names the view otherwise.
    public func aovChannels(_ aovs: [FrameAOV], view: XRView, frame: LinearFrame, camera: ShotCamera) throws -> [EXRChannel] {
        guard !aovs.isEmpty else { return [] }
        guard view == .camera || view == .virtual, let depth = frame.depth else {
            throw JobError.usage("--aov: layers are made for the camera and virtual views only")
        }
        var out: [EXRChannel] = []
        func plane(_ source: LinearFrame, _ c: Int) -> [Float] {
            var plane = [Float](repeating: 0, count: frame.width * frame.height)
            for i in plane.indices { plane[i] = source.rgba[4 * i + c] }
            return plane
        }
        for aov in aovs {
            switch aov {
            case .virtual:
                let plate: LinearFrame
                if view == .virtual {
                    plate = frame
                } else {
                    plate = try virtualLinear(camera: camera, width: frame.width, height: frame.height, keepDepth: false,
                                              coverage: aovs.contains(.alpha))
                }
                for (c, name) in aov.channels(view: view).enumerated() {
                    out.append(EXRChannel(name: name, samples: .half(plane(plate, c)), linear: false))
                }
                if aovs.contains(.alpha) && view == .camera {
                    for name in FrameAOV.alpha.channels(view: view) {
                        out.append(EXRChannel(name: name, samples: .half(plane(plate, 3)), linear: true))
                    }
                }
            case .position:
                let planes = FrameAOV.positions(depth: depth, camera: camera, width: frame.width, height: frame.height)
                for (name, plane) in zip(aov.channels(view: view), planes) {
                    out.append(EXRChannel(name: name, samples: .float(plane), linear: true))
                }
            case .alpha:
                // The frame's own A (the virtual view, rendered with coverage), or its virtual layer's (above).
                continue
            }
        }
        return out
    }
}
