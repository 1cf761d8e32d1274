import Engine
import Foundation
import NIOCore
import ServerCore
import Traffic

/// The `serveapi` job handler: the seed's `ServeApi`, fed from the job's args and env.
struct ServeAPIJob: Sendable {
    let context: ServeContext
    let limits: ServerLimits
    let defaultUnixPath: String
    let onListening: @Sendable ([ListenerRecord]) -> Void

    func run(_ job: Job) async -> JobStatus {
        let configuration = ServeAPIConfiguration(
            logging: job.getenvBool("Logging"), socketGroup: job.getenv("SocketGroup"),
            tls: Self.tlsOptions(job), defaultUnixPath: defaultUnixPath, limits: limits)
        do {
            try await ServeAPI.run(
                jobName: job.name, protoAddrs: job.args, configuration: configuration, context: context,
                onListening: onListening)
            return .ok
        } catch {
            return job.error(error)
        }
    }

    /// TLS applies when `Tls` or `TlsVerify` is set; `TlsVerify` also requires client certificates.
    static func tlsOptions(_ job: Job) -> TLSOptions? {
        let verify = job.getenvBool("TlsVerify")
        guard job.getenvBool("Tls") || verify else { return nil }
        return TLSOptions(
            certificatePath: job.getenv("TlsCert"), keyPath: job.getenv("TlsKey"),
            caPath: verify ? job.getenv("TlsCa") : nil, verifyClients: verify)
    }
}
