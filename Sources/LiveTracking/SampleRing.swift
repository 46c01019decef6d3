// SampleRing: a fixed-capacity ring of live samples between the receiver thread and its consumer.

/// A bounded FIFO: `push` fails (and the caller counts a drop) when full, so memory never grows with the
/// input rate. Not thread-safe by itself: `LiveReceiver` guards it with its lock.
public struct SampleRing: Sendable {
    public let capacity: Int
    private var slots: [LiveSample?]
    private var head = 0
    public private(set) var count = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "ring capacity must be positive")
        self.capacity = capacity
        slots = Array(repeating: nil, count: capacity)
    }

    /// Appends; false when the ring is full (the sample is not stored).
    public mutating func push(_ s: LiveSample) -> Bool {
        guard count < capacity else { return false }
        slots[(head + count) % capacity] = s
        count += 1
        return true
    }

    /// Removes up to `max` samples, oldest first, appending them to `out`.
    public mutating func drain(into out: inout [LiveSample], max: Int = .max) {
        var n = Swift.min(count, max)
        while n > 0 {
            out.append(slots[head]!)
            slots[head] = nil
            head = (head + 1) % capacity
            count -= 1
            n -= 1
        }
    }
}
