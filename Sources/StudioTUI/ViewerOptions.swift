// ViewerOptions: the TUI's flags (colour depth, blitter) and how a snapshot PNG is written.

import Imaging
import SceneModel
import TakeFormats
import TerminalBlit

/// How `xrstudio tui` was asked to run.
public struct ViewerOptions: Sendable {
    /// `--color`: auto, truecolor, 256, 16 or none.
    public var color: ColorChoice
    /// `--blitter`: half, quadrant, braille or ascii.
    public var blitter: Blitter
    /// Writes a snapshot (the `p` key) as PNG at a path; the app passes FrameOutput's atomic PNG writer, which
    /// this layer does not import.
    public var writePNG: @Sendable (RGBA8Image, String) throws -> Void
    /// Snapshot size in pixels (`--snapshot-size`); nil: the scene's render size.
    public var snapshotSize: (width: Int, height: Int)?
    /// Renders a take's frames to a folder in the background (`:render A-B`): the app passes its sequence renderer,
    /// which this layer does not import. Returns the line to show when done.
    public var renderSequence: (@Sendable (SequenceJob) throws -> String)?
    /// How a FreeD take file is read (`--freed-lens`).
    public var freed = FreeDReadOptions()
    /// Keep a take whose clock jumps far out of line (`--allow-gaps`).
    public var allowGaps = false
    /// `--graphics`: real pixels through the kitty graphics protocol or sixel, when the terminal has them.
    public var graphics: GraphicsChoice = .auto

    /// Parses the flag values; unknown names are usage errors listing the valid ones.
    public init(color: String = "auto", blitter: String = "half", graphics: String = "auto", snapshotSize: (width: Int, height: Int)? = nil,
                writePNG: @escaping @Sendable (RGBA8Image, String) throws -> Void) throws {
        guard let g = GraphicsChoice(rawValue: graphics.lowercased()) else {
            throw JobError.usage("--graphics must be one of \(GraphicsChoice.allCases.map(\.rawValue).joined(separator: ", ")), got '\(graphics)'")
        }
        self.graphics = g
        guard let c = ColorChoice(rawValue: color.lowercased()) else {
            let names = ColorChoice.allCases.map(\.rawValue).joined(separator: ", ")
            throw JobError.usage("--color must be one of \(names), got '\(color)'")
        }
        guard let b = Blitter(rawValue: blitter.lowercased()) else {
            let names = Blitter.allCases.map(\.rawValue).joined(separator: ", ")
            throw JobError.usage("--blitter must be one of \(names), got '\(blitter)'")
        }
        self.color = c
        self.blitter = b
        self.snapshotSize = snapshotSize
        self.writePNG = writePNG
    }
}

/// A background render the viewer asks for: a take's frames of one view, written to a folder.
public struct SequenceJob: Sendable {
    public var scenePath: String
    public var take: String
    public var frames: ClosedRange<Int>
    /// The view's name as `render --view` takes it.
    public var view: String
    public var outDirectory: String
    /// A take set's camera the view is seen from (`render --view VIEW:NAME`); nil: a single take.
    public var camera: String? = nil
}
