import CContainer
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The supervisor's single-threaded poll loop: output → log and attach clients, attach clients' stdin →
/// the container, resizes → the pty, until the process has exited and its output is drained.
final class SupervisorLoop {
    /// Output is not read while a client has this much unsent: a slow client slows the container, as
    /// Docker's attach does, instead of the supervisor's memory growing.
    private static let clientHighWater = 4 << 20
    /// Stdin from clients is not read while this much waits for the container to read it.
    private static let stdinHighWater = 1 << 20
    /// How long output is still drained after the process exited (its descendants are killed with it, so
    /// the pipes normally close at once).
    private static let drainSeconds = 2.0

    private var outputs: [(fd: Int32, stream: OutputStream, open: Bool)]
    private var stdin: Int32?
    private var stdinPending: [UInt8] = []
    private var closeStdinWhenFlushed = false
    private let terminal: Int32?
    private let listener: Int32
    private let pidfd: Int32
    private let pid: Int32
    private let stdinOnce: Bool
    private let log: JSONFileLogWriter
    private var clients: [AttachClient] = []
    private var firstStdinClient: AttachClient?
    private var exitCode: Int32?
    /// One buffer for every read (output and clients): the loop is single-threaded.
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var drainDeadline = Date.distantFuture

    init(_ launched: LaunchedContainer) {
        outputs = launched.outputs.map { ($0.fd, $0.stream, true) }
        if let primary = launched.primary {
            let client = AttachClient(fd: primary)
            client.hello = []
            clients.append(client)
        }
        stdin = launched.stdin
        terminal = launched.terminal
        listener = launched.listener
        pidfd = launched.pidfd
        pid = launched.record.pid
        stdinOnce = launched.spec.stdinOnce
        log = launched.log
    }

    /// Relays until the process has exited and its output is drained; then calls `recordExit` with the exit
    /// code, sends attach clients the end and returns.
    func run(recordExit: (Int32) -> Void) {
        while exitCode == nil || (outputs.contains { $0.open } && Date() < drainDeadline) {
            pollOnce()
        }
        log.sync()
        log.close()
        // The socket goes first: a restart of the container may start a new supervisor in this bundle as soon
        // as the exit is recorded, and its socket must not be unlinked by this one.
        close(listener)
        unlink(SupervisorBundle.attachSocketName)
        recordExit(exitCode ?? 255)
        endClients()
    }

    // MARK: - One round

    private enum Source {
        case output(Int), listener, process, client(AttachClient, wantsRead: Bool), stdin
    }

    private func pollOnce() {
        var fds: [pollfd] = []
        var sources: [Source] = []
        func watch(_ fd: Int32, _ events: Int32, _ source: Source) {
            fds.append(pollfd(fd: fd, events: Int16(events), revents: 0))
            sources.append(source)
        }
        let congested = clients.contains { $0.unsent > Self.clientHighWater }
        if !congested {
            for (index, output) in outputs.enumerated() where output.open { watch(output.fd, POLLIN, .output(index)) }
        }
        watch(listener, POLLIN, .listener)
        if exitCode == nil { watch(pidfd, POLLIN, .process) }
        let acceptStdin = stdinPending.count < Self.stdinHighWater
        for client in clients {
            let events = (acceptStdin ? POLLIN : 0) | (client.unsent == 0 ? 0 : POLLOUT)
            watch(client.fd, events, .client(client, wantsRead: acceptStdin))
        }
        if let stdin, !stdinPending.isEmpty { watch(stdin, POLLOUT, .stdin) }

        let timeout: Int32 = exitCode == nil ? -1 : 100
        let ready = poll(&fds, nfds_t(fds.count), timeout)
        if ready < 0 { return }
        for (index, entry) in fds.enumerated() where entry.revents != 0 {
            switch sources[index] {
            case .output(let output): readOutput(output)
            case .listener: acceptClients()
            case .process: reap()
            case .client(let client, let wantsRead):
                if wantsRead || entry.revents & Int16(POLLHUP | POLLERR) != 0 { readClient(client) }
                if entry.revents & Int16(POLLOUT) != 0 { flush(client) }
            case .stdin: flushStdin()
            }
        }
    }

    // MARK: - The process

    private func reap() {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result < 0, errno == ECHILD {
            // Reaped by someone else: the status is unknown, but it has ended (and pidfd would stay readable).
            exitCode = 255
        } else if result == pid {
            let signal = status & 0x7f
            exitCode = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        } else {
            return
        }
        drainDeadline = Date().addingTimeInterval(Self.drainSeconds)
    }

    private func readOutput(_ index: Int) {
        let n = read(outputs[index].fd, &readBuffer, readBuffer.count)
        if n < 0, errno == EAGAIN || errno == EINTR { return }
        guard n > 0 else {
            // EOF on a pipe; EIO on a pty master once every slave is closed.
            outputs[index].open = false
            if outputs[index].fd != terminal { close(outputs[index].fd) }
            return
        }
        let stream = outputs[index].stream
        log.write(stream: stream, bytes: readBuffer[0..<n])
        let encoded = AttachFrame.output(stream, Array(readBuffer[0..<n])).encoded
        for client in clients where client.receivesOutput { client.outbox += encoded }
    }

    // MARK: - Clients

    private func acceptClients() {
        while true {
            let fd = cc_accept(listener)
            if fd < 0 { return }
            clients.append(AttachClient(fd: fd))
        }
    }

    private func readClient(_ client: AttachClient) {
        let n = recv(client.fd, &readBuffer, readBuffer.count, 0)
        if n < 0, errno == EAGAIN || errno == EINTR { return }
        guard n > 0 else { return drop(client) }
        client.inbox += readBuffer[0..<n]
        do {
            while let frame = try AttachFrame.take(from: &client.inbox) { handle(frame, from: client) }
        } catch {
            drop(client)
        }
    }

    private func handle(_ frame: AttachFrame, from client: AttachClient) {
        switch frame {
        case .hello(let flags):
            if let hello = client.hello {
                // A second hello only starts stdin (the start's connection, claimed by a stdin client).
                if flags.contains(.stdin), !hello.contains(.stdin), !hello.contains(.controlOnly) {
                    client.hello = hello.union(.stdin)
                    if firstStdinClient == nil { firstStdinClient = client }
                }
                return
            }
            client.hello = flags
            if flags.contains(.stdin), !flags.contains(.controlOnly), firstStdinClient == nil { firstStdinClient = client }
            client.outbox += AttachFrame.ready.encoded
            flush(client)
        case .stdin(let bytes):
            guard client.hello?.contains(.stdin) == true, !client.stdinEnded, stdin != nil else { return }
            stdinPending += bytes
            flushStdin()
        case .closeStdin:
            endStdin(of: client)
        case .resize(let height, let width):
            if let terminal { _ = cc_set_winsize(terminal, height, width) }
        case .ready, .output, .end:
            drop(client)
        }
    }

    /// A client's stdin ended: with `StdinOnce`, the first stdin client's end is the container's.
    private func endStdin(of client: AttachClient) {
        guard client.hello?.contains(.stdin) == true, !client.stdinEnded else { return }
        client.stdinEnded = true
        if stdinOnce, client === firstStdinClient, terminal == nil {
            closeStdinWhenFlushed = true
            flushStdin()
        }
    }

    private func flush(_ client: AttachClient) {
        if !client.send() { drop(client) }
    }

    private func drop(_ client: AttachClient) {
        guard let index = clients.firstIndex(where: { $0 === client }) else { return }
        endStdin(of: client)
        clients.remove(at: index)
        close(client.fd)
    }

    /// Sends every output client what it still has and the end, waiting (briefly) for slow ones.
    private func endClients() {
        for client in clients {
            if client.receivesOutput { client.outbox += AttachFrame.end.encoded }
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(client.fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let flags = fcntl(client.fd, F_GETFL)
            _ = fcntl(client.fd, F_SETFL, flags & ~O_NONBLOCK)
            // Blocking now (with the timeout): send returns only when all is sent or the client is stuck.
            _ = client.send()
            close(client.fd)
        }
        clients = []
    }

    // MARK: - stdin

    private func flushStdin() {
        guard let fd = stdin else {
            stdinPending = []
            return
        }
        while !stdinPending.isEmpty {
            let n = stdinPending.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN { return }
            guard n > 0 else {
                // The container closed its stdin: nothing more can go there.
                stdinPending = []
                closeStdinWhenFlushed = true
                break
            }
            stdinPending.removeFirst(n)
        }
        if closeStdinWhenFlushed, terminal == nil {
            close(fd)
            stdin = nil
        }
    }
}
