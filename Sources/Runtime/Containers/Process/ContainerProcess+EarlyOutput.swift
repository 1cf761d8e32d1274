/// A process that can replay the output produced before its first attach.
protocol EarlyOutputReplaying {
    func attach(stdin: Bool, includingOutputSinceStart: Bool) async throws -> any AttachSession
}

extension SupervisedProcess: EarlyOutputReplaying {}

extension ContainerProcess {
    /// Attaches like `attach(stdin:)`; with `includingOutputSinceStart`, the first attach after start also
    /// gets the output produced since the process started (up to 1 MiB), which `docker run` needs: the
    /// client attached before the start, yet the store can only attach once `start` has returned.
    /// Processes that cannot replay attach as usual.
    public func attach(stdin: Bool, includingOutputSinceStart: Bool) async throws -> any AttachSession {
        if includingOutputSinceStart, let replaying = self as? any EarlyOutputReplaying {
            return try await replaying.attach(stdin: stdin, includingOutputSinceStart: true)
        }
        return try await attach(stdin: stdin)
    }
}
