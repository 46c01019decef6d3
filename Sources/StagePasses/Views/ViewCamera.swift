// ViewCamera: a tracked camera as the plan and witness views draw it: its name, its shot camera and its colours
// from a fixed palette, so every camera of a take set is told apart by colour in every view.

import SceneModel

/// The colours one camera is drawn in (linear RGB, as the rasterizer's line and material colours).
public struct CameraColours: Sendable, Equatable {
    /// The frustum rays and the plan's icon.
    public var rays: SIMD4<Float>
    /// The inner frustum's footprint (plan) and outline on the LED faces (witness).
    public var inner: SIMD4<Float>
    /// The witness view's camera body.
    public var body: SIMD3<Float>

    public init(rays: SIMD4<Float>, inner: SIMD4<Float>, body: SIMD3<Float>) {
        self.rays = rays; self.inner = inner; self.body = body
    }

    /// The fixed palette, by camera priority (a take set's first take first), repeating after the last entry:
    /// 1 yellow rays / orange inner frustum / grey body (the single-camera colours, unchanged), 2 pink / magenta,
    /// 3 cyan / teal, 4 lime / green. Chosen clear of the plan's blue walls, green marks and violet view origin.
    public static let palette: [CameraColours] = [
        CameraColours(rays: [1, 0.85, 0.1, 1], inner: [1, 0.35, 0.05, 1], body: [0.35, 0.36, 0.4]),
        CameraColours(rays: [1, 0.45, 0.85, 1], inner: [0.85, 0.05, 0.6, 1], body: [0.45, 0.2, 0.38]),
        CameraColours(rays: [0.45, 1, 0.95, 1], inner: [0, 0.7, 0.62, 1], body: [0.15, 0.38, 0.36]),
        CameraColours(rays: [0.75, 1, 0.3, 1], inner: [0.35, 0.75, 0, 1], body: [0.3, 0.4, 0.12]),
    ]

    /// The palette entry of the camera at priority `index` (0: the first).
    public static func forCamera(_ index: Int) -> CameraColours { palette[((index % palette.count) + palette.count) % palette.count] }
}

/// One camera to draw in the plan or witness view.
public struct ViewCamera: Sendable {
    /// The label written beside the camera in the plan; empty: no label (a lone camera needs none).
    public var name: String
    public var camera: ShotCamera
    public var colours: CameraColours

    public init(name: String = "", camera: ShotCamera, colours: CameraColours = CameraColours.forCamera(0)) {
        self.name = name; self.camera = camera; self.colours = colours
    }

    /// Every camera on the wall, each in its palette colour by priority and named by `wall.names` (unnamed when
    /// the list is shorter); `viewed`, when given, stands in for the viewed camera (the one the view was sized for).
    public static func cameras(on wall: WallCameras, viewed: ShotCamera? = nil) -> [ViewCamera] {
        wall.cameras.enumerated().map { i, c in
            ViewCamera(name: wall.names.indices.contains(i) ? wall.names[i] : "",
                       camera: i == wall.viewing ? viewed ?? c : c, colours: .forCamera(i))
        }
    }
}
