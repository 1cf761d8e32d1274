import NIOCore

/// Closes a connection that sits idle between requests. The clock runs only while no request is open, so it
/// never cuts a held request or a live stream.
///
/// The timer is not re-armed for every request (a keep-alive client would cancel and schedule one per
/// request): a pending timer checks, when it fires, how long the connection has really been idle, and waits
/// for the rest. Event-loop only.
struct IdleTimer {
    let timeout: TimeAmount
    private var pending: Scheduled<Void>?
    /// When the connection last became idle; nil while a request is open.
    private var idleSince: NIODeadline?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    /// A request head arrived: the connection is busy.
    mutating func requestStarted() {
        idleSince = nil
    }

    /// The connection became idle (it opened, or a response ended). `check` runs when the timer fires.
    mutating func becameIdle(on loop: any EventLoop, check: @escaping () -> Void) {
        let now = NIODeadline.now()
        idleSince = now
        if pending == nil { pending = loop.scheduleTask(deadline: now + timeout, check) }
    }

    /// Called by `check`: true when the connection has been idle for the whole timeout (close it). Otherwise
    /// the timer is scheduled again for the rest of the time, or left off while busy.
    mutating func fired(on loop: any EventLoop, check: @escaping () -> Void) -> Bool {
        pending = nil
        guard let since = idleSince else { return false }
        let expiry = since + timeout
        if NIODeadline.now() >= expiry { return true }
        pending = loop.scheduleTask(deadline: expiry, check)
        return false
    }

    /// Stops the clock for good (the connection closed or was hijacked).
    mutating func stop() {
        pending?.cancel()
        pending = nil
        idleSince = nil
    }
}
