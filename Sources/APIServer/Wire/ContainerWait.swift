/// A registered wait (`POST /containers/{name}/wait`): the condition is armed when the backend returns it
/// (so `next-exit` registered before `start` sees that start's exit); `result()` returns when it is met.
public struct ContainerWait: Sendable {
    private let body: @Sendable () async -> ContainerWaitResponse

    /// A wait whose result `body` produces.
    public init(_ body: @escaping @Sendable () async -> ContainerWaitResponse) { self.body = body }

    /// Returns when the condition is met (at once if it already is).
    public func result() async -> ContainerWaitResponse { await body() }
}
