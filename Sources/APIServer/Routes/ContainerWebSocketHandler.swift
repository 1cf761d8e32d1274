import Errdefs
import Foundation
import NIOCore
import NIOHTTP1
import ServerCore

/// `GET /containers/{name}/attach/ws`: attach over a WebSocket (RFC 6455), as modern dockerd serves it: no
/// origin check, never multiplexed, binary frames from API 1.28 (text before), `stdin`/`stdout`/`stderr`
/// honoured from API 1.42 (all three before). The client's text or binary messages go to stdin; its close
/// frame ends stdin; the end of the output closes the socket.
struct ContainerWebSocketHandler: Sendable {
    let backend: any ContainerBackend

    func attach(_ context: APIContext) async throws {
        let headers = context.request.headers
        guard headers[canonicalForm: "Upgrade"].contains(where: { $0.lowercased() == "websocket" }),
            let key = headers.first(name: "Sec-WebSocket-Key"), !key.isEmpty
        else {
            throw DaemonError.invalidParameter("websocket: the client is not using the websocket protocol (no Upgrade: websocket and Sec-WebSocket-Key)")
        }
        let query = context.query
        let selective = context.versionAtLeast("1.42")
        let keys = try DetachKeys.parse(query.string("detachKeys"))
        let options = ContainerAttachOptions(
            stream: query.bool("stream"), logs: query.bool("logs"), stdin: !selective || query.bool("stdin"),
            stdout: !selective || query.bool("stdout"), stderr: !selective || query.bool("stderr"))
        let attachment = try await backend.attachContainer(context.variable("name"), options: options)
        var response = context.baseHeaders
        response.replaceOrAdd(name: "Upgrade", value: "websocket")
        response.replaceOrAdd(name: "Connection", value: "Upgrade")
        response.replaceOrAdd(name: "Sec-WebSocket-Accept", value: WebSocket.acceptValue(for: key))
        let connection: HijackedStream
        do {
            connection = try await context.writer.hijack(status: .switchingProtocols, headers: response)
        } catch {
            await attachment.close()
            throw error
        }

        let opcode: WebSocket.Opcode = context.versionAtLeast("1.28") ? .binary : .text
        let input = Task {
            await Self.forwardInput(from: connection, to: attachment, stdin: options.stdin, detachKeys: attachment.tty ? keys : nil)
        }
        for await chunk in attachment.output where !chunk.bytes.isEmpty {
            do {
                try await connection.write(connection.allocator.buffer(bytes: WebSocket.frame(opcode, chunk.bytes)))
            } catch {
                break
            }
        }
        await attachment.close()
        try? await connection.write(connection.allocator.buffer(bytes: WebSocket.frame(.close, Data([0x03, 0xE8]))))
        await connection.close()
        input.cancel()
        await input.value
    }

    /// Reads the client's frames: messages to stdin (when attached with stdin), pings answered, a close frame
    /// or the end of the connection ends stdin. With a TTY the detach keys close the session.
    private static func forwardInput(
        from connection: HijackedStream, to attachment: any ContainerAttachment, stdin: Bool, detachKeys: DetachKeys?
    ) async {
        var reader = WebSocket.Reader()
        var scanner = detachKeys.map { DetachKeyScanner($0) }
        do {
            for try await buffer in connection.inbound {
                for frame in try reader.feed(Array(buffer.readableBytesView)) {
                    switch frame.opcode {
                    case .ping:
                        try await connection.write(connection.allocator.buffer(bytes: WebSocket.frame(.pong, Data(frame.payload))))
                    case .close:
                        if stdin { await attachment.closeStdin() }
                        return
                    case .text, .binary, .continuation:
                        guard stdin else { continue }
                        var bytes = frame.payload
                        var detach = false
                        if scanner != nil { (bytes, detach) = scanner!.scan(bytes) }
                        if !bytes.isEmpty { try await attachment.writeStdin(Data(bytes)) }
                        if detach {
                            await attachment.close()
                            return
                        }
                    case .pong:
                        continue
                    }
                }
            }
        } catch {
            // A broken frame or a refused write: stdin ends here; the output still runs its course.
        }
        if stdin { await attachment.closeStdin() }
    }
}
