import Foundation

/// A live connection to a container's stdio (`POST /containers/{name}/attach`). Obtained before the
/// container starts (`docker run` attaches first), it delivers the output from the start.
public protocol ContainerAttachment: Sendable {
    /// Whether the container has a TTY (then output is raw, stdout only, not multiplexed).
    var tty: Bool { get }
    /// The output asked for (with `logs`, the log so far first), until the container's streams end (it
    /// exited and everything was delivered) or `close()`.
    var output: AsyncStream<ContainerOutput> { get }
    /// Writes to the container's stdin (attached with `stdin` to a container with `OpenStdin`).
    func writeStdin(_ bytes: Data) async throws
    /// The client's stdin ended: the process sees end of file when the container has `StdinOnce`.
    func closeStdin() async
    /// Detaches; the container keeps running.
    func close() async
}
