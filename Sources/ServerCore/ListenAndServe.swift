import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Traffic

/// The seed's `ListenAndServe(proto, addr, job)`: for one `PROTO://ADDR`, create the router, create the
/// listener (tcp, unix or systemd fd, wrapped in TLS when asked), then serve HTTP on it until shutdown.
public enum ListenAndServe {
    /// A listener could not be created; the message names the address and the cause.
    public struct Failure: Error, CustomStringConvertible {
        public let address: String
        public let cause: String
        public var description: String { "cannot listen on \(address): \(cause)" }
    }

    /// Binds `proto://addr` and returns its listeners (several for `fd://`), not yet serving. Throws `Failure`
    /// naming the address when the listener cannot be created.
    static func listen(proto: String, addr: String, configuration: ServeAPIConfiguration, context: ServeContext) async throws -> [Listener] {
        let url = "\(proto)://\(addr)"
        do {
            let address = try ListenAddress(parsing: url, defaultUnixPath: configuration.defaultUnixPath)
            return try await bind(address, configuration: configuration, context: context)
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(address: url, cause: "\(error)")
        }
    }

    /// Serves HTTP on bound listeners until `context.shutdown` fires.
    static func serve(_ listeners: [Listener], configuration: ServeAPIConfiguration, context: ServeContext) async {
        await withDiscardingTaskGroup { group in
            for listener in listeners {
                group.addTask { await listener.serve(configuration: configuration, context: context) }
            }
        }
    }

    /// Closes listeners that were bound but will never serve (another address failed), removing their
    /// unix socket files.
    static func abandon(_ listeners: [Listener]) async {
        for listener in listeners {
            try? await listener.serverChannel.channel.close()
            if let path = listener.socketPath { unlink(path) }
        }
    }

    private static func bind(
        _ address: ListenAddress, configuration: ServeAPIConfiguration, context: ServeContext
    ) async throws -> [Listener] {
        switch address.kind {
        case .tcp(let host, let port):
            let tls = try configuration.tls.map { try $0.makeContext() }
            let id = context.ids.allocate()
            let channel = try await bootstrap(configuration, context, tls: tls, id: id)
                .bind(host: host, port: port) { HTTPChannelInitializer(tls: tls, limits: configuration.limits, listener: id, traffic: context.traffic).initialize($0) }
            let bound = channel.channel.localAddress.map(describe) ?? "\(host):\(port)"
            warnIfExposed(address, bound: bound, tls: configuration.tls, logger: context.logger)
            context.logger.info("API listen on \(bound)")
            return [Listener(record: record(id, address, bound: bound, tls: configuration.tls), serverChannel: channel, socketPath: nil)]

        case .unix(let path):
            let id = context.ids.allocate()
            let staging = try UnixSocketStaging.make(finalPath: path)
            let channel: NIOAsyncChannel<Listener.Connection, Never>
            // Without a staging directory (a path too long to stage), Docker's way: the socket is born with
            // mode 0000 (umask 0777) so nobody can reach it before its owner and mode are set.
            let previous = staging == nil ? umask(0o777) : nil
            do {
                channel = try await bootstrap(configuration, context, tls: nil, id: id)
                    .bind(unixDomainSocketPath: staging?.socketPath ?? path, cleanupExistingSocketFile: staging == nil) {
                        HTTPChannelInitializer(tls: nil, limits: configuration.limits, listener: id, traffic: context.traffic).initialize($0)
                    }
                if let previous { umask(previous) }
            } catch {
                if let previous { umask(previous) }
                staging?.discard()
                throw error
            }
            let group: String?
            do {
                group = try UnixSocketPermissions.apply(to: staging?.socketPath ?? path, group: configuration.socketGroup, logger: context.logger)
                try staging?.publish()
            } catch {
                try? await channel.channel.close()
                if let staging { staging.discard() } else { unlink(path) }
                throw error
            }
            context.logger.info("API listen on \(path)")
            var rec = record(id, address, bound: path, tls: nil)
            rec.unixMode = "0660"
            rec.unixGroup = group
            return [Listener(record: rec, serverChannel: channel, socketPath: path)]

        case .fd(let selector):
            let fds = try SystemdListenFDs.select(selector, from: try SystemdListenFDs.descriptors())
            let tls = try configuration.tls.map { try $0.makeContext() }
            var listeners: [Listener] = []
            for fd in fds {
                let (proto, bound) = SystemdListenFDs.describe(fd)
                let useTLS = proto == "tcp" ? tls : nil
                let id = context.ids.allocate()
                let channel = try await bootstrap(configuration, context, tls: useTLS, id: id)
                    .bind(fd) { HTTPChannelInitializer(tls: useTLS, limits: configuration.limits, listener: id, traffic: context.traffic).initialize($0) }
                context.logger.info("API listen on fd \(fd) (\(proto) \(bound))")
                var rec = record(id, address, bound: "fd \(fd): \(proto) \(bound)", tls: useTLS == nil ? nil : configuration.tls)
                rec.address = selector.map(String.init) ?? ""
                rec.transport = proto
                rec.endpoint = bound
                listeners.append(Listener(record: rec, serverChannel: channel, socketPath: nil))
            }
            return listeners
        }
    }

    private static func bootstrap(
        _ configuration: ServeAPIConfiguration, _ context: ServeContext, tls: NIOSSLContext?, id: ListenerID
    ) -> ServerBootstrap {
        ServerBootstrap(group: context.eventLoopGroup)
            .serverChannelOption(.backlog, value: configuration.limits.backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.maxMessagesPerRead, value: 16)
    }

    private static func record(_ id: ListenerID, _ address: ListenAddress, bound: String, tls: TLSOptions?) -> ListenerRecord {
        let mode: TLSMode = tls == nil ? .none : (tls!.verifyClients ? .verify : .tls)
        return ListenerRecord(id: id, proto: address.proto, address: address.addr, boundAddress: bound, tls: mode, state: .starting)
    }

    private static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    /// Docker's warning for a TCP socket that anyone on the network can reach without a client certificate.
    private static func warnIfExposed(_ address: ListenAddress, bound: String, tls: TLSOptions?, logger: Logger) {
        guard !address.isLoopback, !(tls?.verifyClients ?? false) else { return }
        logger.warning("/!\\ DON'T BIND ON ANY IP ADDRESS WITHOUT setting --tlsverify IF YOU DON'T KNOW WHAT YOU'RE DOING /!\\")
        logger.warning("Binding to \(bound) without --tlsverify is insecure: everyone who can reach this address gets root access to this machine.")
        if tls == nil {
            logger.warning("Binding to \(bound) without --tls: traffic, including credentials, is sent in plain text.")
        }
    }
}
