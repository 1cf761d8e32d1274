import Foundation
import Synchronization
import Traffic
import WireClient

/// Sends composed requests with `WireClient` off the UI thread; the UI loop collects the outcomes with `drain()`.
final class RequestSender: Sendable {
    private let client: WireClient
    private let inbox = Mutex<[ComposeOutcome]>([])

    init(timeout: Double) {
        // Streams (events, logs -f) are cut after a few seconds: the composer shows their beginning.
        client = WireClient(timeout: .milliseconds(Int64(timeout * 1000)), streamWindow: .seconds(3))
    }

    /// Starts sending `request` through `listener`; the outcome arrives in `drain()`.
    func send(_ request: ComposedRequest, listener: ListenerRecord?, clientTLS: ClientTLSFiles?) {
        guard let listener, let address = ListenerAddress(listener) else {
            post(ComposeOutcome(token: request.token, result: .failure(ComposeFailure("the listener has no reachable address")), elapsed: 0))
            return
        }
        let endpoint: WireEndpoint
        switch address {
        case .tcp(let host, let port): endpoint = .tcp(host: host, port: port)
        case .unix(let path): endpoint = .unix(path: path)
        }
        let tls = listener.tls == .none
            ? nil : WireTLS(caFile: clientTLS?.caFile, certFile: clientTLS?.certFile, keyFile: clientTLS?.keyFile)
        let wire = WireRequest(
            method: request.method, target: request.target, headers: request.headers.map { ($0.name, $0.value) },
            body: request.body)
        // Completion arrives on a NIO event loop, not through a Task: the UI thread blocks in its loop and must
        // not depend on Swift's cooperative pool being free.
        let start = Date()
        let token = request.token
        client.responseFuture(for: wire, to: endpoint, tls: tls).whenComplete { [weak self] outcome in
            let result: Result<ComposeOutcome.Response, ComposeFailure> = outcome.map { response in
                ComposeOutcome.Response(
                    status: response.status, reason: response.reason,
                    headers: response.headers.map { HeaderField($0.0, $0.1) }, body: response.body,
                    truncated: response.truncated)
            }.mapError { ComposeFailure(String(describing: $0)) }
            self?.post(ComposeOutcome(token: token, result: result, elapsed: Date().timeIntervalSince(start)))
        }
    }

    /// Takes every outcome that arrived since the last call.
    func drain() -> [ComposeOutcome] {
        inbox.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }

    private func post(_ outcome: ComposeOutcome) { inbox.withLock { $0.append(outcome) } }
}
