import Foundation
import Logging
import Synchronization
import Traffic

/// The per-request log line (the seed's `Logging` env): one line per finished request, read from the traffic
/// feed so the log and the dashboard tell the same story.
enum RequestLog {
    static func attach(to traffic: TrafficStore, logger: Logger) {
        // The level is fixed at start (`-l`); below info nobody would see the line, so nothing is observed.
        guard logger.logLevel <= .info else { return }
        let listeners = ListenerNames(traffic: traffic)
        traffic.onRequestFinished { record in
            logger.info("\(line(for: record, listener: listeners.name(record.listener)))")
        }
    }

    /// `unix:///var/run/daemon-tui.sock unix "GET /v1.41/version" 200 1.2ms 512B`.
    static func line(for record: RequestRecord, listener: String) -> String {
        let status = record.status.map(String.init) ?? "-"
        let millis = String(format: "%.1fms", record.duration() * 1000)
        var text = "\(listener) \(record.peer) \"\(record.method) \(record.uri)\" \(status) \(millis) \(record.responseBytes + record.hijackedBytesOut)B"
        if let held = record.stages.held, let dispatched = record.stages.dispatched {
            text += String(format: " (held %.1fs)", dispatched.timeIntervalSince(held))
        }
        if let error = record.errorMessage { text += " error: \(error)" }
        return text
    }
}

/// Listener URLs by id, cached after first lookup (listeners never change address).
private final class ListenerNames: Sendable {
    private let traffic: TrafficStore
    private let cache = Mutex<[ListenerID: String]>([:])

    init(traffic: TrafficStore) { self.traffic = traffic }

    func name(_ id: ListenerID) -> String {
        if let name = cache.withLock({ $0[id] }) { return name }
        let name = traffic.snapshot().listeners.first { $0.id == id }.map(\.url) ?? id.description
        cache.withLock { $0[id] = name }
        return name
    }
}
