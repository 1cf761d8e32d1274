/// The framed protocol on a supervisor's attach socket: `[type: 1 byte][length: 4 bytes, big-endian][payload]`.
///
/// Client → supervisor: `hello` first (its flags), then any of `stdin`, `closeStdin`, `resize`, and a second
/// `hello` with `.stdin` to start writing stdin later (the start's own connection, claimed by a client
/// that wants stdin).
/// Supervisor → client: `ready` once the client is registered (output from then on reaches it), `output`
/// frames (`[stream][bytes]`), and `end` once the process has exited and all its output was sent.
enum AttachFrame: Equatable, Sendable {
    /// What a client wants.
    struct Hello: OptionSet, Sendable, Equatable {
        let rawValue: UInt8
        /// The client writes to the container's stdin.
        static let stdin = Hello(rawValue: 1)
        /// A control connection (resize): it receives no output.
        static let controlOnly = Hello(rawValue: 4)
    }

    case hello(Hello)
    case stdin([UInt8])
    case closeStdin
    case resize(height: UInt16, width: UInt16)
    case ready
    case output(OutputStream, [UInt8])
    case end

    /// Frames larger than this are a protocol error.
    static let maxPayload = 1 << 20

    private var code: UInt8 {
        switch self {
        case .hello: UInt8(ascii: "h")
        case .stdin: UInt8(ascii: "i")
        case .closeStdin: UInt8(ascii: "c")
        case .resize: UInt8(ascii: "r")
        case .ready: UInt8(ascii: "a")
        case .output: UInt8(ascii: "o")
        case .end: UInt8(ascii: "x")
        }
    }

    /// The frame's bytes.
    var encoded: [UInt8] {
        let payload: [UInt8]
        switch self {
        case .hello(let flags): payload = [flags.rawValue]
        case .stdin(let bytes): payload = bytes
        case .closeStdin, .ready, .end: payload = []
        case .resize(let height, let width):
            payload = [UInt8(height >> 8), UInt8(height & 0xff), UInt8(width >> 8), UInt8(width & 0xff)]
        case .output(let stream, let bytes): payload = [stream.rawValue] + bytes
        }
        let length = UInt32(payload.count)
        return [code, UInt8(length >> 24), UInt8((length >> 16) & 0xff), UInt8((length >> 8) & 0xff), UInt8(length & 0xff)]
            + payload
    }

    /// Takes one complete frame off the front of `buffer`; nil when it holds no complete frame yet.
    /// Throws on a malformed frame.
    static func take(from buffer: inout [UInt8]) throws -> AttachFrame? {
        guard buffer.count >= 5 else { return nil }
        let length = Int(buffer[1]) << 24 | Int(buffer[2]) << 16 | Int(buffer[3]) << 8 | Int(buffer[4])
        guard length <= maxPayload else { throw Malformed() }
        guard buffer.count >= 5 + length else { return nil }
        let payload = Array(buffer[5..<5 + length])
        let code = buffer[0]
        buffer.removeFirst(5 + length)
        switch code {
        case UInt8(ascii: "h"):
            guard payload.count == 1 else { throw Malformed() }
            return .hello(Hello(rawValue: payload[0]))
        case UInt8(ascii: "i"): return .stdin(payload)
        case UInt8(ascii: "c"): return .closeStdin
        case UInt8(ascii: "r"):
            guard payload.count == 4 else { throw Malformed() }
            return .resize(height: UInt16(payload[0]) << 8 | UInt16(payload[1]), width: UInt16(payload[2]) << 8 | UInt16(payload[3]))
        case UInt8(ascii: "a"): return .ready
        case UInt8(ascii: "o"):
            guard let first = payload.first, let stream = OutputStream(rawValue: first) else { throw Malformed() }
            return .output(stream, Array(payload.dropFirst()))
        case UInt8(ascii: "x"): return .end
        default: throw Malformed()
        }
    }

    /// A frame that breaks the protocol.
    struct Malformed: Error {}
}
