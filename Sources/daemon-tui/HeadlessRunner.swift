import Daemon
import Dispatch
import Foundation
import Logging

/// Runs the daemon without the dashboard: logs to stderr, SIGINT/SIGTERM shut down gracefully, SIGUSR1
/// activates (for `--activation manual`).
struct HeadlessRunner {
    let options: DaemonOptions
    let logLevel: Logger.Level

    func run() -> Int32 {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "daemon-tui")
        let daemon = Daemon(options: options, logger: logger)
        let signals = SignalHandlers()
        signals.install(SIGINT) { daemon.shutdown(); signals.escalateOnRepeat(SIGINT) }
        signals.install(SIGTERM) { daemon.shutdown() }
        signals.install(SIGUSR1) {
            logger.info("SIGUSR1: activating")
            daemon.activate()
        }
        return blockingAwait {
            do {
                _ = try await daemon.start()
            } catch {
                FileHandle.standardError.write(Data("daemon-tui: \(error)\n".utf8))
                return 1
            }
            if let line = daemon.dockerHost { FileHandle.standardError.write(Data("\(line)\n".utf8)) }
            do {
                try await daemon.initialize()
            } catch {
                FileHandle.standardError.write(Data("daemon-tui: initialisation failed: \(error)\n".utf8))
                daemon.shutdown()
                try? await daemon.waitUntilStopped()
                return 1
            }
            switch options.activation {
            case .auto:
                daemon.activate()
            case .manual:
                logger.notice("activation is manual: requests are held until SIGUSR1 (kill -USR1 \(getpid()))")
            }
            do {
                try await daemon.waitUntilStopped()
                logger.info("daemon-tui stopped")
                return 0
            } catch {
                FileHandle.standardError.write(Data("daemon-tui: \(error)\n".utf8))
                return 1
            }
        }
    }
}

/// Runs `body` on the concurrency pool and blocks the calling thread until it returns.
func blockingAwait<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let semaphore = DispatchSemaphore(value: 0)
    let result = ResultBox<T>()
    Task {
        result.value = await body()
        semaphore.signal()
    }
    semaphore.wait()
    return result.value!
}

private final class ResultBox<T>: @unchecked Sendable {
    // Written once by the task before it signals the semaphore the reader waits on.
    var value: T?
}

/// Signal handling through dispatch sources (the signals are ignored for the default disposition).
final class SignalHandlers: @unchecked Sendable {
    // Sources are created once on the main thread and only kept alive here.
    private var sources: [DispatchSourceSignal] = []
    private var counts: [Int32: Int] = [:]
    private let lock = NSLock()

    func install(_ signalNumber: Int32, _ handler: @escaping @Sendable () -> Void) {
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
        source.setEventHandler(handler: handler)
        source.resume()
        sources.append(source)
    }

    /// A second SIGINT while shutting down exits at once.
    func escalateOnRepeat(_ signalNumber: Int32) {
        lock.lock()
        counts[signalNumber, default: 0] += 1
        let count = counts[signalNumber]!
        lock.unlock()
        if count > 1 {
            FileHandle.standardError.write(Data("daemon-tui: second interrupt, exiting now\n".utf8))
            exit(130)
        }
    }
}
