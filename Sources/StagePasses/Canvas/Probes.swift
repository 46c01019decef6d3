// Probes: narrow public views of internal per-pixel functions, so tests can check them directly.

/// The inner frustum's blend weight at normalised inner coordinates (see `WallCanvas`).
public enum WallCanvasProbe {
    public static func weight(_ nx: Float, _ ny: Float, edge: Float) -> Float { WallCanvas.innerWeight(nx, ny, edge: edge) }
}

/// The outer frustum's sample along a direction (linear RGB).
public enum OuterProbe {
    public static func sample(_ o: OuterFrustum, _ d: SIMD3<Float>) -> (Float, Float, Float) { o.sample(d.x, d.y, d.z) }
}
