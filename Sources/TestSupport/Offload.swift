import Foundation

/// Runs blocking work (socket reads, child processes) on a thread of its own and awaits the result, so that
/// tests never block the few threads of Swift's cooperative pool — the in-process server needs them.
public func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
}
