/// A process that can give its output from the start to an attach that comes after it.
protocol EarlyOutputReplaying {
    func attach(stdin: Bool, includingOutputSinceStart: Bool) async throws -> any AttachSession
}

extension SupervisedProcess: EarlyOutputReplaying {}

extension ContainerProcess {
    /// Attaches like `attach(stdin:)`; with `includingOutputSinceStart`, the first such attach within a few
    /// seconds of the start gets the output from the process's first byte — even when the process has
    /// already exited — which `docker run` needs: the client attached before the start, yet the store can
    /// only attach once `start` has returned. Later ones, and processes that cannot, attach as usual.
    public func attach(stdin: Bool, includingOutputSinceStart: Bool) async throws -> any AttachSession {
        if includingOutputSinceStart, let replaying = self as? any EarlyOutputReplaying {
            return try await replaying.attach(stdin: stdin, includingOutputSinceStart: true)
        }
        return try await attach(stdin: stdin)
    }
}
