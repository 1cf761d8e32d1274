import APIServer
import Foundation
import Runtime
import Traffic

/// Counts the runtime reports for `/info` (containers by state, images, storage driver).
public struct RuntimeCounts: Sendable {
    public var containers = 0
    public var running = 0
    public var paused = 0
    public var stopped = 0
    public var images = 0
    public var driver = "overlay2"
    public var driverStatus: [[String]] = []
    public init() {}
}

/// The system backend: `/version` and `/info` with true values for this process and machine.
struct SystemInfo: SystemBackend {
    let daemonID: String
    let apiVersion: String
    let debug: Bool
    let dataRoot: String
    let traffic: TrafficStore
    let events: EventBus
    let counts: @Sendable () async -> RuntimeCounts

    func version() async throws -> VersionResponse {
        let host = HostFacts.uname
        return VersionResponse(
            platform: "daemon-tui \(DaemonVersion.current)", version: DaemonVersion.current, apiVersion: apiVersion,
            minAPIVersion: DaemonVersion.minimumAPIVersion, gitCommit: "daemon-tui",
            runtimeVersion: Self.swiftVersion, os: "linux", arch: HostFacts.goArch, kernelVersion: host.kernel,
            buildTime: Self.buildTime)
    }

    func info() async throws -> InfoResponse {
        let host = HostFacts.uname
        let os = HostFacts.operatingSystem
        let counts = await counts()
        let env = ProcessInfo.processInfo.environment
        return InfoResponse(
            id: daemonID, containers: counts.containers, running: counts.running, paused: counts.paused,
            stopped: counts.stopped, images: counts.images, driver: counts.driver, driverStatus: counts.driverStatus,
            ipv4Forwarding: HostFacts.ipv4Forwarding, debug: debug, nfd: HostFacts.openFileDescriptors,
            threads: HostFacts.selfStatus("Threads"), systemTime: HostFacts.rfc3339Nano(),
            cgroupVersion: HostFacts.cgroupVersion, eventListeners: events.subscriberCount,
            kernelVersion: host.kernel, operatingSystem: os.name, osVersion: os.version, architecture: host.machine,
            ncpu: ProcessInfo.processInfo.activeProcessorCount, memTotal: HostFacts.memTotal, rootDir: dataRoot,
            httpProxy: env["HTTP_PROXY"] ?? env["http_proxy"] ?? "",
            httpsProxy: env["HTTPS_PROXY"] ?? env["https_proxy"] ?? "", noProxy: env["NO_PROXY"] ?? env["no_proxy"] ?? "",
            name: host.hostname, serverVersion: DaemonVersion.current,
            runtimes: ["daemon-tui-shim": .init(path: "/proc/self/exe")], defaultRuntime: "daemon-tui-shim",
            liveRestore: true, warnings: warnings())
    }

    /// Docker's warnings about listeners reachable without encryption or client verification.
    private func warnings() -> [String] {
        traffic.snapshot().listeners.compactMap { listener in
            guard listener.proto == "tcp" || listener.boundAddress.contains("tcp") else { return nil }
            let loopback = listener.boundAddress.hasPrefix("127.") || listener.boundAddress.hasPrefix("[::1]")
                || listener.boundAddress.contains(" 127.")
            if loopback { return nil }
            switch listener.tls {
            case .none: return "WARNING: API is accessible on http://\(listener.boundAddress) without encryption."
            case .tls: return "WARNING: API is accessible on https://\(listener.boundAddress) without client certificate verification."
            case .verify: return nil
            }
        }
    }

    static let swiftVersion: String = {
        #if swift(>=6.3)
        return "swift6.3"
        #else
        return "swift6"
        #endif
    }()

    static let buildTime: String = {
        let path = CommandLine.arguments.first ?? ""
        let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
        return HostFacts.rfc3339Nano(date)
    }()
}

/// The runtime's event bus as `/events` sees it.
struct EventBusBackend: EventsBackend {
    let bus: EventBus

    func subscribe(sinceNano: Int64?) -> EventSubscription {
        let (replay, source) = bus.subscribeWithReplay(sinceNano: sinceNano ?? .max)
        let live = AsyncStream<APIEvent> { continuation in
            let task = Task {
                for await event in source { continuation.yield(Self.convert(event)) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return EventSubscription(replay: replay.map(Self.convert), live: live)
    }

    private static func convert(_ event: DaemonEvent) -> APIEvent {
        APIEvent(type: event.type, action: event.action, actorID: event.actorID, attributes: event.attributes, timeNano: event.timeNano)
    }
}
