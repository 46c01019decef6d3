// FarmView: the views a chunk command can ask `render --view` for, and the `--views a,b` list farm commands take.

import FrameOutput

/// A view of the stage that `xrstudio render --view V` writes. A farm plan without views renders the default
/// (virtual-world) view and passes no `--view` flag at all. With a take set, the camera and virtual views are each
/// camera's (`camera:B`), in folders named as `render --view all` names them (`camera-b`, `virtual-b`).
public struct FarmView: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable { case camera, virtual, wall, plan, witness }

    public var kind: Kind
    /// The take set's camera the view is made from (camera and virtual views of a take set); nil otherwise.
    public var camera: String?
    /// The view's folder under the plan's output folder: the view's name, or `camera-SLUG` / `virtual-SLUG`.
    public var folder: String

    public init(_ kind: Kind, camera: String? = nil, folder: String? = nil) {
        self.kind = kind
        self.camera = camera
        self.folder = folder ?? kind.rawValue
    }

    public static let camera = FarmView(.camera), virtual = FarmView(.virtual), wall = FarmView(.wall)
    public static let plan = FarmView(.plan), witness = FarmView(.witness)
    public static var allCases: [FarmView] { Kind.allCases.map { FarmView($0) } }

    /// `render --view`'s value: the view's name, `:CAMERA` after it for a take set's camera.
    public var rawValue: String { camera.map { "\(kind.rawValue):\($0)" } ?? kind.rawValue }

    /// Parses `--views`: comma-separated names (`camera:NAME` or `virtual:NAME` for one camera of a take set), or
    /// `all` for every view; no duplicates, no empty names. A camera's name may hold commas (`camera:A, left`): a
    /// piece after a named camera that is not a view continues that name. A take set's cameras are filled in by
    /// `expanded`.
    public static func parseList(_ text: String) throws -> [FarmView] {
        let known = Kind.allCases.map(\.rawValue).joined(separator: ", ")
        let pieces = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if pieces.map({ $0.trimmingSpaces() }) == ["all"] { return allCases }
        // A named camera's text is kept as written until its last piece, then trimmed at its end only.
        var views: [FarmView] = []
        var rawCamera: String?
        func closeCamera() {
            if let raw = rawCamera { views[views.count - 1].camera = raw.trimmingTrailingSpaces() }
            rawCamera = nil
        }
        for piece in pieces {
            let name = piece.trimmingSpaces()
            guard !name.isEmpty else { throw FarmError.usage("--views '\(text)': an empty view name (write e.g. camera,wall)") }
            let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
            guard let kind = parts.first.flatMap(Kind.init(rawValue:)) else {
                if let raw = rawCamera {
                    rawCamera = raw + "," + piece
                    continue
                }
                throw FarmError.usage("--views: unknown view '\(name)' (known: \(known), or all)")
            }
            closeCamera()
            var v = FarmView(kind)
            if parts.count == 2 {
                guard kind == .camera || kind == .virtual, !parts[1].isEmpty else {
                    throw FarmError.usage("--views '\(name)': only camera and virtual views name a camera (camera:NAME)")
                }
                v.camera = parts[1]
                // As written after the colon (spaces before a later comma belong to the name).
                let head = piece.drop { $0 == " " || $0 == "\t" }
                rawCamera = String(head[head.index(after: head.firstIndex(of: ":")!)...])
            }
            views.append(v)
        }
        closeCamera()
        for (i, v) in views.enumerated() where views[..<i].contains(where: { $0.rawValue == v.rawValue }) {
            throw FarmError.usage("--views: '\(v.rawValue)' is listed twice")
        }
        return views
    }

    /// `views` for a take set of cameras `cameras` (in the set's order): a camera or virtual view without a camera
    /// becomes one per camera, each named one kept; every camera view gets its folder (`camera-SLUG`, `-2` where two
    /// names make one slug, as `render --view all` names them). Without a set (`cameras` nil) a named camera is
    /// refused: a take has one camera.
    public static func expanded(_ views: [FarmView], cameras: [String]?) throws -> [FarmView] {
        guard let cameras else {
            if let v = views.first(where: { $0.camera != nil }) {
                let glued = v.camera!.contains(",") ? " (what follows camera:NAME up to the next view is its name)" : ""
                throw FarmError.usage("--views '\(v.rawValue)': a camera is chosen with a take set; this take has one camera" + glued)
            }
            return views
        }
        let slugs = Dictionary(uniqueKeysWithValues: zip(cameras, uniqueFileSlugs(cameras, fallback: "camera")))
        var out: [FarmView] = []
        for v in views {
            guard v.kind == .camera || v.kind == .virtual else { out.append(v); continue }
            let names = v.camera.map { [$0] } ?? cameras
            for name in names {
                guard let slug = slugs[name] else {
                    // A misspelt view after a named camera is read as more of its name: say so.
                    let glued = name.contains(",") ? "; what follows camera:NAME up to the next view is its name, so list views before cameras" : ""
                    throw FarmError.usage("--views '\(v.rawValue)': no camera '\(name)' in the take set (its cameras: "
                        + cameras.map { "'\($0)'" }.joined(separator: ", ") + ")" + glued)
                }
                let view = FarmView(v.kind, camera: name, folder: v.kind.rawValue + "-" + slug)
                if !out.contains(view) { out.append(view) }
            }
        }
        return out
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String { String(drop { $0 == " " || $0 == "\t" }).trimmingTrailingSpaces() }

    /// Without trailing spaces and tabs.
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
