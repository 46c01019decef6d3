// TakeTimeFault: a take's times that cannot be rendered as they are (`TakeTimes`), said with the file's lines.

import Takes

/// A glitched clock in a take file: a step far out of line with the others, or a take longer than a day. The
/// message names the lines (or byte offsets) of the samples around it.
public struct TakeTimeFault: Sendable, Equatable, CustomStringConvertible {
    /// The take is longer than `TakeTimes.maxSpan`: refused even when gaps are allowed.
    public var isSpan: Bool
    public var message: String
    public var description: String { message }

    /// The faults of samples with these times, in file order, each from the file at `location(i)`.
    public static func find(times: [Double], location: (Int) -> TakeReject.Location) -> [TakeTimeFault] {
        func at(_ i: Int) -> String {
            switch location(i) {
            case .line(let l): return "line \(l) (time \(seconds(times[i])) s)"
            case .byteOffset(let o): return "offset \(o) (time \(seconds(times[i])) s)"
            }
        }
        return TakeTimes.check(times).map { p in
            switch p {
            case let .outOfLine(before, after, step, typical):
                return TakeTimeFault(isSpan: false, message: "a jump of \(seconds(step)) s from \(at(before)) to \(at(after)), "
                    + "where samples are \(seconds(typical)) s apart")
            case let .tooLong(first, last, span):
                return TakeTimeFault(isSpan: true, message: "the take spans \(seconds(span)) s from \(at(first)) to \(at(last)), "
                    + "more than \(Int(TakeTimes.maxSpan)) s (one day)")
            }
        }
    }

    /// Seconds as a short decimal: up to 3 decimals below 1e6, else in exponent form ("1.7e+09").
    static func seconds(_ v: Double) -> String {
        if abs(v) < 1e6 {
            let r = (v * 1000).rounded() / 1000
            return r == r.rounded() ? "\(Int(r))" : "\(r)"
        }
        let e = Int((log10Approx(abs(v))).rounded(.down))
        var m = v / pow10(e)
        if abs(m) >= 9.995 { m /= 10; return mantissa(m) + "e+\(pad(e + 1))" }
        return mantissa(m) + "e+\(pad(e))"
    }
    private static func mantissa(_ m: Double) -> String {
        let r = (m * 100).rounded() / 100
        return r == r.rounded() ? "\(Int(r))" : "\(r)"
    }
    private static func pad(_ e: Int) -> String { e < 10 ? "0\(e)" : "\(e)" }
    private static func pow10(_ e: Int) -> Double { var p = 1.0; for _ in 0..<e { p *= 10 }; return p }
    /// The decimal exponent of v ≥ 1 (counting digits; exact enough for a message).
    private static func log10Approx(_ v: Double) -> Double {
        var e = 0.0, x = v
        while x >= 10 { x /= 10; e += 1 }
        return e
    }
}
