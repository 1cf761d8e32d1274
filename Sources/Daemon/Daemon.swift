import APIServer
import Engine
import Foundation
import Logging
import NIOCore
import NIOPosix
import Runtime
import ServerCore
import Synchronization
import Traffic

/// The daemon, assembled: an engine with the `serveapi` and `acceptconnections` jobs, the API server behind
/// them, and the runtime behind the API. `start()` binds the listeners (requests are held from then on),
/// `initialize()` prepares the runtime, `activate()` runs `acceptconnections`, `shutdown()` stops gracefully.
public final class Daemon: Sendable {
    public let options: DaemonOptions
    public let traffic: TrafficStore
    public let logger: Logger
    let engine: Engine
    let listenBuffer: ListenBuffer
    let shutdownSignal = ShutdownSignal()
    let events = EventBus()
    let eventLoopGroup: MultiThreadedEventLoopGroup
    /// The image store, once `initialize()` has opened it (the image routes wait for it).
    let imageStore = OneShot<Result<ImageStore, any Error>>()
    /// The container store, once `initialize()` has opened it (the container routes wait for it).
    let containerStore = OneShot<Result<ContainerStore, any Error>>()
    /// Where the container runtime plugs in its answer to "is this image in use?" (see `ImageUsageHook`).
    public let imageUsers = ImageUsageHook()
    private let state = Mutex(State())

    private struct State {
        var serveJob: Job?
        var serveTask: Task<Void, Never>?
        var serveError: (any Error)?
        var listeners: [ListenerRecord] = []
        var runtimeCounts: (@Sendable () async -> RuntimeCounts)?
    }

    /// A start-up failure, with the message to print.
    public struct StartError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public init(options: DaemonOptions, traffic: TrafficStore = TrafficStore(), logger: Logger) {
        self.options = options
        self.traffic = traffic
        self.logger = logger
        self.engine = Engine(logger: logger, observer: JobTrafficObserver(traffic: traffic))
        self.listenBuffer = ListenBuffer(
            holding: options.bufferRequests, maxHeldPerListener: options.maxHeldRequests, traffic: traffic)
        self.eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
    }

    /// The listeners, once bound.
    public var listeners: [ListenerRecord] { state.withLock { $0.listeners } }

    /// `DOCKER_HOST` for the first unix or tcp listener (with `DOCKER_TLS_VERIFY=1` for a verifying one).
    public var dockerHost: String? { DockerHost.exportLine(for: listeners) }

    // MARK: Start-up

    /// Creates the data root, writes the pid file, then creates and runs the `serveapi` job; returns once
    /// every listener is bound (or throws with the listener's error).
    public func start() async throws -> [ListenerRecord] {
        // As dockerd's setDefaultUmask: the daemon creates container root filesystems, layers and sockets, and
        // their modes must not depend on the umask it was started with (a umask of 0777 inherited from a
        // parent made every container's / untraversable for non-root users).
        umask(0o022)
        try prepareDataRoot()
        let apiVersion = try checkedAPIVersion()
        try engine.register("acceptconnections") { [listenBuffer] job in
            await AcceptConnectionsJob(listenBuffer: listenBuffer).run(job)
        }

        let router = RouterFactory(
            configuration: APIServerConfiguration(
                logging: true, cors: options.corsOrigin.map(CORSPolicy.init), daemonVersion: DaemonVersion.current,
                apiVersion: apiVersion, minimumAPIVersion: APIVersion(DaemonVersion.minimumAPIVersion)!,
                debug: options.debug),
            backends: makeBackends(apiVersion: apiVersion.text), debugRoutes: options.debug ? debugRoutes() : [],
            traffic: traffic, logger: logger)
        traffic.setRoutes(APIRouter.records(for: router.routes))
        RequestLog.attach(to: traffic, logger: logger)

        let context = ServeContext(
            traffic: traffic, listenBuffer: listenBuffer, eventLoopGroup: eventLoopGroup, shutdown: shutdownSignal,
            logger: logger, makeResponder: { _ in router.makeRouter() })
        var limits = ServerLimits()
        limits.idleTimeout = .milliseconds(Int64(options.idleTimeout * 1000))
        limits.shutdownGracePeriod = .milliseconds(Int64(options.shutdownGrace * 1000))

        let bound = OneShot<Result<[ListenerRecord], any Error>>()
        let serveAPI = ServeAPIJob(
            context: context, limits: limits, defaultUnixPath: defaultUnixPath(),
            onListening: { records in bound.fulfill(.success(records)) })
        try engine.register("serveapi") { job in await serveAPI.run(job) }

        // The seed's mainDaemon: eng.Job("serveapi", flHosts...), then the env table, then job.Run().
        let job = engine.job("serveapi", options.hosts)
        job.setenvBool("Logging", true)
        job.setenvBool("EnableCors", options.corsOrigin != nil)
        job.setenv("Version", DaemonVersion.current)
        job.setenv("SocketGroup", options.socketGroup)
        job.setenvBool("Tls", options.tls || options.tlsVerify)
        job.setenvBool("TlsVerify", options.tlsVerify)
        job.setenv("TlsCa", options.tlsCACert)
        job.setenv("TlsCert", options.tlsCert)
        job.setenv("TlsKey", options.tlsKey)
        job.setenvBool("BufferRequests", options.bufferRequests)

        let task = Task {
            do {
                try await job.run()
            } catch {
                state.withLock { $0.serveError = error }
                bound.fulfill(.failure(error))
            }
            bound.fulfill(.failure(StartError(message: "serveapi ended before its listeners were bound")))
        }
        state.withLock {
            $0.serveJob = job
            $0.serveTask = task
        }
        switch await bound.value {
        case .success(let records):
            state.withLock { $0.listeners = records }
            return records
        case .failure(let error):
            throw StartError(message: "\(error)")
        }
    }

    /// Initialises the runtime: opens (and checks) the image store under `<data-root>/image`, then the
    /// container store under `<data-root>/containers` (which finds the containers still running under their
    /// supervisors). Requests stay held until `activate()`.
    public func initialize() async throws {
        let store: ImageStore
        do {
            store = try await ImageStore.make(
                root: URL(fileURLWithPath: options.dataRoot).appendingPathComponent("image"), events: events,
                logger: logger, options: ImageStore.Options(dockerVersion: DaemonVersion.current))
        } catch {
            imageStore.fulfill(.failure(error))
            containerStore.fulfill(.failure(error))
            throw StartError(message: "cannot open the image store in \(options.dataRoot)/image: \(error)")
        }
        await store.setUsageCheck { [imageUsers] id in imageUsers.users(of: id) }
        imageStore.fulfill(.success(store))
        let containers: ContainerStore
        do {
            containers = try await ContainerStore.make(
                root: URL(fileURLWithPath: options.dataRoot).appendingPathComponent("containers"), images: store,
                events: events, driver: SupervisorDriver(executable: SupervisorExecutable.path()), logger: logger)
        } catch {
            containerStore.fulfill(.failure(error))
            throw StartError(message: "cannot open the container store in \(options.dataRoot)/containers: \(error)")
        }
        imageUsers.install { [usage = containers.usage] id in usage.users(of: id) }
        containerStore.fulfill(.success(containers))
        let dataRoot = options.dataRoot
        state.withLock {
            $0.runtimeCounts = {
                var counts = RuntimeCounts()
                let containerCounts = await containers.counts
                counts.containers = containerCounts.total
                counts.running = containerCounts.running
                counts.paused = containerCounts.paused
                counts.stopped = containerCounts.stopped
                counts.images = await store.imageCount
                counts.driverStatus = [
                    ["Backing Filesystem", BackingFilesystem.name(of: dataRoot)],
                    ["Layers", String(await store.layerCount)],
                ]
                return counts
            }
        }
    }

    /// Runs the `acceptconnections` job: held requests are released in arrival order.
    public func activate() {
        let job = engine.job("acceptconnections")
        Task { try? await job.run() }
        state.withLock { $0.serveJob }?.setenvBool("BufferRequests", false)
    }

    /// Re-arms holding (`true`: new requests wait for the next activation) or releases (`false`).
    public func setBuffering(_ on: Bool) {
        if on {
            listenBuffer.rearm()
            state.withLock { $0.serveJob }?.setenvBool("BufferRequests", true)
        } else {
            activate()
        }
    }

    /// True while requests are held.
    public var isHolding: Bool { listenBuffer.isHolding }

    // MARK: Shutdown

    /// Graceful shutdown: held requests are turned away, listeners stop accepting, in-flight requests get the
    /// grace period, unix sockets are removed.
    public func shutdown() {
        logger.info("Processing signal: shutting down")
        listenBuffer.close()
        shutdownSignal.trigger()
    }

    /// Waits for `serveapi` to end; rethrows its error if it failed.
    public func waitUntilStopped() async throws {
        if let task = state.withLock({ $0.serveTask }) { await task.value }
        engine.shutdown()
        try? await eventLoopGroup.shutdownGracefully()
        if let pidFile = options.pidFile { unlink(pidFile) }
        if let error = state.withLock({ $0.serveError }) { throw StartError(message: "\(error)") }
    }

    // MARK: Helpers

    private func prepareDataRoot() throws {
        do {
            try FileManager.default.createDirectory(atPath: options.dataRoot, withIntermediateDirectories: true)
        } catch {
            throw StartError(message: "cannot create data root \(options.dataRoot): \(error.localizedDescription)")
        }
        if let pidFile = options.pidFile {
            do {
                try "\(getpid())\n".write(toFile: pidFile, atomically: true, encoding: .utf8)
            } catch {
                throw StartError(message: "cannot write pid file \(pidFile): \(error.localizedDescription)")
            }
        }
    }

    private func checkedAPIVersion() throws -> APIVersion {
        guard let version = APIVersion(options.apiVersion),
            let minimum = APIVersion(DaemonVersion.minimumAPIVersion),
            let maximum = APIVersion(DaemonVersion.maximumAPIVersion),
            version >= minimum, version <= maximum
        else {
            throw StartError(message: "invalid --api-version \(options.apiVersion): it must be between \(DaemonVersion.minimumAPIVersion) and \(DaemonVersion.maximumAPIVersion)")
        }
        return version
    }

    private func defaultUnixPath() -> String {
        let host = DaemonOptions.defaultHost
        return String(host.dropFirst("unix://".count))
    }

    private func makeBackends(apiVersion: String) -> APIBackends {
        let system = SystemInfo(
            daemonID: DaemonID.load(dataRoot: options.dataRoot), apiVersion: apiVersion, debug: options.debug,
            dataRoot: options.dataRoot, traffic: traffic, events: events,
            counts: { [weak self] in await self?.runtimeCounts() ?? RuntimeCounts() })
        return APIBackends(
            system: system, events: EventBusBackend(bus: events), images: ImageStoreBackend(opened: imageStore),
            containers: ContainerStoreBackend(opened: containerStore))
    }

    private func runtimeCounts() async -> RuntimeCounts {
        guard let counts = state.withLock({ $0.runtimeCounts }) else { return RuntimeCounts() }
        return await counts()
    }

    private func debugRoutes() -> [Route] {
        let traffic = self.traffic
        let started = Date()
        return DebugRoutes(vars: {
            DebugVars.collect(traffic: traffic, started: started)
        }).routes
    }
}
