// Gray16Image: single-channel 16-bit images, used for depth AOVs (millimetres) and 16-bit grey PNGs.

/// A 16-bit single-channel image, rows top to bottom.
public struct Gray16Image: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// `width * height` samples, row-major, top row first.
    public var samples: [UInt16]

    public init(width: Int, height: Int, fill: UInt16 = 0) {
        precondition(width >= 0 && height >= 0, "image size must not be negative")
        self.width = width
        self.height = height
        self.samples = [UInt16](repeating: fill, count: width * height)
    }

    public init(width: Int, height: Int, samples: [UInt16]) {
        precondition(samples.count == width * height, "sample buffer does not match the size")
        self.width = width
        self.height = height
        self.samples = samples
    }

    @inlinable
    public subscript(x: Int, y: Int) -> UInt16 {
        get { samples[y * width + x] }
        set { samples[y * width + x] = newValue }
    }
}
