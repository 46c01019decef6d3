// Scene: one shoot as values: the physical stage, the virtual world, lights, cameras, marks, takes, render defaults.

/// A whole scene file as plain values (metres, degrees, Y up; millimetres for sensors, lenses and LED pitch).
///
/// Paths (meshes, takes) are kept as written, relative to the scene file; nothing here reads files.
public struct Scene: Sendable, Equatable {
    public var name: String
    public var stage: Stage
    public var world: VirtualWorld
    public var lights: [Light]
    public var cameras: [Camera]
    public var marks: [Mark]
    public var takes: [TakeRef]
    /// Takes shot together by several cameras (`take_sets`).
    public var takeSets: [TakeSet] = []
    /// Light cards on the LED surfaces (`light_cards`).
    public var lightCards: [LightCard] = []
    public var render: RenderDefaults
    public var xr: XRSettings
    public var analysis: AnalysisSettings
    /// Things the scene file allows but that are likely mistakes, one line each (`FILE:LINE:COLUMN: warning: ...`),
    /// for the command line to show once.
    public var warnings: [String] = []

    public init(name: String, stage: Stage = Stage(), world: VirtualWorld = VirtualWorld(), lights: [Light] = [],
                cameras: [Camera] = [], marks: [Mark] = [], takes: [TakeRef] = [],
                render: RenderDefaults = RenderDefaults(), xr: XRSettings = XRSettings(),
                analysis: AnalysisSettings = AnalysisSettings()) {
        self.name = name
        self.stage = stage
        self.world = world
        self.lights = lights
        self.cameras = cameras
        self.marks = marks
        self.takes = takes
        self.render = render
        self.xr = xr
        self.analysis = analysis
    }
}
