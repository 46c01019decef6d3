// Stage: the physical volume: LED walls, ceiling sections, imported screens, the floor, props and the view origin.

/// The physical stage in studio coordinates (metres, Y up, floor at y = 0).
public struct Stage: Sendable, Equatable {
    /// Panel types the walls and ceilings are built from, by name.
    public var panels: [LEDPanelType]
    public var walls: [LEDWall]
    public var ceilings: [CeilingSection]
    /// Flat LED screens at any pose, as the playback system describes them (an nDisplay config's screens): each is
    /// its own canvas, named by the screen's id.
    public var screens: [LEDSurface]
    /// Where `screens` came from (nil when the stage is described only in the scene file).
    public var imported: StageImport?
    /// The LED processors driving the surfaces, and through them each output port's cabinets (LEDProcessor.swift).
    public var processors: [LEDProcessor] = []
    public var floor: Floor
    public var props: [Prop]
    /// The eye point the outer frustum (what the wall shows outside the camera's view) is rendered from.
    public var viewOrigin: SIMD3<Double>

    public init(panels: [LEDPanelType] = [], walls: [LEDWall] = [], ceilings: [CeilingSection] = [],
                screens: [LEDSurface] = [], floor: Floor = Floor(), props: [Prop] = [],
                viewOrigin: SIMD3<Double> = [0, 1.7, 0]) {
        self.panels = panels
        self.walls = walls
        self.ceilings = ceilings
        self.screens = screens
        self.imported = nil
        self.floor = floor
        self.props = props
        self.viewOrigin = viewOrigin
    }

    /// Every LED cabinet on the stage (walls, ceilings and imported screens).
    public var totalCabinets: Int {
        walls.reduce(0) { $0 + $1.grid.cabinets } + ceilings.reduce(0) { $0 + $1.grid.cabinets }
            + screens.reduce(0) { $0 + $1.grid.cabinets }
    }
}
