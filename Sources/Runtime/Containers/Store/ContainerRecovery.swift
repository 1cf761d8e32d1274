import Foundation
import Logging

/// Start-up: every `config.json` is read (a corrupt or missing one is skipped with a warning, never fatal),
/// then each container that was running is reconciled with what its supervisor left behind.
enum ContainerRecovery {
    /// The records on disk, checked.
    static func loadRecords(layout: ContainerLayout, logger: Logger) -> [ContainerRecord] {
        var records: [ContainerRecord] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: layout.root.path)) ?? []
        for name in names.sorted() {
            if name.hasPrefix(ContainerLayout.trashPrefix) {
                logger.info("finishing the removal of a container", metadata: ["path": "\(name)"])
                try? FileManager.default.removeItem(at: layout.root.appendingPathComponent(name))
                continue
            }
            let directory = layout.directory(name)
            AtomicFile.removeLeftovers(in: directory)
            guard let data = FileManager.default.contents(atPath: layout.record(name).path),
                  var record = try? JSONDecoder().decode(ContainerRecord.self, from: data), record.ID == name else {
                logger.warning("skipping container with a missing or corrupt record", metadata: ["container": "\(name)"])
                continue
            }
            if records.contains(where: { $0.Name == record.Name }) {
                logger.warning("skipping container whose name another one has", metadata: ["container": "\(name)", "name": "\(record.Name)"])
                continue
            }
            if record.State.Status == .removing {
                // The daemon died while removing it: dead, as dockerd marks it, so `docker rm` can finish.
                record.State.Status = .dead
            }
            records.append(record)
        }
        return records
    }
}

extension ContainerStore {
    /// Asks the driver about every container that was running or paused when the daemon stopped: still
    /// running → running again (its exit is watched again); exited meanwhile → exited with the recorded code
    /// and time (event `die`); nothing usable → exited with 255 and a warning.
    func recover() async {
        let candidates = containers.values.filter { $0.record.State.isRunning }.map(\.record.ID).sorted()
        for id in candidates {
            let recovered = await driver.recover(bundle: layout.bundle(id).path)
            guard let record = containers[id]?.record else { continue }
            switch recovered {
            case .running(let process):
                containers[id]!.run += 1
                containers[id]!.process = process
                if record.State.Pid != process.pid { update(id) { $0.State.Pid = process.pid } }
                logger.info("container still running", metadata: ["container": "\(id)", "pid": "\(process.pid)"])
                monitor(id, process: process, run: containers[id]!.run)
            case .exited(let status):
                logger.info("container exited while the daemon was down", metadata: ["container": "\(id)", "exitCode": "\(status.code)"])
                recordExit(id, code: status.code, at: status.finishedAt)
            case .lost:
                logger.warning("container's supervisor is gone without an exit status; marking it exited (255)",
                               metadata: ["container": "\(id)", "name": "\(record.Name)"])
                recordExit(id, code: 255, at: Date())
            }
        }
    }
}
