import NIOCore

/// Runs a task's jobs on one NIO event loop.
///
/// Each connection's request loop prefers its channel's event loop, the way a Go server runs a connection's
/// handler on that connection's goroutine: a request is read, routed and answered on the thread that does the
/// connection's I/O, without a hop to Swift's global pool and back for every part. Work that blocks moves off
/// (the runtime's `BlockingWork`), as it must off the global pool too.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        eventLoop.execute { job.runSynchronously(on: executor) }
    }
}
