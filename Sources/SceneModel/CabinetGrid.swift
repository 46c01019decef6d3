// CabinetGrid: columns x rows of one panel type, and the numbers that follow (cabinets, pixels, size, area).

/// A rectangular grid of LED cabinets (a wall or ceiling section, flat or bent along an arc).
public struct CabinetGrid: Sendable, Equatable {
    public var panel: LEDPanelType
    public var columns: Int
    public var rows: Int

    public init(panel: LEDPanelType, columns: Int, rows: Int) {
        self.panel = panel
        self.columns = columns
        self.rows = rows
    }

    public var cabinets: Int { columns * rows }

    /// The canvas the processor drives: columns x pixels across a cabinet, rows x pixels down one.
    public var pixelResolution: (width: Int, height: Int) {
        let p = panel.pixelsPerCabinet
        return (columns * p.width, rows * p.height)
    }

    /// Width (along the wall, the arc length for a curved wall) and height in metres.
    public var widthM: Double { Double(columns) * panel.cabinetWidthMM / 1000 }
    public var heightM: Double { Double(rows) * panel.cabinetHeightMM / 1000 }

    /// LED surface area in square metres (cabinets x cabinet area; bending does not change it).
    public var areaM2: Double { widthM * heightM }
}
