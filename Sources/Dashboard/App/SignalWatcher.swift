import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT, SIGTERM and SIGHUP into a flag the UI loop polls, so they end in a graceful quit with the
/// terminal restored rather than in a dead process on a scrambled screen.
final class SignalWatcher {
    /// The last signal received (0: none).
    final class Flag: Sendable {
        let value = Atomic<Int32>(0)
    }

    let flag = Flag()
    private var sources: [any DispatchSourceSignal] = []
    private var previous: [(Int32, __sighandler_t?)] = []

    init(signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]) {
        for number in signals {
            previous.append((number, signal(number, SIG_IGN)))
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let flag = self.flag
            source.setEventHandler { flag.value.store(number, ordering: .relaxed) }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal received, if any.
    var received: Int32? {
        let value = flag.value.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// Stops watching and restores the dispositions found at start.
    func cancel() {
        for source in sources { source.cancel() }
        sources = []
        for (number, handler) in previous { signal(number, handler) }
        previous = []
    }
}
