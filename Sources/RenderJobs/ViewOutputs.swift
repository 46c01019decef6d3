// ViewOutputs: what `render --view all` writes: every view in its own folder (or file), and with a take set the
// per-camera views once per camera beside the shared wall, plan and witness.

import FrameOutput
import SceneImaging
import SceneModel
import Shot

/// One output of a render: a view, the take set's camera it is seen from, and where under `--out` it goes.
public struct ViewOutput: Sendable, Equatable {
    public var view: XRView
    /// The take set's camera (`--view camera:B`); nil: the set's first camera, or the take's or scene's camera.
    public var camera: String?
    /// The folder (sequences) or file stem (one frame, `.png` added) under `--out`; nil: `--out` itself.
    public var sub: String?

    public init(view: XRView, camera: String? = nil, sub: String? = nil) {
        self.view = view; self.camera = camera; self.sub = sub
    }
}

public enum ViewOutputs {
    /// `--view all`. Without a take set: each named view once, `camera`, `virtual`, `wall`, `plan`, `witness`.
    /// With `take` naming one of the scene's take sets: for each camera in priority order its `camera-NAME` and
    /// `virtual-NAME` (NAME the camera's name as a file slug, `-2`, `-3`… added should two slugs meet), then the
    /// views every camera shares once — `wall`, `plan` and `witness`, made with the set's first camera viewed.
    public static func all(scene: Scene, take: String?) -> [ViewOutput] {
        guard let take, let set = scene.takeSets.first(where: { $0.name == take }) else {
            return XRView.named.map { ViewOutput(view: $0.1, sub: $0.0) }
        }
        // `camera-`/`virtual-` folders never meet the shared views' (`wall`, `plan`, `witness`): only the cameras'
        // slugs must differ.
        let names = ShotTakeSet.cameraNames(of: set, in: scene)
        let out = zip(names, uniqueFileSlugs(names, fallback: "camera")).flatMap { name, slug in
            [ViewOutput(view: .camera, camera: name, sub: "camera-" + slug),
             ViewOutput(view: .virtual, camera: name, sub: "virtual-" + slug)]
        }
        return out + [XRView.wall, .plan, .witness].map { ViewOutput(view: $0, sub: $0.name) }
    }
}
