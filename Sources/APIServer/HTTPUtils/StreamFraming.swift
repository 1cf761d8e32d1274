import Foundation

/// How container output goes on the wire: Docker's multiplexed frames (`stdcopy`) without a TTY, the bytes
/// as they are with one.
public enum StreamFraming: Sendable, Equatable {
    /// 8-byte header `[stream, 0, 0, 0, size as big-endian UInt32]`, then the bytes.
    case multiplexed
    /// The bytes alone.
    case raw

    /// The framing for a container with or without a TTY.
    public init(tty: Bool) { self = tty ? .raw : .multiplexed }

    /// The media type dockerd announces: the multiplexed one only from API 1.42.
    func contentType(for version: APIVersion) -> String {
        self == .multiplexed && version >= APIVersion("1.42")!
            ? "application/vnd.docker.multiplexed-stream" : "application/vnd.docker.raw-stream"
    }

    /// `bytes` from `stream`, framed; empty input gives no frame (as the modern writer drops empty writes).
    public func frame(_ stream: ContainerStreamKind, _ bytes: Data) -> Data {
        guard !bytes.isEmpty else { return Data() }
        guard self == .multiplexed else { return bytes }
        let size = UInt32(truncatingIfNeeded: bytes.count)
        var framed = Data([stream.rawValue, 0, 0, 0, UInt8(size >> 24), UInt8((size >> 16) & 0xFF), UInt8((size >> 8) & 0xFF), UInt8(size & 0xFF)])
        framed.append(bytes)
        return framed
    }
}
