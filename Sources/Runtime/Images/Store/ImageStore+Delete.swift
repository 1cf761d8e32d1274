import Errdefs
import Foundation

extension ImageStore {
    /// `DELETE /images/{name}?force=&noprune=`, with dockerd's rules:
    ///
    /// - By reference: the reference is removed (`Untagged`); the image goes too once nothing else refers to
    ///   it — unless a container uses it and it is the last reference (409 unless `force`).
    /// - By ID: refused with 409 when several repositories refer to it (unless `force`), when it has child
    ///   images, or when a running container uses it (never forceable); a stopped container is a conflict
    ///   unless `force`. Otherwise every reference is removed and the image deleted.
    /// - Unless `noPrune`, untagged parents with no other children are deleted after it.
    ///
    /// Publishes `untag` and `delete` events; layers no image uses any more are removed from disk.
    public func delete(_ nameOrID: String, force: Bool = false, noPrune: Bool = false) throws -> [ImageDeleteItem] {
        let id = try resolveID(nameOrID)
        var records: [ImageDeleteItem] = []
        var refs = references.references(to: id)
        if !Self.isIDPrefix(id, nameOrID) {
            let reference = try ImageReference.parse(nameOrID).withDefaultTag()
            if !force, Self.isSingleReference(refs), let user = users(of: id).first {
                throw DaemonError.conflict(
                    "conflict: unable to remove repository reference \"\(nameOrID)\" (must force) - container \(String(user.containerID.prefix(12))) is using its referenced image \(id.shortID)")
            }
            try untag([reference], of: id, into: &records)
            refs = references.references(to: id)
            if reference.digest == nil, !refs.contains(where: { $0.digest == nil && $0.name == reference.name }) {
                let digests = refs.filter { $0.digest != nil && $0.name == reference.name }
                try untag(digests, of: id, into: &records)
                refs = references.references(to: id)
            }
            if !refs.isEmpty { return records }
            try deleteImage(id, into: &records, force: force, prune: !noPrune, quiet: true)
        } else {
            if Self.isSingleReference(refs) {
                if let conflict = conflict(for: id, hard: true, activeReference: false, stopped: !force) { throw conflict.error }
                try untag(refs, of: id, into: &records)
            }
            try deleteImage(id, into: &records, force: force, prune: !noPrune, quiet: false)
        }
        return records
    }

    private func untag(_ refs: [ImageReference], of id: Digest, into records: inout [ImageDeleteItem]) throws {
        for reference in refs {
            try references.remove([reference])
            publish("untag", id: id)
            records.append(.untagged(reference.familiarString))
        }
    }

    private func deleteImage(_ id: Digest, into records: inout [ImageDeleteItem], force: Bool, prune: Bool, quiet: Bool) throws {
        if let conflict = conflict(for: id, hard: true, activeReference: !force, stopped: !force) {
            let dangling = references.references(to: id).isEmpty && !hasChildren(id)
            if quiet && (!dangling || conflict.used) { return }
            throw conflict.error
        }
        let parent = images[id]?.metadata.parent
        try untag(references.references(to: id), of: id, into: &records)
        let removedChains = try removeImage(id)
        publish("delete", id: id)
        records.append(.deleted(id.description))
        records += removedChains.map { .deleted($0.description) }
        if prune, let parent, images[parent] != nil {
            try deleteImage(parent, into: &records, force: false, prune: true, quiet: true)
        }
    }

    /// Forgets the image, deletes its config, and deletes the layers nothing uses any more. Returns the chain
    /// IDs no remaining image has, top first (what dockerd reports as deleted layers).
    private func removeImage(_ id: Digest) throws -> [Digest] {
        guard let image = images.removeValue(forKey: id) else { return [] }
        for (childID, child) in images where child.metadata.parent == id {
            images[childID]!.metadata.parent = nil
        }
        unlink(layout.config(id).path)
        unlink(layout.metadata(id).path)
        try? AtomicFile.syncDirectory(layout.content)
        let remainingChains = Set(images.values.flatMap { Self.chainIDs($0.config.diffIDs) })
        let removedChains = Self.chainIDs(image.config.diffIDs).filter { !remainingChains.contains($0) }.reversed()
        let used = Set(images.values.flatMap { $0.config.diffIDs })
        for diffID in Set(image.config.diffIDs) where !used.contains(diffID) && pins[diffID] == nil {
            layers[diffID] = nil
            try moveToTrash(layout.layer(diffID))
        }
        return Array(removedChains)
    }

    private struct Conflict {
        var error: DaemonError
        var used: Bool
    }

    private func conflict(for id: Digest, hard: Bool, activeReference: Bool, stopped: Bool) -> Conflict? {
        func make(_ hard: Bool, _ used: Bool, _ message: String) -> Conflict {
            Conflict(error: .conflict("conflict: unable to delete \(id.shortID) (\(hard ? "cannot be forced" : "must be forced")) - \(message)"), used: used)
        }
        let containerUsers = users(of: id)
        if hard, hasChildren(id) { return make(true, false, "image has dependent child images") }
        if hard, let running = containerUsers.first(where: \.running) {
            return make(true, true, "image is being used by running container \(running.containerID.prefix(12))")
        }
        if activeReference, !references.references(to: id).isEmpty {
            return make(false, false, "image is referenced in multiple repositories")
        }
        if stopped, let user = containerUsers.first(where: { !$0.running }) {
            return make(false, true, "image is being used by stopped container \(user.containerID.prefix(12))")
        }
        return nil
    }

    private func hasChildren(_ id: Digest) -> Bool { images.values.contains { $0.metadata.parent == id } }

    private func users(of id: Digest) -> [ImageUser] { usageCheck?(id.description) ?? [] }

    /// True when all references are in one repository with at most one tag (dockerd's `isSingleReference`).
    static func isSingleReference(_ refs: [ImageReference]) -> Bool {
        guard refs.count > 1 else { return refs.count == 1 }
        let tagged = refs.filter { $0.digest == nil }
        guard tagged.count <= 1 else { return false }
        let single = tagged.first ?? refs[0]
        let digestRepositories = Set(refs.filter { $0.digest != nil }.map(\.name))
        return digestRepositories.count == 1 && digestRepositories.contains(single.name)
    }

    /// True when `term` names the image by ID or ID prefix rather than by reference.
    static func isIDPrefix(_ id: Digest, _ term: String) -> Bool {
        id.description.hasPrefix(term) || id.hex.hasPrefix(term)
    }

    static func chainIDs(_ diffIDs: [Digest]) -> [Digest] {
        (0..<diffIDs.count).compactMap { Digest.chainID(of: Array(diffIDs[...$0])) }
    }
}
