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
    /// Whether a screen's size is its component scale (1, width, height), in which its child components are placed:
    /// true from Unreal 4.27 (a screen is the unit plane `plane_1x1` scaled to its size), false before.
    var screensScaleChildren: Bool
    var components: [Component]
    var viewports: [Viewport]
    /// Entries of the file left out while reading (a `.cfg` component defined again), one line each, for the
    /// import's record.
    var leftOut: [String] = []

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

    /// The file's text as UTF-8 bytes. Unreal reads a byte-order mark and saves a config with non-ASCII text (an
    /// accented screen name) as UTF-16LE with one (`FFileHelper::SaveStringToFile`), so UTF-8, UTF-16LE and
    /// UTF-16BE with their marks are read; the UTF-8 mark is dropped. Without a mark the bytes are taken as UTF-8.
    static func utf8Text(_ bytes: [UInt8], file: String) throws -> [UInt8] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(bytes.dropFirst(3)) }
        let little = bytes.starts(with: [0xFF, 0xFE])
        guard little || bytes.starts(with: [0xFE, 0xFF]) else { return bytes }
        let body = bytes.dropFirst(2)
        guard body.count % 2 == 0 else {
            throw SceneError(file: file, line: 1, column: 1, message: "the file starts with a UTF-16 byte-order mark but has an odd number of bytes")
        }
        var units = [UInt16]()
        units.reserveCapacity(body.count / 2)
        var i = body.startIndex
        while i < body.endIndex {
            let (a, b) = (UInt16(body[i]), UInt16(body[i + 1]))
            units.append(little ? a | b << 8 : a << 8 | b)
            i += 2
        }
        guard let text = String(validating: units, as: UTF16.self) else {
            throw SceneError(file: file, line: 1, column: 1, message: "the file is not valid UTF-16 text (\(little ? "little" : "big")-endian, by its byte-order mark)")
        }
        return Array(text.utf8)
    }

    /// The projection policies Unreal's nDisplay knows besides `simple` and `mesh`: their viewports are listed and
    /// skipped (they are projector or camera setups, not LED screens xrstudio can place). Any other type is an error.
    static let otherPolicies = ["camera", "manual", "mpcdi", "picp_mpcdi", "picp_mesh", "easyblend", "vioso",
                                "domeprojection", "link", "reference"]
}
