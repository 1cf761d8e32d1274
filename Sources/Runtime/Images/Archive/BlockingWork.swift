import Dispatch

/// Runs blocking work (libarchive, large file copies, tree removal) on a Dispatch thread, so it never occupies
/// one of the few cooperative-pool threads that every async task in the daemon shares.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "daemon-tui.images.blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
