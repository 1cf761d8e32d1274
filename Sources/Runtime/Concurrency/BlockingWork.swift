import Dispatch

/// Runs blocking work (libarchive, fsync, large file copies and removals, file I/O per request-body chunk) on
/// threads of its own, so it never occupies one of the few threads of Swift's cooperative pool that every async
/// task in the daemon shares (the API server's handlers included: `/_ping` must stay quick during a big load).
///
/// Why serial queues, one per call: on Linux, libdispatch's *concurrent* queues and Swift's cooperative pool
/// draw on the same non-overcommitting worker threads, so blocking there starves the pool (measured: two
/// sleeping jobs on a concurrent queue delayed every async task by seconds). A serial queue targets the
/// overcommitting root queue, which starts a thread for it when all others are busy.
enum BlockingWork {
    /// Runs `work` on a thread outside the cooperative pool and returns its result.
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue(label: "daemon-tui.images.blocking").async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Runs `operation` with a task executor of its own (a private serial queue), so everything it does
    /// between awaits — writing body chunks to disk, reading layers, removing staging trees — happens off
    /// the cooperative pool. Child tasks inherit the preference.
    static func offPool<T>(_ operation: () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(BlockingExecutor()) { try await operation() }
    }
}

/// A task executor that runs its jobs, in order, on one private serial Dispatch queue.
final class BlockingExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "daemon-tui.images.task")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// The image store actor's executor: a serial Dispatch queue, so the store's short commit steps (atomic
/// writes with fsync, renames, removal of deleted layers) run off the cooperative pool too.
final class StoreExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: label) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}
