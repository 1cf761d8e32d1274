import Foundation
import Logging

/// Start-up: empties `tmp/` (interrupted imports, loads and deletions), then loads every layer, config and
/// reference, checking each; whatever fails a check is skipped with a warning so the daemon always starts.
struct StoreRecovery {
    let layout: ImageStoreLayout
    let logger: Logger

    struct Result {
        var layers: [Digest: LayerRecord] = [:]
        var images: [Digest: StoredImage] = [:]
        var references: ReferenceStore
    }

    func run() -> Result {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: layout.tmp.path)) ?? [] {
            logger.info("removing leftover of an interrupted operation", metadata: ["path": "tmp/\(name)"])
            try? fm.removeItem(at: layout.tmp.appendingPathComponent(name))
        }
        for directory in [layout.root, layout.content, layout.metadata] {
            for name in AtomicFile.removeLeftovers(in: directory) {
                logger.info("removed leftover of an interrupted write", metadata: ["file": "\(name)"])
            }
        }
        var result = Result(references: ReferenceStore(file: layout.references, logger: logger))
        result.layers = loadLayers()
        result.images = loadImages(layers: result.layers)
        removeOrphanLayers(&result)
        result.references.prune(keeping: Set(result.images.keys), logger: logger)
        return result
    }

    private func loadLayers() -> [Digest: LayerRecord] {
        var layers: [Digest: LayerRecord] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: layout.layers.path)) ?? [] {
            guard let diffID = Digest(hex: name) else {
                logger.warning("skipping unexpected entry in the layer store", metadata: ["name": "\(name)"])
                continue
            }
            guard let data = FileManager.default.contents(atPath: layout.layerRecord(diffID).path),
                  let record = try? JSONDecoder().decode(LayerRecord.self, from: data), record.diffID == diffID else {
                logger.warning("skipping layer with a missing or corrupt record", metadata: ["layer": "\(diffID)"])
                continue
            }
            var st = stat()
            guard stat(layout.layerTar(diffID).path, &st) == 0, Int64(st.st_size) == record.tarSize else {
                logger.warning("skipping layer whose layer.tar is missing or truncated", metadata: ["layer": "\(diffID)"])
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: layout.layerRoot(diffID).path, isDirectory: &isDirectory),
                  isDirectory.boolValue else {
                logger.warning("skipping layer without its extracted root", metadata: ["layer": "\(diffID)"])
                continue
            }
            layers[diffID] = record
        }
        return layers
    }

    /// A crash between moving a layer into place and writing its image's config leaves a layer no image
    /// uses; nothing can reach it, so it goes.
    private func removeOrphanLayers(_ result: inout Result) {
        let used = Set(result.images.values.flatMap { $0.config.diffIDs })
        for diffID in result.layers.keys where !used.contains(diffID) {
            logger.info("removing layer no image uses", metadata: ["layer": "\(diffID)"])
            let trash = layout.tmp.appendingPathComponent("orphan-\(diffID.hex)")
            if rename(layout.layer(diffID).path, trash.path) == 0 {
                try? FileManager.default.removeItem(at: trash)
                result.layers[diffID] = nil
            }
        }
    }

    private func loadImages(layers: [Digest: LayerRecord]) -> [Digest: StoredImage] {
        var images: [Digest: StoredImage] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: layout.content.path)) ?? [] {
            guard let id = Digest(hex: name) else {
                logger.warning("skipping unexpected entry in the image store", metadata: ["name": "\(name)"])
                continue
            }
            guard let raw = FileManager.default.contents(atPath: layout.config(id).path), Digest.of(raw) == id else {
                logger.warning("skipping image whose config does not match its ID (truncated or altered)",
                               metadata: ["image": "\(id)"])
                continue
            }
            guard let config = try? ImageConfig.parse(raw) else {
                logger.warning("skipping image with an unparsable config", metadata: ["image": "\(id)"])
                continue
            }
            if let missing = config.diffIDs.first(where: { layers[$0] == nil }) {
                logger.warning("skipping image with a missing layer", metadata: ["image": "\(id)", "layer": "\(missing)"])
                continue
            }
            var metadata = ImageMetadata()
            if let data = FileManager.default.contents(atPath: layout.metadata(id).path) {
                if let decoded = try? JSONDecoder().decode(ImageMetadata.self, from: data) {
                    metadata = decoded
                } else {
                    logger.warning("ignoring corrupt image metadata", metadata: ["image": "\(id)"])
                }
            }
            images[id] = StoredImage(id: id, raw: raw, config: config, metadata: metadata)
        }
        for (id, image) in images where image.metadata.parent.map({ images[$0] == nil }) ?? false {
            images[id]!.metadata.parent = nil
        }
        return images
    }
}
