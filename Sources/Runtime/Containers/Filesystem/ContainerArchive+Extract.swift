import CArchive
import Errdefs
import Foundation

extension ContainerArchive {
    /// `PUT /containers/{name}/archive?path=` (`docker cp` into a container): extracts the uploaded tar into
    /// the directory `path` resolved inside `rootfs` (symlinks and `..` cannot lead out). The extraction
    /// refuses absolute names, `..`, device nodes and writing through symlinks (`LayerExtractor`), keeps no
    /// ownership or xattrs from the archive, and may leave what it wrote before a refusal, as dockerd does.
    /// The upload is spooled to `scratchDirectory` first. A missing `path` is notFound `Could not find the file
    /// <path> in container <container>` and a file is invalidParameter, both before the body is read. With
    /// `noOverwriteDirNonDir` (the docker CLI always sends it), an entry that would replace a directory with a
    /// non-directory or the reverse refuses the whole upload before anything is written.
    public static func extract<S: AsyncSequence>(
        _ body: S, rootfs: String, path: String, container: String = "", scratchDirectory: URL,
        noOverwriteDirNonDir: Bool = false
    ) async throws where S.Element: DataProtocol {
        let root = normalized(rootfs)
        let target = try await BlockingWork.run { () throws -> String in
            let resolved = try ScopedPath.resolve(path, in: root)
            var info = Glibc.stat()
            guard lstat(resolved, &info) == 0 else {
                throw DaemonError.notFound("Could not find the file \(path) in container \(container)")
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw DaemonError.invalidParameter("extraction point is not a directory")
            }
            return resolved
        }
        let upload = scratchDirectory.appendingPathComponent("copy-\(UInt64.random(in: 0...UInt64.max)).tar")
        defer { try? FileManager.default.removeItem(at: upload) }
        try await BlockingWork.offPool {
            _ = try await ByteSpool.spool(body, to: upload)
            _ = try await BlockingWork.run {
                if noOverwriteDirNonDir { try checkNoTypeChange(tarPath: upload.path, target: target) }
                return try LayerExtractor(root: target, mode: .archive).extract(tarPath: upload.path)
            }
        }
    }

    /// moby's `noOverwriteDirNonDir`: no entry may turn an existing directory into something else, or the reverse.
    private static func checkNoTypeChange(tarPath: String, target: String) throws {
        let reader = try ArchiveReader(path: tarPath, mode: .tar)
        while let entry = try reader.nextEntry() {
            guard let raw = archive_entry_pathname(entry),
                let relative = try LayerExtractor.sanitize(String(cString: raw))
            else { continue }
            var info = Glibc.stat()
            guard lstat(target + "/" + relative, &info) == 0 else { continue }
            let existingIsDirectory = info.st_mode & S_IFMT == S_IFDIR
            let entryIsDirectory = archive_entry_filetype(entry) == carchive_ifdir()
            if existingIsDirectory && !entryIsDirectory {
                throw DaemonError.invalidParameter("cannot overwrite directory \"/\(relative)\" with non-directory")
            }
            if !existingIsDirectory && entryIsDirectory {
                throw DaemonError.invalidParameter("cannot overwrite non-directory \"/\(relative)\" with directory")
            }
        }
    }
}
