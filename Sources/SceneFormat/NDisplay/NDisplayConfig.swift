// NDisplayConfig: what xrstudio reads from an nDisplay config (.ndisplay JSON or legacy .cfg): scene components
// with their parents and placements, and the cluster's viewports with their regions and projection policies.

/// The parts of an nDisplay config that place LED screens, in Unreal units (centimetres, degrees), in file order.
struct NDisplayConfig {
    /// Where a value was read: line, column and the key path (`nDisplay.scene.screens.scr_1.size`), for messages.
    struct Place {
        var line: Int
        var column: Int
        var path: String
    }

    /// A scene component: an xform, a screen or a camera (any of them can be a parent).
    struct Component {
        enum Kind: String { case xform, screen, camera }
        var id: String
        var kind: Kind
        /// The parent component's id; "" for the config's root.
        var parent: String
        var parentPlace: Place
        /// Relative to the parent: location (cm) and rotator (pitch, yaw, roll degrees).
        var location: SIMD3<Double>
        var rotator: SIMD3<Double>
        /// A screen's width and height, cm (nil for xforms and cameras).
        var size: SIMD2<Double>?
        var place: Place
    }

    /// One viewport of one cluster node.
    struct Viewport {
        var id: String
        var node: String
        /// Pixels: x, y of the top-left corner in the node's window, width, height.
        var region: (x: Int, y: Int, w: Int, h: Int)
        /// The projection policy's type, lower-cased ("simple", "mesh", "camera", ...).
        var policy: String
        /// The `simple` policy's screen id (nil for other policies).
        var screen: String?
        var screenPlace: Place?
        var place: Place
    }

    /// "nDisplay 5.00 (.ndisplay)", "nDisplay 4.23 (.cfg)".
    var format: String
    /// Whether a screen's size is its component scale (1, width, height), which its child components inherit:
    /// true from Unreal 4.27 (a screen is the unit plane `plane_1x1` scaled to its size), false before.
    var screensScaleChildren: Bool
    var components: [Component]
    var viewports: [Viewport]

    /// The largest viewport side accepted, px: Unreal renders a viewport into one texture, at most 16384 on a side
    /// (the D3D12 and Vulkan limit), so a bigger region cannot be a real config (a hostile 10^9-pixel region
    /// stops here).
    static let maxRegionSide = 16384
    /// The largest screen side accepted, cm (1 km): beyond any stage.
    static let maxScreenCM = 100_000.0
    /// The smallest screen side accepted, cm (1 mm): below one LED's size, and far below, an LED pitch of 10^-22 m
    /// overflowed every pixel computation.
    static let minScreenCM = 0.1
    /// The farthest a component may sit from its parent, cm (100 km), and the largest rotator angle, degrees:
    /// finite values that keep the composed placement exact to well under a millimetre.
    static let maxLocationCM = 10_000_000.0
    static let maxAngleDegrees = 1_000_000.0
    /// The most components and viewports one config may hold.
    static let maxEntries = 10_000
    /// The largest config file read, bytes (16 MiB, as for scene files; real configs are tens of kilobytes).
    static let maxBytes = 16 << 20

    /// The projection policies Unreal's nDisplay knows besides `simple` and `mesh`: their viewports are listed and
    /// skipped (they are projector or camera setups, not LED screens xrstudio can place). Any other type is an error.
    static let otherPolicies = ["camera", "manual", "mpcdi", "picp_mpcdi", "picp_mesh", "easyblend", "vioso",
                                "domeprojection", "link", "reference"]
}
