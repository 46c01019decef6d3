// UDPEndpoint: an IPv4 address and port parsed from HOST:PORT, as a sockaddr_in for bind and sendto.

#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 endpoint. `HOST:PORT` where HOST is a dotted quad, `localhost` (127.0.0.1) or empty / `*`
/// (0.0.0.0, every interface), or a multicast group (which a receiver joins); PORT is 0…65535 (0 lets the system
/// pick one when binding).
public struct UDPEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// Dotted quad.
    public var host: String
    public var port: UInt16

    public init?(host: String, port: UInt16) {
        let h = host == "localhost" ? "127.0.0.1" : (host.isEmpty || host == "*" ? "0.0.0.0" : host)
        var a = in_addr()
        guard inet_pton(AF_INET, h, &a) == 1 else { return nil }
        self.host = h
        self.port = port
    }

    /// Parses "HOST:PORT"; nil when malformed (IPv6 and host names other than localhost are not accepted).
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let portText = text[text.index(after: colon)...]
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
              let p = Int(portText), (0...65535).contains(p) else { return nil }
        self.init(host: String(text[..<colon]), port: UInt16(p))
    }

    public var description: String { "\(host):\(port)" }

    /// Whether the host is an IPv4 multicast group (224.0.0.0 to 239.255.255.255): a receiver joins it.
    public var isMulticast: Bool {
        let first = UInt32(bigEndian: socketAddress.sin_addr.s_addr) >> 24
        return (224...239).contains(first)
    }

    var socketAddress: sockaddr_in {
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = port.bigEndian
        _ = inet_pton(AF_INET, host, &sa.sin_addr)
        return sa
    }
}

/// A socket call that failed: what was attempted and the system's reason.
public struct LiveTrackingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    init(_ step: String, errno code: Int32) {
        message = "\(step): \(String(cString: strerror(code)))"
    }
    public var description: String { message }
}

/// Seconds on the monotonic clock (arbitrary origin; never jumps with wall-clock changes).
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// A UDP socket that sends datagrams to one endpoint (test senders, and `xrstudio` tooling).
public final class UDPSender: @unchecked Sendable {
    private let fd: Int32
    private var target: sockaddr_in

    public init(to endpoint: UDPEndpoint) throws {
        fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw LiveTrackingError("socket", errno: errno) }
        var size: Int32 = 4 << 20
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        target = endpoint.socketAddress
    }

    deinit { close(fd) }

    /// Sends one datagram; false when the system refused it (the caller may retry).
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        let n = bytes.withUnsafeBytes { buf in
            withUnsafePointer(to: &target) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, buf.baseAddress, buf.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        return n == bytes.count
    }
}
