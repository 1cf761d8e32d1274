import Errdefs
import Foundation
import Testing
import TestSupport
@testable import Runtime

@Suite("Container filesystem: changes, export, copy, commit")
struct ContainerFilesystemTests {
    /// Writes `files` (relative path → contents) under `root`, creating directories.
    private static func write(_ files: [String: String], under root: String) throws {
        for (path, contents) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// `cp -a`: a copy keeping modes and times, as the runtime's copy fallback makes one.
    private static func copyTree(_ source: String, to target: String) throws {
        let result = try Command.run("/bin/cp", ["-a", source, target])
        guard result.status == 0 else { throw ImageTestKit.ToolFailed(message: result.stderr) }
    }

    private static func collect(_ stream: AsyncThrowingStream<[UInt8], any Error>) async throws -> (bytes: [UInt8], chunks: Int) {
        var bytes: [UInt8] = []
        var chunks = 0
        for try await chunk in stream {
            bytes += chunk
            chunks += 1
        }
        return (bytes, chunks)
    }

    private static func describe(_ changes: [FilesystemChange]) -> [String] {
        changes.map { "\(["C", "A", "D"][$0.kind.rawValue]) \($0.path)" }
    }

    private static var isRoot: Bool { geteuid() == 0 }

    @Test("overlay upper dir: new paths are A, paths of a lower layer C, untouched parents left out")
    func overlayChanges() throws {
        let directory = try TemporaryDirectory(prefix: "ctrfs")
        defer { directory.remove() }
        let lower = directory.file("lower"), upper = directory.file("upper")
        try Self.write(["etc/hostname": "old", "etc/passwd": "root", "bin/sh": "#!", "var/lib/x": "x"], under: lower)
        try Self.write(["etc/hostname": "new name", "tmp/new": "hello"], under: upper)
        // A directory whose time differs from the lower one's is a change (times are coarse: set one apart).
        #expect(try Command.run("/bin/touch", ["-d", "2001-01-01", upper + "/etc"]).status == 0)
        // An unchanged directory copied up as overlayfs does (same mode, size and time) is not a change.
        try Self.copyTree(lower + "/var", to: upper + "/var")
        try FileManager.default.removeItem(atPath: upper + "/var/lib/x")

        let changes = try ContainerChanges.changes(upperDirectory: upper, isOverlay: true, lowerLayers: [lower])
        #expect(Self.describe(changes) == ["C /etc", "C /etc/hostname", "A /tmp", "A /tmp/new", "C /var/lib"])
    }

    @Test("overlay whiteouts (0/0 character devices) and opaque directories are deletions (root only)")
    func overlayDeletions() throws {
        guard Self.isRoot else {
            print("skipping: making overlay whiteouts (mknod, trusted.* xattrs) needs root")
            return
        }
        let directory = try TemporaryDirectory(prefix: "ctrfs")
        defer { directory.remove() }
        let lower = directory.file("lower"), upper = directory.file("upper")
        try Self.write(["etc/passwd": "root", "data/old": "x"], under: lower)
        try FileManager.default.createDirectory(atPath: upper + "/etc", withIntermediateDirectories: true)
        #expect(mknod(upper + "/etc/passwd", S_IFCHR | 0o600, 0) == 0)
        try Self.write(["data/fresh": "y"], under: upper)
        let marked = try Command.run("python3", ["-c", "import os, sys; os.setxattr(sys.argv[1], 'trusted.overlay.opaque', b'y')", upper + "/data"])
        #expect(marked.status == 0, "\(marked.stderr)")

        let changes = try ContainerChanges.changes(upperDirectory: upper, isOverlay: true, lowerLayers: [lower])
        #expect(Self.describe(changes) == ["D /data", "A /data/fresh", "C /etc", "D /etc/passwd"])
    }

    @Test("copy fallback: the whole tree is compared with the stacked layers (whiteouts honoured): A, C and D")
    func copiedTreeChanges() throws {
        let directory = try TemporaryDirectory(prefix: "ctrfs")
        defer { directory.remove() }
        let base = directory.file("layer1"), top = directory.file("layer2"), tree = directory.file("tree")
        try Self.write(["etc/hostname": "old", "etc/passwd": "root", "etc/group": "g", "bin/sh": "#!"], under: base)
        try Self.write(["etc/.wh.group": "", "etc/motd": "hi"], under: top)
        try Self.write([:], under: tree)
        // The runtime's copy: both layers applied (group deleted by the whiteout).
        for layer in [base, top] { _ = try Command.run("/bin/cp", ["-a", layer + "/.", tree]) }
        try FileManager.default.removeItem(atPath: tree + "/etc/.wh.group")
        try FileManager.default.removeItem(atPath: tree + "/etc/group")
        #expect(try ContainerChanges.changes(upperDirectory: tree, isOverlay: false, lowerLayers: [base, top]).isEmpty,
                "a faithful copy has no changes")

        try Data("a longer name".utf8).write(to: URL(fileURLWithPath: tree + "/etc/hostname"))
        try FileManager.default.removeItem(atPath: tree + "/etc/passwd")
        try Self.write(["root/notes": "n"], under: tree)
        let changes = try ContainerChanges.changes(upperDirectory: tree, isOverlay: false, lowerLayers: [base, top])
        #expect(Self.describe(changes) == ["C /etc", "C /etc/hostname", "D /etc/passwd", "A /root", "A /root/notes"])
    }

    @Test("copy fallback with whiteouts an extraction without root only recorded: they hide the lower paths too")
    func recordedWhiteouts() throws {
        let directory = try TemporaryDirectory(prefix: "ctrfs")
        defer { directory.remove() }
        let base = directory.file("layer1"), top = directory.file("layer2"), tree = directory.file("tree")
        try Self.write(["etc/passwd": "root", "etc/group": "g", "data/old": "x"], under: base)
        try Self.write(["data/new": "y"], under: top)
        try Self.write([:], under: tree)
        for layer in [base, top] { _ = try Command.run("/bin/cp", ["-a", layer + "/.", tree]) }
        try FileManager.default.removeItem(atPath: tree + "/etc/group")
        try FileManager.default.removeItem(atPath: tree + "/data/old")
        let records = [
            ExtractionResult(size: 0, entries: 3, whiteouts: [], opaqueDirectories: [], overlayWhiteouts: false),
            ExtractionResult(size: 0, entries: 3, whiteouts: ["etc/group"], opaqueDirectories: ["data"], overlayWhiteouts: false),
        ]
        let changes = try ContainerChanges.changes(upperDirectory: tree, isOverlay: false, lowerLayers: [base, top], lowerExtractions: records)
        #expect(changes.isEmpty, "\(Self.describe(changes))")
        let unaware = try ContainerChanges.changes(upperDirectory: tree, isOverlay: false, lowerLayers: [base, top])
        #expect(Self.describe(unaware) == ["C /data", "D /data/old", "C /etc", "D /etc/group"], "without the records they look deleted")
    }

    @Test("export streams a tar of the whole tree in several chunks: files, directories, symlinks, hard links, contents")
    func export() async throws {
        let directory = try TemporaryDirectory(prefix: "ctrfs")
        defer { directory.remove() }
        let rootfs = directory.file("rootfs")
        let big = String(repeating: "0123456789abcdef", count: 20_000)
        try Self.write(["etc/hostname": "box\n", "big": big, "bin/busybox": "bb"], under: rootfs)
        #expect(symlink("busybox", rootfs + "/bin/sh") == 0)
        #expect(link(rootfs + "/bin/busybox", rootfs + "/bin/ls") == 0)
        #expect(chmod(rootfs + "/bin/busybox", 0o755) == 0)

        let (bytes, chunks) = try await Self.collect(ContainerArchive.export(rootfs: rootfs))
        #expect(chunks > 2, "a 320 kB tree comes in chunks, not in one piece")
        let tar = directory.file("export.tar")
        try Data(bytes).write(to: URL(fileURLWithPath: tar))
        #expect(try ImageTestKit.members(of: tar) == ["big", "bin/", "bin/busybox", "bin/ls", "bin/sh", "etc/", "etc/hostname"])
        let out = directory.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        #expect(try await Command.run("/bin/tar", ["-xf", tar, "-C", out]).status == 0)
        #expect(try String(contentsOfFile: out + "/big", encoding: .utf8) == big)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/bin/sh") == "busybox")
        var a = stat(), b = stat()
        #expect(lstat(out + "/bin/busybox", &a) == 0 && lstat(out + "/bin/ls", &b) == 0)
        #expect(a.st_ino == b.st_ino, "hard links stay hard links")
        #expect(a.st_mode & 0o777 == 0o755)
    }

    @Test("copy resolves the path inside the root: a symlink pointing out lands inside; directories bring their subtree")
    func copy() async throws {
        let directory = try TemporaryDirectory(prefix: "ctrfs")
        defer { directory.remove() }
        let rootfs = directory.file("rootfs")
        try Self.write(["etc/hostname": "inside\n", "etc/hosts": "127.0.0.1 localhost\n"], under: rootfs)
        #expect(symlink("../../../../../../../../etc", rootfs + "/escape") == 0)

        let file = try await Self.collect(try await ContainerArchive.copy(rootfs: rootfs, path: "/escape/hostname", container: "web"))
        let fileTar = directory.file("file.tar")
        try Data(file.bytes).write(to: URL(fileURLWithPath: fileTar))
        #expect(try ImageTestKit.members(of: fileTar) == ["hostname"])
        #expect(try await Command.run("/bin/tar", ["-xOf", fileTar, "hostname"]).stdout == "inside\n")

        let tree = try await Self.collect(try await ContainerArchive.copy(rootfs: rootfs, path: "etc/../etc", container: "web"))
        let treeTar = directory.file("tree.tar")
        try Data(tree.bytes).write(to: URL(fileURLWithPath: treeTar))
        #expect(try ImageTestKit.members(of: treeTar) == ["etc/", "etc/hostname", "etc/hosts"])

        do {
            _ = try await ContainerArchive.copy(rootfs: rootfs, path: "/nothing/here", container: "web")
            Issue.record("a missing path must fail before streaming")
        } catch let error as DaemonError {
            #expect(error.kind == .notFound)
            #expect(error.message == "Could not find the file /nothing/here in container web")
        }
    }

    @Test("archive and path info keep the last symlink (its target resolved inside the root), follow the others")
    func pathInfo() async throws {
        let directory = try TemporaryDirectory(prefix: "ctrfs")
        defer { directory.remove() }
        let rootfs = directory.file("rootfs")
        try Self.write(["bin/busybox": "bb", "etc/hostname": "box\n"], under: rootfs)
        #expect(symlink("busybox", rootfs + "/bin/sh") == 0)
        #expect(symlink("/../../etc", rootfs + "/config") == 0)

        let link = try await ContainerArchive.pathInfo(rootfs: rootfs, path: "/bin/sh", container: "web")
        #expect(link.name == "sh" && link.mode & UInt32(S_IFMT) == UInt32(S_IFLNK) && link.linkTarget == "/bin/busybox")
        let throughLink = try await ContainerArchive.pathInfo(rootfs: rootfs, path: "/config/hostname", container: "web")
        #expect(throughLink.name == "hostname" && throughLink.size == 4 && throughLink.linkTarget.isEmpty)
        let root = try await ContainerArchive.pathInfo(rootfs: rootfs, path: "/", container: "web")
        #expect(root.name == "/" && root.mode & UInt32(S_IFMT) == UInt32(S_IFDIR))

        let (info, tar) = try await ContainerArchive.archive(rootfs: rootfs, path: "/bin/sh", container: "web")
        #expect(info.linkTarget == "/bin/busybox")
        let file = directory.file("sh.tar")
        try Data(try await Self.collect(tar).bytes).write(to: URL(fileURLWithPath: file))
        let listing = try await Command.run("/bin/tar", ["-tvf", file])
        #expect(listing.stdout.contains("sh -> busybox"))
        await #expect(throws: DaemonError.self) {
            _ = try await ContainerArchive.pathInfo(rootfs: rootfs, path: "/bin/nothing", container: "web")
        }
    }

    @Test("extract writes an upload into a directory resolved inside the root; hostile entries and bad targets are refused")
    func extract() async throws {
        let directory = try TemporaryDirectory(prefix: "ctrfs")
        defer { directory.remove() }
        let rootfs = directory.file("rootfs"), source = directory.file("source"), outside = directory.file("outside")
        try Self.write(["etc/hostname": "box\n"], under: rootfs)
        try Self.write(["notes/a.txt": "a", "b.txt": "b"], under: source)
        try Self.write([:], under: outside)
        try Self.write([:], under: rootfs + "/outside")
        // `rootfs/../outside` is the host's `outside`; resolved inside the root it is `rootfs/outside`.
        #expect(symlink("../outside", rootfs + "/escape") == 0)
        let tar = directory.file("upload.tar")
        try ImageTestKit.tar(URL(fileURLWithPath: source), to: tar)
        let scratch = URL(fileURLWithPath: directory.file("scratch"))
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)

        try await ContainerArchive.extract(
            ImageTestKit.body(URL(fileURLWithPath: tar)), rootfs: rootfs, path: "/escape", container: "web", scratchDirectory: scratch)
        #expect(ImageTestKit.tree(URL(fileURLWithPath: outside)).isEmpty, "the symlink resolved inside the root")
        #expect(try String(contentsOfFile: rootfs + "/outside/notes/a.txt", encoding: .utf8) == "a")
        #expect(try String(contentsOfFile: rootfs + "/outside/b.txt", encoding: .utf8) == "b")
        #expect(ImageTestKit.tree(scratch).isEmpty, "the spooled upload is removed")

        let clash = directory.file("clash.tar")
        try ImageTestKit.craftTar(at: clash, #"add("hostname/", kind="dir")"#)
        do {
            try await ContainerArchive.extract(
                ImageTestKit.body(URL(fileURLWithPath: clash)), rootfs: rootfs, path: "/etc", scratchDirectory: scratch,
                noOverwriteDirNonDir: true)
            Issue.record("a directory must not replace a file with noOverwriteDirNonDir")
        } catch let error as DaemonError {
            #expect(error.kind == .invalidParameter && error.message.contains("cannot overwrite non-directory"))
        }
        #expect(try String(contentsOfFile: rootfs + "/etc/hostname", encoding: .utf8) == "box\n")

        let hostile = directory.file("hostile.tar")
        try ImageTestKit.craftTar(at: hostile, #"add("../../../outside/evil", data=b"x")"#)
        await #expect(throws: DaemonError.self) {
            try await ContainerArchive.extract(
                ImageTestKit.body(URL(fileURLWithPath: hostile)), rootfs: rootfs, path: "/etc", scratchDirectory: scratch)
        }
        #expect(ImageTestKit.tree(URL(fileURLWithPath: outside)).isEmpty)
        do {
            try await ContainerArchive.extract(
                ImageTestKit.body(URL(fileURLWithPath: tar)), rootfs: rootfs, path: "/etc/hostname", scratchDirectory: scratch)
            Issue.record("extracting onto a file must fail")
        } catch let error as DaemonError {
            #expect(error.kind == .invalidParameter)
        }
        do {
            try await ContainerArchive.extract(
                ImageTestKit.body(URL(fileURLWithPath: tar)), rootfs: rootfs, path: "/nowhere", container: "web", scratchDirectory: scratch)
            Issue.record("extracting into a missing directory must fail")
        } catch let error as DaemonError {
            #expect(error.kind == .notFound && error.message == "Could not find the file /nowhere in container web")
        }
    }

    @Test("commit: a new image on top of the parent, its layer made of the changes (whiteouts included), config with changes")
    func commit() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let parent = try await fixture.importFiles(store, ["etc/hostname": "a", "etc/passwd": "root"], repository: "base")
        let layers = try await store.layerDirectories(of: parent)
        let tree = fixture.directory.file("tree")
        try Self.copyTree(layers[0].path, to: tree)
        try FileManager.default.removeItem(atPath: tree + "/etc/passwd")
        try Self.write(["root/notes": "n"], under: tree)

        var config = ImageRunConfig()
        config.Cmd = ["sh", "-c", "echo hi"]
        config.Env = ["PATH=/bin"]
        let id = try await store.commit(CommitOptions(
            containerID: String(repeating: "c", count: 64), image: "base", config: config,
            changes: [#"CMD ["sh"]"#, "ENV A=b"], comment: "snapshot", author: "me", repository: "app", tag: "v1",
            upperDirectory: tree, isOverlay: false))

        let inspect = try await store.inspect("app:v1")
        #expect(inspect.id == id)
        #expect(inspect.parent == parent)
        #expect(inspect.comment == "snapshot" && inspect.author == "me")
        #expect(inspect.container == String(repeating: "c", count: 64))
        #expect(inspect.config?.Cmd == ["sh"])
        #expect(inspect.config?.Env == ["PATH=/bin", "A=b"])
        #expect(inspect.containerConfig?.Cmd == ["sh", "-c", "echo hi"])
        #expect(inspect.rootFS.layers.count == 2)
        let history = try await store.history("app:v1")
        #expect(history.first?.comment == "snapshot" && history.first?.createdBy == "sh -c echo hi")

        let newLayer = try await store.layerDirectories(of: id)[1].path
        #expect(FileManager.default.fileExists(atPath: newLayer + "/root/notes"))
        #expect(!FileManager.default.fileExists(atPath: newLayer + "/etc/hostname"), "unchanged files stay in the parent's layer")
        let extraction = try await store.layerExtractions(of: id)[1]
        #expect(extraction.whiteouts == ["etc/passwd"])
    }

    @Test("commit from an overlay upper dir: whiteout devices become .wh. files, opaque directories get .wh..wh..opq (root only)")
    func overlayCommit() async throws {
        guard Self.isRoot else {
            print("skipping: making overlay whiteouts (mknod, trusted.* xattrs) needs root")
            return
        }
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let parent = try await fixture.importFiles(store, ["etc/passwd": "root", "data/old": "x"])
        let upper = fixture.directory.file("upper")
        try Self.write(["data/new": "y"], under: upper)
        try FileManager.default.createDirectory(atPath: upper + "/etc", withIntermediateDirectories: true)
        #expect(mknod(upper + "/etc/passwd", S_IFCHR | 0o600, 0) == 0)
        let marked = try await Command.run("python3", ["-c", "import os, sys; os.setxattr(sys.argv[1], 'trusted.overlay.opaque', b'y')", upper + "/data"])
        #expect(marked.status == 0, "\(marked.stderr)")

        let id = try await store.commit(CommitOptions(
            containerID: String(repeating: "c", count: 64), image: parent, config: ImageRunConfig(), upperDirectory: upper, isOverlay: true))
        let extraction = try #require(try await store.layerExtractions(of: id).last)
        #expect(extraction.whiteouts == ["etc/passwd"])
        #expect(extraction.opaqueDirectories == ["data"])
        let layer = try #require(try await store.layerDirectories(of: id).last).path
        #expect(try String(contentsOfFile: layer + "/data/new", encoding: .utf8) == "y")
    }

    @Test("commit of a container that changed nothing adds no layer; an unknown parent is notFound")
    func emptyCommit() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let parent = try await fixture.importFiles(store, ["etc/hostname": "a"])
        let upper = fixture.directory.file("upper")
        try Self.write([:], under: upper)
        let id = try await store.commit(CommitOptions(
            containerID: String(repeating: "d", count: 64), image: parent, config: ImageRunConfig(),
            upperDirectory: upper, isOverlay: true))
        let inspect = try await store.inspect(id)
        #expect(inspect.rootFS.layers == (try await store.inspect(parent)).rootFS.layers)
        #expect(inspect.parent == parent && id != parent)
        await #expect(throws: DaemonError.self) {
            _ = try await store.commit(CommitOptions(
                containerID: "x", image: "nothing", config: ImageRunConfig(), upperDirectory: upper, isOverlay: true))
        }
    }
}
