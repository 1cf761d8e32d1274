import Foundation
import Logging

/// The repository references (`busybox:latest`, `app@sha256:…`) and the image each points to, kept in
/// `repositories.json` in Docker's own layout: `{"Repositories":{"busybox":{"busybox:latest":"sha256:…"}}}`.
///
/// Not thread-safe by itself: the `ImageStore` actor owns it. Every change is written atomically before the
/// in-memory map changes, so a failed write leaves memory and disk agreeing.
struct ReferenceStore {
    private struct Record: Codable {
        var Repositories: [String: [String: String]]
    }

    let file: URL
    private(set) var targets: [ImageReference: Digest] = [:]

    /// Loads the file; a missing file is an empty store; an unreadable one is set aside with a warning.
    init(file: URL, logger: Logger) {
        self.file = file
        guard let data = FileManager.default.contents(atPath: file.path) else { return }
        guard let record = try? JSONDecoder().decode(Record.self, from: data) else {
            let aside = file.appendingPathExtension("corrupt-\(Int(Date().timeIntervalSince1970))")
            try? FileManager.default.moveItem(at: file, to: aside)
            logger.warning("image references file is unreadable; set aside, starting with no tags",
                           metadata: ["file": "\(file.path)", "moved-to": "\(aside.path)"])
            return
        }
        for (_, references) in record.Repositories {
            for (key, value) in references {
                guard let reference = try? ImageReference.parse(key), !reference.isNameOnly,
                      let id = Digest(value) else {
                    logger.warning("skipping invalid image reference", metadata: ["reference": "\(key)", "id": "\(value)"])
                    continue
                }
                targets[reference] = id
            }
        }
    }

    /// The image a tagged or digested reference points to.
    func target(of reference: ImageReference) -> Digest? { targets[reference] }

    /// Every reference to `id`, sorted as Docker sorts them (by their familiar string).
    func references(to id: Digest) -> [ImageReference] {
        targets.compactMap { $0.value == id ? $0.key : nil }.sorted { $0.familiarString < $1.familiarString }
    }

    /// Every reference in the repository `name` (`docker.io/library/busybox`).
    func references(inRepository name: String) -> [(ImageReference, Digest)] {
        targets.filter { $0.key.name == name }.map { ($0.key, $0.value) }.sorted { $0.0.familiarString < $1.0.familiarString }
    }

    /// Points `reference` at `id`, replacing what it pointed to before.
    mutating func set(_ reference: ImageReference, to id: Digest) throws {
        var next = targets
        next[reference] = id
        try persist(next)
        targets = next
    }

    /// Removes references; returns those that existed.
    @discardableResult
    mutating func remove(_ references: [ImageReference]) throws -> [ImageReference] {
        var next = targets
        let removed = references.filter { next.removeValue(forKey: $0) != nil }
        guard !removed.isEmpty else { return [] }
        try persist(next)
        targets = next
        return removed
    }

    /// Drops references to images that do not exist (after a crash or a corrupt config), persisting the result.
    mutating func prune(keeping ids: Set<Digest>, logger: Logger) {
        let dangling = targets.filter { !ids.contains($0.value) }.map(\.key)
        guard !dangling.isEmpty else { return }
        for reference in dangling {
            logger.warning("dropping reference to a missing image",
                           metadata: ["reference": "\(reference.familiarString)", "id": "\(targets[reference]!)"])
        }
        _ = try? remove(dangling)
    }

    private func persist(_ map: [ImageReference: Digest]) throws {
        var repositories: [String: [String: String]] = [:]
        for (reference, id) in map {
            repositories[reference.familiarName, default: [:]][reference.familiarString] = id.description
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(Record(Repositories: repositories)), to: file)
    }
}
