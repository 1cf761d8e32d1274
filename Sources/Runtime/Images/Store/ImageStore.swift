import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The embedded image store: layers by diff ID, configs by image ID, tags → IDs, all on disk under one root,
/// crash-safe, and safe for concurrent requests (an actor; heavy work — spooling, decompressing, extracting,
/// streaming — runs outside it and only the short commit steps run inside).
///
/// Operations (each in its own `ImageStore+<Operation>.swift`): `importImage`, `list`, `inspect`, `history`,
/// `tag`, `delete`, `viz`, `save`, `load`, and `layerDirectories` for the container runtime.
public actor ImageStore {
    /// Settings that are not the store's business to guess.
    public struct Options: Sendable {
        /// `docker_version` written into configs the store creates (the daemon's version).
        public var dockerVersion: String
        /// `architecture` of imported images (Go's names: `amd64`, `arm64`, …); the host's by default.
        public var architecture: String

        /// Options; the architecture defaults to the host's.
        public init(dockerVersion: String = "", architecture: String = Options.hostArchitecture) {
            self.dockerVersion = dockerVersion
            self.architecture = architecture
        }

        /// The host CPU as Go's `runtime.GOARCH` names it.
        public static var hostArchitecture: String {
            var name = utsname()
            uname(&name)
            let machine = withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            switch machine {
            case "x86_64": return "amd64"
            case "aarch64", "arm64": return "arm64"
            case "i386", "i686": return "386"
            case "armv7l", "armv6l": return "arm"
            default: return machine
            }
        }
    }

    let layout: ImageStoreLayout
    let logger: Logger
    let events: EventBus
    let options: Options

    var layers: [Digest: LayerRecord] = [:]
    var images: [Digest: StoredImage] = [:]
    var references: ReferenceStore
    /// Layers an operation in flight relies on; never garbage-collected while pinned.
    var pins: [Digest: Int] = [:]
    var usageCheck: ImageUsageCheck?

    private nonisolated let executor = StoreExecutor(label: "daemon-tui.images.store")

    /// The store runs on a serial queue of its own, never on the cooperative pool (see `BlockingWork`).
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Opens (creating if needed) the store under `root`, loading and checking what is there: staging leftovers
    /// are removed; a corrupt layer, config or reference is skipped with a warning, never fatal.
    public init(root: URL, events: EventBus, logger: Logger, options: Options = Options()) throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // libarchive's symlink checks walk the whole target path, so the root must be free of symlinks.
        let resolved = URL(fileURLWithPath: root.path).resolvingSymlinksInPath()
        layout = ImageStoreLayout(root: resolved)
        try layout.create()
        self.logger = logger
        self.events = events
        self.options = options
        let recovered = StoreRecovery(layout: layout, logger: logger).run()
        layers = recovered.layers
        images = recovered.images
        references = recovered.references
    }

    /// `init`, run off the cooperative pool: start-up recovery may remove large leftovers of an interrupted
    /// import and reads every config.
    public static func make(root: URL, events: EventBus, logger: Logger, options: Options = Options()) async throws -> ImageStore {
        try await BlockingWork.run { try ImageStore(root: root, events: events, logger: logger, options: options) }
    }

    /// Installs the container store's answer to "which containers use this image?" (see `ImageUsageCheck`).
    public func setUsageCheck(_ check: @escaping ImageUsageCheck) {
        usageCheck = check
    }

    /// The number of images (for `/info`).
    public var imageCount: Int { images.count }

    /// The number of layers on disk (for `/info`'s driver status).
    public var layerCount: Int { layers.count }

    // MARK: - Commit steps (synchronous: nothing else runs in the actor meanwhile)

    /// Moves staged layers into place (or drops them when already present), then stores the config and
    /// metadata. Layers named by the config must be present or staged.
    func commit(config raw: Data, parsed: ImageConfig, staged: [StagedLayer], parent: Digest?) throws -> Digest {
        for layer in staged { try commitLayer(layer) }
        let id = Digest.of(raw)
        for diffID in parsed.diffIDs where layers[diffID] == nil {
            throw ImageStoreError.system("layer \(diffID) is missing; was it removed concurrently? retry")
        }
        if images[id] == nil {
            let metadata = ImageMetadata(parent: parent.flatMap { images[$0] != nil ? $0 : nil }, lastTagTime: nil)
            try writeMetadata(metadata, for: id)
            try AtomicFile.write(raw, to: layout.config(id), mode: 0o600)
            images[id] = StoredImage(id: id, raw: raw, config: parsed, metadata: metadata)
        } else if let parent, images[parent] != nil, images[id]?.metadata.parent == nil {
            var metadata = images[id]!.metadata
            metadata.parent = parent
            try writeMetadata(metadata, for: id)
            images[id]!.metadata = metadata
        }
        return id
    }

    private func commitLayer(_ layer: StagedLayer) throws {
        let diffID = layer.record.diffID
        guard layers[diffID] == nil else { return }
        let target = layout.layer(diffID)
        if FileManager.default.fileExists(atPath: target.path) {
            // An entry start-up rejected as corrupt: replace it.
            try moveToTrash(target)
        }
        guard rename(layer.directory.path, target.path) == 0 else {
            throw ImageStoreError.system(POSIXFailure(operation: "rename", path: target.path).description)
        }
        try AtomicFile.syncDirectory(layout.layers)
        layers[diffID] = layer.record
    }

    func writeMetadata(_ metadata: ImageMetadata, for id: Digest) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try AtomicFile.write(try encoder.encode(metadata), to: layout.metadata(id))
    }

    /// Points a reference at an image, recording the tag time; returns the image it pointed to before.
    @discardableResult
    func setReference(_ reference: ImageReference, to id: Digest) throws -> Digest? {
        let previous = references.target(of: reference)
        try references.set(reference, to: id)
        var metadata = images[id]!.metadata
        metadata.lastTagTime = GoTime.now().rfc3339Nano
        try writeMetadata(metadata, for: id)
        images[id]!.metadata = metadata
        return previous
    }

    func pin(_ diffIDs: [Digest]) {
        for diffID in diffIDs { pins[diffID, default: 0] += 1 }
    }

    func unpin(_ diffIDs: [Digest]) {
        for diffID in diffIDs {
            pins[diffID, default: 1] -= 1
            if pins[diffID] == 0 { pins[diffID] = nil }
        }
    }

    /// The layers among `diffIDs` the store already has, pinned until `unpin`.
    func pinPresent(_ diffIDs: [Digest]) -> Set<Digest> {
        let present = Set(diffIDs.filter { layers[$0] != nil })
        pin(Array(present))
        return present
    }

    /// Renames a directory into `tmp/` (instantly invisible) and removes it there; a crash before the removal
    /// finishes leaves it to the next start-up's cleaning of `tmp/`.
    func moveToTrash(_ url: URL) throws {
        let trash = layout.tmp.appendingPathComponent("trash-\(UInt64.random(in: 0...UInt64.max))")
        guard rename(url.path, trash.path) == 0 else {
            throw ImageStoreError.system(POSIXFailure(operation: "rename", path: url.path).description)
        }
        try? FileManager.default.removeItem(at: trash)
    }

    /// Publishes an image event the way dockerd does: Actor.ID is the image ID, `name` the given name, plus
    /// the image's labels while it still exists.
    func publish(_ action: String, id: Digest, name: String? = nil) {
        var attributes = images[id]?.config.config?.Labels ?? [:]
        attributes["name"] = name ?? id.description
        events.publish(DaemonEvent(type: "image", action: action, actorID: id.description, attributes: attributes))
    }
}
