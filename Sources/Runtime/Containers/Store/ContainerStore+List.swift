import Errdefs
import Foundation

extension ContainerStore {
    /// `GET /containers/json`: newest first; without `all` only running ones (unless a `status`, `before` or
    /// `since` filter or a `limit` asks for more); `limit` > 0 keeps that many; `size` adds disk usage.
    public func list(all: Bool = false, limit: Int = -1, size: Bool = false, filters: ContainerListFilters = .none) async throws -> [ContainerListEntry] {
        var ancestorIDs = Set<String>()
        for ancestor in filters.ancestors {
            // An ancestor that names no image matches nothing, as in dockerd.
            if let id = try? await images.resolve(ancestor) { ancestorIDs.insert(id) }
        }
        let beforeCreated = try filters.before.map { containers[try resolveID($0)]!.record.Created }
        let sinceCreated = try filters.since.map { containers[try resolveID($0)]!.record.Created }
        let showStopped = all || limit > 0 || filters.includesStopped
        var records: [ContainerRecord] = containers.values.map(\.record).filter { record in
            if !showStopped && !record.State.isRunning { return false }
            if let beforeCreated, record.Created >= beforeCreated { return false }
            if let sinceCreated, record.Created <= sinceCreated { return false }
            return filters.matches(record, ancestorIDs: ancestorIDs)
        }
        records.sort { $0.Created != $1.Created ? $0.Created > $1.Created : $0.ID < $1.ID }
        if limit > 0 { records = Array(records.prefix(limit)) }
        var rows: [ContainerListEntry] = []
        for record in records {
            var row = ContainerListEntry(
                id: record.ID, names: [record.Name], image: record.Config.Image ?? record.Image, imageID: record.Image,
                command: record.command, created: Int64(record.Created.timeIntervalSince1970),
                state: record.State.Status.rawValue, status: HumanDuration.status(record.State),
                labels: record.Config.Labels ?? [:], networkMode: record.HostConfig.NetworkMode ?? "default")
            if size {
                let (rw, rootfs) = try await sizes(of: record)
                row.sizeRw = rw
                row.sizeRootFs = rootfs
            }
            rows.append(row)
        }
        return rows
    }

    /// Bytes in the container's writable layer, and those plus the image's.
    func sizes(of record: ContainerRecord) async throws -> (rw: Int64, rootfs: Int64) {
        let upper = layout.upper(record.ID)
        let rw = try await BlockingWork.run { DirectorySize.of(upper) }
        let imageSize = (try? await images.inspect(record.Image).size) ?? 0
        return (rw, rw + imageSize)
    }
}

/// The bytes of the regular files under a directory (not following symlinks); 0 if it does not exist.
enum DirectorySize {
    static func of(_ url: URL) -> Int64 {
        guard let enumerator = FileManager.default.enumerator(
            at: url, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey], options: []) else { return 0 }
        var total: Int64 = 0
        for case let file as URL in enumerator {
            guard let values = try? file.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]),
                  values.isRegularFile == true else { continue }
            total += Int64(values.fileSize ?? 0)
        }
        return total
    }
}
