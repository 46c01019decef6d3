// LEDProcessor: a stage's LED processor and how its output ports split the canvases it drives: the cabinets each
// port carries, in the documented chain order, checked against the port's pixel capacity.

/// An LED processor (a Brompton Tessera, a Megapixel Helios, ...): it receives the canvases of `surfaces` and sends
/// each output port a chain of cabinets. Cabinets are assigned surface by surface (each surface starts a new port),
/// in `order` from the canvas's top-left cabinet, `cabinetsPerPort` to a port (default: as many as its pixel capacity
/// holds), ports numbered from 1.
public struct LEDProcessor: Sendable, Equatable {
    /// The cabinet chain's path through a surface's cabinet grid, from the top-left cabinet (as the canvas is seen).
    public enum Order: String, Sendable, Equatable, CaseIterable {
        /// Along each row left to right, rows top to bottom.
        case rowMajor = "row-major"
        /// Rows top to bottom, alternating direction (left to right, then right to left): the data cable snakes.
        case serpentine
        /// Down each column top to bottom, columns left to right.
        case columnMajor = "column-major"
        /// Columns left to right, alternating direction (down, then up).
        case columnSerpentine = "column-serpentine"
    }

    public var name: String
    /// The LED surfaces it drives, by name, in the order their cabinets are assigned to ports.
    public var surfaces: [String]
    /// Output ports it has.
    public var ports: Int
    /// Pixels one port can carry (the processor's rating at the stage's frame rate and bit depth, e.g. 525 000 for a
    /// Brompton 1G port at 60 Hz, 8 bit).
    public var portPixels: Int
    /// Cabinets per port; nil: as many as `portPixels` holds.
    public var cabinetsPerPort: Int?
    public var order: Order

    public init(name: String, surfaces: [String], ports: Int, portPixels: Int, cabinetsPerPort: Int? = nil, order: Order = .rowMajor) {
        self.name = name
        self.surfaces = surfaces
        self.ports = ports
        self.portPixels = portPixels
        self.cabinetsPerPort = cabinetsPerPort
        self.order = order
    }

    /// The grid's cabinets (column, row) in chain order.
    public static func chain(columns: Int, rows: Int, order: Order) -> [(column: Int, row: Int)] {
        var out: [(column: Int, row: Int)] = []
        out.reserveCapacity(columns * rows)
        switch order {
        case .rowMajor, .serpentine:
            for r in 0..<rows {
                let back = order == .serpentine && r % 2 == 1
                for k in 0..<columns { out.append((back ? columns - 1 - k : k, r)) }
            }
        case .columnMajor, .columnSerpentine:
            for c in 0..<columns {
                let back = order == .columnSerpentine && c % 2 == 1
                for k in 0..<rows { out.append((c, back ? rows - 1 - k : k)) }
            }
        }
        return out
    }

    /// Why a processor cannot carry its surfaces: a port over its pixel capacity, or too few ports.
    public struct Problem: Error, Sendable, Equatable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// Every output this processor sends, given its surfaces (`surfaces[i]` named `self.surfaces[i]`).
    public func outputs(_ driven: [LEDSurface]) throws(Problem) -> [ProcessorOutput] {
        var out: [ProcessorOutput] = []
        var port = 0
        for s in driven {
            let g = s.grid, px = g.panel.pixelsPerCabinet
            let perCabinet = px.width * px.height
            let fit = portPixels / perCabinet
            let n = cabinetsPerPort ?? fit
            guard n >= 1, n <= fit else {
                let carried = max(n, 1)
                throw Problem("processor '\(name)' port \(port + 1) carries \(carried) cabinet\(carried == 1 ? "" : "s") of \(s.name) "
                              + "(\(px.width) x \(px.height) px each) = \(carried * perCabinet) px, over its \(portPixels) px capacity")
            }
            let chain = Self.chain(columns: g.columns, rows: g.rows, order: order)
            let needed = (chain.count + n - 1) / n
            guard port + needed <= ports else {
                throw Problem("processor '\(name)' has \(ports) port\(ports == 1 ? "" : "s"); its surfaces need \(port + needed) or more "
                              + "(\(s.name): \(chain.count) cabinets, \(n) per port)")
            }
            for k in 0..<needed {
                port += 1
                let cabs = chain[(k * n)..<min(chain.count, (k + 1) * n)].map { ProcessorOutput.Cabinet(column: $0.column, row: $0.row) }
                out.append(ProcessorOutput(processor: name, port: port, surface: s.name, cabinetPixels: [px.width, px.height], cabinets: cabs))
            }
        }
        return out
    }
}

/// What one processor port carries: a chain of one surface's cabinets.
public struct ProcessorOutput: Sendable, Equatable {
    public struct Cabinet: Sendable, Equatable, Hashable {
        public var column: Int
        public var row: Int
        public init(column: Int, row: Int) { self.column = column; self.row = row }
    }

    public var processor: String
    /// From 1.
    public var port: Int
    public var surface: String
    /// One cabinet's pixels across and down.
    public var cabinetPixels: SIMD2<Int>
    /// The cabinets in chain order (the first is nearest the processor).
    public var cabinets: [Cabinet]

    public init(processor: String, port: Int, surface: String, cabinetPixels: SIMD2<Int>, cabinets: [Cabinet]) {
        self.processor = processor
        self.port = port
        self.surface = surface
        self.cabinetPixels = cabinetPixels
        self.cabinets = cabinets
    }

    /// LED pixels carried.
    public var pixels: Int { cabinets.count * cabinetPixels.x * cabinetPixels.y }

    /// The canvas pixel rectangle holding the cabinets: x, y (top left) and width, height.
    public var bounds: (x: Int, y: Int, width: Int, height: Int) {
        let c0 = cabinets.map(\.column).min() ?? 0, c1 = cabinets.map(\.column).max() ?? -1
        let r0 = cabinets.map(\.row).min() ?? 0, r1 = cabinets.map(\.row).max() ?? -1
        return (c0 * cabinetPixels.x, r0 * cabinetPixels.y, (c1 - c0 + 1) * cabinetPixels.x, (r1 - r0 + 1) * cabinetPixels.y)
    }
}

extension Stage {
    /// Every processor output in processor order, then port order; errors name the processor and the port.
    public func processorOutputs() throws(LEDProcessor.Problem) -> [ProcessorOutput] {
        let surfaces = ledSurfaces
        var out: [ProcessorOutput] = []
        for p in processors {
            let driven = p.surfaces.compactMap { n in surfaces.first { $0.name == n } }
            out += try p.outputs(driven)
        }
        return out
    }
}
