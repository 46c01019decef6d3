// OpenTrackIOSample: the subset of an OpenTrackIO 1.0 sample that takes use, as Codable (others ignored).

/// The OpenTrackIO fields we read and write (schema: opentrackio.org/schema.json, version 1.0.0). Every
/// other field (static blocks, tracker status, synchronisation, custom …) is ignored by the decoder.
public struct OpenTrackIOSample: Codable, Sendable, Equatable {
    public struct Rational: Codable, Sendable, Equatable { public var num: Int; public var denom: Int }
    public struct TimecodeField: Codable, Sendable, Equatable {
        public var hours: Int, minutes: Int, seconds: Int, frames: Int
        public var frameRate: Rational
        public var subFrame: Int?
        /// Whether a 30000/1001 or 60000/1001 timecode counts drop-frame (nil: the reader's default).
        public var dropFrame: Bool?
    }
    public struct Timestamp: Codable, Sendable, Equatable { public var seconds: Int; public var nanoseconds: Int }
    public struct Timing: Codable, Sendable, Equatable {
        public var sampleRate: Rational?
        public var timecode: TimecodeField?
        public var sampleTimestamp: Timestamp?
    }
    public struct Distortion: Codable, Sendable, Equatable {
        public var model: String?
        public var radial: [Double]?
        public var tangential: [Double]?
        public var overscan: Double?
    }
    public struct Encoders: Codable, Sendable, Equatable { public var focus: Int?; public var iris: Int?; public var zoom: Int? }
    public struct Lens: Codable, Sendable, Equatable {
        public var pinholeFocalLength: Double?
        public var focusDistance: Double?
        public var fStop: Double?
        public var entrancePupilOffset: Double?
        public var distortion: [Distortion]?
        public var rawEncoders: Encoders?
    }
    public struct Vector: Codable, Sendable, Equatable { public var x: Double; public var y: Double; public var z: Double }
    public struct Rotation: Codable, Sendable, Equatable { public var pan: Double; public var tilt: Double; public var roll: Double }
    public struct Transform: Codable, Sendable, Equatable {
        public var translation: Vector?
        public var rotation: Rotation?
        public var id: String?
    }
    public struct ProtocolField: Codable, Sendable, Equatable { public var name: String; public var version: [Int] }

    public var `protocol`: ProtocolField?
    public var sourceNumber: Int?
    public var timing: Timing?
    public var lens: Lens?
    public var transforms: [Transform]?
}
