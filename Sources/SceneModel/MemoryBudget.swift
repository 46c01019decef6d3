// MemoryBudget: how much memory loading a scene or model may take; loaders estimate before they allocate and
// refuse over it, with the estimate in the message.

import Geometry

/// The memory a run may spend on geometry and textures. Small files can ask for gigabytes (a glTF of 250
/// accessors of 2^20 elements, a scene that repeats a 256x128 sphere 10,000 times, a 2 GB OBJ): each loader
/// estimates what it is about to allocate and calls `check` first, so such a file is one clear error instead
/// of an exhausted machine.
public enum MemoryBudget {
    /// The budget in bytes. Set once by the app before anything is loaded (the command line: half the memory
    /// the process may use, `HostMemory`, or `--memory-budget`); 4 GiB until then (tests, libraries used on their own).
    nonisolated(unsafe) public static var bytes: Int = 4 << 30

    /// Estimated cost of one drawn vertex: position, normal and UV as stored (40 bytes), the transient
    /// double-precision copies made while placing it, and the per-frame transformed copy the rasterizer keeps.
    public static let bytesPerVertex = 96
    /// Estimated cost of one drawn triangle: three 32-bit indices, kept and binned.
    public static let bytesPerTriangle = 24

    /// Throws when `estimate` bytes exceed the budget: "WHAT needs about 40.2 GB, more than the memory budget
    /// of 11.6 GB (--memory-budget raises it)".
    public static func check(_ estimate: Int, _ what: @autoclosure () -> String) throws {
        guard estimate > bytes else { return }
        throw JobError.input("\(what()) needs about \(format(estimate)), more than the memory budget of "
            + "\(format(bytes)) (--memory-budget raises it)")
    }

    /// Bytes as "512 MB", "5.6 GB" (`formatBytes`, which take files' limits use too).
    public static func format(_ n: Int) -> String { formatBytes(n) }

    /// Parses a `--memory-budget` value: bytes, or a number with K, M, G or T (powers of 1024; "8G", "1.5T",
    /// "512M"). nil when it is not one, or not positive.
    public static func parse(_ text: String) -> Int? {
        var s = Substring(text.uppercased())
        if s.hasSuffix("B") { s = s.dropLast() }
        var scale = 1.0
        if let last = s.last, let i = "KMGT".firstIndex(of: last) {
            scale = [1024.0, 1048576, 1073741824, 1099511627776][ "KMGT".distance(from: "KMGT".startIndex, to: i)]
            s = s.dropLast()
        }
        guard let v = Double(s), v.isFinite, v > 0, v * scale < 9e18 else { return nil }
        return Int(v * scale)
    }
}
