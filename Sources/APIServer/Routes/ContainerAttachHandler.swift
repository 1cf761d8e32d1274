import Errdefs
import Foundation
import NIOCore
import ServerCore

/// `POST /containers/{name}/attach`: connects to the container first (a missing container is still a JSON
/// 404), then hijacks the connection — `101 UPGRADED` when the client asked to upgrade, else the legacy `200` —
/// and relays: the container's output to the client (multiplexed frames without a TTY, raw with one) until it
/// ends, the client's bytes to the container's stdin (with `stdin=1`) until the client half-closes, which
/// closes stdin. With a TTY, the detach keys end the session and leave the container running.
struct ContainerAttachHandler: Sendable {
    let backend: any ContainerBackend

    func attach(_ context: APIContext) async throws {
        let query = context.query
        let keys = try DetachKeys.parse(query.string("detachKeys"))
        let options = ContainerAttachOptions(
            stream: query.bool("stream"), logs: query.bool("logs"), stdin: query.bool("stdin"),
            stdout: query.bool("stdout"), stderr: query.bool("stderr"))
        let attachment = try await backend.attachContainer(context.variable("name"), options: options)
        let framing = StreamFraming(tty: attachment.tty)
        let connection: HijackedStream
        do {
            connection = try await context.hijack(contentType: framing.contentType(for: context.version))
        } catch {
            await attachment.close()
            throw error
        }

        let input = Task {
            guard options.stdin else { return }
            await Self.forwardInput(from: connection, to: attachment, detachKeys: attachment.tty ? keys : nil)
        }
        for await chunk in attachment.output {
            let bytes = framing.frame(chunk.stream, chunk.bytes)
            guard !bytes.isEmpty else { continue }
            do {
                try await connection.write(connection.allocator.buffer(bytes: bytes))
            } catch {
                break
            }
        }
        await attachment.close()
        await connection.closeWrite()
        await connection.close()
        input.cancel()
        await input.value
    }

    /// Copies the client's bytes to stdin until the client half-closes (then stdin is closed) or sends the
    /// detach keys (then the session is closed, which ends the output).
    private static func forwardInput(from connection: HijackedStream, to attachment: any ContainerAttachment, detachKeys: DetachKeys?) async {
        var scanner = detachKeys.map { DetachKeyScanner($0) }
        do {
            for try await buffer in connection.inbound {
                var bytes = Array(buffer.readableBytesView)
                var detach = false
                if scanner != nil { (bytes, detach) = scanner!.scan(bytes) }
                if !bytes.isEmpty { try await attachment.writeStdin(Data(bytes)) }
                if detach {
                    await attachment.close()
                    return
                }
            }
            await attachment.closeStdin()
        } catch {
            // The client went away or stdin was refused: the container keeps running; its stdin ends here.
            await attachment.closeStdin()
        }
    }
}
