import Foundation
import Traffic

/// `/debug/vars` (the seed's expvar dump): process statistics and the server's counters.
enum DebugVars {
    static func collect(traffic: TrafficStore, started: Date) -> [String: any Sendable] {
        let snapshot = traffic.snapshot()
        let listeners: [[String: any Sendable]] = snapshot.listeners.map { listener in
            [
                "address": listener.url, "bound": listener.boundAddress, "tls": listener.tls.rawValue,
                "acceptedConnections": listener.acceptedConnections, "activeConnections": listener.activeConnections,
                "heldRequests": listener.heldRequests, "totalRequests": listener.totalRequests,
                "handshakeFailures": listener.handshakeFailures,
            ]
        }
        let routes: [[String: any Sendable]] = snapshot.routes.filter { $0.hits > 0 }.map { route in
            [
                "route": "\(route.method) \(route.template)", "handler": route.handler, "hits": route.hits,
                "errors": route.errors, "p50Seconds": route.latency.quantile(0.5) ?? 0,
                "p99Seconds": route.latency.quantile(0.99) ?? 0,
            ]
        }
        return [
            "cmdline": CommandLine.arguments,
            "pid": Int(getpid()),
            "uptimeSeconds": Date().timeIntervalSince(started),
            "threads": HostFacts.selfStatus("Threads"),
            "openFileDescriptors": HostFacts.openFileDescriptors,
            "memstats": ["rssKiB": HostFacts.selfStatus("VmRSS"), "peakRssKiB": HostFacts.selfStatus("VmHWM")],
            "listeners": listeners,
            "routes": routes,
            "requestsInHistory": snapshot.requests.count,
            "requestsDropped": snapshot.droppedRequests,
            "holding": snapshot.activation.holding,
            "activations": snapshot.activation.activations,
        ]
    }
}
