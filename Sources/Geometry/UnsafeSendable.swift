// UnsafeSendable: a value handed to concurrent workers, for the per-pixel and per-frame loops of every layer.

/// A value (usually a pointer) handed to concurrent workers that each touch disjoint parts of what it points to.
/// The caller vouches for that; the compiler cannot check it. One type for the rasterizer, the stage passes and the
/// shot analysis, which each kept their own copy.
package struct UnsafeSendable<T>: @unchecked Sendable {
    package let value: T
    package init(_ v: T) { value = v }
}
