import CContainer
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Waits, on a thread of its own, for a supervisor to record its container's exit: inotify on the bundle
/// for `exit.json` appearing (it is renamed into place), with a check every second that the supervisor is
/// still alive, so a supervisor killed before recording anything does not leave waiters hanging.
struct ExitWatcher {
    let bundle: SupervisorBundle
    let record: SupervisorStartRecord

    func wait() -> ExitStatus {
        let inotify = inotify_init1(Int32(IN_CLOEXEC))
        defer { if inotify >= 0 { close(inotify) } }
        if inotify >= 0 { inotify_add_watch(inotify, bundle.path, UInt32(IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF)) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let status = bundle.read(ExitStatus.self, from: bundle.exit) { return status }
            if !ProcessStat.isAlive(record.supervisorPID, startTime: record.supervisorStartTime) {
                // It may have written exit.json just before exiting.
                if let status = bundle.read(ExitStatus.self, from: bundle.exit) { return status }
                Orphan.kill(record)
                return ExitStatus(code: 255, finishedAt: Date())
            }
            var entry = pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)
            if inotify >= 0, poll(&entry, 1, 1000) > 0 {
                _ = read(inotify, &buffer, buffer.count)
            } else if inotify < 0 {
                usleep(200_000)
            }
        }
    }
}
