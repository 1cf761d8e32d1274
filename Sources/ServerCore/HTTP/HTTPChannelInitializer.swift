import NIOCore
import NIOHTTP1
import NIOSSL
import Traffic

/// Builds the pipeline of an accepted connection:
/// `[TLS → handshake guard] → response encoder → request decoder → connection`.
struct HTTPChannelInitializer: Sendable {
    let tls: NIOSSLContext?
    let limits: ServerLimits
    let listener: ListenerID
    let traffic: TrafficStore

    func initialize(_ channel: any Channel) -> EventLoopFuture<Listener.Connection> {
        channel.eventLoop.makeCompletedFuture {
            let sync = channel.pipeline.syncOperations
            if let tls {
                try sync.addHandler(NIOSSLServerHandler(context: tls))
                try sync.addHandler(TLSHandshakeGuard(timeout: limits.tlsHandshakeTimeout, listener: listener, traffic: traffic))
            }
            var decoderLimits = NIOHTTPDecoderLimitConfiguration()
            decoderLimits.maxHeaderListSize = limits.maxHeaderBytes
            decoderLimits.maxHeaderFieldSize = limits.maxHeaderBytes
            decoderLimits.maxHeaderFieldCount = 1000
            try sync.addHandler(HTTPResponseEncoder())
            try sync.addHandler(
                ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes, limitConfiguration: decoderLimits)))
            let connection = ConnectionChannel(channel: channel, idleTimeout: limits.idleTimeout)
            try sync.addHandler(connection)
            return Listener.Connection(handler: connection)
        }
    }
}
