import NIOCore
import NIOHTTP1

/// Turns an HTTP connection into a raw byte stream, keeping every byte the client already sent.
enum HijackPipeline {
    /// Puts `RawBytesCodec` in place of the HTTP codec. The request decoder goes last: when removed it forwards
    /// the bytes it buffered past the request head, and they must meet the raw codec, not the HTTP one.
    static func switchToRaw(channel: any Channel) -> EventLoopFuture<Void> {
        let pipeline = channel.pipeline
        do {
            let sync = pipeline.syncOperations
            let connection = try sync.handler(type: ConnectionChannel.self)
            connection.enterRawMode()
            try sync.addHandler(RawBytesCodec(), position: .before(connection))
            return removeIfPresent(HTTPResponseEncoder.self, from: pipeline)
                .flatMap { removeIfPresent(ByteToMessageHandler<HTTPRequestDecoder>.self, from: pipeline) }
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
    }

    private static func removeIfPresent<H: RemovableChannelHandler>(_ type: H.Type, from pipeline: ChannelPipeline) -> EventLoopFuture<Void> {
        do {
            let sync = pipeline.syncOperations
            return sync.removeHandler(try sync.handler(type: type))
        } catch {
            return pipeline.eventLoop.makeSucceededVoidFuture()
        }
    }
}
