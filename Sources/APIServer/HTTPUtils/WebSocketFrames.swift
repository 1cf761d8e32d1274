import Crypto
import Foundation

/// RFC 6455 framing for `GET /containers/{name}/attach/ws`: the handshake's accept value, frames the server
/// sends (never masked), and a reader for the client's frames (always masked).
enum WebSocket {
    /// Frame opcodes.
    enum Opcode: UInt8 {
        case continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10
    }

    /// `Sec-WebSocket-Accept` for the client's `Sec-WebSocket-Key`.
    static func acceptValue(for key: String) -> String {
        let magic = key.trimmingCharacters(in: .whitespaces) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
        return Data(Insecure.SHA1.hash(data: Data(magic.utf8))).base64EncodedString()
    }

    /// One complete, unmasked frame from the server.
    static func frame(_ opcode: Opcode, _ payload: Data) -> Data {
        var frame = Data([0x80 | opcode.rawValue])
        switch payload.count {
        case 0..<126: frame.append(UInt8(payload.count))
        case 126...0xFFFF:
            frame.append(126)
            frame.append(contentsOf: [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)])
        default:
            frame.append(127)
            frame.append(contentsOf: (0..<8).reversed().map { UInt8((UInt64(payload.count) >> UInt64($0 * 8)) & 0xFF) })
        }
        frame.append(payload)
        return frame
    }

    /// A frame the client sent.
    struct Frame: Equatable {
        var opcode: Opcode
        var payload: [UInt8]
    }

    /// A malformed or oversized frame: the connection is closed.
    struct ProtocolViolation: Error {}

    /// Collects the client's bytes and cuts them into frames (control frames may arrive between the pieces of
    /// a fragmented message; fragments are delivered as they come, with their first opcode).
    struct Reader {
        static let maximumPayload = 1 << 20
        private var buffer: [UInt8] = []
        private var messageOpcode: Opcode = .binary

        /// Adds bytes; returns the complete frames they finish.
        mutating func feed(_ bytes: [UInt8]) throws -> [Frame] {
            buffer += bytes
            var frames: [Frame] = []
            while let frame = try nextFrame() { frames.append(frame) }
            return frames
        }

        private mutating func nextFrame() throws -> Frame? {
            guard buffer.count >= 2 else { return nil }
            guard let opcode = Opcode(rawValue: buffer[0] & 0x0F) else { throw ProtocolViolation() }
            let masked = buffer[1] & 0x80 != 0
            var length = Int(buffer[1] & 0x7F)
            var offset = 2
            if length == 126 {
                guard buffer.count >= 4 else { return nil }
                length = Int(buffer[2]) << 8 | Int(buffer[3])
                offset = 4
            } else if length == 127 {
                guard buffer.count >= 10 else { return nil }
                var value: UInt64 = 0
                for i in 2..<10 { value = value << 8 | UInt64(buffer[i]) }
                guard value <= UInt64(Self.maximumPayload) else { throw ProtocolViolation() }
                length = Int(value)
                offset = 10
            }
            guard masked, length <= Self.maximumPayload else { throw ProtocolViolation() }
            guard buffer.count >= offset + 4 + length else { return nil }
            let mask = Array(buffer[offset..<(offset + 4)])
            let start = offset + 4
            let payload = (0..<length).map { buffer[start + $0] ^ mask[$0 % 4] }
            buffer.removeFirst(start + length)
            switch opcode {
            case .text, .binary:
                messageOpcode = opcode
                return Frame(opcode: opcode, payload: payload)
            case .continuation:
                return Frame(opcode: messageOpcode, payload: payload)
            default:
                return Frame(opcode: opcode, payload: payload)
            }
        }
    }
}
