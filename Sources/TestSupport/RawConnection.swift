import Foundation

/// A blocking client socket (tcp or unix) for tests that need byte-level control: pipelining, malformed
/// requests, bytes sent right after a request head, half-closing.
public final class RawConnection: @unchecked Sendable {
    // @unchecked: a test owns each connection and uses it from one task at a time.
    public let fd: Int32

    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Connects to a unix socket.
    public init(unixPath: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(message: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(unixPath.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.prefix(107).enumerated() { raw[i] = b }
        }
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard ok == 0 else {
            let message = String(cString: strerror(errno))
            Glibc.close(fd)
            throw Failure(message: "connect \(unixPath): \(message)")
        }
    }

    /// Connects to an IPv4 address.
    public init(host: String = "127.0.0.1", port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(message: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else {
            let message = String(cString: strerror(errno))
            Glibc.close(fd)
            throw Failure(message: "connect \(host):\(port): \(message)")
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends all of `text`'s bytes.
    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Sends all of `bytes`.
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(message: "send: \(String(cString: strerror(errno)))") }
            offset += n
        }
    }

    /// Half-closes: the server sees the end of our stream but can still answer.
    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads what arrives within `timeout` seconds, stopping early at end of stream or once `until` holds.
    /// Returns the bytes and whether the server closed the connection.
    public func read(timeout: TimeInterval, until: @Sendable ([UInt8]) -> Bool = { _ in false }) -> (bytes: [UInt8], closed: Bool) {
        // Bytes that arrived with the last response but were not part of it come first.
        var result: [UInt8] = leftover
        leftover = []
        if !result.isEmpty && until(result) { return (result, false) }
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            let ready = poll(&pfd, 1, min(remaining, 100))
            if ready <= 0 { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return (result, true) }
            result.append(contentsOf: buffer[0..<n])
            if until(result) { return (result, false) }
        }
        return (result, false)
    }

    /// Reads one HTTP response (Content-Length, chunked, or until close).
    public func readResponse(timeout: TimeInterval = 10) throws -> HTTPResponseText {
        var pending: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let response = HTTPResponseText.parse(pending, complete: false) {
                leftover = Array(pending[response.consumed...])
                return response
            }
            let (more, closed) = read(timeout: 0.2, until: { !$0.isEmpty })
            pending += more
            if closed {
                if let response = HTTPResponseText.parse(pending, complete: true) { return response }
                throw Failure(message: "connection closed after \(pending.count) bytes: \(String(decoding: pending, as: UTF8.self))")
            }
        }
        throw Failure(message: "no complete response within \(timeout)s; got: \(String(decoding: pending, as: UTF8.self))")
    }

    private var leftover: [UInt8] = []

    // MARK: Async forms (the blocking work runs off the cooperative pool)

    /// Connects to a unix socket without blocking the cooperative pool.
    public static func open(unixPath: String) async throws -> RawConnection {
        try await offload { try RawConnection(unixPath: unixPath) }
    }

    /// Connects to a tcp port without blocking the cooperative pool.
    public static func open(host: String = "127.0.0.1", port: Int) async throws -> RawConnection {
        try await offload { try RawConnection(host: host, port: port) }
    }

    public func write(_ text: String) async throws {
        try await offload { try self.send(text) }
    }

    public func response(timeout: TimeInterval = 10) async throws -> HTTPResponseText {
        try await offload { try self.readResponse(timeout: timeout) }
    }

    public func receive(timeout: TimeInterval, until: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }) async -> (bytes: [UInt8], closed: Bool) {
        (try? await offload { self.read(timeout: timeout, until: until) }) ?? ([], true)
    }
}

/// A parsed HTTP response, for assertions.
public struct HTTPResponseText: Sendable {
    public var status: Int
    public var reason: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// How many bytes of the input the response took.
    public var consumed: Int

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The first value of a header (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    /// Parses a response from the start of `bytes`; nil when incomplete. With `complete`, the body runs to the
    /// end of the bytes when there is no length.
    public static func parse(_ bytes: [UInt8], complete: Bool) -> HTTPResponseText? {
        guard let headEnd = find([13, 10, 13, 10], in: bytes, from: 0) else { return nil }
        let head = String(decoding: bytes[0..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = HTTPResponseText(
            status: status, reason: statusLine.count > 2 ? String(statusLine[2]) : "", headers: headers, body: [],
            consumed: headEnd + 4)
        let bodyStart = headEnd + 4
        if status == 101 || status == 204 || status == 304 || (100..<200).contains(status) {
            return response
        }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            guard bytes.count >= bodyStart + length else { return nil }
            response.body = Array(bytes[bodyStart..<bodyStart + length])
            response.consumed = bodyStart + length
            return response
        }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            var position = bodyStart
            var body: [UInt8] = []
            while true {
                guard let lineEnd = find([13, 10], in: bytes, from: position) else { return nil }
                let sizeText = String(decoding: bytes[position..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
                position = lineEnd + 2
                if size == 0 {
                    guard let end = find([13, 10], in: bytes, from: position) else { return nil }
                    response.body = body
                    response.consumed = end + 2
                    return response
                }
                guard bytes.count >= position + size + 2 else { return nil }
                body += bytes[position..<position + size]
                position += size + 2
            }
        }
        guard complete else { return nil }
        response.body = Array(bytes[bodyStart...])
        response.consumed = bytes.count
        return response
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var i = start
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0] && Array(bytes[i..<i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }
}
