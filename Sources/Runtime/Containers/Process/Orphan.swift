#if canImport(Glibc)
import Glibc
#endif

/// A container process whose supervisor died without recording its exit: nobody relays its output or will
/// record its end, so it is ended (SIGKILL to its PID namespace's init ends every process in it) rather
/// than left running unseen.
enum Orphan {
    static func kill(_ record: SupervisorStartRecord) {
        if ProcessStat.isAlive(record.pid, startTime: record.pidStartTime) {
            try? record.cgroup?.thaw()
            _ = Glibc.kill(record.pid, SIGKILL)
            // The cgroup can only be removed once it is empty.
            for _ in 0..<100 where ProcessStat.isAlive(record.pid, startTime: record.pidStartTime) { usleep(10_000) }
        }
        record.cgroup?.remove()
    }
}
