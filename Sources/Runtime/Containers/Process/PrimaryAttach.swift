import Synchronization

/// The attach session a start opens before the process exists, so it has the output from the first byte.
///
/// `docker run` and `docker start -a` attach *before* starting, but the store can only attach once `start`
/// has returned — by then a quick process (`echo hi`) may have written everything and exited. The first
/// `attach(stdin:includingOutputSinceStart: true)` claims this session instead. Unclaimed, it is closed after
/// the claim window, so it never holds the container back (an unread session would, once the supervisor's
/// buffer for it is full).
final class PrimaryAttach: Sendable {
    private let session: Mutex<SupervisorAttachSession?>

    init(_ session: SupervisorAttachSession) {
        self.session = Mutex(session)
    }

    /// The session, to the first caller only.
    func claim() -> SupervisorAttachSession? {
        session.withLock { session in
            defer { session = nil }
            return session
        }
    }

    /// Closes the session if nobody claimed it within `window`.
    func expire(after window: Duration) {
        Task { [self] in
            try? await Task.sleep(for: window)
            await claim()?.close()
        }
    }
}
