// LargestViewingAngle: the widest angle at which a frame's rays meet the LEDs, without an arctangent per ray.

import Geometry

/// The largest of many viewing angles, each given by its cosine (the ray against the LED face's normal), in degrees:
/// exactly the maximum of `atan2D(√(1 − c²), c)` over every cosine added, with the arctangent worked out only for a
/// cosine within 1e-6 of the least so far. A cosine farther above it has an angle at least 1e-6 rad smaller (the
/// slope of acos is at least 1 in size), while the computed angle is off by at most about 1e-8 rad (next to a
/// head-on ray, where 1 − c² loses digits), so it can never be the maximum. The arctangent was a twentieth of the
/// shot analysis.
struct LargestViewingAngle {
    private(set) var degrees: Double?
    private var leastCosine = Double.infinity

    mutating func add(cosine c: Double) {
        guard c <= leastCosine + 1e-6 else { return }
        let angle = atan2D((1 - c * c).squareRoot(), c) * 180 / Double.pi
        degrees = max(degrees ?? angle, angle)
        leastCosine = min(leastCosine, c)
    }
}
